/**
 * `spanscope compare-runs RUN_A RUN_B --db PATH [--json] [--fail-on EXPR]`: run against run, readable or as the
 * API's document. Exit 0 when no significant regression passes --fail-on (or without it), 1 when one does, 2 on
 * any error (a flag, a run that is not there, the database), so a CI step can fail on a latency regression.
 */
import { DEFAULT_MAX_DB_BYTES, DEFAULT_MAX_QUEUED_SPANS, DEFAULT_RETENTION_MS } from '../core/core-options';
import { openStore } from '../core/open-store';
import { evaluateFailOn, FailOnError, parseFailOn, type FailOnThreshold } from '../diff/fail-on';
import { compareStoredRuns, runComparisonJson } from '../query/run-comparison';
import { namedRun } from '../query/run-list';
import type { Store } from '../store/store';
import { DB_FLAG, HELP_DB } from './archive-args';
import { flagHelp, parseFlags, UsageError, type FlagTable } from './flag-table';
import { failOnReport, runComparisonTable } from './run-comparison-table';

export interface CompareRunsArgs {
  a: string;
  b: string;
  dbPath: string;
  json: boolean;
  /** The thresholds as written, and as read; empty when not given. */
  failOnText: string;
  failOn: FailOnThreshold[];
}

const COMPARE_RUNS_FLAGS: FlagTable<CompareRunsArgs, string> = {
  '--db': DB_FLAG,
  '--json': { help: 'print the same document as GET /api/runs/compare', set: (args) => (args.json = true) },
  '--fail-on': {
    value: 'EXPR',
    help: "exit 1 when a significant regression passes a threshold: p50, p95 or p99 by a share or a time, errors by points; comma-separated (p95>10%,p99>20ms,errors>1%)",
    set: (args, text) => {
      try {
        args.failOn = parseFailOn(text);
      } catch (error) {
        if (error instanceof FailOnError) throw new UsageError(error.message);
        throw error;
      }
      args.failOnText = text;
    },
  },
};

export const COMPARE_RUNS_HELP = `Usage: spanscope compare-runs RUN_A RUN_B [--db PATH] [--json] [--fail-on EXPR]

  Compares two runs operation by operation (root spans apart): calls, error rate, p50/p95/p99 in each, the
  change and how sure it is; regressions first, the costliest on top. Name a run by its id, by ORIGIN=LABEL
  (service.version=1.4.2, vcs.ref.head.revision=SHA, deployment.environment.name=staging, manual=LABEL) or by
  its label (the newest run of that label); spanscope run list shows them.
  Exit status: 0 when no significant regression passes --fail-on (always, without it), 1 when one does, 2 on
  an error.

${flagHelp(COMPARE_RUNS_FLAGS, HELP_DB)}`;

export function parseCompareRunsArgs(argv: string[], defaultDb: string): CompareRunsArgs {
  const args: CompareRunsArgs = { a: '', b: '', dbPath: '', json: false, failOnText: '', failOn: [] };
  const runs = parseFlags(argv, COMPARE_RUNS_FLAGS, args, defaultDb, { positionals: true, help: 'spanscope compare-runs --help' });
  if (runs.length !== 2) throw new UsageError('compare-runs needs two runs: spanscope compare-runs RUN_A RUN_B (spanscope run list shows them)');
  [args.a, args.b] = runs;
  return args;
}

export async function compareRunsCommand(args: CompareRunsArgs, writerWorkerPath: string): Promise<number> {
  let store: Store | undefined;
  try {
    store = await openStore({ dbPath: args.dbPath, maxDbBytes: DEFAULT_MAX_DB_BYTES, retentionMs: DEFAULT_RETENTION_MS, maxQueuedSpans: DEFAULT_MAX_QUEUED_SPANS, writerWorkerPath });
    const { reader } = store;
    const [a, b] = [namedRun(reader, args.a), namedRun(reader, args.b)];
    const rows = compareStoredRuns(reader, a, b);
    const comparison = runComparisonJson(reader, a, b, rows);
    const breaches = evaluateFailOn(rows, args.failOn);
    const verdict = args.failOn.length > 0 ? failOnReport(breaches, args.failOnText) : '';
    if (args.json) {
      process.stdout.write(`${JSON.stringify(comparison)}\n`);
      process.stderr.write(verdict);
    } else {
      process.stdout.write(`${runComparisonTable(comparison)}${verdict && `\n${verdict}`}`);
    }
    return breaches.length > 0 ? 1 : 0;
  } catch (error) {
    // 1 is a regression past the threshold: every error, whatever its kind, is 2.
    process.stderr.write(`spanscope compare-runs: ${(error as Error).message}\n`);
    return 2;
  } finally {
    await store?.close();
  }
}
