/**
 * The Tempo-compatible API of the built `spanscope serve`, asked exactly as Grafana's Tempo data source asks
 * (grafana/grafana-tempo-datasource: pkg/tempo/tempo.go, search.go, trace.go, src/language_provider.ts), its answers
 * held to the shapes of Tempo's documentation (grafana/tempo docs/sources/tempo/api_docs/_index.md) and protobuf
 * messages (test/fixtures/tempo/trace-by-id.proto, from grafana/tempo pkg/tempopb/tempo.proto).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import protobuf from 'protobufjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServe, TOKEN, type ServeProcess } from '../helpers/serve-process';

const proto = protobuf.parse(readFileSync(join(__dirname, '../fixtures/tempo/trace-by-id.proto'), 'utf8')).root;
const TraceByIDResponse = proto.lookupType('tempotest.TraceByIDResponse');

/** The opentelemetry-proto example (service my.service, 2018) and a checkout trace with an error, an event and a link. */
const exampleRequest = readFileSync(join(__dirname, '../fixtures/otlp/opentelemetry-proto-example-trace.json'), 'utf8');
const EXAMPLE_TRACE = '5b8efff798038103d269b633813fc60c';
const CHECKOUT_TRACE = '0af7651916cd43dd8448eb211c80319c';
const T = 1_700_000_000; // seconds
const ns = (seconds: number, ms = 0) => String(BigInt(seconds) * 1_000_000_000n + BigInt(ms) * 1_000_000n);
const kv = (key: string, value: string) => ({ key, value: { stringValue: value } });
const checkoutRequest = {
  resourceSpans: [
    {
      resource: { attributes: [kv('service.name', 'checkout'), kv('deployment.environment.name', 'laptop')] },
      scopeSpans: [
        {
          scope: { name: 'checkout-http', version: '1.2.0' },
          spans: [
            { traceId: CHECKOUT_TRACE, spanId: 'b7ad6b7169203331', name: 'POST /checkout', kind: 2, startTimeUnixNano: ns(T), endTimeUnixNano: ns(T, 250), attributes: [kv('http.route', '/checkout')] },
            {
              traceId: CHECKOUT_TRACE,
              spanId: '00f067aa0ba902b7',
              parentSpanId: 'b7ad6b7169203331',
              name: 'charge card',
              kind: 3,
              startTimeUnixNano: ns(T, 10),
              endTimeUnixNano: ns(T, 200),
              attributes: [kv('payment.provider', 'acme')],
              events: [{ name: 'exception', timeUnixNano: ns(T, 150), attributes: [kv('exception.type', 'CardDeclined')] }],
              links: [{ traceId: EXAMPLE_TRACE, spanId: 'eee19b7ec3c1b174', attributes: [kv('link.kind', 'retry-of')] }],
              status: { code: 2, message: 'card declined' },
            },
          ],
        },
      ],
    },
  ],
};

let serve: ServeProcess;
let tempo: string;
beforeAll(async () => {
  serve = await startServe();
  tempo = serve.urls.api.replace(/\/api$/, '/tempo');
  for (const body of [exampleRequest, JSON.stringify(checkoutRequest)]) {
    const res = await fetch(`${serve.urls.otlpHttp}/v1/traces`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    expect(res.status).toBe(200); // answered once committed
  }
}, 60_000);
afterAll(async () => {
  await serve.stop();
});

/** As Grafana's backend sends it: the data source's Authorization header on every request. */
const grafana = (path: string, headers: Record<string, string> = {}) => fetch(`${tempo}${path}`, { headers: { Authorization: `Bearer ${TOKEN}`, ...headers } });
/** Go's url.Values.Encode: keys sorted, values escaped. */
const goQuery = (values: Record<string, string | number>) => new URLSearchParams(Object.entries(values).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, String(v)])).toString();

/**
 * Every key of `actual` is one the documented answer has, holding the same JSON type, all the way down (an array's
 * elements each against the documented first one): Grafana reads search answers with jsonpb, which refuses unknown fields.
 */
function expectShapeWithin(actual: unknown, documented: unknown, path = '$'): void {
  const type = (v: unknown) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);
  expect(type(actual), path).toBe(type(documented));
  if (Array.isArray(actual)) actual.forEach((item, i) => expectShapeWithin(item, (documented as unknown[])[0], `${path}[${i}]`));
  else if (type(actual) === 'object') {
    for (const [key, value] of Object.entries(actual as object)) {
      expect(Object.keys(documented as object), `${path}.${key} is not in Tempo's answer`).toContain(key);
      expectShapeWithin(value, (documented as Record<string, unknown>)[key], `${path}.${key}`);
    }
  }
}

describe('the data source health check (tempo.go CheckHealth: GET {url}/api/echo)', () => {
  it('answers 200 "echo"', async () => {
    const res = await grafana('/api/echo');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('echo');
  });

  it('refuses a request without the token or with a wrong one, as the rest of the API does', async () => {
    const none = await fetch(`${tempo}/api/echo`);
    expect(none.status).toBe(401);
    expect((await none.json()).error).toMatch(/missing or wrong token/);
    const wrong = await fetch(`${tempo}/api/v2/traces/${CHECKOUT_TRACE}`, { headers: { Authorization: 'Bearer not-the-token', Accept: 'application/protobuf' } });
    expect(wrong.status).toBe(401);
  });
});

describe('search (search.go createSearchRequest: q, limit, spss, start and end in Unix seconds)', () => {
  // The first example of "Search" in api_docs/_index.md, with the fields tempo.proto adds that Spanscope writes
  // (TraceSearchMetadata.spanSet, Span.name, SearchMetrics.inspectedTraces and inspectedSpans).
  const documentedSpanSet = { spans: [{ spanID: '563d623c76514f8e', name: 'n', startTimeUnixNano: '1684778327735077898', durationNanos: '446979497', attributes: [{ key: 'status', value: { stringValue: 'error' } }] }], matched: 1 };
  const documented = {
    traces: [{ traceID: '2f3e0cee77ae5dc9c17ade3689eb2e54', rootServiceName: 'shop-backend', rootTraceName: 'update-billing', startTimeUnixNano: '1684778327699392724', durationMs: 557, spanSets: [documentedSpanSet], spanSet: documentedSpanSet }],
    metrics: { inspectedTraces: 3100, inspectedSpans: 1, totalBlocks: 13 },
  };

  it('answers a TraceQL search within the window in Tempo\'s SearchResponse', async () => {
    const q = '{ status = error }';
    const res = await grafana(`/api/search?${goQuery({ q, limit: 20, spss: 3, start: T - 3600, end: T + 3600 })}`, { Accept: 'application/json' });
    expect(res.status).toBe(200);
    const body = await res.json();
    expectShapeWithin(body, documented);
    expect(body.traces).toHaveLength(1);
    expect(body.traces[0]).toMatchObject({ traceID: CHECKOUT_TRACE, rootServiceName: 'checkout', rootTraceName: 'POST /checkout', startTimeUnixNano: ns(T), durationMs: 250 });
    expect(body.traces[0].spanSets[0]).toEqual({ spans: [{ spanID: '00f067aa0ba902b7', name: 'charge card', startTimeUnixNano: ns(T, 10), durationNanos: '190000000', attributes: [kv('service.name', 'checkout')] }], matched: 1 });
  });

  it('finds nothing outside the window, and everything without one', async () => {
    const outside = await (await grafana(`/api/search?${goQuery({ q: '{}', limit: 20, spss: 3, start: T + 3600, end: T + 7200 })}`)).json();
    expect(outside.traces).toEqual([]);
    const all = await (await grafana(`/api/search?${goQuery({ q: '{}', limit: 20, spss: 3 })}`)).json();
    expect(all.traces.map((t: { traceID: string }) => t.traceID)).toEqual([CHECKOUT_TRACE, EXAMPLE_TRACE]);
  });

  it('answers a query that does not parse with 400 and Tempo\'s words, in plain text, and stays up', async () => {
    const res = await grafana(`/api/search?${goQuery({ q: '{ status = }', limit: 20, spss: 3 })}`);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await res.text()).toMatch(/^invalid TraceQL query: line 1, column \d+: /);
    const badTime = await grafana(`/api/search?${goQuery({ q: '{}', start: '2023-11-14T00:00:00Z', end: T })}`);
    expect(badTime.status).toBe(400);
    expect(await badTime.text()).toBe('invalid start: "2023-11-14T00:00:00Z" is not a time in Unix seconds');
    expect((await grafana('/api/echo')).status).toBe(200);
  });
});

describe('tag names (language_provider.ts fetchTags → tempo.go handleTags: GET {url}/api/v2/search/tags?limit=5000)', () => {
  // "Search tags V2" in api_docs/_index.md.
  const documented = { scopes: [{ name: 'link', tags: ['link-type'] }] };

  it('answers the keys of each scope and the intrinsics, as Tempo\'s v2 scopes', async () => {
    const res = await grafana(`/api/v2/search/tags?${goQuery({ limit: 5000 })}`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expectShapeWithin(body, documented);
    const scopes = Object.fromEntries(body.scopes.map((s: { name: string; tags: string[] }) => [s.name, s.tags]));
    expect(scopes.resource).toEqual(['deployment.environment.name', 'service.name']);
    expect(scopes.span).toEqual(['http.route', 'my.span.attr', 'payment.provider']);
    expect(scopes.event).toEqual(['exception.type']);
    expect(scopes.link).toEqual(['link.kind']);
    expect(scopes.instrumentation).toEqual(['my.scope.attribute']);
    expect(scopes.intrinsic).toEqual(expect.arrayContaining(['duration', 'name', 'status', 'span:name', 'trace:rootService']));
  });

  it('answers one scope, and refuses one Tempo does not have', async () => {
    expect(await (await grafana('/api/v2/search/tags?scope=event')).json()).toEqual({ scopes: [{ name: 'event', tags: ['exception.type'] }] });
    const res = await grafana('/api/v2/search/tags?scope=attributes');
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/^invalid scope: "attributes"/);
  });
});

describe('tag values (language_provider.ts getOptionsV2 → tempo.go handleTagValues: GET {url}/api/v2/search/tag/TAG/values)', () => {
  // "Search tag values V2" in api_docs/_index.md.
  const documented = { tagValues: [{ type: 'string', value: 'article-service' }] };
  const values = async (tag: string, q?: string) => {
    const res = await grafana(`/api/v2/search/tag/${tag}/values?${goQuery({ limit: 5000, tag: encodeURIComponent(tag), ...(q ? { q } : {}) })}`);
    expect(res.status).toBe(200);
    const body = await res.json();
    expectShapeWithin(body, documented);
    return body.tagValues;
  };

  it('answers the values of a field, typed', async () => {
    expect(await values('resource.service.name')).toEqual([{ type: 'string', value: 'checkout' }, { type: 'string', value: 'my.service' }]);
    expect(await values('status')).toEqual([{ type: 'keyword', value: 'error' }, { type: 'keyword', value: 'ok' }, { type: 'keyword', value: 'unset' }]);
  });

  it('answers only the values of spans the filter q matches (the search builder\'s other fields)', async () => {
    expect(await values('name', '{resource.service.name="checkout"}')).toEqual([{ type: 'string', value: 'POST /checkout' }, { type: 'string', value: 'charge card' }].sort((a, b) => a.value.localeCompare(b.value)));
    expect(await values('span.http.route', '{resource.service.name="my.service"}')).toEqual([]);
  });

  it('refuses a tag that is not a TraceQL field', async () => {
    const res = await grafana(`/api/v2/search/tag/${encodeURIComponent('http route')}/values`);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/"http route" is not a TraceQL field/);
  });
});

describe('trace by id (trace.go createRequest: GET {url}/api/v2/traces/ID, Accept: application/protobuf, then /api/traces/ID on 404)', () => {
  const spansOf = (trace: { resourceSpans: { scopeSpans: { spans: Record<string, unknown>[] }[] }[] }) => trace.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
  const hex = (base64: unknown) => Buffer.from(base64 as string, 'base64').toString('hex');

  it('answers a TraceByIDResponse holding every span', async () => {
    const res = await grafana(`/api/v2/traces/${CHECKOUT_TRACE}`, { Accept: 'application/protobuf' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/protobuf');
    const message = TraceByIDResponse.decode(new Uint8Array(await res.arrayBuffer()));
    const answer = TraceByIDResponse.toObject(message, { longs: String, bytes: String, defaults: false });
    const spans = spansOf(answer.trace);
    expect(spans.map((s) => [hex(s.traceId), hex(s.spanId), s.name]).sort()).toEqual([
      [CHECKOUT_TRACE, '00f067aa0ba902b7', 'charge card'],
      [CHECKOUT_TRACE, 'b7ad6b7169203331', 'POST /checkout'],
    ]);
    const charge = spans.find((s) => s.name === 'charge card')!;
    expect(charge).toMatchObject({ kind: 3, startTimeUnixNano: ns(T, 10), status: { code: 2, message: 'card declined' } });
    expect((charge.events as { name: string }[])[0].name).toBe('exception');
    expect(hex((charge.links as { traceId: string }[])[0].traceId)).toBe(EXAMPLE_TRACE);
    expect(answer.trace.resourceSpans[0].resource.attributes).toContainEqual(kv('service.name', 'checkout'));
  });

  it('answers a trace found within start and end, and 404 when none of it is', async () => {
    expect((await grafana(`/api/v2/traces/${CHECKOUT_TRACE}?start=${T - 1800}&end=${T + 1800}`, { Accept: 'application/protobuf' })).status).toBe(200);
    expect((await grafana(`/api/v2/traces/${CHECKOUT_TRACE}?start=${T + 1800}&end=${T + 3600}`, { Accept: 'application/protobuf' })).status).toBe(404);
  });

  it('answers 404 for a trace it does not have, at v2 and at v1, in plain text', async () => {
    for (const path of ['/api/v2/traces/', '/api/traces/']) {
      const res = await grafana(`${path}ffffffffffffffffffffffffffffffff`, { Accept: 'application/protobuf' });
      expect(res.status).toBe(404);
      expect(await res.text()).toBe('trace ffffffffffffffffffffffffffffffff not found');
    }
  });

  it('answers JSON when protobuf is not asked for, as Tempo writes it: {"trace": {"resourceSpans"}} at v2, {"batches"} at v1', async () => {
    const v2 = await (await grafana(`/api/v2/traces/${EXAMPLE_TRACE.toUpperCase()}`)).json();
    expect(spansOf(v2.trace).map((s) => [hex(s.traceId), hex(s.spanId), s.name, s.kind])).toEqual([[EXAMPLE_TRACE, 'eee19b7ec3c1b174', "I'm a server span", 'SPAN_KIND_SERVER']]);
    const v1 = await (await grafana(`/api/traces/${EXAMPLE_TRACE}`)).json();
    expect(v1.batches).toEqual(v2.trace.resourceSpans);
  });

  it('refuses what is not a trace id', async () => {
    const res = await grafana('/api/v2/traces/not-hex', { Accept: 'application/protobuf' });
    expect(res.status).toBe(400);
    expect(await res.text()).toBe('invalid trace id: "not-hex" is not 1 to 32 hex digits');
  });
});
