/** The API's guards: the Host check (DNS rebinding), the Origin check, and the bearer token or session cookie. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const SESSION_COOKIE = 'spanscope_session';

export function allowedHosts(host: string, port: number): Set<string> {
  const names = new Set(['127.0.0.1', 'localhost', '[::1]']);
  if (host !== '0.0.0.0' && host !== '::') names.add(host.includes(':') && !host.startsWith('[') ? `[${host}]` : host);
  return new Set([...names].map((name) => `${name}:${port}`));
}

export function hostAllowed(req: IncomingMessage, allowed: Set<string>): boolean {
  return allowed.has((req.headers.host ?? '').toLowerCase());
}

/**
 * A browser names the page that sent a request in `Origin`. The session cookie is SameSite=Strict, but every
 * page on another port of 127.0.0.1 is the same site, so its cookie-carrying requests are refused here.
 * No Origin (curl, the desktop app's own uploads, same-origin GETs): allowed; the token still decides.
 */
export function originAllowed(req: IncomingMessage, allowed: Set<string>): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  return origin.startsWith('http://') && allowed.has(origin.slice('http://'.length).toLowerCase());
}

/** Compares in constant time whatever the lengths (both sides hashed first). */
export function tokenMatches(given: string | undefined, token: string): boolean {
  if (given === undefined) return false;
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(token));
}

export function requestToken(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice('Bearer '.length).trim();
  return cookieValue(req.headers.cookie, SESSION_COOKIE);
}

export function sessionCookie(token: string): string {
  return `${SESSION_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`;
}

/**
 * Where the token trade sends the browser: the same address on this server. A path that begins with `//` or `/\`
 * (`/.//evil.example/` normalizes to one) would be read by the browser as another host, so leading slashes
 * and backslashes collapse into one: the answer always starts with `/` and then neither `/` nor `\`.
 */
export function sameOriginLocation(url: URL): string {
  return `/${url.pathname.replace(/^[/\\]+/, '')}${url.search}`;
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodedOrRaw(part.slice(eq + 1).trim());
  }
  return undefined;
}

/** A malformed escape (`%zz`) must not throw: it is simply a token that does not match. */
function decodedOrRaw(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
