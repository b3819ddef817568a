/**
 * `spanscope run start LABEL` and `spanscope run list`: runs started by hand, and the runs there are.
 *
 * With --api URL (or $SPANSCOPE_API), the command asks a running `spanscope serve` (its ready line's `api`, with
 * --token or $SPANSCOPE_TOKEN): the run starts in that server, between the writes it has accepted and the next.
 * Without, it opens the store at --db: `run start` claims it as a writer (a store a serve holds is refused, with
 * what to do), `run list` reads beside anyone.
 */
import { DEFAULT_MAX_DB_BYTES, DEFAULT_MAX_QUEUED_SPANS, DEFAULT_RETENTION_MS } from '../core/core-options';
import { openStore } from '../core/open-store';
import type { ApiRun } from '../model/api';
import { QueryError } from '../query/query-error';
import { checkRunLabel } from '../query/run-label';
import { listRuns, runJson } from '../query/run-list';
import { DatabaseError } from '../store/database-error';
import type { Store } from '../store/store';
import { DB_FLAG, HELP_DB } from './archive-args';
import { flagHelp, parseFlags, UsageError, type FlagTable } from './flag-table';
import { runListTable } from './run-comparison-table';

export interface RunArgs {
  action: 'start' | 'list';
  label: string;
  dbPath: string;
  /** The API of a running serve ('' for none): the store is then that server's. */
  api: string;
  token: string;
  json: boolean;
}

const RUN_FLAGS: FlagTable<RunArgs, string> = {
  '--api': { value: 'URL', help: "a running spanscope serve's API, as its ready line gives it (http://127.0.0.1:16686/api); default $SPANSCOPE_API", set: (args, text) => (args.api = text) },
  '--token': { value: 'TOKEN', help: "that server's token (its --token); default $SPANSCOPE_TOKEN", set: (args, text) => (args.token = text) },
  '--db': { ...DB_FLAG, help: 'database file, when no --api is given (a store no serve holds, for run start)' },
  '--json': { help: 'print the run (GET /api/runs: the list) as the API gives it', set: (args) => (args.json = true) },
};

export const RUN_HELP = `Usage: spanscope run start LABEL [--api URL --token TOKEN | --db PATH] [--json]
       spanscope run list [--api URL --token TOKEN | --db PATH] [--json]

  start: starts a run by hand: every trace that arrives from now on belongs to it, until the next is started
  (a trace belongs to the run that was current when its first span arrived). With --api it asks the running
  spanscope serve of that address (as POST /api/runs does); without, it writes to the store at --db.
  list: the runs, the newest first, each with its id, ORIGIN=LABEL, traces, spans, errors, time span and
  services; automatic runs come from the resource attributes service.version, vcs.ref.head.revision and
  deployment.environment.name.

${flagHelp(RUN_FLAGS, HELP_DB)}`;

export function parseRunArgs(argv: string[], defaultDb: string, env: NodeJS.ProcessEnv = process.env): RunArgs {
  const args: RunArgs = { action: 'list', label: '', dbPath: '', api: env.SPANSCOPE_API ?? '', token: env.SPANSCOPE_TOKEN ?? '', json: false };
  const [action, ...rest] = parseFlags(argv, RUN_FLAGS, args, defaultDb, { positionals: true, help: 'spanscope run --help' });
  if (action === 'start') {
    if (rest.length !== 1) throw new UsageError('run start needs one label, in quotes if it has spaces: spanscope run start "nightly 2026-12-01"');
    args.action = 'start';
    args.label = labelArg(rest[0]);
  } else if (action === 'list') {
    if (rest.length > 0) throw new UsageError(`run list takes no other argument, not "${rest[0]}"`);
  } else {
    throw new UsageError(action === undefined ? 'run needs start LABEL or list: spanscope run start LABEL' : `"${action}" is not a run command; use start LABEL or list`);
  }
  return args;
}

export async function runCommand(args: RunArgs, writerWorkerPath: string): Promise<number> {
  if (args.action === 'start') {
    const run = args.api === '' ? await startInStore(args, writerWorkerPath) : await askServer<ApiRun>(args, 'runs', { method: 'POST', body: JSON.stringify({ label: args.label }) });
    process.stdout.write(args.json ? `${JSON.stringify(run)}\n` : `run ${run.id} started: ${run.origin}=${run.label}; what arrives from now on belongs to it\n`);
    return 0;
  }
  const runs = args.api === '' ? await listInStore(args, writerWorkerPath) : (await askServer<{ runs: ApiRun[] }>(args, 'runs', { method: 'GET' })).runs;
  process.stdout.write(args.json ? `${JSON.stringify({ runs })}\n` : runListTable(runs));
  return 0;
}

async function startInStore(args: RunArgs, writerWorkerPath: string): Promise<ApiRun> {
  let store: Store;
  try {
    store = await openStore({ dbPath: args.dbPath, maxDbBytes: DEFAULT_MAX_DB_BYTES, retentionMs: DEFAULT_RETENTION_MS, maxQueuedSpans: DEFAULT_MAX_QUEUED_SPANS, writerWorkerPath, exclusive: true });
  } catch (error) {
    if (error instanceof DatabaseError && error.fault === 'in-use') {
      throw new UsageError(`${error.message}; to start a run in the spanscope serve that holds it, give --api URL --token TOKEN (its ready line's api and its token)`);
    }
    throw error;
  }
  try {
    const id = await store.startRun(args.label);
    return runJson(store.reader, store.reader.runs.run(id)!);
  } finally {
    await store.close();
  }
}

async function listInStore(args: RunArgs, writerWorkerPath: string): Promise<ApiRun[]> {
  const store = await openStore({ dbPath: args.dbPath, maxDbBytes: DEFAULT_MAX_DB_BYTES, retentionMs: DEFAULT_RETENTION_MS, maxQueuedSpans: DEFAULT_MAX_QUEUED_SPANS, writerWorkerPath });
  try {
    return listRuns(store.reader);
  } finally {
    await store.close();
  }
}

/** A request to the server's API; its error sentence, or why it could not be reached, as an Error. */
async function askServer<T>(args: RunArgs, path: string, init: RequestInit): Promise<T> {
  const base = apiBase(args.api);
  let response: Response;
  try {
    response = await fetch(`${base}/${path}`, { ...init, headers: { Authorization: `Bearer ${args.token}`, 'Content-Type': 'application/json' } });
  } catch (error) {
    const cause = ((error as Error).cause as Error | undefined)?.message ?? (error as Error).message;
    throw new UsageError(`cannot reach ${base} (${cause}); is spanscope serve running there? Its ready line names its api`);
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`${base}/${path} answered ${response.status} with something other than JSON; is it a spanscope serve's api?`);
  }
  if (!response.ok) throw new Error(`${base}/${path} answered ${response.status}: ${(body as { error?: string }).error ?? text}`);
  return body as T;
}

/** The API's address without a trailing slash; a server's bare address gets /api. */
function apiBase(text: string): string {
  const url = URL.parse(text);
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) throw new UsageError(`--api "${text}" is not an http address; give the api of spanscope serve's ready line, such as http://127.0.0.1:16686/api`);
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.origin}${path === '' ? '/api' : path}`;
}

function labelArg(text: string): string {
  try {
    return checkRunLabel(text);
  } catch (error) {
    if (error instanceof QueryError) throw new UsageError(error.message);
    throw error;
  }
}
