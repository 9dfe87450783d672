import type { ExecutionStatus } from '../../src/engine/auth-session';
import type { FlowNode } from '../../src/engine/model';
import { plan, type PlanDecision } from '../../src/engine/planner';
import { tryAnotherWayOptions } from '../../src/engine/try-another-way';
import { alternative, condition, conditional, disabled, flow, required } from '../../src/testing/flow-builder';

// Ids are `<flow alias>/<key>`: `top/a`, `forms/identify`, `methods/magic`, ...
const chain = flow('top', [required('a'), required('b')]);
const alts = flow('top', [alternative('a'), alternative('b'), alternative('c')]);
const browser = flow('browser', [
  alternative('cookie'),
  alternative(flow('forms', [required('identify'), required(flow('methods', [alternative('magic'), alternative('otp')]))])),
]);
const conditionalOtp = flow('top', [
  required('identify'),
  conditional(flow('otp-sub', [condition('cond-a'), condition('cond-b'), required('otp')])),
]);
const disabledCondition = flow('top', [
  required('identify'),
  conditional(flow('otp-sub', [condition('cond-a'), condition('cond-b', { requirement: 'DISABLED' }), required('otp')])),
]);
const onlyConditional = flow('top', [conditional(flow('sub', [condition('cond'), required('x')]))]);
const withDisabled = flow('top', [disabled('a'), required('b'), disabled(flow('off', [required('x')]))]);
const allDisabled = flow('top', [disabled('a')]);
const subFlowAlternatives = flow('top', [alternative(flow('first', [required('x'), required('y')])), alternative('z')]);
const alternativeWithCondition = flow('top', [
  alternative(flow('s', [required('id'), conditional(flow('c', [condition('k'), required('otp')]))])),
  alternative('z'),
]);
const deep = flow('top', [required(flow('l1', [required(flow('l2', [required(flow('l3', [alternative('x'), alternative('y')]))]))]))]);

interface Row {
  readonly name: string;
  readonly flow: FlowNode;
  readonly statuses?: Record<string, ExecutionStatus>;
  readonly conditions?: Record<string, boolean>;
  readonly selected?: Record<string, string>;
  /** `run <id>`, `evaluate <id>`, `success` or `failure`. */
  readonly expected: string;
}

const rows: Row[] = [
  // REQUIRED
  { name: 'required chain starts with the first', flow: chain, expected: 'run top/a' },
  { name: 'required chain goes on after a success', flow: chain, statuses: { 'top/a': 'SUCCESS' }, expected: 'run top/b' },
  { name: 'required chain succeeds when all succeeded', flow: chain, statuses: { 'top/a': 'SUCCESS', 'top/b': 'SUCCESS' }, expected: 'success' },
  { name: 'required attempted fails the level', flow: chain, statuses: { 'top/a': 'ATTEMPTED' }, expected: 'failure' },
  { name: 'required attempted later in the chain fails', flow: chain, statuses: { 'top/a': 'SUCCESS', 'top/b': 'ATTEMPTED' }, expected: 'failure' },
  { name: 'required failed fails the level', flow: chain, statuses: { 'top/a': 'FAILED' }, expected: 'failure' },
  { name: 'required challenged is continued', flow: chain, statuses: { 'top/a': 'CHALLENGED' }, expected: 'run top/a' },
  { name: 'required order is kept even if a later one succeeded', flow: chain, statuses: { 'top/b': 'SUCCESS' }, expected: 'run top/a' },

  // ALTERNATIVE
  { name: 'alternatives start with the first', flow: alts, expected: 'run top/a' },
  { name: 'an attempted alternative lets the next run', flow: alts, statuses: { 'top/a': 'ATTEMPTED' }, expected: 'run top/b' },
  { name: 'a failed alternative lets the next run', flow: alts, statuses: { 'top/a': 'FAILED' }, expected: 'run top/b' },
  { name: 'first success wins', flow: alts, statuses: { 'top/a': 'ATTEMPTED', 'top/b': 'SUCCESS' }, expected: 'success' },
  { name: 'any success wins, whatever its place', flow: alts, statuses: { 'top/c': 'SUCCESS' }, expected: 'success' },
  { name: 'all alternatives attempted fail the level', flow: alts, statuses: { 'top/a': 'ATTEMPTED', 'top/b': 'ATTEMPTED', 'top/c': 'FAILED' }, expected: 'failure' },
  { name: 'a challenged alternative is continued', flow: alts, statuses: { 'top/a': 'ATTEMPTED', 'top/b': 'CHALLENGED' }, expected: 'run top/b' },
  { name: 'the selected alternative runs first', flow: alts, selected: { top: 'top/c' }, expected: 'run top/c' },
  { name: 'a processed selected alternative is skipped', flow: alts, statuses: { 'top/c': 'ATTEMPTED' }, selected: { top: 'top/c' }, expected: 'run top/a' },
  { name: 'a selection for another level changes nothing here', flow: alts, selected: { elsewhere: 'top/c' }, expected: 'run top/a' },

  // Nested sub-flows (browser: cookie | forms{ identify, methods{ magic | otp } })
  { name: 'browser starts with the cookie', flow: browser, expected: 'run browser/cookie' },
  { name: 'no cookie: into the forms sub-flow', flow: browser, statuses: { 'browser/cookie': 'ATTEMPTED' }, expected: 'run forms/identify' },
  { name: 'identified: the first method', flow: browser, statuses: { 'browser/cookie': 'ATTEMPTED', 'forms/identify': 'SUCCESS' }, expected: 'run methods/magic' },
  {
    name: 'a method chosen by "try another way" runs first in its level',
    flow: browser,
    statuses: { 'browser/cookie': 'ATTEMPTED', 'forms/identify': 'SUCCESS' },
    selected: { 'forms/methods': 'methods/otp' },
    expected: 'run methods/otp',
  },
  {
    name: 'nested success propagates to the top',
    flow: browser,
    statuses: { 'browser/cookie': 'ATTEMPTED', 'forms/identify': 'SUCCESS', 'methods/otp': 'SUCCESS' },
    expected: 'success',
  },
  {
    name: 'nested level failure fails every level up to the top',
    flow: browser,
    statuses: { 'browser/cookie': 'ATTEMPTED', 'forms/identify': 'SUCCESS', 'methods/magic': 'ATTEMPTED', 'methods/otp': 'ATTEMPTED' },
    expected: 'failure',
  },
  { name: 'the cookie succeeding skips the forms', flow: browser, statuses: { 'browser/cookie': 'SUCCESS' }, expected: 'success' },
  { name: 'three levels deep success', flow: deep, statuses: { 'l3/y': 'SUCCESS' }, expected: 'success' },
  { name: 'three levels deep alternative', flow: deep, statuses: { 'l3/x': 'ATTEMPTED' }, expected: 'run l3/y' },
  { name: 'a sub-flow alternative that fails lets the next run', flow: subFlowAlternatives, statuses: { 'first/x': 'SUCCESS', 'first/y': 'ATTEMPTED' }, expected: 'run top/z' },
  { name: 'a sub-flow alternative in progress is continued', flow: subFlowAlternatives, statuses: { 'first/x': 'SUCCESS' }, expected: 'run first/y' },
  { name: 'a selected sub-flow alternative runs first', flow: subFlowAlternatives, selected: { top: 'top/z' }, expected: 'run top/z' },

  // CONDITIONAL
  { name: 'conditions are not asked before the sub-flow is reached', flow: conditionalOtp, expected: 'run top/identify' },
  { name: 'the first condition is asked', flow: conditionalOtp, statuses: { 'top/identify': 'SUCCESS' }, expected: 'evaluate otp-sub/cond-a' },
  { name: 'then the second', flow: conditionalOtp, statuses: { 'top/identify': 'SUCCESS' }, conditions: { 'otp-sub/cond-a': true }, expected: 'evaluate otp-sub/cond-b' },
  {
    name: 'all conditions true: the sub-flow runs as REQUIRED',
    flow: conditionalOtp,
    statuses: { 'top/identify': 'SUCCESS' },
    conditions: { 'otp-sub/cond-a': true, 'otp-sub/cond-b': true },
    expected: 'run otp-sub/otp',
  },
  { name: 'a false condition skips the sub-flow', flow: conditionalOtp, statuses: { 'top/identify': 'SUCCESS' }, conditions: { 'otp-sub/cond-a': false }, expected: 'success' },
  {
    name: 'mixed conditions skip the sub-flow',
    flow: conditionalOtp,
    statuses: { 'top/identify': 'SUCCESS' },
    conditions: { 'otp-sub/cond-a': true, 'otp-sub/cond-b': false },
    expected: 'success',
  },
  {
    name: 'a running conditional sub-flow that fails fails the level',
    flow: conditionalOtp,
    statuses: { 'top/identify': 'SUCCESS', 'otp-sub/otp': 'ATTEMPTED' },
    conditions: { 'otp-sub/cond-a': true, 'otp-sub/cond-b': true },
    expected: 'failure',
  },
  {
    name: 'a finished conditional sub-flow succeeds',
    flow: conditionalOtp,
    statuses: { 'top/identify': 'SUCCESS', 'otp-sub/otp': 'SUCCESS' },
    conditions: { 'otp-sub/cond-a': true, 'otp-sub/cond-b': true },
    expected: 'success',
  },
  { name: 'a disabled condition is not asked', flow: disabledCondition, statuses: { 'top/identify': 'SUCCESS' }, conditions: { 'otp-sub/cond-a': true }, expected: 'run otp-sub/otp' },
  { name: 'a level of only skipped sub-flows fails', flow: onlyConditional, conditions: { 'sub/cond': false }, expected: 'failure' },
  {
    name: 'a condition inside an alternative is learnt before deciding',
    flow: alternativeWithCondition,
    statuses: { 's/id': 'SUCCESS' },
    expected: 'evaluate c/k',
  },
  { name: 'false: the alternative sub-flow already succeeded', flow: alternativeWithCondition, statuses: { 's/id': 'SUCCESS' }, conditions: { 'c/k': false }, expected: 'success' },
  { name: 'true: its conditional step runs', flow: alternativeWithCondition, statuses: { 's/id': 'SUCCESS' }, conditions: { 'c/k': true }, expected: 'run c/otp' },

  // DISABLED
  { name: 'disabled executions and sub-flows are ignored', flow: withDisabled, expected: 'run top/b' },
  { name: 'a level with only disabled executions succeeds with the rest', flow: withDisabled, statuses: { 'top/b': 'SUCCESS' }, expected: 'success' },
  { name: 'a flow of only disabled executions fails', flow: allDisabled, expected: 'failure' },
];

function describeDecision(decision: PlanDecision): string {
  return decision.type === 'run' || decision.type === 'evaluate' ? `${decision.type} ${decision.execution.id}` : decision.type;
}

describe('planner', () => {
  test.each(rows)('$name', (row) => {
    // Frozen inputs: a planner that mutated them would throw here.
    const input = Object.freeze({
      statuses: Object.freeze({ ...row.statuses }),
      conditions: Object.freeze({ ...row.conditions }),
      selected: Object.freeze({ ...row.selected }),
    });
    expect(describeDecision(plan(row.flow, input))).toBe(row.expected);
  });

  test('a run decision names the level the execution is in', () => {
    const decision = plan(browser, { statuses: { 'browser/cookie': 'ATTEMPTED', 'forms/identify': 'SUCCESS' }, conditions: {}, selected: {} });
    expect(decision).toMatchObject({ type: 'run', level: { key: 'forms/methods', flow: { alias: 'methods' } } });
  });

  test('an evaluate decision names the conditional sub-flow', () => {
    const decision = plan(conditionalOtp, { statuses: { 'top/identify': 'SUCCESS' }, conditions: {}, selected: {} });
    expect(decision).toMatchObject({ type: 'evaluate', level: { key: 'top/otp-sub' } });
  });
});

describe('try another way options', () => {
  const withWebauthn = flow('browser', [
    alternative('cookie'),
    alternative('webauthn'),
    alternative(flow('forms', [required('identify'), required(flow('methods', [alternative('magic'), alternative('otp')]))])),
  ]);

  interface OptionRow {
    readonly name: string;
    readonly flow: FlowNode;
    readonly at: string;
    readonly statuses: Record<string, ExecutionStatus>;
    /** `<level key>: <option ids>`, or `none`. */
    readonly expected: string;
  }

  const optionRows: OptionRow[] = [
    {
      name: 'at magic link: the methods of its level',
      flow: browser,
      at: 'methods/magic',
      statuses: { 'browser/cookie': 'ATTEMPTED', 'forms/identify': 'SUCCESS', 'methods/magic': 'CHALLENGED' },
      expected: 'forms/methods: methods/magic methods/otp',
    },
    {
      name: 'at the other method, after switching',
      flow: browser,
      at: 'methods/otp',
      statuses: { 'browser/cookie': 'ATTEMPTED', 'forms/identify': 'SUCCESS', 'methods/otp': 'CHALLENGED' },
      expected: 'forms/methods: methods/magic methods/otp',
    },
    {
      name: 'an attempted method is no option',
      flow: browser,
      at: 'methods/otp',
      statuses: { 'browser/cookie': 'ATTEMPTED', 'forms/identify': 'SUCCESS', 'methods/magic': 'ATTEMPTED', 'methods/otp': 'CHALLENGED' },
      expected: 'none',
    },
    {
      name: 'at identify, with only attempted siblings at the top: nothing',
      flow: browser,
      at: 'forms/identify',
      statuses: { 'browser/cookie': 'ATTEMPTED', 'forms/identify': 'CHALLENGED' },
      expected: 'none',
    },
    {
      name: 'at identify, with another top-level way: the top level',
      flow: withWebauthn,
      at: 'forms/identify',
      statuses: { 'browser/cookie': 'ATTEMPTED', 'forms/identify': 'CHALLENGED' },
      expected: 'browser: browser/webauthn browser/forms',
    },
    {
      name: 'a level with one way left defers to the next one up',
      flow: withWebauthn,
      at: 'methods/otp',
      statuses: { 'browser/cookie': 'ATTEMPTED', 'forms/identify': 'SUCCESS', 'methods/magic': 'ATTEMPTED', 'methods/otp': 'CHALLENGED' },
      expected: 'browser: browser/webauthn browser/forms',
    },
    { name: 'a required chain offers nothing', flow: chain, at: 'top/a', statuses: { 'top/a': 'CHALLENGED' }, expected: 'none' },
    { name: 'an unknown execution offers nothing', flow: browser, at: 'nowhere/x', statuses: {}, expected: 'none' },
  ];

  test.each(optionRows)('$name', (row) => {
    const result = tryAnotherWayOptions(row.flow, row.at, { statuses: row.statuses, conditions: {} });
    expect(result ? `${result.levelKey}: ${result.options.map((o) => o.id).join(' ')}` : 'none').toBe(row.expected);
  });

  test('options carry a display key by plugin id or flow alias', () => {
    const result = tryAnotherWayOptions(withWebauthn, 'forms/identify', { statuses: { 'browser/cookie': 'ATTEMPTED' }, conditions: {} });
    expect(result?.options).toEqual([
      { id: 'browser/webauthn', displayKey: 'authenticator.webauthn', kind: 'authenticator', name: 'webauthn' },
      { id: 'browser/forms', displayKey: 'flow.forms', kind: 'flow', name: 'forms' },
    ]);
  });
});
