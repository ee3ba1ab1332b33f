import { describe, expect, it } from 'vitest';
import { clientOfAddress } from '../../adapters/http/clientAddress';

describe('the client a rate limit counts for an address', () => {
  it('is the IPv4 address itself', () => {
    expect(clientOfAddress('203.0.113.7')).toBe('203.0.113.7');
  });

  it('is the IPv4 address of an IPv4-mapped IPv6 address', () => {
    expect(clientOfAddress('::ffff:127.0.0.2')).toBe('127.0.0.2');
  });

  it('is the /64 of an IPv6 address, however it is written, so a phone cannot take a new address per request', () => {
    expect(clientOfAddress('2001:db8:1:2:a:b:c:d')).toBe('2001:db8:1:2::/64');
    expect(clientOfAddress('2001:0db8:0001:0002::1')).toBe('2001:db8:1:2::/64');
    expect(clientOfAddress('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientOfAddress('::1')).toBe('0:0:0:0::/64');
  });

  it('is empty when the address is unknown (a closed socket)', () => {
    expect(clientOfAddress('')).toBe('');
  });
});
