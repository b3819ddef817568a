/** The body of `POST /api/sources/remote` read and checked: `{"kind", "url", "headers": {}}`. */
import type { RemoteKind } from '../model/api';
import { QueryError } from '../query/query-error';
import { isRemoteKind, REMOTE_KINDS } from './remote-kind';
import { DEFAULT_REMOTE_TIMEOUT_MS } from './remote-fetch';

export interface RemoteRequest {
  kind: RemoteKind;
  url: URL;
  headers: Record<string, string>;
  timeoutMs: number;
}

/** RFC 9110's token: the characters a header name may hold. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const MAX_TIMEOUT_MS = 300_000;

export function parseRemoteRequest(text: string): RemoteRequest {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new QueryError('the body is not JSON; send {"kind": "tempo"|"jaeger"|"zipkin", "url": "http://…", "headers": {}}');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new QueryError('send a JSON object: {"kind": "tempo"|"jaeger"|"zipkin", "url": "http://…", "headers": {}}');
  const { kind, url: rawUrl, headers: rawHeaders, timeoutMs: rawTimeout } = body as Record<string, unknown>;
  if (!isRemoteKind(kind)) throw new QueryError(`kind ${JSON.stringify(kind ?? null)} is not one of ${REMOTE_KINDS.join(', ')}`);
  const url = typeof rawUrl === 'string' ? URL.parse(rawUrl) : null;
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) throw new QueryError(`url ${JSON.stringify(rawUrl ?? null)} is not an http:// or https:// address`);
  if (url.username !== '' || url.password !== '') throw new QueryError('the url holds a user name or password; give credentials as a header (Authorization), which is never shown, instead');
  url.search = '';
  url.hash = '';
  const headers: Record<string, string> = {};
  if (rawHeaders !== undefined) {
    if (typeof rawHeaders !== 'object' || rawHeaders === null || Array.isArray(rawHeaders)) throw new QueryError('headers must be an object of header names to text values');
    for (const [name, value] of Object.entries(rawHeaders)) {
      if (!HEADER_NAME.test(name)) throw new QueryError(`header name ${JSON.stringify(name)} is not a valid HTTP header name`);
      if (typeof value !== 'string' || /[\r\n\0]/.test(value)) throw new QueryError(`the value of header ${name} must be text on one line`);
      headers[name] = value;
    }
  }
  const timeoutMs = rawTimeout === undefined ? DEFAULT_REMOTE_TIMEOUT_MS : rawTimeout;
  if (typeof timeoutMs !== 'number' || !Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > MAX_TIMEOUT_MS) throw new QueryError(`timeoutMs must be a whole number of milliseconds from 1 to ${MAX_TIMEOUT_MS}`);
  return { kind, url, headers, timeoutMs };
}
