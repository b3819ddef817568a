/**
 * The Tempo client against Tempo's answers as its HTTP API documentation shows them (grafana/tempo
 * `docs/sources/tempo/api_docs/_index.md`): test/fixtures/remote/tempo-search.json ("Example of tags-based search"),
 * tempo-search-tags-v2.json ("Search tags V2"), tempo-tag-values-v2.json ("Search tag values V2"), and
 * tempo-trace-v2.json ("Query V2": the trace under "trace", ids in base64 as Tempo writes bytes; its spans are
 * open-telemetry/opentelemetry-proto `examples/trace.json`).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { RemoteError } from '../../src-main/remote/remote-error';
import { searchAsTraceQL } from '../../src-main/remote/search-as-traceql';
import { TempoBackend } from '../../src-main/remote/tempo-backend';
import { tempoSearchSummaries } from '../../src-main/remote/tempo-responses';
import { parseSearchQuery } from '../../src-main/query/search-query';
import { fixture, replayServer, type ReplayServer } from '../helpers/replay-server';

let server: ReplayServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function tempo(answers: Parameters<typeof replayServer>[0]): Promise<TempoBackend> {
  server = await replayServer(answers);
  return new TempoBackend({ kind: 'tempo', url: new URL(server.url), headers: { 'X-Scope-OrgID': 'team-a' }, timeoutMs: 5000 });
}

describe('Tempo answers read', () => {
  it('search summaries: trimmed ids made whole, durations in ns', () => {
    const summaries = tempoSearchSummaries(fixture('remote/tempo-search.json'));
    expect(summaries).toEqual([
      expect.objectContaining({ traceId: '0000000000000000d6e9329d67b6146a', rootService: 'frontend', rootName: '/cart', startTimeUnixNano: '1634727903545000000', durationNano: '611000000' }),
      expect.objectContaining({ traceId: '00000000000000001b1ba462b409200d', durationNano: '611000000' }),
    ]);
  });

  it('a search answer without traces is named', () => {
    expect(tempoSearchSummaries({ status: 'success', data: [] })).toBe('it has no "traces" array');
  });
});

describe('the field search as TraceQL', () => {
  it('is the spanset filter the local engine runs, so Tempo answers the same question', () => {
    const query = parseSearchQuery(new URLSearchParams('service=cart&operation=GET /cart&minDuration=2ms&status=error'));
    expect(searchAsTraceQL(query)).toBe('{ resource.service.name = "cart" && name = "GET /cart" && status = error && duration >= 2ms }');
    expect(searchAsTraceQL(parseSearchQuery(new URLSearchParams('attr=http.status_code=500')))).toContain('span.http.status_code = "500" || span.http.status_code = 500');
    expect(searchAsTraceQL(parseSearchQuery(new URLSearchParams()))).toBe('{ }');
  });
});

describe('TempoBackend', () => {
  it('checks by the tag names, which also feed the editor (intrinsics left out)', async () => {
    const backend = await tempo({ '/api/v2/search/tags': { body: fixture('remote/tempo-search-tags-v2.json') } });
    await backend.check();
    const { tagNames } = await backend.tagNames();
    expect(tagNames).toContain('service.name');
    expect(tagNames).toContain('exception.message');
    expect(tagNames).not.toContain('rootServiceName');
    expect(server!.requests[0].headers['x-scope-orgid']).toBe('team-a');
  });

  it('searches with TraceQL, the window in Unix seconds', async () => {
    const backend = await tempo({ '/api/search': { body: fixture('remote/tempo-search.json') } });
    const answer = await backend.search(parseSearchQuery(new URLSearchParams('service=cartservice&minDuration=600ms&start=1634727000000&end=1634728000500&limit=5')));
    expect(answer.summaries.map((s) => s.traceId)).toEqual(['0000000000000000d6e9329d67b6146a', '00000000000000001b1ba462b409200d']);
    expect(answer.unsupported).toEqual([]);
    const asked = server!.requests[0].query;
    expect(asked.get('q')).toBe('{ resource.service.name = "cartservice" && duration >= 600ms }');
    expect([asked.get('start'), asked.get('end'), asked.get('limit')]).toEqual(['1634727000', '1634728001', '5']);
  });

  it('says a service-map call is not a Tempo filter', async () => {
    const backend = await tempo({ '/api/search': { body: { traces: [] } } });
    const answer = await backend.search(parseSearchQuery(new URLSearchParams('call=service:a>service:b')));
    expect(answer.unsupported).toEqual(['a call between two services (from the service map) is not a Tempo search filter']);
  });

  it('passes TraceQL through as typed', async () => {
    const backend = await tempo({ '/api/search': { body: fixture('remote/tempo-search.json') } });
    const answer = (await backend.traceQLSearch({ q: '{ span.foo =~ "b.*" } | by(resource.x)', limit: 20, spansPerSpanset: 3 })) as { traces: { traceID: string }[] };
    expect(server!.requests[0].query.get('q')).toBe('{ span.foo =~ "b.*" } | by(resource.x)');
    expect(answer.traces[0].traceID).toBe('0000000000000000d6e9329d67b6146a');
  });

  it('reads a trace by id from /api/v2/traces/ID, base64 ids and all', async () => {
    const backend = await tempo({ '/api/v2/traces/5b8efff798038103d269b633813fc60c': { body: fixture('remote/tempo-trace-v2.json') } });
    const spans = (await backend.trace('5b8efff798038103d269b633813fc60c'))!;
    expect(spans.length).toBeGreaterThan(0);
    expect(spans[0]).toMatchObject({ traceId: '5b8efff798038103d269b633813fc60c', spanId: 'eee19b7ec3c1b174', name: "I'm a server span", kind: 'SERVER' });
    expect(spans[0].resource.attributes['service.name']).toBe('my.service');
  });

  it('answers undefined for a trace Tempo does not know', async () => {
    const backend = await tempo({});
    expect(await backend.trace('5b8efff798038103d269b633813fc60c')).toBeUndefined();
  });

  it('lists services and operations from tag values', async () => {
    const backend = await tempo({ '/api/v2/search/tag/resource.service.name/values': { body: fixture('remote/tempo-tag-values-v2.json') }, '/api/v2/search/tag/name/values': { body: { tagValues: [{ type: 'string', value: 'GET /cart' }] } } });
    expect(await backend.services()).toEqual(['article-service', 'auth-service', 'billing-service', 'cart-service', 'postgres', 'shop-backend']);
    expect(await backend.operations('cart-service')).toEqual([{ name: 'GET /cart', kind: 'UNSPECIFIED' }]);
    expect(server!.requests[1].query.get('q')).toBe('{ resource.service.name = "cart-service" }');
  });

  it('says a server that answers tags in another shape is not Tempo', async () => {
    const backend = await tempo({ '/api/v2/search/tags': { body: { data: ['a'] } } });
    const error = await backend.check().then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(RemoteError);
    expect((error as Error).message).toBe(`${server!.url}/ did not answer as Tempo's /api/v2/search/tags does: it has no "scopes" array; is it Tempo?`);
  });
});
