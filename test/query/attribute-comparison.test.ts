import { beforeAll, describe, expect, it } from 'vitest';
import { compareTraceAttributes, evenSample, traceqlCondition } from '../../src-main/query/attribute-comparison';
import { parseAttributeComparisonRequest } from '../../src-main/query/attribute-comparison-request';
import { QueryError } from '../../src-main/query/query-error';
import { VALUE_CHARS } from '../../src-main/query/trace-attributes';
import type { Store } from '../../src-main/store/store';
import { memoryStore } from '../helpers/memory-store';
import { attrs, resource, span } from '../helpers/spans';

const MS = 1_000_000n;
const T0 = 1_700_000_000_000_000_000n;
const T0_MS = Number(T0 / MS);
let store: Store;

/** 40 slow traces (300 ms, region eu-west on 32 of them) and 160 fast ones (20 ms, eu-west on 16), 1 ms apart. */
beforeAll(async () => {
  store = await memoryStore();
  const spans = [];
  for (let t = 0; t < 200; t++) {
    const slow = t % 5 === 0;
    const nth = Math.floor(t / 5);
    const euWest = slow ? nth % 5 !== 0 : t % 10 === 1 && t < 160;
    const traceId = (t + 1).toString(16).padStart(32, '0');
    const start = T0 + BigInt(t) * MS;
    const region = euWest ? 'eu-west' : 'us-east';
    spans.push(
      span({ traceId, spanId: (2 * t + 1).toString(16).padStart(16, '0'), name: 'GET /cart', startTimeUnixNano: start, endTimeUnixNano: start + (slow ? 300n : 20n) * MS, resource: resource('frontend', { region }), attributes: attrs({ 'request.id': `r-${t}`, 'http.response.status_code': 200n, note: 'x'.repeat(200) }) }),
      span({ traceId, spanId: (2 * t + 2).toString(16).padStart(16, '0'), parentSpanId: (2 * t + 1).toString(16).padStart(16, '0'), name: 'SELECT', startTimeUnixNano: start + MS, endTimeUnixNano: start + 5n * MS, resource: resource('db'), attributes: attrs({ 'db.system': t % 2 ? 'postgresql' : 'redis' }), status: slow && nth % 4 === 0 ? { code: 'ERROR', message: '' } : { code: 'UNSET', message: '' } }),
    );
  }
  await store.write(spans);
});

const compare = (query: string) => compareTraceAttributes(store.reader, parseAttributeComparisonRequest(new URLSearchParams(query)));

describe('what the selected traces share', () => {
  it('finds the planted region first when the box holds the slow traces', () => {
    const answer = compare('selMinDuration=100ms');
    expect([answer.populationTraces, answer.selectionTraces, answer.baselineTraces, answer.sampledSelection, answer.sampledBaseline]).toEqual([200, 40, 160, 40, 160]);
    expect(answer.keys[0].key).toBe('resource.region');
    expect(answer.keys[0].values[0]).toMatchObject({ value: 'eu-west', selectionCount: 32, baselineCount: 16, selectionShare: 0.8, baselineShare: 0.1, traceql: 'resource.region = "eu-west"' });
    // request ids are all distinct: left out, and said so
    expect(answer.skippedKeys).toEqual(['span.request.id']);
    expect(answer.keys.map((k) => k.key)).toEqual(expect.arrayContaining(['name', 'status', 'span.db.system', 'resource.service.name', 'span.http.response.status_code']));
    const status = answer.keys.find((k) => k.key === 'status')!;
    expect(status.values[0]).toMatchObject({ value: 'error', selectionCount: 10, baselineCount: 0, traceql: 'status = error' });
    const code = answer.keys.find((k) => k.key === 'span.http.response.status_code')!;
    expect(code.values[0].traceql).toBe('span.http.response.status_code = 200');
    const note = answer.keys.find((k) => k.key === 'span.note')!;
    expect(note.values[0].value).toHaveLength(VALUE_CHARS);
    expect(note.values[0].traceql).toBeNull();
  });

  it('selects by start time and duration together, and by a TraceQL query', () => {
    const box = compare(`selStart=${T0_MS}&selEnd=${T0_MS + 99}&selMinDuration=100ms`);
    expect([box.selectionTraces, box.baselineTraces]).toEqual([20, 180]);
    const byQuery = compare(`selection=${encodeURIComponent('{ resource.region = "eu-west" && duration > 100ms }')}`);
    expect([byQuery.selectionTraces, byQuery.baselineTraces]).toEqual([32, 168]);
    expect(byQuery.keys.find((k) => k.key === 'resource.region')!.values[0]).toMatchObject({ value: 'eu-west', selectionShare: 1 });
  });

  it('takes the population from the field search or from a TraceQL query', () => {
    const errors = compare('status=error&selMinDuration=100ms');
    expect([errors.populationTraces, errors.selectionTraces]).toEqual([10, 10]);
    // by the operation index (service, duration bounds), and by the TraceQL engine (an attribute): the same as the search
    const slowDb = compare('service=db&operation=SELECT&minDuration=4ms&selStart=0&selEnd=' + (T0_MS + 99));
    expect([slowDb.populationTraces, slowDb.selectionTraces]).toEqual([200, 100]);
    const redis = compare('attr=db.system=redis&selMinDuration=100ms');
    expect([redis.populationTraces, redis.selectionTraces]).toEqual([100, 20]);
    const none = compare('service=nobody&selMinDuration=100ms');
    expect([none.populationTraces, none.keys]).toEqual([0, []]);
    const traceql = compare('q={ status = error }&selection={ resource.region = "eu-west" }');
    expect(traceql.populationTraces).toBe(10);
    expect(traceql.selectionTraces).toBe(8);
  });

  it('samples a side evenly and the same way every time', () => {
    const rows = Array.from({ length: 10 }, (_, i) => i);
    expect(evenSample(rows, 4)).toEqual([0, 2, 5, 7]);
    expect(evenSample(rows, 20)).toEqual(rows);
  });

  it('writes the condition that finds a value in TraceQL', () => {
    expect(traceqlCondition('span.a b', 'say "hi"', 'string')).toBe('span."a b" = "say \\"hi\\""');
    expect(traceqlCondition('name', 'GET /', 'string')).toBe('name = "GET /"');
    expect(traceqlCondition('span.ratio', '72.5', 'float')).toBe('span.ratio = 72.5');
    expect(traceqlCondition('span.tags', '["a"]', 'other')).toBeNull();
  });

  it('names the parameter that is wrong', () => {
    const error = (query: string) => {
      try {
        parseAttributeComparisonRequest(new URLSearchParams(query));
      } catch (e) {
        expect(e).toBeInstanceOf(QueryError);
        return (e as Error).message;
      }
      throw new Error(`${query} was taken`);
    };
    expect(error('service=a')).toMatch(/^name the selection: selMinDuration/);
    expect(error('selMinDuration=fast')).toMatch(/^selMinDuration "fast" is not a duration/);
    expect(error('selStart=yesterday')).toMatch(/^selStart "yesterday" is not a time/);
    expect(error('selStart=2000&selEnd=1000')).toBe('selStart must not be after selEnd');
    expect(error('selMinDuration=2s&selMaxDuration=1s')).toBe('selMinDuration must not be more than selMaxDuration');
    expect(error('selection={ }&selMinDuration=1s')).toMatch(/^selMinDuration cannot be used with selection/);
    expect(error('q={ }&service=a&selMinDuration=1s')).toMatch(/^service cannot be used with q/);
    expect(error('q={ } | rate()&selMinDuration=1s')).toMatch(/^q is a metrics query/);
  });
});
