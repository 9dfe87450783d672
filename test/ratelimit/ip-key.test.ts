import { ipRateLimitKey, networkKey } from '../../src/ratelimit/ip-key';

describe('ipRateLimitKey', () => {
  it('keeps IPv4 addresses as they are', () => {
    expect(ipRateLimitKey('203.0.113.7')).toBe('203.0.113.7');
  });

  it('gives IPv4-mapped IPv6 the key of the IPv4 address, in either spelling', () => {
    expect(ipRateLimitKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(ipRateLimitKey('::FFFF:cb00:7107')).toBe('203.0.113.7');
    expect(ipRateLimitKey('0:0:0:0:0:ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('counts a whole /56 as one IPv6 client by default', () => {
    const key = ipRateLimitKey('2001:db8:abcd:12ff:1:2:3:4');
    expect(key).toBe('2001:0db8:abcd:1200:0000:0000:0000:0000/56');
    expect(ipRateLimitKey('2001:db8:abcd:1200::1')).toBe(key);
    expect(ipRateLimitKey('2001:0DB8:ABCD:12AA:ffff:ffff:ffff:ffff')).toBe(key);
    expect(ipRateLimitKey('2001:db8:abcd:1300::1')).not.toBe(key);
  });

  it('honours other prefix lengths, including single addresses', () => {
    expect(ipRateLimitKey('2001:db8:abcd:12ff:1:2:3:4', 64)).toBe('2001:0db8:abcd:12ff:0000:0000:0000:0000/64');
    expect(ipRateLimitKey('2001:db8:abcd:12ff:1:2:3:4', 60)).toBe('2001:0db8:abcd:12f0:0000:0000:0000:0000/60');
    expect(ipRateLimitKey('2001:db8::1', 128)).toBe('2001:0db8:0000:0000:0000:0000:0000:0001/128');
    expect(ipRateLimitKey('2001:0db8:0:0:0:0:0:1', 128)).toBe(ipRateLimitKey('2001:db8::1', 128));
  });

  it('expands every form of :: and drops a zone id', () => {
    expect(ipRateLimitKey('::', 128)).toBe('0000:0000:0000:0000:0000:0000:0000:0000/128');
    expect(ipRateLimitKey('::1', 128)).toBe('0000:0000:0000:0000:0000:0000:0000:0001/128');
    expect(ipRateLimitKey('fe80::', 128)).toBe('fe80:0000:0000:0000:0000:0000:0000:0000/128');
    expect(ipRateLimitKey('fe80::1%eth0', 128)).toBe('fe80:0000:0000:0000:0000:0000:0000:0001/128');
    expect(ipRateLimitKey('64:ff9b::192.0.2.33', 128)).toBe('0064:ff9b:0000:0000:0000:0000:c000:0221/128');
  });

  it('has one key for an unknown IP and leaves anything else unchanged', () => {
    expect(ipRateLimitKey(undefined)).toBe('unknown');
    expect(ipRateLimitKey('')).toBe('unknown');
    expect(ipRateLimitKey('not-an-ip')).toBe('not-an-ip');
  });
});

describe('networkKey (#19 item 2)', () => {
  it('is the /24 of an IPv4 address (mapped ones too), the /56 of an IPv6 address, else unknown', () => {
    expect(networkKey('198.51.100.7')).toBe('198.51.100.0/24');
    expect(networkKey('::ffff:198.51.100.250')).toBe('198.51.100.0/24');
    expect(networkKey('2001:db8:0:1ff:ffff::2')).toBe(networkKey('2001:db8:0:100::1'));
    expect(networkKey('2001:db8:0:200::1')).not.toBe(networkKey('2001:db8:0:100::1'));
    expect(networkKey(undefined)).toBe('unknown');
  });
});
