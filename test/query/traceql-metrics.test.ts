import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Span } from '../../src-main/model/span';
import { checkTraceQL } from '../../src-main/query/traceql-request';
import { minutesAndGaps, traceqlMetrics, type SeriesJson } from '../../src-main/query/traceql-metrics';
import type { Store } from '../../src-main/store/store';
import { memoryStore } from '../helpers/memory-store';
import { hexId, resource, span } from '../helpers/spans';

const T0_MS = 1_700_000_040_000; // on a whole minute
const MS = 1_000_000n;

/** One trace every 2 s for 20 minutes: a server span of `api` or `db` (some failing) and an internal child. */
function traces(): Span[][] {
  return Array.from({ length: 600 }, (_, i) => {
    const traceId = hexId(16);
    const start = BigInt(T0_MS + i * 2000) * MS;
    const root = hexId(8);
    const duration = BigInt(1 + ((i * 37) % 250)) * MS;
    return [
      span({ traceId, spanId: root, name: i % 3 === 0 ? 'POST /pay' : 'GET /cart', kind: 'SERVER', startTimeUnixNano: start, endTimeUnixNano: start + duration, resource: resource(i % 2 ? 'api' : 'db'), status: { code: i % 7 === 0 ? 'ERROR' : 'UNSET', message: '' } }),
      span({ traceId, spanId: hexId(8), parentSpanId: root, name: 'work', kind: 'INTERNAL', startTimeUnixNano: start, endTimeUnixNano: start + MS, resource: resource('api') }),
    ];
  });
}

let store: Store;
beforeAll(async () => {
  store = await memoryStore();
  for (const trace of traces()) await store.write(trace);
});
afterAll(() => store.close());

const run = (q: string, startMs: number, endMs: number, stepMs: number) => traceqlMetrics(store.reader, checkTraceQL(q), { startMs, endMs, stepMs }).series;
const samples = (series: SeriesJson[]) => series.map((s) => [JSON.stringify(s.labels), s.samples.map((p) => [p.timestampMs, p.value])]);

describe('TraceQL metrics over the counted minutes', () => {
  // `duration >= 0ns` reads each span's duration, so those queries read every span from the index: the answers
  // from the per-minute counts must be the same.
  const pairs: [string, string][] = [
    ['{ kind = server } | rate() by (resource.service.name)', '{ kind = server && duration >= 0ns } | rate() by (resource.service.name)'],
    ['{ status = error } | count_over_time() by (name)', '{ status = error && duration >= 0ns } | count_over_time() by (name)'],
    ['{ kind = server } | quantile_over_time(duration, .5, .95, .99) by (resource.service.name)', '{ kind = server && duration >= 0ns } | quantile_over_time(duration, .5, .95, .99) by (resource.service.name)'],
    ['{ resource.service.name = "api" } | avg_over_time(duration) by (status)', '{ resource.service.name = "api" && duration >= 0ns } | avg_over_time(duration) by (status)'],
    ['{ } | max_over_time(duration) by (kind)', '{ duration >= 0ns } | max_over_time(duration) by (kind)'],
    ['{ } | min_over_time(duration)', '{ duration >= 0ns } | min_over_time(duration)'],
    ['{ name = "POST /pay" } | sum_over_time(duration)', '{ name = "POST /pay" && duration >= 0ns } | sum_over_time(duration)'],
  ];
  for (const [counted, read] of pairs) {
    it(`answers ${counted} as reading each span does, on whole minutes and off them`, () => {
      const aligned = run(counted, T0_MS, T0_MS + 20 * 60_000, 60_000);
      expect(aligned.length).toBeGreaterThan(0);
      expect(samples(aligned)).toEqual(samples(run(read, T0_MS, T0_MS + 20 * 60_000, 60_000)));
      // A start 30 s into a minute and 2-minute steps: no minute falls inside one step, every span is read.
      const offset = [T0_MS + 30_000, T0_MS + 17 * 60_000 + 5_000, 120_000] as const;
      expect(samples(run(counted, ...offset))).toEqual(samples(run(read, ...offset)));
      // 5-minute steps from a whole minute, ending inside one: whole minutes counted, the last part-minute read.
      const tail = [T0_MS, T0_MS + 12 * 60_000 + 30_000, 300_000] as const;
      expect(samples(run(counted, ...tail))).toEqual(samples(run(read, ...tail)));
    });
  }

  it('names the slowest span of a step as its exemplar, by its trace id', () => {
    const [series] = run('{ kind = server } | max_over_time(duration)', T0_MS, T0_MS + 60_000, 60_000);
    const exemplar = series.exemplars[0];
    expect(exemplar.value).toBe(series.samples[0].value);
    expect(exemplar.traceId).toMatch(/^[0-9a-f]{32}$/);
    const trace = store.reader.db.prepare('SELECT trace_no FROM traces WHERE trace_id = ?').pluck().get(Buffer.from(exemplar.traceId, 'hex'));
    expect(trace).toBeDefined();
  });

  it('splits a range into whole minutes inside one step and the gaps read span by span', () => {
    expect(minutesAndGaps({ startMs: 0, endMs: 180_000, stepMs: 60_000 }).gaps).toEqual([]);
    expect(minutesAndGaps({ startMs: 0, endMs: 150_000, stepMs: 60_000 }).gaps).toEqual([[120_000, 150_000]]);
    const offStep = minutesAndGaps({ startMs: 0, endMs: 120_000, stepMs: 30_000 });
    expect(offStep.gaps).toEqual([[0, 120_000]]);
    const late = minutesAndGaps({ startMs: 10_000, endMs: 250_000, stepMs: 120_000 });
    expect([0, 1, 2, 3].filter(late.usable)).toEqual([1, 3]);
    expect(late.gaps).toEqual([[10_000, 60_000], [120_000, 180_000], [240_000, 250_000]]);
  });
});
