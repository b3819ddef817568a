/** The `spanscope` command. */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { defaultDataDir, defaultDbPath } from '../core/core-options';
import { PortInUseError, startCore, type RunningCore } from '../core/start-core';
import { ForwardTargetError } from '../forward/forward-target';
import { DatabaseError } from '../store/database-error';
import { EXPORT_HELP, EXPORT_LOGS_HELP, IMPORT_HELP, parseExportArgs, parseExportLogsArgs, parseImportArgs } from './archive-args';
import { compareRunsCommand, COMPARE_RUNS_HELP, parseCompareRunsArgs } from './compare-runs-command';
import { diffCommand, DIFF_HELP, parseDiffArgs } from './diff-command';
import { exportCommand } from './export-command';
import { exportLogsCommand } from './export-logs-command';
import { importCommand } from './import-command';
import { UsageError } from './flag-table';
import { mcpCommand, MCP_HELP, parseMcpArgs } from './mcp-command';
import { parseQueryArgs, queryCommand, QUERY_HELP } from './query-command';
import { parseRunArgs, runCommand, RUN_HELP } from './run-command';
import { parseServeArgs, SERVE_HELP } from './serve-args';

const USAGE = `Usage: spanscope <command>

  serve [flags]                 run the receivers, the store and the UI/API server without a window
  import FILE... [--db PATH]    import trace and log archives (OTLP, Jaeger, Zipkin; .gz too) into a store
  export TRACE_ID... [--db PATH] [--format otlp-json|jaeger-json|zipkin-json] [-o FILE]
                                write traces to a file
  export-logs [TRACE_ID...] [--db PATH] [--format otlp-json|otlp-json-lines|otlp-protobuf]
              [--service S] [--severity L] [--text T] [--start T] [--end T] [-o FILE]
                                write log records (of those traces, or matching the filters) to a file
  diff TRACE_A TRACE_B [--db PATH] [--json]
                                what changed from one trace to the other
  query 'TRACEQL' [--db PATH] [--since 1h] [--limit N] [--json]
                                the traces a TraceQL query finds, with their matching spans
  run start LABEL [--api URL --token T | --db PATH]
                                start a run by hand: what arrives from now on belongs to it
  run list [--api URL --token T | --db PATH] [--json]
                                the runs: by hand, and per service.version, git revision, environment
  compare-runs RUN_A RUN_B [--db PATH] [--json] [--fail-on 'p95>10%']
                                run against run per operation; exit 1 when a regression passes --fail-on
  mcp [--db PATH]               an MCP server over stdio for coding agents (the same tools as /mcp)
  (spanscope COMMAND --help tells more)
`;

const COMMANDS: Record<string, { help: string; run: (args: string[]) => Promise<number> }> = {
  serve: { help: SERVE_HELP, run: serve },
  import: { help: IMPORT_HELP, run: (args) => importCommand(parseImportArgs(args, defaultDbPath()), WRITER_WORKER) },
  export: { help: EXPORT_HELP, run: (args) => exportCommand(parseExportArgs(args, defaultDbPath()), WRITER_WORKER) },
  'export-logs': { help: EXPORT_LOGS_HELP, run: (args) => exportLogsCommand(parseExportLogsArgs(args, defaultDbPath()), WRITER_WORKER) },
  diff: { help: DIFF_HELP, run: (args) => diffCommand(parseDiffArgs(args, defaultDbPath()), WRITER_WORKER) },
  query: { help: QUERY_HELP, run: (args) => queryCommand(parseQueryArgs(args, defaultDbPath()), WRITER_WORKER) },
  run: { help: RUN_HELP, run: (args) => runCommand(parseRunArgs(args, defaultDbPath()), WRITER_WORKER) },
  mcp: { help: MCP_HELP, run: (args) => mcpCommand(parseMcpArgs(args, defaultDbPath()), WRITER_WORKER) },
  'compare-runs': { help: COMPARE_RUNS_HELP, run: (args) => compareRunsCommand(parseCompareRunsArgs(args, defaultDbPath()), WRITER_WORKER) },
};

const WRITER_WORKER = join(__dirname, 'writer-worker.js');

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    process.stdout.write(USAGE);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`spanscope: unknown command "${name}"\n${USAGE}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(command.help);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    // A flag or the database file (read-only, in use, another program's): the person's to fix, as for serve.
    if (error instanceof UsageError || error instanceof DatabaseError) {
      process.stderr.write(`spanscope ${name}: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`spanscope ${name}: ${(error as Error).message}\n`);
    return 1;
  }
}

async function serve(args: string[]): Promise<number> {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  let core: RunningCore;
  let json: boolean;
  try {
    const parsed = parseServeArgs(args, {
      dataDir: defaultDataDir(),
      uiRoot: join(__dirname, '..', 'renderer'),
      token: randomBytes(24).toString('base64url'),
      writerWorkerPath: WRITER_WORKER,
    });
    json = parsed.json;
    if (parsed.options.host !== '127.0.0.1' && parsed.options.host !== 'localhost' && parsed.options.host !== '::1') {
      log(`warning: listening on ${parsed.options.host}: other machines can send spans, and the API answers them only with the token`);
    }
    core = await startCore(parsed.options, log);
  } catch (error) {
    // Each is the person's to fix (a flag, a port, the database file): exit code 2, as for usage errors.
    if (error instanceof UsageError || error instanceof PortInUseError || error instanceof DatabaseError || error instanceof ForwardTargetError) {
      process.stderr.write(`spanscope: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`spanscope: could not start: ${(error as Error).message}\n`);
    return 1;
  }
  // Listening for the signals before saying "ready": a signal sent on reading that line must stop cleanly too.
  const stopped = new Promise<number>((resolve) => {
    const stop = (signal: string) => {
      log(`${signal}: writing what was received, then stopping`);
      core.close().then(
        () => resolve(0),
        (error: Error) => {
          log(`stopping failed: ${error.message}`);
          resolve(1);
        },
      );
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  const { urls } = core;
  if (json) process.stdout.write(`${JSON.stringify(urls)}\n`);
  else {
    log(`Spanscope is running.\n  UI:        ${urls.ui}\n  OTLP/HTTP: ${urls.otlpHttp}  (OTEL_EXPORTER_OTLP_ENDPOINT)\n  OTLP/gRPC: ${urls.otlpGrpc}\n  Zipkin:    ${urls.zipkin}\n  Database:  ${urls.db}`);
  }
  return stopped;
}

/** Entry of bin/spanscope.js. */
export function runCli(): void {
  // Output piped into `head` and the like: a closed pipe ends the command quietly.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => process.exit(error.code === 'EPIPE' ? 0 : 1));
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
