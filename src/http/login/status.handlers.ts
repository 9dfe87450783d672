import type { RequestHandler } from 'express';
import { approvedOutOfBand } from '../../engine';
import { FlowgateError } from '../../errors';
import type { StatusDocument } from '../contracts';
import { stepUrl } from '../login-urls';
import { queryParam } from '../middleware/request-input';
import { tabOf } from '../request-state';
import { sendJson } from '../respond';

/**
 * `GET .../login-actions/status?tab_id=&step=`: whether the step shown as `step` is still the one
 * to show, as JSON (a `StatusDocument`), for every client: the waiting pages' script polls it, and a
 * mobile app waiting for a link confirmed in a mail app can too. Runs no plugin and changes nothing,
 * so polling costs one read; the tab must be this browser's (`loadTab`), like every step URL.
 */
export function showStatus(): RequestHandler {
  return (req, res) => {
    const tab = tabOf(res);
    const asked = stepParam(queryParam(req, 'step'));
    const changed = tab.result !== undefined || approvedOutOfBand(tab) || asked !== tab.step;
    const document: StatusDocument = { type: 'status', realm: tab.realm, tabId: tab.id, step: tab.step, changed, href: stepUrl(tab.realm, tab.id) };
    sendJson(res, document);
  };
}

function stepParam(text: string | undefined): number {
  if (text === undefined || !/^[0-9]{1,9}$/.test(text)) throw new FlowgateError('FG_INVALID_REQUEST', "parameter 'step' must be a whole number");
  return Number(text);
}
