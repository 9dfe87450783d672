import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import type { CityResponse, Reader } from 'maxmind';
import { FlowgateError } from '../errors';

/** A place as coarse as a network can tell: a country (ISO 3166-1 code) and, maybe, a city. */
export interface CoarsePlace {
  readonly country?: string;
  /** The city's English name, as the database has it. */
  readonly city?: string;
}

/** Turns an address into a coarse place, or nothing (a private address, one the database lacks). */
export interface CoarseLocator {
  locate(ip: string | undefined): CoarsePlace | undefined;
}

/**
 * Opens a local MaxMind database (`geoIpDatabase`), once, at start: the whole file is read into
 * memory and every lookup stays in the process (no outside service learns who signs in). A file
 * that cannot be read or is not a MaxMind database stops the boot with `FG_CONFIG_INVALID`.
 */
export function openGeoIpDatabase(file: string): CoarseLocator {
  // A GeoLite2-Country record is a City record without `city`.
  let reader: Reader<CityResponse>;
  try {
    // Loaded only when a database is configured: most installs have none.
    const { Reader: MaxMindReader } = require('maxmind') as typeof import('maxmind');
    reader = new MaxMindReader<CityResponse>(readFileSync(file));
  } catch (err) {
    throw new FlowgateError('FG_CONFIG_INVALID', `geoIpDatabase ${file} is not a readable MaxMind database: ${(err as Error).message}`, undefined, { cause: err });
  }
  return {
    locate(ip) {
      if (ip === undefined || isIP(ip) === 0) return undefined;
      let record: CityResponse | null;
      try {
        record = reader.get(ip.startsWith('::ffff:') ? ip.slice(7) : ip);
      } catch {
        return undefined; // an IPv6 address in an IPv4-only database
      }
      const country = record?.country?.iso_code;
      const city = record?.city?.names?.en;
      if (country === undefined && city === undefined) return undefined;
      return { ...(country !== undefined && /^[A-Z]{2}$/.test(country) && { country }), ...(city !== undefined && { city: city.slice(0, 100) }) };
    },
  };
}
