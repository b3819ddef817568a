/** Remote sources saved by the desktop app: header values only ever written encrypted, never in the clear. */
import { describe, expect, it } from 'vitest';
import { readSavedRemoteSources, requestOf, withoutRemoteSource, withRemoteSource, type SecretBox } from '../../src-main/electron/saved-remote-sources';

/** A stand-in for safeStorage: reversible, and visibly not the text it was given. */
function fakeBox(available: boolean): SecretBox {
  return {
    isEncryptionAvailable: () => available,
    encryptString: (text) => Buffer.from(`sealed:${[...text].reverse().join('')}`),
    decryptString: (sealed) => {
      const text = sealed.toString();
      if (!text.startsWith('sealed:')) throw new Error('not ours');
      return [...text.slice('sealed:'.length)].reverse().join('');
    },
  };
}

const request = { kind: 'tempo' as const, url: 'https://tempo.example/', headers: { Authorization: 'Bearer s3cret' } };

describe('saved remote sources', () => {
  it('keeps a header value only encrypted, and gives it back to send', () => {
    const box = fakeBox(true);
    const saved = withRemoteSource([], request, box);
    expect(JSON.stringify(saved)).not.toContain('s3cret');
    expect(saved[0].headers.Authorization).toBe(Buffer.from('sealed:terc3s reraeB').toString('base64'));
    expect(requestOf(readSavedRemoteSources(JSON.parse(JSON.stringify(saved)))[0], box)).toEqual(request);
  });

  it('writes no value where the system has no keychain', () => {
    const saved = withRemoteSource([], request, fakeBox(false));
    expect(saved).toEqual([{ kind: 'tempo', url: 'https://tempo.example/', headers: { Authorization: null } }]);
    expect(requestOf(saved[0], fakeBox(true)).headers).toEqual({});
  });

  it('leaves out a value this keychain cannot open', () => {
    const saved = [{ kind: 'tempo' as const, url: 'https://tempo.example/', headers: { Authorization: Buffer.from('other').toString('base64') } }];
    expect(requestOf(saved[0], fakeBox(true)).headers).toEqual({});
  });

  it('replaces the entry of the same address, and forgets one', () => {
    const box = fakeBox(true);
    const twice = withRemoteSource(withRemoteSource([], request, box), { ...request, headers: { 'X-Scope-OrgID': 'a' } }, box);
    expect(twice.map((entry) => Object.keys(entry.headers))).toEqual([['X-Scope-OrgID']]);
    expect(withoutRemoteSource(twice, 'tempo', 'https://tempo.example/')).toEqual([]);
  });

  it('drops entries of the wrong shape', () => {
    expect(readSavedRemoteSources([{ kind: 'elastic', url: 'x', headers: {} }, { kind: 'zipkin', url: 'http://z/', headers: { A: 1 } }, 'x'])).toEqual([]);
    expect(readSavedRemoteSources({})).toEqual([]);
  });
});
