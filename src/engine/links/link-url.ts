import { absoluteUrl } from '../../util/absolute-url';
import { LINK_KEY_PARAM } from './link-service';

/** The path of the link endpoint of `realm`: GET shows the confirmation, POST confirms. */
export function linkPath(realm: string): string {
  return `/realms/${encodeURIComponent(realm)}/login-actions/link`;
}

/** The absolute URL a link is sent as: `<publicUrl>/realms/<realm>/login-actions/link?key=<secret>`. */
export function linkUrl(publicUrl: string, realm: string, secret: string): string {
  return absoluteUrl(publicUrl, `${linkPath(realm)}?${LINK_KEY_PARAM}=${encodeURIComponent(secret)}`);
}
