/** A file sent to `POST /api/sources` a piece at a time, so a test can look at it while it is still loading. */
import { request, type ClientRequest } from 'node:http';
import type { SourceInfo } from '../../src-main/model/api';
import { encodeTraceRequestProtobuf } from '../../src-main/otlp/encode-protobuf';
import { attrs, hexId, span } from './spans';

/** A trace of 300 spans as one message of the Collector's length-prefixed protobuf stream (over the 64 KiB sniffed). */
export function streamMessage(traceId: string): Buffer {
  const spans = Array.from({ length: 300 }, (_, i) => span({ traceId, spanId: hexId(8), name: `step ${i}`, attributes: attrs({ note: 'x'.repeat(200) }) }));
  const body = encodeTraceRequestProtobuf(spans);
  const prefix = Buffer.alloc(4);
  prefix.writeUInt32BE(body.length);
  return Buffer.concat([prefix, body]);
}

export interface SlowUpload {
  /** Write pieces with `req.write`, the last with `req.end`. */
  req: ClientRequest;
  answer: Promise<{ status: number; body: SourceInfo & { error?: string } }>;
}

/** `api`: the API's base URL (…/api). */
export function startUpload(api: string, token: string, name: string, upload: string): SlowUpload {
  const req = request(`${api}/sources?name=${name}&upload=${upload}`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
  const answer = new Promise<SlowUpload['answer'] extends Promise<infer T> ? T : never>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
    });
    req.on('error', reject);
  });
  return { req, answer };
}
