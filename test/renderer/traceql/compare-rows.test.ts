import { describe, expect, it } from 'vitest';
import type { MetricsSeries } from '../../../src-main/model/api';
import { compareTable } from '../../../src-renderer/lib/traceql/compare-rows';

const str = (value: string) => ({ stringValue: value });
const series = (type: string, key: string, value: MetricsSeries['labels'][number]['value'], counts: number[]): MetricsSeries => ({
  labels: [{ key: '__meta_type', value: str(type) }, { key, value }],
  samples: counts.map((v, i) => ({ timestampMs: i * 60_000, value: v })),
  exemplars: [],
});

describe('compareTable', () => {
  it('gives each value its share of each group, the values over-represented in the selection first', () => {
    const table = compareTable([
      series('baseline', 'resource.cloud.region', str('us'), [10, 20]),
      series('baseline', 'resource.cloud.region', str('eu'), [5, 5]),
      series('selection', 'resource.cloud.region', str('eu'), [4, 4]),
      series('selection', 'span.http.response.status_code', { intValue: '500' }, [4, 4]),
      series('baseline_total', 'resource.cloud.region', {}, [15, 25]),
      series('selection_total', 'resource.cloud.region', {}, [4, 4]),
      series('baseline_total', 'name', {}, [15, 25]),
      series('selection_total', 'name', {}, [4, 4]),
      series('selection_total', 'span.http.response.status_code', {}, [4, 4]),
      { labels: [{ key: '__meta_error', value: str('__too_many_values__') }, { key: 'span.user.id', value: {} }], samples: [], exemplars: [] },
    ]);
    expect(table.selectionSpans).toBe(8);
    expect(table.baselineSpans).toBe(40);
    expect(table.truncated).toEqual(['span.user.id']);
    expect(table.rows.map((r) => [r.attribute, r.value, r.selectionShare, r.baselineShare])).toEqual([
      ['span.http.response.status_code', '500', 1, 0],
      ['resource.cloud.region', 'eu', 1, 0.25],
      ['resource.cloud.region', 'us', 0, 0.75],
    ]);
  });
});
