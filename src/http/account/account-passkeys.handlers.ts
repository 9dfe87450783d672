import type { RequestHandler } from 'express';
import { FlowgateError, isFlowgateError } from '../../errors';
import type { AppDeps } from '../app-deps';
import { accountUrl } from '../login-urls';
import { bodyField } from '../middleware/request-input';
import { realmOf } from '../request-state';
import { seeOther, wantsJson } from '../respond';
import { PASSKEY_FIELD, PASSKEY_LABEL_FIELD, REMOVE_CREDENTIAL_EVENT, UPDATE_CREDENTIAL_EVENT } from './account-passkeys';
import { currentSession } from './signed-in';

/** What the passkey routes share with the account page: answering a JSON client with the account, and "not signed in". */
export interface AccountPageHooks {
  readonly sendAccount: RequestHandler;
  readonly notSignedIn: (req: Parameters<RequestHandler>[0], res: Parameters<RequestHandler>[1], realm: string) => void;
}

/**
 * `POST /realms/:realm/account/passkeys/remove` (`passkey`) and `.../rename` (`passkey`, `label`):
 * the person removes or renames one of their own passkeys. An id that is not theirs changes nothing
 * and says nothing about whose it is; a removed passkey signs nobody in from then on.
 */
export function changePasskey(deps: AppDeps, change: 'rename' | 'remove', hooks: AccountPageHooks): RequestHandler {
  return async (req, res, next) => {
    const realm = realmOf(res).name;
    const current = await currentSession(req, res, deps);
    if (!current) return hooks.notSignedIn(req, res, realm);
    const userId = current.session.userId;
    const id = bodyField(req, PASSKEY_FIELD);
    if (id === undefined) throw new FlowgateError('FG_INVALID_REQUEST', `field '${PASSKEY_FIELD}' is required`);
    const events = deps.events.forContext({ realm, ...(req.ip !== undefined && { ip: req.ip }) });
    if (change === 'remove') {
      if (id.length <= 64 && (await deps.passkeys.remove(realm, userId, id))) {
        await events.record({ type: REMOVE_CREDENTIAL_EVENT, userId, details: { credentialType: 'passkey', from: 'account' } });
      }
    } else {
      const label = bodyField(req, PASSKEY_LABEL_FIELD);
      if (label === undefined) throw new FlowgateError('FG_INVALID_REQUEST', `field '${PASSKEY_LABEL_FIELD}' is required`);
      try {
        if (id.length <= 64) await deps.passkeys.rename(realm, userId, id, label);
        await events.record({ type: UPDATE_CREDENTIAL_EVENT, userId, details: { credentialType: 'passkey', from: 'account', change: 'rename' } });
      } catch (err) {
        // Not theirs (or gone): nothing changes, and the answer is the same page.
        if (!isFlowgateError(err, 'FG_PASSKEY_NOT_FOUND')) throw err;
      }
    }
    if (wantsJson(req)) return hooks.sendAccount(req, res, next);
    seeOther(res, accountUrl(realm));
  };
}
