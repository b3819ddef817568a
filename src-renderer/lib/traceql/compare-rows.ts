/**
 * compare()'s series as a table: each attribute value with its share of the selection's spans and of the
 * baseline's, the values most over-represented in the selection first: what is different about the selection.
 */
import type { MetricsSeries } from '../../../src-main/model/api';
import { keyValueText } from './metrics-series';

export interface CompareRow {
  attribute: string;
  value: string;
  selection: number;
  baseline: number;
  /** Shares (0–1) of the group's spans that carry the attribute. */
  selectionShare: number;
  baselineShare: number;
}

export interface CompareTable {
  rows: CompareRow[];
  selectionSpans: number;
  baselineSpans: number;
  /** Attributes with more values than compare()'s topN: only the most frequent are counted. */
  truncated: string[];
}

export function compareTable(series: MetricsSeries[]): CompareTable {
  const sum = (s: MetricsSeries) => s.samples.reduce((n, p) => n + p.value, 0);
  const totals = { selection: new Map<string, number>(), baseline: new Map<string, number>() };
  const counts = new Map<string, { attribute: string; value: string; selection: number; baseline: number }>();
  const truncated: string[] = [];
  for (const s of series) {
    const [meta, attribute] = s.labels;
    if (!meta || !attribute) continue;
    const type = keyValueText(meta);
    if (meta.key === '__meta_error') truncated.push(attribute.key);
    else if (type === 'selection_total' || type === 'baseline_total') totals[type === 'selection_total' ? 'selection' : 'baseline'].set(attribute.key, sum(s));
    else if (type === 'selection' || type === 'baseline') {
      const value = keyValueText(attribute);
      const key = `${attribute.key}\u0000${value}`;
      let row = counts.get(key);
      if (!row) counts.set(key, (row = { attribute: attribute.key, value, selection: 0, baseline: 0 }));
      row[type] += sum(s);
    }
  }
  const share = (n: number, total: number | undefined) => (total ? n / total : 0);
  const rows = [...counts.values()].map((r) => ({ ...r, selectionShare: share(r.selection, totals.selection.get(r.attribute)), baselineShare: share(r.baseline, totals.baseline.get(r.attribute)) }));
  rows.sort((a, b) => b.selectionShare - b.baselineShare - (a.selectionShare - a.baselineShare) || a.attribute.localeCompare(b.attribute) || a.value.localeCompare(b.value));
  // Every span has a name: its totals are the groups' sizes.
  return { rows, selectionSpans: totals.selection.get('name') ?? 0, baselineSpans: totals.baseline.get('name') ?? 0, truncated: truncated.sort() };
}
