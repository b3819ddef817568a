/**
 * Spanscope's MCP server, asked by the official TypeScript SDK's client: over streamable HTTP at /mcp of the built
 * `spanscope serve` (behind its token and Origin check), and over stdio from `spanscope mcp` on a store. Known
 * data: the cart trace of test/fixtures/archives/same-trace.otlp.json (GET /cart 120 ms, its SELECT 50 ms failing
 * with "deadlock"), the same trace again with the SELECT 80 ms slower under another id, each in a run started by
 * hand, and the checkout log records of test/fixtures/archives/checkout-logs.otlp.json.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, startServe, tempDbPath, TOKEN, type ServeProcess } from '../helpers/serve-process';

const fixture = (name: string) => readFileSync(join(__dirname, '../fixtures/archives', name), 'utf8');
const CART = '5b8aa5a2d2c872e8321cf37308d69df2';
const SLOWER = '5b8aa5a2d2c872e8321cf37308d69df3';
const LOGGED = '5b8efff798038103d269b633813fc60c';
const slower = fixture('same-trace.otlp.json').replaceAll(CART, SLOWER).replace('"1700000000070000000"', '"1700000000150000000"');
const TOOLS = ['compare_runs', 'compare_traces', 'find_in_trace', 'get_logs', 'get_span', 'get_trace', 'query_metrics', 'search_traces', 'service_map'];

let serve: ServeProcess;
let client: Client;

async function importFile(text: string) {
  const res = await fetch(`${serve.urls.api}/import?name=file.json`, { method: 'POST', body: text, headers: { Authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
}

async function startRun(label: string) {
  expect((await serve.api('/runs', { method: 'POST', body: JSON.stringify({ label }) })).status).toBe(200);
}

beforeAll(async () => {
  serve = await startServe();
  await startRun('before');
  await importFile(fixture('same-trace.otlp.json'));
  await importFile(fixture('checkout-logs.otlp.json'));
  await startRun('after');
  await importFile(slower);
  client = new Client({ name: 'spanscope-test', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(`${new URL(serve.urls.ui).origin}/mcp`), { requestInit: { headers: { Authorization: `Bearer ${TOKEN}` } } }));
}, 60_000);

afterAll(async () => {
  await client?.close();
  await serve?.stop();
});

/** A tool's structured answer; fails the test on a tool error. */
async function call<T = Record<string, unknown>>(name: string, args: Record<string, unknown>, on = client): Promise<T> {
  const result = await on.callTool({ name, arguments: args });
  if (result.isError) throw new Error(`${name} failed: ${JSON.stringify(result.content)}`);
  expect(JSON.parse((result.content as { text: string }[])[0].text)).toEqual(result.structuredContent);
  return result.structuredContent as T;
}

async function toolError(name: string, args: Record<string, unknown>): Promise<string> {
  const result = await client.callTool({ name, arguments: args });
  expect(result.isError).toBe(true);
  return (result.content as { text: string }[])[0].text;
}

describe('the MCP server over HTTP', () => {
  it('lists its tools, each with a purpose and a JSON schema', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(TOOLS);
    for (const tool of tools) {
      expect(tool.description).toMatch(/\w/);
      expect(tool.inputSchema.type).toBe('object');
    }
  });

  it('searches with the simple fields and with TraceQL', async () => {
    const simple = await call<{ traces: { traceId: string; rootName: string; durationMs: number; spanCount: number; errorCount: number; services: string[] }[] }>('search_traces', { service: 'cart', start: '0' });
    expect(simple.traces.map((t) => [t.traceId, t.rootName, t.durationMs, t.spanCount, t.errorCount, t.services.sort()])).toEqual([
      [SLOWER, 'GET /cart', 150, 2, 1, ['cart', 'cart-db']],
      [CART, 'GET /cart', 120, 2, 1, ['cart', 'cart-db']],
    ]);
    const traceql = await call<{ traces: { traceId: string; matchedSpans: number; spans: { name: string; durationMs: number }[] }[] }>('search_traces', { query: '{ status = error && duration > 100ms }', start: '0' });
    expect(traceql.traces.map((t) => [t.traceId, t.matchedSpans, t.spans])).toEqual([[SLOWER, 1, [{ spanId: '5fb397be34d26b51', name: 'SELECT cart', durationMs: 130 }]]]);
  });

  it('gives a trace made for reading, its spans a page at a time', async () => {
    const trace = await call('get_trace', { traceId: CART });
    expect(trace).toEqual({
      traceId: CART,
      root: { spanId: '051581bf3cb55c13', service: 'cart', name: 'GET /cart' },
      startTime: '2023-11-14T22:13:20.000Z',
      durationMs: 120,
      spanCount: 2,
      services: [
        { name: 'cart', spans: 1, errors: 0 },
        { name: 'cart-db', spans: 1, errors: 1 },
      ],
      errorCount: 1,
      errors: [{ spanId: '5fb397be34d26b51', service: 'cart-db', name: 'SELECT cart', message: 'deadlock' }],
      criticalPath: [
        { spanId: '051581bf3cb55c13', service: 'cart', name: 'GET /cart', onPathMs: 70, durationMs: 120 },
        { spanId: '5fb397be34d26b51', service: 'cart-db', name: 'SELECT cart', onPathMs: 50, durationMs: 50 },
      ],
      mostSelfTime: [
        { spanId: '051581bf3cb55c13', service: 'cart', name: 'GET /cart', selfMs: 70, durationMs: 120 },
        { spanId: '5fb397be34d26b51', service: 'cart-db', name: 'SELECT cart', selfMs: 50, durationMs: 50 },
      ],
      page: 1,
      pages: 1,
      spans: [
        { spanId: '051581bf3cb55c13', parentSpanId: '', service: 'cart', name: 'GET /cart', kind: 'SERVER', status: 'UNSET', startMs: 0, durationMs: 120 },
        { spanId: '5fb397be34d26b51', parentSpanId: '051581bf3cb55c13', service: 'cart-db', name: 'SELECT cart', kind: 'CLIENT', status: 'ERROR', startMs: 20, durationMs: 50 },
      ],
    });
    expect(await toolError('get_trace', { traceId: CART, page: 2 })).toBe("page 2 is past the last (1) of this trace's 2 spans");
  });

  it('gives one span whole, and finds spans by text', async () => {
    const span = await call<{ name: string; status: unknown; attributes: Record<string, unknown> }>('get_span', { traceId: CART, spanId: '5FB397BE34D26B51' });
    expect([span.name, span.status, Object.keys(span.attributes).sort()]).toEqual(['SELECT cart', { code: 'ERROR', message: 'deadlock' }, ['cached', 'db.rows', 'db.system', 'ratio']]);
    expect(await call('find_in_trace', { traceId: CART, text: 'SELECT' })).toEqual({ traceId: CART, text: 'SELECT', matches: 1, spans: [{ spanId: '5fb397be34d26b51', service: 'cart-db', name: 'SELECT cart', durationMs: 50, status: 'ERROR' }] });
  });

  it('compares two traces and two runs', async () => {
    const diff = await call<{ durationDeltaMs: number; matched: number; changed: number; topContributors: unknown[] }>('compare_traces', { a: CART, b: SLOWER });
    // The slower SELECT ends after its parent: the root's own time changes too.
    expect([diff.durationDeltaMs, diff.matched, diff.changed, diff.topContributors[0]]).toEqual([30, 2, 2, { service: 'cart-db', name: 'SELECT cart', selfTimeDeltaMs: 80, aCount: 1, bCount: 1 }]);
    const runs = await call<{ a: { label: string; traces: number }; b: { label: string; traces: number }; regressions: number; operations: unknown[] }>('compare_runs', { a: 'before', b: 'after' });
    expect([runs.a.label, runs.a.traces, runs.b.label, runs.b.traces, runs.regressions, runs.operations]).toEqual(['before', 1, 'after', 1, 0, []]);
  });

  it('answers the service map, a metrics query and a trace\'s logs', async () => {
    // Latencies are the map's histogram estimates (50 and 130 ms calls).
    expect(await call('service_map', { start: '0' })).toEqual({
      nodes: [
        { id: 'database:postgresql', type: 'database', spans: 2, errors: 2 },
        { id: 'service:cart', type: 'service', spans: 2, errors: 0 },
        { id: 'service:cart-db', type: 'service', spans: 2, errors: 2 },
      ],
      edges: [
        { from: 'service:cart', to: 'service:cart-db', calls: 2, errors: 2, p50Ms: 48.234, p95Ms: 130.023 },
        { from: 'service:cart-db', to: 'database:postgresql', calls: 2, errors: 2, p50Ms: 48.234, p95Ms: 130.023 },
      ],
    });
    const metrics = await call<{ series: { labels: Record<string, unknown>; samples: [number, number][] }[] }>('query_metrics', { query: '{ } | count_over_time() by (resource.service.name)', start: '1699999940000', end: '1700000060000', step: '1m' });
    expect(metrics.series.map((s) => [s.labels['resource.service.name'], s.samples.reduce((sum, [, v]) => sum + v, 0)]).sort()).toEqual([
      ['cart', 2],
      ['cart-db', 2],
    ]);
    const logs = await call<{ records: { severity: string; service: string; body: unknown }[] }>('get_logs', { traceId: LOGGED, spanId: 'eee19b7ec3c1b174' });
    expect(logs.records.map((r) => [r.severity, r.service, r.body])).toEqual([
      ['INFO', 'checkout', 'cart checked out: 3 items'],
      ['ERROR', 'checkout', { reason: 'card declined' }],
    ]);
  });

  it('says what was wrong with bad arguments, as tool errors', async () => {
    expect(await toolError('get_trace', { traceId: 'xyz' })).toBe('"xyz" is not a trace id (32 or 16 hex digits)');
    expect(await toolError('get_trace', { traceId: '0'.repeat(31) + '1' })).toMatch(/not in this store|no trace/);
    expect(await toolError('search_traces', { query: '{ status = }' })).toMatch(/line 1, column/);
    expect(await toolError('compare_runs', { a: 'before', b: 'no-such-run' })).toMatch(/no-such-run/);
  });

  it('cuts a long answer to its bound and says so', async () => {
    const stdio = await stdioClient(['--max-answer-bytes', '420']);
    const answer = await stdio.callTool({ name: 'search_traces', arguments: { start: '0', service: 'cart' } });
    const text = (answer.content as { text: string }[])[0].text;
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(420);
    expect(JSON.parse(text).cut).toMatch(/^1 of 2 traces shown \(the answer is bounded to 420 bytes\)/);
    await stdio.close();
  });

  it('refuses a missing or wrong token and a foreign Origin', async () => {
    const mcp = `${new URL(serve.urls.ui).origin}/mcp`;
    const initialize = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'x', version: '1' } } });
    const headers = { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' };
    expect((await fetch(mcp, { method: 'POST', body: initialize, headers })).status).toBe(401);
    expect((await fetch(mcp, { method: 'POST', body: initialize, headers: { ...headers, Authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await fetch(mcp, { method: 'POST', body: initialize, headers: { ...headers, Authorization: `Bearer ${TOKEN}`, Origin: 'http://evil.example' } })).status).toBe(403);
    expect((await fetch(mcp, { method: 'POST', body: initialize, headers: { ...headers, Authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
  });
});

/** `spanscope mcp` over stdio, on a store of its own holding the cart trace. */
let stdioDb: string | undefined;
async function stdioClient(extra: string[] = []): Promise<Client> {
  if (!stdioDb) {
    stdioDb = tempDbPath();
    const file = join(stdioDb, '..', 'cart.json');
    writeFileSync(file, fixture('same-trace.otlp.json'));
    writeFileSync(join(stdioDb, '..', 'slower.json'), slower);
    const run = spawnSync(process.execPath, [CLI, 'import', file, join(stdioDb, '..', 'slower.json'), '--db', stdioDb], { encoding: 'utf8' });
    expect(run.status).toBe(0);
  }
  const stdio = new Client({ name: 'spanscope-test', version: '1.0.0' });
  await stdio.connect(new StdioClientTransport({ command: process.execPath, args: [CLI, 'mcp', '--db', stdioDb, ...extra], stderr: 'pipe' }));
  return stdio;
}

describe('the MCP server over stdio (spanscope mcp)', () => {
  it('lists the same tools and answers as over HTTP', async () => {
    const stdio = await stdioClient();
    try {
      expect((await stdio.listTools()).tools.map((t) => t.name).sort()).toEqual(TOOLS);
      expect(await call('get_trace', { traceId: CART }, stdio)).toEqual(await call('get_trace', { traceId: CART }));
    } finally {
      await stdio.close();
    }
  });
});
