/**
 * What the slow traces share, through the real OpenTelemetry SDK and the built `spanscope serve`: a region planted on
 * 80% of the slow checkouts and 10% of the others comes out first, whether the slow ones are selected by a box of
 * durations or by a TraceQL query; bad parameters are answered 400 with a sentence naming them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiAttributeComparison } from '../../src-main/model/api';
import { sendRegionTraffic } from '../helpers/region-traffic';
import { startServe, type ServeProcess } from '../helpers/serve-process';

const TRACES = 500;
const START_SEC = 1_700_000_000;
let serve: ServeProcess;

beforeAll(async () => {
  serve = await startServe();
  await sendRegionTraffic(serve.urls.otlpHttp, TRACES, START_SEC);
});
afterAll(async () => {
  await serve.stop();
});

const compare = (query: string) => serve.api<ApiAttributeComparison & { error?: string }>(`/attributes/compare?${query}`);

describe('GET /api/attributes/compare', () => {
  it('finds the planted region first when a box holds the slow traces', async () => {
    const { status, body } = await compare('service=checkout&selMinDuration=300ms');
    expect(status).toBe(200);
    expect(body).toMatchObject({ populationTraces: TRACES, selectionTraces: 100, baselineTraces: 400, sampledSelection: 100, sampledBaseline: 400 });
    expect(body.keys[0].key).toBe('resource.cloud.region');
    expect(body.keys[0].values[0]).toEqual({ value: 'eu-west', selectionShare: 0.8, baselineShare: 0.1, selectionCount: 80, baselineCount: 40, traceql: 'resource.cloud.region = "eu-west"' });
    expect(body.skippedKeys).toContain('span.request.id');
    // the cart size is spread alike over slow and fast checkouts: far below the region
    expect(body.keys.find((k) => k.key === 'span.cart.size')!.score).toBeLessThan(0.1);
  });

  it('selects by a TraceQL query, and by start time as well as duration', async () => {
    const byQuery = await compare(`selection=${encodeURIComponent('{ duration > 300ms }')}`);
    expect(byQuery.status).toBe(200);
    expect([byQuery.body.selectionTraces, byQuery.body.baselineTraces]).toEqual([100, 400]);
    expect(byQuery.body.keys[0].values[0]).toMatchObject({ value: 'eu-west', selectionCount: 80 });
    // the first half of the traffic (5 s of it): 50 slow checkouts
    const firstHalf = await compare(`selMinDuration=300ms&selStart=${START_SEC * 1000}&selEnd=${START_SEC * 1000 + 4999}`);
    expect([firstHalf.body.selectionTraces, firstHalf.body.baselineTraces]).toEqual([50, 450]);
  });

  it('answers a bad parameter 400 with a sentence naming it, and keeps serving', async () => {
    const cases: [string, RegExp][] = [
      ['service=checkout', /^name the selection: selMinDuration/],
      ['selMinDuration=slow', /^selMinDuration "slow" is not a duration/],
      ['selMinDuration=1s&selMaxDuration=10ms', /^selMinDuration must not be more than selMaxDuration/],
      ['selEnd=noon&selMinDuration=1s', /^selEnd "noon" is not a time/],
      [`selection=${encodeURIComponent('{ duration > }')}`, /^line 1, column \d+: /],
      [`selection=${encodeURIComponent('{ }')}&selMinDuration=1s`, /^selMinDuration cannot be used with selection/],
      [`q=${encodeURIComponent('{ }')}&operation=x&selMinDuration=1s`, /^operation cannot be used with q/],
      ['attr=nothing&selMinDuration=1s', /^attr "nothing" must be KEY=VALUE/],
    ];
    for (const [query, message] of cases) {
      const { status, body } = await compare(query);
      expect(status, query).toBe(400);
      expect(body.error, query).toMatch(message);
    }
    expect((await compare('selMinDuration=300ms')).status).toBe(200);
  });
});
