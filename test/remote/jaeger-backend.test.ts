/**
 * The Jaeger client against its query service's answers. API v3: test/fixtures/remote/jaeger-v3-find-traces.json
 * and jaeger-v3-get-trace.json are jaegertracing/jaeger `cmd/query/app/apiv3/snapshots/FindTraces.json` and
 * `GetTrace.json`; jaeger-v3-services.json and jaeger-v3-operations.json are shaped as `http_gateway.go` marshals
 * GetServicesResponse and GetOperationsResponse (`cmd/jaeger/internal/extension/jaegerquery/internal/apiv3/` in
 * Jaeger v2, which also answers an empty search with 404 "No traces found"). Classic API: jaeger-classic-traces.json is
 * `model/converter/json/fixtures/ui_01.json` in the `{"data": [...]}` envelope `/api/traces` answers with.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { JaegerBackend } from '../../src-main/remote/jaeger-backend';
import { jaegerV3Spans } from '../../src-main/remote/jaeger-responses';
import { RemoteError } from '../../src-main/remote/remote-error';
import { QueryError } from '../../src-main/query/query-error';
import { parseSearchQuery } from '../../src-main/query/search-query';
import { fixture, replayServer, type ReplayServer } from '../helpers/replay-server';

let server: ReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function jaeger(answers: Parameters<typeof replayServer>[0]): Promise<JaegerBackend> {
  server = await replayServer(answers);
  return new JaegerBackend({ kind: 'jaeger', url: new URL(server.url), headers: {}, timeoutMs: 5000 });
}

const V3 = {
  '/api/v3/services': { body: fixture('remote/jaeger-v3-services.json') },
  '/api/v3/operations': { body: fixture('remote/jaeger-v3-operations.json') },
  '/api/v3/traces': { body: fixture('remote/jaeger-v3-find-traces.json') },
  '/api/v3/traces/000000000000009600000000000000a0': { body: fixture('remote/jaeger-v3-get-trace.json') },
};
const CLASSIC = {
  '/api/services': { body: fixture('remote/jaeger-classic-services.json') },
  '/api/services/service-x/operations': { body: { data: ['some-operation', 'test-general-conversion'], total: 2, limit: 0, offset: 0, errors: null } },
  '/api/traces': { body: fixture('remote/jaeger-classic-traces.json') },
  '/api/traces/00000000000000000000000000000001': { body: fixture('remote/jaeger-classic-traces.json') },
};

describe('Jaeger API v3 answers read', () => {
  it('reads the OTLP spans under "result", and bare (GetTrace)', () => {
    for (const name of ['remote/jaeger-v3-find-traces.json', 'remote/jaeger-v3-get-trace.json']) {
      const spans = jaegerV3Spans(fixture(name));
      expect(spans).toEqual([expect.objectContaining({ traceId: '000000000000009600000000000000a0', spanId: '00000000000000b4', name: 'foobar', kind: 'SERVER', status: expect.objectContaining({ code: 'ERROR' }) })]);
    }
  });

  it('an empty answer is no traces; another shape is named', () => {
    expect(jaegerV3Spans({ result: {} })).toEqual([]);
    expect(jaegerV3Spans({ data: [] })).toBe('it has neither "result" nor "resourceSpans"');
  });
});

describe('JaegerBackend on API v3', () => {
  it('finds services and operations with their kinds', async () => {
    const backend = await jaeger(V3);
    await backend.check();
    expect(await backend.services()).toEqual(['service-x', 'service-y']);
    expect(await backend.operations('service-x')).toEqual([{ name: 'some-operation', kind: 'SERVER' }, { name: 'reference-test', kind: 'UNSPECIFIED' }]);
    expect(server!.requests.at(-1)!.query.get('service')).toBe('service-x');
  });

  it('searches by query.* parameters and says which filters API v3 does not take', async () => {
    const backend = await jaeger(V3);
    const answer = await backend.search(parseSearchQuery(new URLSearchParams('service=service-x&operation=foobar&minDuration=1.5ms&attr=http.method=GET&status=error&start=2024-01-01T00:00:00Z&end=2024-01-01T01:00:00.5Z&limit=7')));
    expect(answer.spans.map((s) => s.name)).toEqual(['foobar']);
    expect(answer.unsupported).toEqual(["attribute filters (http.method=GET) are not taken by Jaeger's API v3 search", "status=error is not a filter of Jaeger's API v3 search"]);
    const asked = server!.requests.find((r) => r.path === '/api/v3/traces')!.query;
    expect(Object.fromEntries(asked)).toEqual({
      'query.service_name': 'service-x',
      'query.operation_name': 'foobar',
      'query.start_time_min': '2024-01-01T00:00:00.000000000Z',
      'query.start_time_max': '2024-01-01T01:00:00.500000000Z',
      'query.duration_min': '1500000ns',
      'query.num_traces': '7',
    });
  });

  it('reads "No traces found" (404, as http_gateway.go answers an empty search) as no traces', async () => {
    const backend = await jaeger({ ...V3, '/api/v3/traces': { status: 404, body: { error: { httpCode: 404, message: 'No traces found' } } } });
    const answer = await backend.search(parseSearchQuery(new URLSearchParams('service=service-x')));
    expect(answer.spans).toEqual([]);
  });

  it('needs a service, as Jaeger does', async () => {
    const backend = await jaeger(V3);
    await expect(backend.search(parseSearchQuery(new URLSearchParams()))).rejects.toThrow(QueryError);
  });

  it('reads a trace by id; one it does not know is undefined', async () => {
    const backend = await jaeger(V3);
    expect((await backend.trace('000000000000009600000000000000a0'))!.map((s) => s.spanId)).toEqual(['00000000000000b4']);
    expect(await backend.trace('0000000000000000000000000000beef')).toBeUndefined();
  });
});

describe('JaegerBackend on the classic API', () => {
  it('falls back to /api/services when /api/v3 is not there', async () => {
    const backend = await jaeger(CLASSIC);
    await backend.check();
    expect(server!.requests.map((r) => r.path)).toEqual(['/api/v3/services', '/api/services']);
    expect(await backend.operations('service-x')).toEqual([{ name: 'some-operation', kind: 'UNSPECIFIED' }, { name: 'test-general-conversion', kind: 'UNSPECIFIED' }]);
  });

  it('searches with tags as JSON (error=true for errors), times in µs', async () => {
    const backend = await jaeger(CLASSIC);
    const answer = await backend.search(parseSearchQuery(new URLSearchParams('service=service-x&attr=peer.service=service-y&status=error&start=1485467191000&end=1485467192000&spanKind=server&operation=x')));
    expect(new Set(answer.spans.map((s) => s.traceId))).toEqual(new Set(['00000000000000000000000000000001']));
    expect(answer.spans.find((s) => s.name === 'some-operation' && s.resource.attributes['service.name'] === 'service-x')?.attributes.temperature).toBe(72.5);
    expect(answer.unsupported).toEqual(['the span kind is not a Jaeger search filter']);
    const asked = server!.requests.find((r) => r.path === '/api/traces')!.query;
    expect(JSON.parse(asked.get('tags')!)).toEqual({ 'peer.service': 'service-y', error: 'true' });
    expect([asked.get('start'), asked.get('end')]).toEqual(['1485467191000000', '1485467192000000']);
  });

  it('reads a trace by id', async () => {
    const backend = await jaeger(CLASSIC);
    expect((await backend.trace('00000000000000000000000000000001'))!.length).toBe(5);
  });

  it('says an address that answers neither API is not Jaeger\'s query service', async () => {
    const backend = await jaeger({});
    const error = await backend.check().then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteError);
    expect((error as Error).message).toBe(`${server!.url}/ answers neither Jaeger's /api/v3/services nor /api/services (404); give the address of Jaeger's query service (its UI, port 16686)`);
  });
});
