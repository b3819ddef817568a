import { describe, expect, it } from 'vitest';
import { authHeaders, authProblem } from '../../src-renderer/lib/remote/auth-headers';

describe('the credential choice as a header', () => {
  it('writes each choice', () => {
    expect(authHeaders({ kind: 'none' })).toEqual({});
    expect(authHeaders({ kind: 'bearer', token: ' abc ' })).toEqual({ Authorization: 'Bearer abc' });
    // RFC 7617's own example: Aladdin / open sesame.
    expect(authHeaders({ kind: 'basic', user: 'Aladdin', password: 'open sesame' })).toEqual({ Authorization: 'Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==' });
    expect(authHeaders({ kind: 'basic', user: 'test', password: '123£' })).toEqual({ Authorization: 'Basic dGVzdDoxMjPCow==' });
    expect(authHeaders({ kind: 'header', name: 'X-Scope-OrgID', value: 'team-a' })).toEqual({ 'X-Scope-OrgID': 'team-a' });
  });

  it('says what is missing', () => {
    expect(authProblem({ kind: 'bearer', token: ' ' })).toBe('Enter the token.');
    expect(authProblem({ kind: 'header', name: 'X Org', value: 'a' })).toBe('Enter a header name (letters, digits and - only).');
    expect(authProblem({ kind: 'basic', user: 'u', password: '' })).toBeUndefined();
  });
});
