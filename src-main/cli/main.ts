/** The `spanscope` command. */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { defaultDataDir } from '../core/core-options';
import { PortInUseError, startCore, type RunningCore } from '../core/start-core';
import { parseServeArgs, SERVE_HELP, UsageError } from './serve-args';

const USAGE = `Usage: spanscope <command>

  serve [flags]   run the receivers, the store and the UI/API server without a window
                  (spanscope serve --help lists the flags)
`;

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h') {
    process.stdout.write(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command !== 'serve') {
    process.stderr.write(`spanscope: unknown command "${command}"\n${USAGE}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(SERVE_HELP);
    return 0;
  }
  return serve(rest);
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
      writerWorkerPath: join(__dirname, 'writer-worker.js'),
    });
    json = parsed.json;
    if (parsed.options.host !== '127.0.0.1' && parsed.options.host !== 'localhost' && parsed.options.host !== '::1') {
      log(`warning: listening on ${parsed.options.host}: other machines can send spans, and the API answers them only with the token`);
    }
    core = await startCore(parsed.options, log);
  } catch (error) {
    if (error instanceof UsageError || error instanceof PortInUseError) {
      process.stderr.write(`spanscope: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`spanscope: could not start: ${(error as Error).message}\n`);
    return 1;
  }
  const { urls } = core;
  if (json) process.stdout.write(`${JSON.stringify(urls)}\n`);
  else {
    log(`Spanscope is running.\n  UI:        ${urls.ui}\n  OTLP/HTTP: ${urls.otlpHttp}  (OTEL_EXPORTER_OTLP_ENDPOINT)\n  OTLP/gRPC: ${urls.otlpGrpc}\n  Zipkin:    ${urls.zipkin}\n  Database:  ${urls.db}`);
  }
  return new Promise((resolve) => {
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
}

/** Entry of bin/spanscope.js. */
export function runCli(): void {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
