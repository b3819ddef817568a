/**
 * "Slower than usual" through the real OpenTelemetry SDK and the built `spanscope serve`: a suite's traffic at
 * service.version 1.0, then at 1.1 with its query 30% slower; each span of a 1.1 trace beside its operation's calls
 * in the run before (or the hour before), as a percentile and a ratio to their median.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiBaseline } from '../../src-main/model/api';
import { sendTwoRuns } from '../helpers/run-traffic';
import { startServe, type ServeProcess } from '../helpers/serve-process';

const TRACES = 300;
let serve: ServeProcess;
/** Each run's traces: their ids. */
let newer: string[];
let older: string[];

beforeAll(async () => {
  serve = await startServe();
  ({ older, newer } = await sendTwoRuns(serve, TRACES));
  expect([older.length, newer.length]).toEqual([TRACES, TRACES]);
});
afterAll(async () => {
  await serve.stop();
});

const baseline = (traceId: string, against = '') => serve.api<ApiBaseline & { error?: string }>(`/traces/${traceId}/baseline${against ? `?against=${against}` : ''}`);
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

describe('spans beside their operation\'s calls', () => {
  it('against the run before: each span\'s percentile and ratio to the median are those of the run\'s own calls', async () => {
    const queryOf = async (traceId: string) => {
      const spans = (await serve.api<{ spans: { spanId: string; name: string; startTimeUnixNano: string; endTimeUnixNano: string }[] }>(`/traces/${traceId}`)).body.spans;
      const query = spans.find((span) => span.name === 'SELECT orders')!;
      return { spanId: query.spanId, ns: Number(BigInt(query.endTimeUnixNano) - BigInt(query.startTimeUnixNano)) };
    };
    const before = (await Promise.all(older.map(queryOf))).map((q) => q.ns).sort((a, b) => a - b);
    const median = before[before.length / 2];
    const answers = await Promise.all(newer.slice(0, 40).map((id) => baseline(id, 'previous-run')));
    const first = answers[0].body;
    expect(answers[0].status).toBe(200);
    expect([first.against, first.run?.label, first.minCalls]).toEqual(['previous-run', '1.0', 20]);
    expect(first.operations.map((op) => [op.service, op.name, op.kind, op.calls]).sort()).toEqual([
      ['checkout', 'GET /checkout', 'SERVER', TRACES],
      ['checkout', 'SELECT orders', 'CLIENT', TRACES],
      ['payments', 'POST /charge', 'SERVER', TRACES],
    ]);
    expect(Math.abs(Number(first.operations.find((op) => op.name === 'SELECT orders')!.p50Nano) / median - 1)).toBeLessThan(0.05);
    for (const [k, { body }] of answers.entries()) {
      const query = await queryOf(newer[k]);
      const mark = body.spans.find((span) => span.spanId === query.spanId)!;
      const exactShare = (100 * before.filter((ns) => ns < query.ns).length) / before.length;
      expect(Math.abs(mark.percentile - exactShare)).toBeLessThan(3); // the histogram's buckets, read evenly spread
      expect(Math.abs(mark.medianRatio / (query.ns / median) - 1)).toBeLessThan(0.06);
    }
    // The query, 30% slower in 1.1, stands out beside the unchanged root.
    const marks = (name: string) => answers.flatMap(({ body }) => body.spans.filter((span) => body.operations[span.operation].name === name));
    expect(mean(marks('SELECT orders').map((m) => m.percentile)) - mean(marks('GET /checkout').map((m) => m.percentile))).toBeGreaterThan(10);
  });

  it('against the hour before; a trace with no calls before it gets no marks', async () => {
    const { body } = await baseline(newer[0], 'last-hour');
    expect(body.against).toBe('last-hour');
    expect(BigInt(body.endTimeUnixNano) - BigInt(body.startTimeUnixNano)).toBe(3_600_000_000_000n);
    expect(body.operations.find((op) => op.name === 'SELECT orders')?.calls).toBe(TRACES);
    const first = await baseline(older[0], 'last-hour');
    expect([first.body.operations, first.body.spans]).toEqual([[], []]);
  });

  it('takes the run before when there is one, else the hour before', async () => {
    expect((await baseline(newer[0])).body.against).toBe('previous-run');
    expect((await baseline(older[0])).body.against).toBe('last-hour');
  });

  it('says why it cannot answer, and the server keeps serving', async () => {
    expect(await baseline(older[0], 'previous-run')).toEqual({
      status: 400,
      body: { error: `trace ${older[0]} is in the first run of its kind (service.version=1.0): there is no run before it; compare with against=last-hour` },
    });
    expect(await baseline(newer[0], 'yesterday')).toEqual({ status: 400, body: { error: 'against "yesterday" is not last-hour or previous-run' } });
    expect((await baseline('ab'.repeat(16))).status).toBe(404);
    expect((await serve.api('/runs')).status).toBe(200);
  });
});
