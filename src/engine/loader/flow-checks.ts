import type { PluginRegistry, RegisteredPlugin } from '../plugin-registry';
import type { Requirement } from '../../spi/context';
import type { Diagnostics } from '../../json/diagnostics';
import { executionKey, type ExecutionDocument, type FlowDocument } from './flow-document';
import { joinPointer } from '../../json/json-pointer';
import type { JsonSource } from '../../json/json-source';
import { didYouMean } from './suggest';

const HOW_TO_REGISTER =
  'built-in plugins are listed in src/plugins/builtins.ts; an external one is added to the `plugins` list of the server config';

/** Requirements every condition accepts (Keycloak offers conditions only these two). */
const CONDITION_REQUIREMENTS: readonly Requirement[] = ['REQUIRED', 'DISABLED'];

/**
 * The semantic checks of one flow file, on the flow as written (a referenced flow is checked in
 * its own file, once): plugins exist, configs and requirements suit them, conditions sit in
 * CONDITIONAL sub-flows that have one, levels do not mix REQUIRED with ALTERNATIVE, no level is
 * empty and no two siblings share an execution key.
 */
export function checkFlow(source: JsonSource & { value: FlowDocument }, registry: PluginRegistry, diags: Diagnostics): void {
  new FlowChecker(source, registry, diags).level(source.value, '', undefined);
}

class FlowChecker {
  constructor(
    private readonly source: JsonSource,
    private readonly registry: PluginRegistry,
    private readonly diags: Diagnostics,
  ) {}

  /** Checks one flow or sub-flow; `parent` is the requirement of the execution that runs it. */
  level(flow: FlowDocument, pointer: string, parent: Requirement | undefined): void {
    const keys = new Map<string, string>();
    flow.executions.forEach((execution, i) => {
      const at = joinPointer(pointer, 'executions', i);
      const key = executionKey(execution);
      const first = keys.get(key);
      if (first !== undefined) {
        this.error('FG_DUPLICATE_EXECUTION_ID', `'${key}' is also the key of the execution at ${first}; give one of them an "alias"`, at);
      } else {
        keys.set(key, at);
      }
      this.execution(execution, at, parent === 'CONDITIONAL');
      if (execution.askFirst === true) this.askFirst(flow.executions, i, at);
    });
    this.shape(flow, pointer);
  }

  private execution(execution: ExecutionDocument, at: string, inConditional: boolean): void {
    if (execution.authenticator !== undefined) {
      this.authenticator(execution.authenticator, execution, at);
    } else if (execution.condition !== undefined) {
      this.condition(execution.condition, execution, at, inConditional);
    } else if (typeof execution.flow === 'string') {
      if (execution.requirement === 'CONDITIONAL') {
        this.error(
          'FG_CONDITIONAL_WITHOUT_CONDITION',
          `a CONDITIONAL sub-flow needs its conditions inline: use an inline sub-flow holding the condition and { "requirement": "REQUIRED", "flow": "${execution.flow}" }`,
          joinPointer(at, 'flow'),
        );
      }
    } else if (execution.flow) {
      if (execution.requirement === 'CONDITIONAL' && !execution.flow.executions.some((e) => e.condition !== undefined && e.requirement !== 'DISABLED')) {
        this.error('FG_CONDITIONAL_WITHOUT_CONDITION', `sub-flow '${execution.flow.alias}' has no enabled condition`, joinPointer(at, 'flow'));
      }
      this.level(execution.flow, joinPointer(at, 'flow'), execution.requirement);
    }
  }

  /**
   * `askFirst` needs a page to ask on and alternatives to offer: the sub-flow is REQUIRED, the
   * enabled execution before it is a REQUIRED authenticator (whose page asks), and an inline
   * sub-flow has at least two enabled ALTERNATIVE executions.
   */
  private askFirst(siblings: readonly ExecutionDocument[], index: number, at: string): void {
    const execution = siblings[index]!;
    const before = siblings.slice(0, index).filter((e) => e.requirement !== 'DISABLED' && e.condition === undefined).at(-1);
    const inline = typeof execution.flow === 'object' ? execution.flow : undefined;
    const alternatives = inline?.executions.filter((e) => e.requirement === 'ALTERNATIVE').length ?? 2;
    let problem: string | undefined;
    if (execution.requirement !== 'REQUIRED') problem = `an askFirst sub-flow must be REQUIRED, not ${execution.requirement}`;
    else if (before?.authenticator === undefined || before.requirement !== 'REQUIRED') problem = 'an askFirst sub-flow must follow a REQUIRED authenticator at its level: that step\'s page asks';
    else if (alternatives < 2) problem = `sub-flow '${inline?.alias}' has fewer than two ALTERNATIVE executions to ask about`;
    if (problem !== undefined) this.error('FG_ASK_FIRST_MISPLACED', problem, joinPointer(at, 'askFirst'));
  }

  private authenticator(id: string, execution: ExecutionDocument, at: string): void {
    const plugin = this.registry.authenticator(id);
    if (!plugin) {
      const detail = this.registry.condition(id)
        ? `'${id}' is a condition: write "condition": "${id}" inside a CONDITIONAL sub-flow`
        : this.registry.requiredAction(id)
          ? `'${id}' is a required action, which runs after the flow, not as a step of it`
          : `no authenticator '${id}' is registered${didYouMean(id, this.registry.listAuthenticators().map((p) => p.definition.id))} (${HOW_TO_REGISTER})`;
      this.error('FG_UNKNOWN_AUTHENTICATOR', detail, joinPointer(at, 'authenticator'));
      return;
    }
    this.requirement(id, execution.requirement, plugin.definition.requirements, at);
    this.config(plugin, execution, at);
  }

  private condition(id: string, execution: ExecutionDocument, at: string, inConditional: boolean): void {
    const plugin = this.registry.condition(id);
    if (!plugin) {
      const detail = this.registry.authenticator(id)
        ? `'${id}' is an authenticator: write "authenticator": "${id}"`
        : `no condition '${id}' is registered${didYouMean(id, this.registry.listConditions().map((p) => p.definition.id))} (${HOW_TO_REGISTER})`;
      this.error('FG_UNKNOWN_CONDITION', detail, joinPointer(at, 'condition'));
    } else {
      this.requirement(id, execution.requirement, CONDITION_REQUIREMENTS, at);
      this.config(plugin, execution, at);
    }
    if (!inConditional) {
      this.error(
        'FG_CONDITION_OUTSIDE_CONDITIONAL',
        `condition '${id}' only takes effect directly inside an inline sub-flow whose requirement is CONDITIONAL`,
        joinPointer(at, 'condition'),
      );
    }
  }

  private requirement(id: string, requirement: Requirement, allowed: readonly Requirement[], at: string): void {
    const path = joinPointer(at, 'requirement');
    if (requirement === 'CONDITIONAL') {
      this.error('FG_CONDITIONAL_NOT_SUBFLOW', `'${id}' is not a sub-flow; use REQUIRED or ALTERNATIVE, or wrap it in a CONDITIONAL sub-flow`, path);
    } else if (requirement !== 'DISABLED' && !allowed.includes(requirement)) {
      // DISABLED is always allowed: it only switches the step off.
      this.error('FG_REQUIREMENT_NOT_ALLOWED', `'${id}' allows ${allowed.join(', ')}, not ${requirement}`, path);
    }
  }

  private config(plugin: RegisteredPlugin<unknown>, execution: ExecutionDocument, at: string): void {
    const result = this.registry.resolveConfig(plugin, execution.config);
    if (result.ok) return;
    for (const problem of result.problems) {
      this.error('FG_PLUGIN_CONFIG_INVALID', problem.message, joinPointer(at, 'config') + problem.path);
    }
  }

  /** Level rules: something enabled to run, and REQUIRED/CONDITIONAL never next to ALTERNATIVE. */
  private shape(flow: FlowDocument, pointer: string): void {
    const path = joinPointer(pointer, 'executions');
    // Conditions only gate a sub-flow and DISABLED steps never run: neither makes a level succeed.
    const steps = flow.executions.filter((e) => e.condition === undefined && e.requirement !== 'DISABLED');
    if (steps.length === 0) {
      this.error('FG_FLOW_EMPTY', `'${flow.alias}' has no enabled authenticator or sub-flow`, path);
      return;
    }
    const required = steps.filter((e) => e.requirement !== 'ALTERNATIVE');
    const alternatives = steps.filter((e) => e.requirement === 'ALTERNATIVE');
    if (required.length > 0 && alternatives.length > 0) {
      const names = (list: ExecutionDocument[]): string => list.map((e) => `'${executionKey(e)}'`).join(', ');
      this.error(
        'FG_MIXED_REQUIREMENTS',
        `in '${flow.alias}', ${names(required)} (REQUIRED/CONDITIONAL) and ${names(alternatives)} (ALTERNATIVE) are siblings; ` +
          'move the alternatives into a sub-flow of their own (Keycloak would silently ignore them)',
        path,
      );
    }
  }

  private error(code: Parameters<Diagnostics['at']>[0], detail: string, pointer: string): void {
    this.diags.at(code, detail, this.source, pointer);
  }
}
