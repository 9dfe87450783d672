import type { ValidateFunction } from 'ajv';
import type { Request } from 'express';
import { ajvErrorPath, describeAjvError, sharedAjv } from '../../json/ajv';
import { FlowgateError, FlowgateErrors } from '../../errors';

/**
 * Validates `req.body` against a JSON schema compiled once, on the endpoint's first request (the
 * admin API's schemas are not needed to serve the first page, so compiling them at boot only
 * delayed it; createAjv: every error, schema defaults filled in); throws `FG_ADMIN_INVALID_BODY` naming the JSON pointer of the offending value (one
 * `FlowgateError`, or `FlowgateErrors` when several values are wrong). A request without a body
 * is validated as `{}`. Returns the body, typed.
 */
export function bodyValidator<T>(schema: object): (req: Request) => T {
  let compiled: ValidateFunction | undefined;
  return (req) => {
    const validate = (compiled ??= sharedAjv().compile(schema));
    const body: unknown = req.body === undefined ? {} : req.body;
    if (validate(body)) return body as T;
    const errors = (validate.errors ?? []).map((e) => new FlowgateError('FG_ADMIN_INVALID_BODY', describeAjvError(e), { path: ajvErrorPath(e) }));
    if (errors.length === 1) throw errors[0]!;
    throw new FlowgateErrors(errors.length > 0 ? errors : [new FlowgateError('FG_ADMIN_INVALID_BODY', 'invalid', { path: '' })]);
  };
}
