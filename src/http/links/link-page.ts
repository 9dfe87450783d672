import type { LinkPreview } from '../../engine';
import { LINK_KEY_PARAM } from '../../engine';
import { CSRF_FIELD } from '../../security';
import type { ActionLink } from '../contracts';
import { linkConfirmUrl, linkRejectUrl } from '../login-urls';
import type { PageText } from '../page-text';
import type { LinkConfirmPageModel } from '../render/page-models';
import { summarizeUserAgent } from './user-agent';

/** The form field of the number picked on a link's page (another browser, number matching). */
export const LINK_NUMBER_FIELD = 'number';

/**
 * The `link-confirm` page's model (and, as it is, the JSON face's). In the browser that asked: the
 * plugin's message and "Continue". In another one, also where and when the sign-in started and
 * "This wasn't me"; and, when confirming there would let the waiting tab go on, the three numbers
 * instead of "Continue". Every form carries the key and this browser's CSRF token.
 */
export function linkConfirmModel(preview: LinkPreview, key: string, csrf: string, text: PageText): LinkConfirmPageModel {
  const fields = { [CSRF_FIELD]: csrf, [LINK_KEY_PARAM]: key };
  const confirm: ActionLink = { method: 'POST', href: linkConfirmUrl(preview.realm, text.locale), fields };
  return {
    message: text.t(preview.description.message, preview.description.params),
    ...(preview.choices
      ? { choices: preview.choices.map((number) => ({ number, action: { ...confirm, fields: { ...fields, [LINK_NUMBER_FIELD]: String(number) } } })) }
      : { confirm }),
    ...(preview.origin && {
      origin: {
        device: deviceText(preview.origin.userAgent, text),
        startedAt: preview.origin.startedAt,
        ...(preview.origin.place !== undefined && { place: placeText(preview.origin.place, text.locale) }),
      },
      reject: { method: 'POST', href: linkRejectUrl(preview.realm, text.locale), fields },
    }),
  };
}

/** "Firefox on Windows", in the page's words for what is not recognised. */
function deviceText(userAgent: string | undefined, text: PageText): string {
  const { browser, os } = summarizeUserAgent(userAgent);
  return text.t('page.linkConfirm.device', {
    browser: browser ?? text.t('page.linkConfirm.unknownBrowser'),
    os: os ?? text.t('page.linkConfirm.unknownSystem'),
  });
}

/** "Berlin, Germany": the city as the database names it, the country in the page's language. */
function placeText(place: { country?: string; city?: string }, locale: string): string {
  let country: string | undefined;
  try {
    country = place.country === undefined ? undefined : new Intl.DisplayNames([locale], { type: 'region' }).of(place.country);
  } catch {
    country = place.country;
  }
  return [place.city, country].filter((part) => part !== undefined && part !== '').join(', ');
}
