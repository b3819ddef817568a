/** OTLP/HTTP receiver: POST /v1/traces and /v1/logs (protobuf or JSON, gzip), /v1/metrics acknowledged, CORS for browser SDKs. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ForwardBatch } from '../forward/forwarder';
import type { Store } from '../store/store';
import { setReceiverCors } from './cors';
import { failureStatus } from './failure-status';
import { ingestLogs, ingestTraces } from './ingest';
import {
  CONTENT_TYPE,
  exportResponse,
  GRPC_INTERNAL,
  GRPC_INVALID_ARGUMENT,
  GRPC_UNAVAILABLE,
  statusResponse,
  type Encoding,
} from './otlp-responses';
import { readBody, refuseUnread, type BodyLimits } from './read-body';

const SIGNAL_PATHS = new Set(['/v1/traces', '/v1/logs', '/v1/metrics']);

export function otlpHttpHandler(store: Store, limits: BodyLimits, log: (line: string) => void, forward?: ForwardBatch) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0];
    setReceiverCors(req, res);
    if (!SIGNAL_PATHS.has(path)) return send(res, 404, 'json', statusResponse('json', 5, `no OTLP endpoint at ${path}; traces go to POST /v1/traces`));
    if (req.method === 'OPTIONS') {
      res.writeHead(204).end();
      return;
    }
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST, OPTIONS');
      return send(res, 405, 'json', statusResponse('json', GRPC_INVALID_ARGUMENT, `${req.method} is not allowed on ${path}; use POST`));
    }
    const encoding = encodingOf(req.headers['content-type']);
    if (encoding === undefined) {
      req.resume();
      const message = `Content-Type "${req.headers['content-type'] ?? ''}" is not supported; send application/x-protobuf or application/json`;
      return send(res, 415, 'json', statusResponse('json', GRPC_INVALID_ARGUMENT, message));
    }
    try {
      if (path !== '/v1/metrics') refuseUnread(req, store.refusalBeforeReading());
      const body = await readBody(req, res, limits);
      if (path === '/v1/metrics') return send(res, 200, encoding, encoding === 'json' ? Buffer.from('{}') : Buffer.alloc(0));
      if (path === '/v1/logs') {
        const result = await ingestLogs(store, body, encoding, forward);
        return send(res, 200, encoding, exportResponse(encoding, result.rejectedRecords, result.errorMessage, 'logs'));
      }
      const result = await ingestTraces(store, body, encoding, forward);
      send(res, 200, encoding, exportResponse(encoding, result.rejectedSpans, result.errorMessage));
    } catch (error) {
      const { status, message, headers } = failureStatus(error);
      const grpcCode = status === 503 ? GRPC_UNAVAILABLE : status >= 500 ? GRPC_INTERNAL : GRPC_INVALID_ARGUMENT;
      if (status >= 500) log(`OTLP/HTTP ${path}: ${message}`);
      for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
      send(res, status, encoding, statusResponse(encoding, grpcCode, message));
    }
  };
}

function encodingOf(contentType: string | undefined): Encoding | undefined {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'application/x-protobuf' || type === 'application/protobuf') return 'protobuf';
  if (type === 'application/json') return 'json';
  return undefined;
}

function send(res: ServerResponse, status: number, encoding: Encoding, body: Buffer): void {
  res.writeHead(status, { 'Content-Type': CONTENT_TYPE[encoding], 'Content-Length': body.length });
  res.end(body);
}
