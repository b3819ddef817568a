/** The API's guards one by one: the token comparison, the token's sources, the Host and Origin checks. */
import type { IncomingMessage } from 'node:http';
import { describe, expect, it, vi } from 'vitest';

const compared = vi.hoisted(() => [] as [Buffer, Buffer][]);
vi.mock('node:crypto', async (importOriginal) => {
  const crypto = await importOriginal<typeof import('node:crypto')>();
  const timingSafeEqual = (a: NodeJS.ArrayBufferView, b: NodeJS.ArrayBufferView) => {
    compared.push([Buffer.from(a.buffer, a.byteOffset, a.byteLength), Buffer.from(b.buffer, b.byteOffset, b.byteLength)]);
    return crypto.timingSafeEqual(a, b);
  };
  return { ...crypto, default: { ...crypto, timingSafeEqual }, timingSafeEqual };
});

const { allowedHosts, hostAllowed, originAllowed, requestToken, sameOriginLocation, sessionCookie, tokenMatches } = await import('../../src-main/server/auth');

const request = (headers: IncomingMessage['headers']) => ({ headers }) as IncomingMessage;
const TOKEN = 'k9PpX2vQ-the-servers-token';

describe('tokenMatches', () => {
  it('accepts only the exact token', () => {
    expect(tokenMatches(TOKEN, TOKEN)).toBe(true);
    for (const given of [undefined, '', 'k', TOKEN.slice(0, -1), `${TOKEN}x`, TOKEN.toUpperCase(), ` ${TOKEN}`, 'wrong']) {
      expect(tokenMatches(given, TOKEN), String(given)).toBe(false);
    }
  });

  it('compares in constant time: every guess, of any length, goes through timingSafeEqual on equal-length digests', () => {
    const guesses = ['', 'k', TOKEN.slice(0, -1), `${TOKEN}${'x'.repeat(100)}`, 'x'.repeat(TOKEN.length), TOKEN];
    for (const guess of guesses) {
      compared.length = 0;
      tokenMatches(guess, TOKEN);
      // An early return on a length mismatch or a string === would leak how much of the guess was right.
      expect(compared, guess).toHaveLength(1);
      const [a, b] = compared[0];
      expect(a.length).toBe(32);
      expect(b.length).toBe(32);
      expect(a.includes(Buffer.from(TOKEN))).toBe(false); // digests, not the token itself
    }
  });
});

describe('requestToken', () => {
  it('takes the bearer token, else the session cookie', () => {
    expect(requestToken(request({ authorization: `Bearer ${TOKEN}` }))).toBe(TOKEN);
    expect(requestToken(request({ cookie: `other=1; ${sessionCookie(TOKEN).split(';')[0]}` }))).toBe(TOKEN);
    expect(requestToken(request({ authorization: `Basic ${TOKEN}` }))).toBeUndefined();
  });

  it('reads a malformed cookie escape as a wrong token instead of throwing (any local page can set one)', () => {
    expect(() => requestToken(request({ cookie: 'spanscope_session=%E0%A4%A' }))).not.toThrow();
    expect(tokenMatches(requestToken(request({ cookie: 'spanscope_session=%' })), TOKEN)).toBe(false);
  });

  it('sets the session cookie HttpOnly and SameSite=Strict', () => {
    const attributes = sessionCookie(TOKEN).split(';').map((part) => part.trim());
    expect(attributes).toContain('HttpOnly');
    expect(attributes).toContain('SameSite=Strict');
  });
});

describe('the Host check (DNS rebinding)', () => {
  it('allows loopback names with the port, and the --host address', () => {
    const hosts = allowedHosts('127.0.0.1', 16686);
    for (const host of ['127.0.0.1:16686', 'localhost:16686', 'LOCALHOST:16686', '[::1]:16686']) expect(hostAllowed(request({ host }), hosts), host).toBe(true);
    expect(hostAllowed(request({ host: '192.168.1.20:16686' }), allowedHosts('192.168.1.20', 16686))).toBe(true);
  });

  it('refuses other names, other ports, no Host, and the wildcard addresses as names', () => {
    const hosts = allowedHosts('0.0.0.0', 16686);
    for (const host of [undefined, '', 'evil.example:16686', '127.0.0.1', '127.0.0.1:16687', 'localhost.evil.example:16686', '0.0.0.0:16686', '127.0.0.1:16686.evil.example']) {
      expect(hostAllowed(request({ host }), hosts), String(host)).toBe(false);
    }
  });
});

describe('the Origin check', () => {
  const hosts = allowedHosts('127.0.0.1', 16686);

  it('allows no Origin and the UI page itself', () => {
    expect(originAllowed(request({}), hosts)).toBe(true);
    expect(originAllowed(request({ origin: 'http://127.0.0.1:16686' }), hosts)).toBe(true);
    expect(originAllowed(request({ origin: 'http://localhost:16686' }), hosts)).toBe(true);
  });

  it('refuses pages of other sites, of other ports of the same host (same site for cookies), and opaque origins', () => {
    for (const origin of ['https://evil.example', 'http://127.0.0.1:3000', 'http://localhost:8080', 'null', 'https://127.0.0.1:16686', 'http://127.0.0.1:16686.evil.example']) {
      expect(originAllowed(request({ origin }), hosts), origin).toBe(false);
    }
  });
});

describe('sameOriginLocation', () => {
  /** What the server reads from the request line, as api-server.ts parses it. */
  const location = (path: string) => sameOriginLocation(URL.parse(path, 'http://local')!);
  /** A browser reads the Location against the page's address: it must stay on the page's host. */
  const landsOn = (value: string) => new URL(value, 'http://127.0.0.1:16686/').host;
  const SPELLINGS = [
    '/.//evil.example/', '//evil.example/', '///evil.example/', '/\\evil.example/', '/\\/evil.example/', '\\\\evil.example/',
    '/./\\/evil.example/', '/..//evil.example/', '/x/..//evil.example/', '/%2F/evil.example/', '/%2f%2fevil.example/',
    '/%5C/evil.example/', '/\t/evil.example/', '/\t//evil.example/', '/\n//evil.example/', '/\r\n//evil.example/',
    '/ //evil.example/', '/.%2e//evil.example/', '/%2e//evil.example/', '/.\\/evil.example/', '/;//evil.example/',
    'http://evil.example/', 'http:evil.example', '/@evil.example', '/ /evil.example',
  ];

  it.each(SPELLINGS)('keeps %j on this server: one "/" then neither "/" nor "\\"', (path) => {
    const value = location(`${path}?x=1`);
    expect(value).toMatch(/^\/(?![/\\])/);
    expect(landsOn(value)).toBe('127.0.0.1:16686');
  });

  it('keeps the path and the query of a plain address', () => {
    expect(location('/traces/abc?source=f1')).toBe('/traces/abc?source=f1');
    expect(location('/')).toBe('/');
  });
});
