import { describe, expect, it } from 'vitest';
import type { Span } from '../../src-main/model/span';
import { CompareAccumulator } from '../../src-main/traceql/compare';
import { evaluateTrace } from '../../src-main/traceql/evaluate';
import type { Series } from '../../src-main/traceql/metrics';
import { parseTraceQL } from '../../src-main/traceql/parse';
import { queryTrace } from '../../src-main/traceql/query-trace';
import { attrs, resource, span } from '../helpers/spans';

const T0_MS = 1_700_000_000_000;
const id = (n: number) => n.toString(16).padStart(16, '0');

/** 40 checkouts, one a second: every 4th fails, and those are the ones from the eu region and version 2. */
function traces(): Span[][] {
  return Array.from({ length: 40 }, (_, i) => {
    const start = BigInt(T0_MS + i * 1000) * 1_000_000n;
    const failed = i % 4 === 0;
    return [
      span({
        traceId: id(i).padStart(32, '0'), spanId: id(i + 1), name: 'POST /checkout', kind: 'SERVER', startTimeUnixNano: start, endTimeUnixNano: start + 5_000_000n,
        resource: resource('shop', { 'cloud.region': failed ? 'eu' : 'us', 'service.version': failed ? '2' : '1' }),
        attributes: attrs({ 'user.id': `u${i}`, 'http.response.status_code': failed ? 500n : 200n }),
        status: { code: failed ? 'ERROR' : 'UNSET', message: '' },
      }),
    ];
  });
}

function run(q: string, stepMs = 20_000): Series[] {
  const query = parseTraceQL(q);
  const acc = new CompareAccumulator(query, { startMs: T0_MS, endMs: T0_MS + 40_000, stepMs });
  for (const spans of traces()) {
    const trace = queryTrace(spans);
    acc.add(trace, evaluateTrace(query.pipeline, trace));
  }
  return acc.result();
}

const find = (series: Series[], type: string, key: string, value: unknown) =>
  series.find((s) => s.labels[0].value === type && s.labels[1].key === key && s.labels[1].value === value)?.samples.map((p) => p.value);

describe('compare()', () => {
  it('counts each attribute value per step in the selection and in the baseline, as Tempo does', () => {
    const series = run('{ name = "POST /checkout" } | compare({ status = error })');
    expect(find(series, 'selection', 'resource.cloud.region', 'eu')).toEqual([5, 5]);
    expect(find(series, 'selection', 'resource.cloud.region', 'us')).toBeUndefined();
    expect(find(series, 'baseline', 'resource.cloud.region', 'us')).toEqual([15, 15]);
    expect(find(series, 'selection', 'span.http.response.status_code', 500)).toEqual([5, 5]);
    expect(find(series, 'baseline', 'status', 'unset')).toEqual([15, 15]);
    expect(find(series, 'selection', 'kind', 'server')).toEqual([5, 5]);
    expect(find(series, 'baseline_total', 'resource.service.version', null)).toEqual([15, 15]);
    expect(find(series, 'selection_total', 'name', null)).toEqual([5, 5]);
  });

  it('keeps the topN most frequent values of an attribute and marks the attribute that had more', () => {
    const series = run('{ } | compare({ status = error }, 3)');
    expect(series.filter((s) => s.labels[0].value === 'baseline' && s.labels[1].key === 'span.user.id')).toHaveLength(3);
    const error = series.find((s) => s.labels[0].key === '__meta_error' && s.labels[1].key === 'span.user.id');
    expect(error).toMatchObject({ labels: [{ key: '__meta_error', value: '__too_many_values__' }, { key: 'span.user.id', value: null }], samples: [] });
    expect(series.some((s) => s.labels[0].key === '__meta_error' && s.labels[1].key === 'resource.cloud.region')).toBe(false);
  });

  it('puts only the spans that start inside its window in the selection', () => {
    const start = BigInt(T0_MS + 20_000) * 1_000_000n;
    const series = run(`{ } | compare({ status = error }, 10, ${start}, ${start + 20_000_000_000n})`);
    expect(find(series, 'selection', 'resource.cloud.region', 'eu')).toEqual([0, 5]);
    expect(find(series, 'baseline', 'resource.cloud.region', 'eu')).toEqual([5, 0]);
  });
});
