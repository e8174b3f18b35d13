import { authorizationOf } from './iam.service';

describe('authorizationOf', () => {
  it('takes the Authorization header first', () => {
    expect(authorizationOf({ authorization: 'Bearer x.y.z', 'x-api-key': 'ekyc_a' })).toBe('Bearer x.y.z');
  });

  it('reads x-api-key as the same API token', () => {
    expect(authorizationOf({ 'x-api-key': ' ekyc_a ' })).toBe('Token ekyc_a');
    expect(authorizationOf({ authorization: ' ', 'x-api-key': 'ekyc_a' })).toBe('Token ekyc_a');
  });

  it('is undefined without either, and ignores a repeated x-api-key', () => {
    expect(authorizationOf({})).toBeUndefined();
    expect(authorizationOf({ 'x-api-key': '' })).toBeUndefined();
    expect(authorizationOf({ 'x-api-key': ['ekyc_a', 'ekyc_b'] })).toBeUndefined();
  });
});
