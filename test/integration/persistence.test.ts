/** SIGTERM writes what was accepted and closes cleanly; a restart on the same database finds everything and carries on. */
import { describe, expect, it } from 'vitest';
import type { ApiTrace } from '../../src-main/model/api';
import { encodeTraceRequestProtobuf } from '../../src-main/otlp/encode-protobuf';
import { postOtlp } from '../helpers/otlp-bodies';
import { startServe, tempDbPath } from '../helpers/serve-process';
import { attrs, hexId, span } from '../helpers/spans';

function send(otlpHttp: string, traceId: string, key: string) {
  const body = encodeTraceRequestProtobuf([span({ traceId, spanId: hexId(8), attributes: attrs({ [key]: 'v', shared: 1n }) })]);
  return postOtlp(otlpHttp, body);
}

describe('a restarted server', () => {
  it('keeps every acknowledged span and new attribute keys keep decoding', async () => {
    const dbPath = tempDbPath();
    const first = await startServe([], dbPath);
    const before = hexId(16);
    expect((await send(first.urls.otlpHttp, before, 'first.key')).status).toBe(200);
    expect(await first.stop('SIGTERM')).toBe(0);
    expect(first.stderr()).toMatch(/SIGTERM: writing what was received, then stopping/);

    const second = await startServe([], dbPath);
    const after = hexId(16);
    expect((await send(second.urls.otlpHttp, after, 'second.key')).status).toBe(200);
    const old = await second.api<ApiTrace>(`/traces/${before}`);
    const fresh = await second.api<ApiTrace>(`/traces/${after}`);
    expect(old.body.spans[0].attributes).toEqual({ 'first.key': 'v', shared: '1' });
    expect(fresh.body.spans[0].attributes).toEqual({ 'second.key': 'v', shared: '1' });
    expect(await second.stop('SIGINT')).toBe(0);
  });
});
