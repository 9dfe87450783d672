import type { RealmDefinition, RequiredActionSettings } from '../../../src/engine/model';
import type { PluginDefinition } from '../../../src/engine/plugin-registry';
import { sortRequiredActions } from '../../../src/engine/required-actions';
import {
  challenge,
  defineRequiredAction,
  EMPTY_CONFIG_SCHEMA,
  success,
  type RequiredActionContext,
  type RequiredActionOutcome,
  type RequiredActionTriggerContext,
} from '../../../src/spi';
import { buildRealm, flow, required } from '../../../src/testing/flow-builder';
import { FlowHarness, type HarnessLogin } from '../../../src/testing/flow-harness';
import { identify, viewOf } from '../executor/fake-plugins';

export const ANN = 'ann@example.com';

/** How often each handler of a fake action was called. */
export interface ActionCalls {
  evaluateTriggers: number;
  challenge: number;
  process: number;
}

type Handler = (ctx: RequiredActionContext<Record<string, unknown>>) => RequiredActionOutcome | Promise<RequiredActionOutcome> | unknown;

/**
 * A fake required action. By default it shows view `<id>` with one field `value`, and its answer
 * decides: `done` succeeds, `no` cancels, `skip` ignores, `fail` fails with `action_failed`,
 * anything else shows the page again.
 */
export function fakeAction(
  id: string,
  behaviour: {
    challenge?: Handler;
    process?: Handler;
    evaluateTriggers?: (ctx: RequiredActionTriggerContext<Record<string, unknown>>) => void | Promise<void>;
    eventType?: string;
  } = {},
): PluginDefinition & { calls: ActionCalls } {
  const calls: ActionCalls = { evaluateTriggers: 0, challenge: 0, process: 0 };
  const triggers = behaviour.evaluateTriggers;
  const definition = defineRequiredAction({
    id,
    displayName: `Fake ${id}`,
    helpText: 'A fake required action for engine tests.',
    configSchema: EMPTY_CONFIG_SCHEMA,
    challenge(ctx) {
      calls.challenge++;
      return (behaviour.challenge ? behaviour.challenge(ctx) : challenge(viewOf(id))) as RequiredActionOutcome;
    },
    process(ctx) {
      calls.process++;
      return (behaviour.process ? behaviour.process(ctx) : answer(id, ctx.form.value)) as RequiredActionOutcome;
    },
    ...(triggers && {
      evaluateTriggers(ctx: RequiredActionTriggerContext<Record<string, unknown>>) {
        calls.evaluateTriggers++;
        return triggers(ctx);
      },
    }),
  });
  return { ...definition, ...(behaviour.eventType !== undefined && { eventType: behaviour.eventType }), calls };
}

function answer(id: string, value: string | undefined): RequiredActionOutcome {
  switch (value) {
    case 'done':
      return success();
    case 'no':
      return { type: 'cancel' };
    case 'skip':
      return { type: 'ignore' };
    case 'fail':
      return { type: 'failure', error: 'action_failed', message: 'error.actionFailed' };
    default:
      return challenge(viewOf(id));
  }
}

/** A realm's settings for action `id`: enabled, priority 100, unless overridden. */
export function setting(id: string, overrides: Partial<Omit<RequiredActionSettings, 'id'>> = {}): RequiredActionSettings {
  return { id, enabled: true, defaultAction: false, priority: 100, config: undefined, ...overrides };
}

/** A realm whose browser flow identifies by email (fake `identify`), with these required actions. */
export function realmWith(actions: readonly RequiredActionSettings[], extra: Partial<RealmDefinition> = {}): RealmDefinition {
  return { ...buildRealm({ flows: [flow('browser', [required('identify')])] }), requiredActions: sortRequiredActions(actions), ...extra };
}

/** A harness on `realmWith(actions)` with `identify` and the given actions (and any other plugins). */
export function harnessWith(actions: readonly RequiredActionSettings[], plugins: readonly PluginDefinition[], extra: Partial<RealmDefinition> = {}): FlowHarness {
  return new FlowHarness({ realms: realmWith(actions, extra), plugins: [identify(), ...plugins] });
}

/** Starts a sign-in and identifies as `email`; returns the login after the flow's last step. */
export async function signIn(harness: FlowHarness, email = ANN, start: Parameters<FlowHarness['start']>[0] = {}): Promise<HarnessLogin> {
  const login = await harness.start(start);
  await login.submit({ email });
  return login;
}
