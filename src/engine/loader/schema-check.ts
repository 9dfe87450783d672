import type { ErrorObject, ValidateFunction } from 'ajv';
import flowSchema from '../../../flows/flow.schema.json';
import realmSchema from '../../../flows/realm.schema.json';
import { ajvErrorPath, describeAjvError, sharedAjv } from '../../json/ajv';
import type { ErrorCode } from '../../errors';
import type { Diagnostics } from '../../json/diagnostics';
import type { FlowDocument, RealmDocument } from './flow-document';
import { joinPointer, valueAt } from '../../json/json-pointer';
import type { JsonSource } from '../../json/json-source';

let compiled: { flow: ValidateFunction; realm: ValidateFunction } | undefined;

// Compiled on first use and shared: both schemas are static files of the package.
function validators(): { flow: ValidateFunction; realm: ValidateFunction } {
  if (!compiled) {
    const ajv = sharedAjv();
    compiled = { flow: ajv.compile(flowSchema), realm: ajv.compile(realmSchema) };
  }
  return compiled;
}

/**
 * Checks a flow document against `flow.schema.json`; records one FG_FLOW_SCHEMA error per ajv
 * error (FG_EXECUTION_KIND for an execution that is not exactly one kind). True when valid.
 */
export function checkFlowSchema(source: JsonSource, diags: Diagnostics): source is JsonSource & { value: FlowDocument } {
  return check(validators().flow, 'FG_FLOW_SCHEMA', source, diags);
}

/**
 * Checks a realm document against `realm.schema.json`, filling in the schema's defaults (the
 * source's value is changed in place). True when valid.
 */
export function checkRealmSchema(source: JsonSource, diags: Diagnostics): source is JsonSource & { value: RealmDocument } {
  return check(validators().realm, 'FG_REALM_SCHEMA', source, diags);
}

function check(validate: ValidateFunction, code: ErrorCode, source: JsonSource, diags: Diagnostics): boolean {
  if (validate(source.value)) return true;
  for (const error of validate.errors ?? []) {
    const problem = translate(error, source.value);
    if (problem) diags.at(problem.code ?? code, problem.detail, source, problem.pointer);
  }
  return false;
}

/**
 * Turns one ajv error into a problem, or nothing for errors that only repeat another one: `if`
 * (its branch reports the real error), `propertyNames` (the key's own error does) and the branches of the execution's `oneOf` (the only
 * `oneOf` in the flow schema), which are replaced by a single FG_EXECUTION_KIND saying what is wrong.
 */
function translate(error: ErrorObject, doc: unknown): { code?: ErrorCode; detail: string; pointer: string } | undefined {
  if (error.keyword === 'if' || error.keyword === 'propertyNames' || error.schemaPath.startsWith('#/oneOf/')) return undefined;
  if (error.propertyName !== undefined) {
    // A key refused by `propertyNames` (a label's locale): point at the key itself; the wrapper error only repeats it.
    return { detail: `key '${error.propertyName}' ${describeAjvError(error)}`, pointer: joinPointer(error.instancePath, error.propertyName) };
  }
  if (error.keyword === 'oneOf') return executionKind(error.instancePath, valueAt(doc, error.instancePath));
  if (error.keyword === 'additionalProperties') {
    // Point at the unknown property itself, so the line is the typo's line.
    const property = (error.params as { additionalProperty: string }).additionalProperty;
    return { detail: describeAjvError(error), pointer: joinPointer(error.instancePath, property) };
  }
  return { detail: describeAjvError(error), pointer: ajvErrorPath(error) };
}

const KINDS = ['authenticator', 'condition', 'flow'] as const;

function executionKind(pointer: string, execution: unknown): { code: ErrorCode; detail: string; pointer: string } | undefined {
  // Not an object at all: the `type` error already says so.
  if (execution === null || typeof execution !== 'object' || Array.isArray(execution)) return undefined;
  const present = KINDS.filter((k) => Object.hasOwn(execution as object, k));
  if (present.length === 0) {
    return { code: 'FG_EXECUTION_KIND', detail: "set one of 'authenticator', 'condition' or 'flow'", pointer };
  }
  if (present.length > 1) {
    return {
      code: 'FG_EXECUTION_KIND',
      detail: `it has ${present.map((k) => `'${k}'`).join(' and ')}; split it into one execution per step`,
      pointer: joinPointer(pointer, present[1] ?? ''),
    };
  }
  if (!Object.hasOwn(execution as object, 'flow') && Object.hasOwn(execution as object, 'askFirst')) {
    return { code: 'FG_EXECUTION_KIND', detail: "'askFirst' belongs to a sub-flow; an authenticator or condition takes none", pointer: joinPointer(pointer, 'askFirst') };
  }
  return {
    code: 'FG_EXECUTION_KIND',
    detail: "'config' belongs to an authenticator or condition; a sub-flow takes none",
    pointer: joinPointer(pointer, 'config'),
  };
}
