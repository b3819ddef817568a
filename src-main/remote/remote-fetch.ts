/**
 * One GET to a remote backend: the configured header sent, a time limit, no redirects followed (the credentials
 * go to the address given and nowhere else), and every failure turned into a sentence (RemoteError).
 */
import { DecodeError } from '../otlp/decode-result';
import { parseJsonExactNumbers } from '../otlp/parse-json';
import { RemoteError } from './remote-error';
import type { RemoteKind } from '../model/api';
import { REMOTE_KIND_NAMES } from './remote-kind';

export interface RemoteEndpoint {
  kind: RemoteKind;
  /** The backend's base address; paths are appended to its own path (a proxy's prefix is kept). */
  url: URL;
  /** Sent with every request (credentials); never shown, logged or sent elsewhere. */
  headers: Readonly<Record<string, string>>;
  timeoutMs: number;
  /** The most an answer may hold; MAX_REMOTE_ANSWER_BYTES when not given. */
  maxBytes?: number;
}

export const DEFAULT_REMOTE_TIMEOUT_MS = 15_000;
/** A search answer past this is refused rather than held: the search should be narrowed. */
export const MAX_REMOTE_ANSWER_BYTES = 256 * 1024 * 1024;

/** A JSON answer, or `undefined` for a 404 (an unknown trace, an API this deployment lacks): the caller says which. */
export async function getRemoteJson(endpoint: RemoteEndpoint, path: string, params: Record<string, string | undefined>, expected: string): Promise<unknown> {
  const url = remoteUrl(endpoint.url, path, params);
  const name = `${REMOTE_KIND_NAMES[endpoint.kind]} at ${endpoint.url.origin}`;
  let response: Response;
  try {
    response = await fetch(url, { headers: { Accept: 'application/json', ...endpoint.headers }, redirect: 'manual', signal: AbortSignal.timeout(endpoint.timeoutMs) });
  } catch (error) {
    if ((error as Error).name === 'TimeoutError') throw new RemoteError(`${name} did not answer ${path} within ${endpoint.timeoutMs / 1000} s`, 504);
    throw new RemoteError(`${name} cannot be reached: ${unreachableReason(error, endpoint.url)}`);
  }
  try {
    if (response.status === 401 || response.status === 403) throw new RemoteError(`${name} refused the credentials (${response.status}); check the header the source was added with`);
    if (response.status === 404) return undefined;
    if (response.status >= 300 && response.status < 400) {
      throw new RemoteError(`${name} answered ${path} with a redirect to ${response.headers.get('location') ?? 'nowhere'}; add the source with the address it redirects to`);
    }
    const text = await boundedText(response, endpoint.maxBytes ?? MAX_REMOTE_ANSWER_BYTES, () => `${name} answered ${path} with more than ${formatMiB(endpoint.maxBytes ?? MAX_REMOTE_ANSWER_BYTES)}; narrow the search (a shorter time range or a lower limit)`);
    if (response.status !== 200) throw new RemoteError(`${name} answered ${path} with HTTP ${response.status}: ${oneLine(text)}`);
    try {
      return parseJsonExactNumbers(text);
    } catch {
      throw new RemoteError(`${endpoint.url.href} did not answer as ${expected} does: it sent ${describeText(text)}; is it ${REMOTE_KIND_NAMES[endpoint.kind]}?`);
    }
  } finally {
    if (!response.body?.locked) await response.body?.cancel().catch(() => {});
  }
}

/**
 * What `read` made of an answer; its sentence when it found the wrong shape (a string, or a DecodeError naming the
 * field), as "URL did not answer as Zipkin's /api/v2/services does: …".
 */
export function shaped<T>(endpoint: RemoteEndpoint, expected: string, read: () => T | string): T {
  let result: T | string;
  try {
    result = read();
  } catch (error) {
    if (!(error instanceof DecodeError)) throw error;
    result = error.message;
  }
  if (typeof result === 'string') throw new RemoteError(`${endpoint.url.href} did not answer as ${expected} does: ${result}; is it ${REMOTE_KIND_NAMES[endpoint.kind]}?`);
  return result;
}

/** The body as text, read no further than `maxBytes` (a declared or streamed answer past it is the sentence). */
async function boundedText(response: Response, maxBytes: number, tooLarge: () => string): Promise<string> {
  if (Number(response.headers.get('content-length') ?? 0) > maxBytes) throw new RemoteError(tooLarge());
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  const reader = response.body?.getReader();
  for (let read = await reader?.read(); read && !read.done; read = await reader!.read()) {
    bytes += read.value.byteLength;
    if (bytes > maxBytes) {
      await reader!.cancel().catch(() => {});
      throw new RemoteError(tooLarge());
    }
    chunks.push(read.value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function formatMiB(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${bytes / 1024 / 1024} MiB` : `${bytes} bytes`;
}

function remoteUrl(base: URL, path: string, params: Record<string, string | undefined>): URL {
  const url = new URL(base.href);
  url.pathname = base.pathname.replace(/\/+$/, '') + path;
  url.search = '';
  for (const [key, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(key, value);
  return url;
}

function unreachableReason(error: unknown, url: URL): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code === 'ECONNREFUSED') return 'connection refused';
  if (cause?.code === 'ENOTFOUND' || cause?.code === 'EAI_AGAIN') return `no host is named ${url.hostname}`;
  if (cause?.code === 'ECONNRESET') return 'the connection was closed before an answer';
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

function describeText(text: string): string {
  const start = text.trimStart().slice(0, 200).toLowerCase();
  if (start.startsWith('<!doctype html') || start.startsWith('<html')) return 'an HTML page';
  if (start === '') return 'an empty answer';
  return `text that is not JSON (${JSON.stringify(oneLine(text, 40))})`;
}

function oneLine(text: string, max = 200): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max)}…` : line;
}
