/** Zipkin receiver: POST /api/v2/spans with a Zipkin v2 JSON array (gzip too), answered 202 once committed. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { decodeZipkinJsonText } from '../formats/zipkin-decode';
import type { ForwardBatch } from '../forward/forwarder';
import { encodeTraceRequestProtobuf } from '../otlp/encode-protobuf';
import type { Store } from '../store/store';
import { setReceiverCors } from './cors';
import { failureStatus } from './failure-status';
import { readBody, refuseUnread, type BodyLimits } from './read-body';

const SPANS_PATH = '/api/v2/spans';

export function zipkinHttpHandler(store: Store, limits: BodyLimits, log: (line: string) => void, forward?: ForwardBatch) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0];
    setReceiverCors(req, res);
    if (path !== SPANS_PATH) return sendText(res, 404, `no Zipkin endpoint at ${path}; spans go to POST ${SPANS_PATH}`);
    if (req.method === 'OPTIONS') return void res.writeHead(204).end();
    if (req.method !== 'POST') {
      res.setHeader('Allow', 'POST, OPTIONS');
      return sendText(res, 405, `${req.method} is not allowed on ${SPANS_PATH}; use POST`);
    }
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (type !== 'application/json') {
      req.resume();
      return sendText(res, 415, `Content-Type "${req.headers['content-type'] ?? ''}" is not supported; send a Zipkin v2 JSON array as application/json`);
    }
    try {
      refuseUnread(req, store.refusalBeforeReading());
      const spans = decodeZipkinJsonText((await readBody(req, res, limits)).toString('utf8'));
      await store.write(spans);
      res.writeHead(202).end();
      // Forwarded as OTLP, encoded once, after the answer.
      if (forward && spans.length > 0) forward('traces', encodeTraceRequestProtobuf(spans), spans.length);
    } catch (error) {
      const { status, message, headers } = failureStatus(error);
      if (status >= 500) log(`Zipkin ${SPANS_PATH}: ${message}`);
      for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
      sendText(res, status, status === 400 ? `not a Zipkin v2 span list: ${message}` : message);
    }
  };
}

function sendText(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`${message}\n`);
}
