/**
 * Where `--forward` sends: a base URL as OTEL_EXPORTER_OTLP_ENDPOINT is one (`http://host:4318`, the signal's path
 * appended), or `grpc://host:4317`; and the `--forward-header 'Name: value'` lines. Pure; errors name the flag.
 */

export interface ForwardTarget {
  /** The URL as given, for the status and the UI. */
  url: string;
  protocol: 'http' | 'grpc';
  /** http: the two export URLs. */
  tracesUrl: string;
  logsUrl: string;
  /** grpc: host:port as grpc-js takes it. */
  address: string;
  hostname: string;
  port: number;
  headers: Record<string, string>;
}

export class ForwardTargetError extends Error {}

const DEFAULT_PORT: Record<string, number> = { 'http:': 80, 'https:': 443, 'grpc:': 4317 };
/** RFC 9110's token: the characters a header name may have. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

export function parseForwardUrl(text: string, flag = '--forward'): Omit<ForwardTarget, 'headers'> {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ForwardTargetError(`${flag} "${text}" is not a URL; use http://host:4318 (OTLP/HTTP) or grpc://host:4317 (OTLP/gRPC)`);
  }
  if (!(url.protocol in DEFAULT_PORT) || url.hostname === '') {
    throw new ForwardTargetError(`${flag} "${text}" is not an OTLP endpoint; use http://host:4318 (OTLP/HTTP) or grpc://host:4317 (OTLP/gRPC)`);
  }
  if (url.search !== '' || url.hash !== '') throw new ForwardTargetError(`${flag} "${text}" has a query or fragment; give the base URL only, e.g. http://host:4318`);
  const port = url.port === '' ? DEFAULT_PORT[url.protocol] : Number(url.port);
  const base = url.href.replace(/\/+$/, '');
  const protocol = url.protocol === 'grpc:' ? 'grpc' : 'http';
  if (protocol === 'grpc' && url.pathname !== '/' && url.pathname !== '') throw new ForwardTargetError(`${flag} "${text}" has a path; a gRPC endpoint is grpc://host:port`);
  return { url: text, protocol, tracesUrl: `${base}/v1/traces`, logsUrl: `${base}/v1/logs`, address: `${url.hostname}:${port}`, hostname: url.hostname.replace(/^\[|\]$/g, ''), port };
}

/** `Name: value` → [name, value]; the name lowercased, as HTTP/2 and gRPC metadata carry it. */
export function parseForwardHeader(text: string, flag = '--forward-header'): [string, string] {
  const colon = text.indexOf(':');
  const name = colon < 0 ? '' : text.slice(0, colon).trim();
  if (!HEADER_NAME.test(name)) throw new ForwardTargetError(`${flag} "${text}" is not a header; write it as 'Name: value', e.g. 'Authorization: Bearer abc'`);
  const value = text.slice(colon + 1).trim();
  if (/[\r\n\0]/.test(value)) throw new ForwardTargetError(`${flag} "${name}" has a line break in its value`);
  return [name.toLowerCase(), value];
}
