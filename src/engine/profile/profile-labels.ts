import { localeChain } from '../../spi/locale';
import type { ProfileAttribute } from './profile-schema';

/**
 * The label of `attribute` in `locale`: the locale's own, then its shorter forms (`de-CH` -> `de`),
 * then English, then any label it has, and at last its name, so a field is never unlabelled.
 */
export function profileLabel(attribute: ProfileAttribute, locale: string): string {
  const labels = attribute.label;
  for (const candidate of localeChain(locale)) {
    if (Object.hasOwn(labels, candidate) && labels[candidate]) return labels[candidate];
  }
  const any = Object.values(labels).find((text) => text.length > 0);
  return any ?? attribute.name;
}
