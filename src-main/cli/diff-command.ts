/** `spanscope diff TRACE_A TRACE_B --db PATH [--json]`: what changed from A to B, readable or as the API's document. */
import type { Diff } from '../model/api';
import { DEFAULT_MAX_DB_BYTES, DEFAULT_MAX_QUEUED_SPANS, DEFAULT_RETENTION_MS } from '../core/core-options';
import { openStore } from '../core/open-store';
import { getDiff } from '../query/trace-diff';
import { DB_FLAG, HELP_DB, traceIdArg } from './archive-args';
import { flagHelp, parseFlags, UsageError, type FlagTable } from './flag-table';

export interface DiffArgs {
  a: string;
  b: string;
  dbPath: string;
  json: boolean;
}

const DIFF_FLAGS: FlagTable<DiffArgs, string> = {
  '--db': DB_FLAG,
  '--json': { help: 'print the same document as GET /api/diff', set: (args) => (args.json = true) },
};

export const DIFF_HELP = `Usage: spanscope diff TRACE_A TRACE_B [--db PATH] [--json]

  Compares two traces: which spans are the same, changed, added or removed, and which operations gained or
  lost the most time.

${flagHelp(DIFF_FLAGS, HELP_DB)}`;

export function parseDiffArgs(argv: string[], defaultDb: string): DiffArgs {
  const args: DiffArgs = { a: '', b: '', dbPath: '', json: false };
  const ids = parseFlags(argv, DIFF_FLAGS, args, defaultDb, { positionals: true, help: 'spanscope diff --help' });
  if (ids.length !== 2) throw new UsageError('diff needs two trace ids: spanscope diff TRACE_A TRACE_B');
  [args.a, args.b] = ids.map(traceIdArg);
  return args;
}

export async function diffCommand(args: DiffArgs, writerWorkerPath: string): Promise<number> {
  const store = await openStore({ dbPath: args.dbPath, maxDbBytes: DEFAULT_MAX_DB_BYTES, retentionMs: DEFAULT_RETENTION_MS, maxQueuedSpans: DEFAULT_MAX_QUEUED_SPANS, writerWorkerPath });
  try {
    const diff = getDiff(store.reader, args.a, store.reader, args.b);
    if ('missing' in diff) {
      process.stderr.write(`spanscope diff: trace ${diff.missing} is not in ${args.dbPath}\n`);
      return 1;
    }
    process.stdout.write(args.json ? `${JSON.stringify(diff)}\n` : diffSummary(diff));
    return 0;
  } finally {
    await store.close();
  }
}

const ms = (ns: string | number) => {
  const n = Number(ns) / 1e6;
  return `${n > 0 ? '+' : ''}${Number(n.toPrecision(3))} ms`;
};

/** The readable form: totals, the operations that gained or lost the most time, and every change. */
export function diffSummary(diff: Diff): string {
  const lines = [
    `${diff.a} → ${diff.b}: ${ms(diff.durationDeltaNano)} in total`,
    `${diff.matched} spans matched (${diff.changed} changed), ${diff.added} added, ${diff.removed} removed`,
  ];
  if (diff.topContributors.length > 0) {
    lines.push('', 'Where the time went (self time, B minus A):');
    for (const c of diff.topContributors) lines.push(`  ${ms(c.selfTimeDeltaNano).padStart(12)}  ${c.service} ${c.name} (${c.aCount} → ${c.bCount} calls)`);
  }
  const changes = diff.rows.filter((r) => r.status !== 'same');
  if (changes.length > 0) {
    lines.push('', 'Changes:');
    const mark = { changed: '~', added: '+', removed: '-', same: ' ' } as const;
    for (const r of changes.slice(0, 200)) {
      const attrs = r.attributeChanges.map((c) => `${c.key}: ${c.a ?? '(none)'} → ${c.b ?? '(none)'}`);
      lines.push(`  ${mark[r.status]} ${'  '.repeat(r.depth)}${r.service} ${r.name}: ${ms(r.durationDeltaNano)}${attrs.length ? `; ${attrs.join('; ')}` : ''}`);
    }
    if (changes.length > 200) lines.push(`  … and ${changes.length - 200} more (--json has them all)`);
  }
  return `${lines.join('\n')}\n`;
}
