/**
 * The Zipkin client against its v2 query API, answers shaped as openzipkin/zipkin-api `zipkin2-api.yaml` describes
 * them (`/services` and `/spans`: arrays of names; `/traces`: an array of traces, each an array of spans;
 * `/trace/{traceId}`: an array of spans), the spans being openzipkin/zipkin `zipkin-lens/testdata/` traces
 * (test/fixtures/zipkin-lens/yelp.json, messaging.json).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parseSearchQuery } from '../../src-main/query/search-query';
import { RemoteError } from '../../src-main/remote/remote-error';
import { ZipkinBackend } from '../../src-main/remote/zipkin-backend';
import { zipkinTracesSpans } from '../../src-main/remote/zipkin-responses';
import { fixture, replayServer, type ReplayServer } from '../helpers/replay-server';

let server: ReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const yelp = fixture('zipkin-lens/yelp.json');
const messaging = fixture('zipkin-lens/messaging.json');

async function zipkin(answers: Parameters<typeof replayServer>[0]): Promise<ZipkinBackend> {
  server = await replayServer(answers);
  return new ZipkinBackend({ kind: 'zipkin', url: new URL(server.url), headers: {}, timeoutMs: 5000 });
}

describe('Zipkin answers read', () => {
  it('an array of traces becomes their spans', () => {
    const spans = zipkinTracesSpans([yelp, messaging]);
    expect(typeof spans).not.toBe('string');
    expect(new Set((spans as { traceId: string }[]).map((s) => s.traceId))).toEqual(new Set(['0000000000000000a03ee8fff1dcd9b9', '5aab74dbb904746bb33447baae403ed6']));
  });

  it('one trace where an array of traces belongs is named', () => {
    expect(zipkinTracesSpans(yelp)).toBe('it is not an array of traces (arrays of spans)');
  });
});

describe('ZipkinBackend', () => {
  it('lists services and span names', async () => {
    const backend = await zipkin({ '/api/v2/services': { body: ['routing', 'mobile_api'] }, '/api/v2/spans': { body: ['post', 'get'] } });
    await backend.check();
    expect(await backend.services()).toEqual(['mobile_api', 'routing']);
    expect(await backend.operations('routing')).toEqual([{ name: 'get', kind: 'UNSPECIFIED' }, { name: 'post', kind: 'UNSPECIFIED' }]);
    expect(server!.requests.at(-1)!.query.get('serviceName')).toBe('routing');
  });

  it('searches: tags and errors in annotationQuery, times in ms, durations in µs', async () => {
    const backend = await zipkin({ '/api/v2/traces': { body: [yelp, messaging] } });
    const answer = await backend.search(parseSearchQuery(new URLSearchParams('service=routing&operation=get&attr=http.method=GET&status=error&minDuration=2ms&maxDuration=1s&start=1571896000000&end=1571896400000&limit=3&spanKind=client')));
    expect(answer.spans.length).toBe(20);
    expect(answer.unsupported).toEqual(['the span kind is not a Zipkin search filter']);
    expect(Object.fromEntries(server!.requests[0].query)).toEqual({
      serviceName: 'routing',
      spanName: 'get',
      annotationQuery: 'http.method=GET and error',
      minDuration: '2000',
      maxDuration: '1000000',
      endTs: '1571896400000',
      lookback: '400000',
      limit: '3',
    });
  });

  it('asks for a 64-bit trace by its 16 digits', async () => {
    const backend = await zipkin({ '/api/v2/trace/a03ee8fff1dcd9b9': { body: yelp } });
    expect((await backend.trace('0000000000000000a03ee8fff1dcd9b9'))!.length).toBe(16);
    expect(await backend.trace('5aab74dbb904746bb33447baae403ed6')).toBeUndefined();
  });

  it('says a JSON answer of the wrong shape is not Zipkin', async () => {
    const backend = await zipkin({ '/api/v2/services': { body: { services: ['a'] } } });
    const error = await backend.check().then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteError);
    expect((error as Error).message).toBe(`${server!.url}/ did not answer as Zipkin's /api/v2/services does: it is not an array of names; is it Zipkin?`);
  });

  it('names the span a broken trace breaks at', async () => {
    const backend = await zipkin({ '/api/v2/trace/a03ee8fff1dcd9b9': { body: [{ traceId: 'a03ee8fff1dcd9b9', id: 'x', duration: 'long' }] } });
    const error = await backend.trace('a03ee8fff1dcd9b9').then(() => undefined, (e: unknown) => e);
    expect((error as Error).message).toMatch(/did not answer as Zipkin's \/api\/v2\/trace\/ID does: \[0\]/);
  });
});
