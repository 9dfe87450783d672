/**
 * A tiny writer of MaxMind DB files (format 2.0), for tests of the GeoIP lookup: one IPv4 network
 * mapped to one record. Real databases (GeoLite2) are large and licensed; the format is public
 * (https://maxmind.github.io/MaxMind-DB/), and this writes exactly the parts a reader needs.
 */

type Value = string | number | bigint | Value[] | { [key: string]: Value };

/** A control byte (and the extended-type byte) for `type` with `size`, sizes under 29 only. */
function control(type: number, size: number): number[] {
  if (size >= 29) throw new RangeError('sizes of 29 and more are not needed here');
  return type <= 7 ? [(type << 5) | size] : [size, type - 7];
}

function encode(value: Value, as?: 'uint16' | 'uint32' | 'uint64'): number[] {
  if (typeof value === 'string') {
    const bytes = [...Buffer.from(value, 'utf8')];
    return [...control(2, bytes.length), ...bytes];
  }
  if (typeof value === 'number' || typeof value === 'bigint') {
    const type = as === 'uint16' ? 5 : as === 'uint64' ? 9 : 6;
    const bytes: number[] = [];
    for (let n = BigInt(value); n > 0n; n >>= 8n) bytes.unshift(Number(n & 0xffn));
    return [...control(type, bytes.length), ...bytes];
  }
  if (Array.isArray(value)) return [...control(11, value.length), ...value.flatMap((v) => encode(v))];
  const entries = Object.entries(value);
  return [...control(7, entries.length), ...entries.flatMap(([k, v]) => [...encode(k), ...encode(v)])];
}

/** An IPv4-only database in which `network` (e.g. `127.0.0.0/8`) maps to `record`. */
export function ipv4Database(network: string, record: { [key: string]: Value }): Buffer {
  const [address, bits] = network.split('/') as [string, string];
  const prefix = address.split('.').reduce((n, octet) => (n << 8) | Number(octet), 0) >>> 0;
  const length = Number(bits);
  const nodeCount = length;
  const data = encode(record);
  const dataPointer = nodeCount + 16; // the record is the data section's first value
  const tree: number[] = [];
  for (let depth = 0; depth < length; depth += 1) {
    const bit = (prefix >>> (31 - depth)) & 1;
    const onPath = depth + 1 < length ? depth + 1 : dataPointer;
    const records = bit === 0 ? [onPath, nodeCount] : [nodeCount, onPath];
    for (const r of records) tree.push((r >> 16) & 0xff, (r >> 8) & 0xff, r & 0xff);
  }
  const metadata: number[] = [
    ...control(7, 9),
    ...encode('node_count'), ...encode(nodeCount, 'uint32'),
    ...encode('record_size'), ...encode(24, 'uint16'),
    ...encode('ip_version'), ...encode(4, 'uint16'),
    ...encode('database_type'), ...encode('Flowgate-Test-City'),
    ...encode('languages'), ...encode(['en']),
    ...encode('binary_format_major_version'), ...encode(2, 'uint16'),
    ...encode('binary_format_minor_version'), ...encode(0, 'uint16'),
    ...encode('build_epoch'), ...encode(1_700_000_000n, 'uint64'),
    ...encode('description'), ...encode({ en: 'test' }),
  ];
  return Buffer.from([...tree, ...new Array<number>(16).fill(0), ...data, 0xab, 0xcd, 0xef, ...Buffer.from('MaxMind.com'), ...metadata]);
}
