/** OTLP request bodies for tests, made with the project's encoder from model spans. */
import { encodeTraceRequestProtobuf } from '../../src-main/otlp/encode-protobuf';
import { hexId, span } from './spans';

export function protobufRequest(traceId: string, spanCount: number): Buffer {
  return encodeTraceRequestProtobuf(Array.from({ length: spanCount }, () => span({ traceId, spanId: hexId(8) })));
}

export function jsonRequest(spans: { traceId: string; spanId: string; name?: string }[]): string {
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'json-svc' } }] },
        scopeSpans: [{ scope: { name: 'test' }, spans: spans.map((s) => ({ name: 'op', startTimeUnixNano: '1700000000000000000', endTimeUnixNano: '1700000000001000000', ...s })) }],
      },
    ],
  });
}

/** POSTs an OTLP body (protobuf bytes or JSON text) to an OTLP/HTTP receiver. */
export function postOtlp(otlpHttp: string, body: Uint8Array | string, contentType = 'application/x-protobuf', headers: Record<string, string> = {}, path = '/v1/traces') {
  return fetch(`${otlpHttp}${path}`, { method: 'POST', body: typeof body === 'string' ? body : new Uint8Array(body), headers: { 'Content-Type': contentType, ...headers } });
}
