/** Comparing traces through the API (also a live trace with one from an opened file) and `spanscope diff`. */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diff, SourceInfo } from '../../src-main/model/api';
import { encodeTraceRequestJson } from '../../src-main/otlp/encode-json';
import { encodeTraceRequestProtobuf } from '../../src-main/otlp/encode-protobuf';
import type { Span } from '../../src-main/model/span';
import { postOtlp } from '../helpers/otlp-bodies';
import { CLI, startServe, TOKEN, type ServeProcess } from '../helpers/serve-process';
import { attrs, resource, span } from '../helpers/spans';

const MS = 1_000_000n;
const T0 = 1_700_000_000_000_000_000n;
const A = 'aa'.repeat(16);
const B = 'bb'.repeat(16);

/** A checkout: a users call and `inserts` INSERTs of `insertMs` each. */
function checkout(traceId: string, userId: number, inserts: number, insertMs: bigint): Span[] {
  const root = `${traceId.slice(0, 2)}00000000000001`;
  const spans = [span({ traceId, spanId: root, name: 'POST /checkout', startTimeUnixNano: T0, endTimeUnixNano: T0 + 500n * MS, resource: resource('checkout') })];
  spans.push(span({ traceId, spanId: `${traceId.slice(0, 2)}00000000000002`, parentSpanId: root, name: `GET /users/${userId}`, kind: 'CLIENT', startTimeUnixNano: T0 + MS, endTimeUnixNano: T0 + 20n * MS, resource: resource('checkout'), attributes: attrs({ 'user.id': String(userId) }) }));
  for (let i = 0; i < inserts; i++) {
    const start = T0 + (30n + BigInt(i) * insertMs) * MS;
    spans.push(span({ traceId, spanId: `${traceId.slice(0, 2)}0000000000010${i}`, parentSpanId: root, name: 'INSERT order', kind: 'CLIENT', startTimeUnixNano: start, endTimeUnixNano: start + insertMs * MS, resource: resource('orders-db') }));
  }
  return spans;
}

let serve: ServeProcess;
beforeAll(async () => {
  serve = await startServe();
  expect((await postOtlp(serve.urls.otlpHttp, encodeTraceRequestProtobuf([...checkout(A, 42, 2, 20n), ...checkout(B, 7, 3, 40n)]))).status).toBe(200);
});
afterAll(async () => {
  await serve.stop();
});

describe('comparing traces', () => {
  it('GET /api/diff aligns the spans, ids in names notwithstanding, and finds what took the time', async () => {
    const { status, body } = await serve.api<Diff>(`/diff?a=${A}&b=${B}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ a: A, b: B, matched: 4, added: 1, removed: 0 });
    expect(body.rows.map((r) => [r.status, r.name])).toEqual([
      ['changed', 'POST /checkout'], // as long, but 80 ms of its own time went into the inserts
      ['changed', 'GET /users/7'], // matched with GET /users/42; its user.id changed
      ['changed', 'INSERT order'],
      ['changed', 'INSERT order'],
      ['added', 'INSERT order'],
    ]);
    expect(body.rows[1].attributeChanges).toEqual([{ key: 'user.id', a: '42', b: '7' }]);
    expect(body.topContributors[0]).toEqual({ service: 'orders-db', name: 'INSERT order', selfTimeDeltaNano: String(80n * MS), aCount: 2, bCount: 3 });
  });

  it('compares a live trace with one from an opened file', async () => {
    const file = JSON.stringify(encodeTraceRequestJson(checkout('cc'.repeat(16), 42, 2, 20n)));
    const res = await fetch(`${serve.urls.api}/sources?name=before.json`, { method: 'POST', body: file, headers: { Authorization: `Bearer ${TOKEN}` } });
    const source = (await res.json()) as SourceInfo;
    const { body } = await serve.api<Diff>(`/diff?a=${'cc'.repeat(16)}&aSource=${source.id}&b=${A}`);
    expect(body).toMatchObject({ matched: 4, changed: 0, added: 0, removed: 0, durationDeltaNano: '0' });
    const missing = await serve.api<{ error: string }>(`/diff?a=${'cc'.repeat(16)}&b=${A}`); // not in live
    expect(missing).toEqual({ status: 404, body: { error: `trace ${'cc'.repeat(16)} is not in this store` } });
  });

  it('GET /api/diff/groups compares groups by median, and needs two groups', async () => {
    const { body } = await serve.api<{ rows: { status: string; name: string; a: { count: number } | null; b: { count: number } | null }[] }>(`/diff/groups?a=${A}&a=${A}&b=${B}`);
    expect(body.rows.map((r) => [r.status, r.name, r.a?.count ?? 0, r.b?.count ?? 0])).toEqual([
      ['same', 'POST /checkout', 2, 1],
      ['same', 'GET /users/7', 2, 1], // as fast: group comparisons look at time and presence
      ['changed', 'INSERT order', 2, 1],
      ['changed', 'INSERT order', 2, 1],
      ['added', 'INSERT order', 0, 1],
    ]);
    const bad = await serve.api<{ error: string }>(`/diff/groups?a=${A}`);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatch(/in two groups: \/api\/diff\/groups\?a=ID&a=ID&b=ID&b=ID/);
  });

  it('spanscope diff prints a summary, or with --json the API\'s document', async () => {
    await serve.stop('SIGTERM'); // the CLI opens the same database
    const text = spawnSync(process.execPath, [CLI, 'diff', A, B, '--db', serve.dbPath], { encoding: 'utf8' });
    expect(text.status).toBe(0);
    expect(text.stdout).toContain(`${A} → ${B}: 0 ms in total`);
    expect(text.stdout).toContain('+80 ms  orders-db INSERT order (2 → 3 calls)');
    expect(text.stdout).toContain('  +   orders-db INSERT order: +40 ms');
    const json = spawnSync(process.execPath, [CLI, 'diff', A, B, '--db', serve.dbPath, '--json'], { encoding: 'utf8' });
    expect((JSON.parse(json.stdout) as Diff).rows).toHaveLength(5);
    const none = spawnSync(process.execPath, [CLI, 'diff', A, 'ff'.repeat(16), '--db', serve.dbPath], { encoding: 'utf8' });
    expect(none.status).toBe(1);
    expect(none.stderr).toBe(`spanscope diff: trace ${'ff'.repeat(16)} is not in ${serve.dbPath}\n`);
    serve = await startServe([], serve.dbPath);
  });
});
