/** The readable form of a run comparison (`spanscope compare-runs` without --json), and the runs' list (`spanscope run list`). Pure. */
import type { ApiRun, ApiRunComparison, ApiRunOperation } from '../model/api';
import type { FailOnBreach } from '../diff/fail-on';

/** Operations listed at most; --json has them all. */
const MAX_ROWS = 100;
const QUANTILE_NAMES = ['p50', 'p95', 'p99'] as const;

export function runComparisonTable(comparison: ApiRunComparison): string {
  const { operations } = comparison;
  const count = (verdict: ApiRunOperation['verdict']) => operations.filter((row) => row.verdict === verdict).length;
  const lines = [
    `A  ${runLine(comparison.runA)}`,
    `B  ${runLine(comparison.runB)}`,
    '',
    `${plural(count('regression'), 'regression')}, ${plural(count('improvement'), 'improvement')}, ${count('unchanged')} unchanged, ${count('not enough data')} with too few calls to tell (under ${comparison.settings.minCalls} in a run) of ${plural(operations.length, 'operation')}.`,
  ];
  if (comparison.regressions.length > 0) {
    lines.push('', 'Regressions, the costliest first:');
    for (const row of comparison.regressions) {
      const changes = QUANTILE_NAMES.filter((name) => row.quantiles?.[name].verdict === 'slower').map((name) => `${name} ${duration(row.a[`${name}Nano`])} → ${duration(row.b[`${name}Nano`])} (${percent(row[`${name}Ratio`])})`);
      if (row.errors?.verdict === 'more errors') changes.push(`errors ${rate(row.a.errorRate)} → ${rate(row.b.errorRate)}`);
      lines.push(`  ${operationName(row)}: ${changes.join(', ')}; confidence ${confidenceText(row.confidence ?? 0)}; ${signedDuration(row.impactNano)} in B`);
    }
  }
  if (operations.length > 0) {
    const table = [['verdict', 'calls A → B', 'p50 in B', 'p95 in B', 'p99 in B', 'errors A → B', 'operation']];
    for (const row of operations.slice(0, MAX_ROWS)) {
      table.push([
        row.verdict,
        `${row.a.count} → ${row.b.count}`,
        ...QUANTILE_NAMES.map((name) => quantileCell(row, name)),
        `${rate(row.a.errorRate)} → ${rate(row.b.errorRate)}`,
        operationName(row),
      ]);
    }
    lines.push('', ...columns(table));
    if (operations.length > MAX_ROWS) lines.push(`… and ${operations.length - MAX_ROWS} more operations (--json has them all)`);
  }
  return `${lines.join('\n')}\n`;
}

/** What --fail-on found: each regression past a threshold, or that none is. */
export function failOnReport(breaches: FailOnBreach[], failOn: string): string {
  if (breaches.length === 0) return `--fail-on ${failOn}: no significant regression passes it.\n`;
  const lines = [`--fail-on ${failOn}: ${plural(breaches.length, 'regression')} past it:`];
  for (const { row, threshold, observed } of breaches) {
    const seen = threshold.measure === 'errors' ? `${(observed * 100).toFixed(1)} points more errors` : threshold.unit === 'share' ? `${threshold.measure} ${percent(1 + observed)}` : `${threshold.measure} ${signedDuration(String(observed))}`;
    lines.push(`  ${row.key.service}: ${row.key.name} (${row.key.kind}${row.key.isRoot ? ', root' : ''}): ${seen}, past ${threshold.text}`);
  }
  return `${lines.join('\n')}\n`;
}

/** One line a run: id, name, counts, time span, services. */
export function runListTable(runs: ApiRun[]): string {
  if (runs.length === 0) return 'No runs yet: they come from service.version, vcs.ref.head.revision and deployment.environment.name, or start with spanscope run start LABEL.\n';
  return `${runs.map((run) => `${String(run.id).padStart(4)}  ${runLine(run)}${run.current ? ' (current)' : ''}`).join('\n')}\n`;
}

function runLine(run: ApiRun): string {
  const span = run.spanCount === 0 ? 'no spans yet' : `${time(run.startTimeUnixNano)} to ${time(run.endTimeUnixNano)}`;
  const counts = `${plural(run.traceCount, 'trace')}, ${plural(run.spanCount, 'span')}, ${rate(run.errorRate)} errors`;
  return `run ${run.id}, ${run.origin}=${run.label}: ${counts}, ${span}${run.services.length > 0 ? `; ${run.services.join(', ')}` : ''}`;
}

function operationName(row: ApiRunOperation): string {
  return `${row.service}: ${row.name} (${row.kind}${row.root ? ', root' : ''})`;
}

/** B's quantile and its change from A's; — when B has no calls. */
function quantileCell(row: ApiRunOperation, name: (typeof QUANTILE_NAMES)[number]): string {
  if (row.b.count === 0) return '—';
  const value = duration(row.b[`${name}Nano`]);
  return row.presence === 'both' ? `${value} ${percent(row[`${name}Ratio`])}` : value;
}

/** Rows of cells as left-aligned columns two spaces apart. */
function columns(rows: string[][]): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((row) => row[c].length)));
  return rows.map((row) => `  ${row.map((cell, c) => (c === row.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ')}`);
}

/** 850 ns, 12.3 µs, 26.0 ms, 1.20 s: three significant digits. */
function duration(nanos: string | number): string {
  const ns = Number(nanos);
  const [value, unit] = Math.abs(ns) >= 1e9 ? [ns / 1e9, 's'] : Math.abs(ns) >= 1e6 ? [ns / 1e6, 'ms'] : Math.abs(ns) >= 1e3 ? [ns / 1e3, 'µs'] : [ns, 'ns'];
  return `${unit === 'ns' ? String(value) : value.toPrecision(3)} ${unit}`;
}

function signedDuration(nanos: string): string {
  return `${Number(nanos) >= 0 ? '+' : '−'}${duration(Math.abs(Number(nanos)))}`;
}

/** A ratio B ÷ A as a change: +30%, −4.2%, 0%; ? when there is none. */
function percent(ratio: number | null): string {
  if (ratio === null) return '?';
  const change = (ratio - 1) * 100;
  const digits = Math.abs(change) < 10 ? 1 : 0;
  const text = Math.abs(change).toFixed(digits);
  return Number(text) === 0 ? '0%' : `${change > 0 ? '+' : '−'}${text}%`;
}

function rate(share: number): string {
  return `${(share * 100).toFixed(share === 0 || share === 1 ? 0 : 1)}%`;
}

/** 1 − p as a percentage, never rounded up to a certainty: "99.2%", "> 99.9%". */
function confidenceText(confidence: number): string {
  return confidence >= 0.999 ? '> 99.9%' : `${(Math.floor(confidence * 1000) / 10).toFixed(1)}%`;
}

function time(nanos: string): string {
  return new Date(Number(BigInt(nanos) / 1_000_000n)).toISOString();
}

function plural(n: number, one: string): string {
  return `${n.toLocaleString('en-US')} ${one}${n === 1 ? '' : 's'}`;
}
