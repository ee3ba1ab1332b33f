import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import { staffCheck } from '../../adapters/http/staffToken';

/** A request carrying only an Authorization header (all the check reads). */
const withAuthorization = (value?: string) => ({ get: (name: string) => (name.toLowerCase() === 'authorization' ? value : undefined) }) as Request;

describe('the staff token check', () => {
  const isStaff = staffCheck('s3cret-staff-token');

  it('recognises Authorization: Bearer with the configured token', () => {
    expect(isStaff(withAuthorization('Bearer s3cret-staff-token'))).toBe(true);
    expect(isStaff(withAuthorization('bearer  s3cret-staff-token'))).toBe(true);
  });

  it('does not recognise another token, another scheme or no header', () => {
    expect(isStaff(withAuthorization('Bearer s3cret-staff-token2'))).toBe(false);
    expect(isStaff(withAuthorization('Basic s3cret-staff-token'))).toBe(false);
    expect(isStaff(withAuthorization())).toBe(false);
  });

  it('recognises nobody when no token is configured', () => {
    expect(staffCheck(null)(withAuthorization('Bearer '))).toBe(false);
    expect(staffCheck(null)(withAuthorization('Bearer null'))).toBe(false);
  });
});
