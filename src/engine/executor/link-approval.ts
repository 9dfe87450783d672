import { randomInt } from 'node:crypto';
import type { CrossBrowserLink } from '../../spi/context';
import type { AuthSessionState } from '../auth-session';

/**
 * Number matching for links confirmed in another browser than the one signing in. The waiting tab
 * shows a two-digit number; the link's page offers it among two decoys; only the right pick lets
 * the link approve that tab. Whoever holds the waiting tab may see the number (it is no secret
 * from them): what it proves is that the person who opened the mail also sees that tab.
 *
 * Kept in a notes namespace no execution can have (execution ids are `<alias>/<key>`), so a
 * restart, which clears the notes, forgets it with the links it was for.
 */
const APPROVAL_NOTES = '~approval';

/** Two digits: easy to compare at a glance, one chance in three for a blind pick. */
const LOWEST = 10;
const HIGHEST = 99;
const CHOICES = 3;

/** The approval of one execution's links, as kept in the sign-in's notes. */
interface ApprovalNote {
  readonly execution: string;
  readonly number: number;
  /** The number and its decoys in the order the link's page shows them, fixed so a reload shows the same page. */
  readonly choices: readonly number[];
}

/** The modes a plugin may declare; anything else is taken as the default. */
const MODES: ReadonlySet<string> = new Set<CrossBrowserLink>(['approve-waiting', 'continue-here', 'refuse']);

/**
 * What a link of a plugin does when confirmed in another browser: its `crossBrowserLink(config)`,
 * else `approve-waiting`. A plugin that throws or answers nonsense gets the default, the one that
 * asks the most of the person: a mistake in a plugin never skips the number.
 */
export function crossBrowserMode(definition: { crossBrowserLink?(config: never): unknown }, config: Readonly<Record<string, unknown>>, onError: (error: unknown) => void): CrossBrowserLink {
  const declare = definition.crossBrowserLink as ((config: Readonly<Record<string, unknown>>) => unknown) | undefined;
  if (typeof declare !== 'function') return 'approve-waiting';
  try {
    const mode = declare(config);
    if (typeof mode === 'string' && MODES.has(mode)) return mode as CrossBrowserLink;
    onError(new Error(`crossBrowserLink returned ${JSON.stringify(mode)}`));
  } catch (error) {
    onError(error);
  }
  return 'approve-waiting';
}

/** Gives `execution` an approval number unless it has one (a resend keeps the number the tab shows). */
export function ensureApprovalNumber(state: AuthSessionState, execution: string): void {
  if (noteOf(state, execution)) return;
  const number = randomInt(LOWEST, HIGHEST + 1);
  const choices = [number];
  while (choices.length < CHOICES) {
    const decoy = randomInt(LOWEST, HIGHEST + 1);
    if (!choices.includes(decoy)) choices.push(decoy);
  }
  // Fisher-Yates with the same generator: the right number's place tells nothing.
  for (let i = choices.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [choices[i], choices[j]] = [choices[j]!, choices[i]!];
  }
  const note: ApprovalNote = { execution, number, choices };
  state.notes[APPROVAL_NOTES] = { ...note };
}

/** The number the waiting tab of `state` shows, when the execution showing has one. */
export function approvalNumber(state: AuthSessionState): number | undefined {
  return state.currentExecution === undefined ? undefined : noteOf(state, state.currentExecution)?.number;
}

/** The numbers the link's page offers for `execution`, when it has an approval number. */
export function approvalChoices(state: AuthSessionState, execution: string): readonly number[] | undefined {
  return noteOf(state, execution)?.choices;
}

/** Whether `choice` (as posted: a string, maybe missing) is the approval number of `execution`. */
export function approvalMatches(state: AuthSessionState, execution: string, choice: string | undefined): boolean {
  const note = noteOf(state, execution);
  return note !== undefined && choice !== undefined && /^\d{2}$/.test(choice) && Number(choice) === note.number;
}

function noteOf(state: AuthSessionState, execution: string): ApprovalNote | undefined {
  const note = state.notes[APPROVAL_NOTES] as Partial<ApprovalNote> | undefined;
  if (note?.execution !== execution || typeof note.number !== 'number' || !Array.isArray(note.choices)) return undefined;
  return note as ApprovalNote;
}
