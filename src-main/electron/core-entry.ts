/**
 * The core in Electron's utility process (so a long query never blocks the window): started with its options
 * as JSON in the first argument, it posts `ready` with the URLs, or `failed` with the reason (a port in use).
 */
import { startCore } from '../core/start-core';
import type { CoreOptions } from '../core/core-options';
import type { CoreMessage } from './core-protocol';

interface ParentPort {
  postMessage(message: CoreMessage): void;
  on(event: 'message', listener: (event: { data: { type: 'stop' } }) => void): void;
}

const port = (process as unknown as { parentPort: ParentPort }).parentPort;
const options = JSON.parse(process.argv[2]) as CoreOptions;

startCore(options, (line) => process.stderr.write(`${line}\n`)).then(
  (core) => {
    port.postMessage({ type: 'ready', urls: core.urls, token: options.token });
    port.on('message', ({ data }) => {
      if (data.type !== 'stop') return;
      core.close().then(
        () => process.exit(0),
        (error: Error) => {
          process.stderr.write(`stopping failed: ${error.message}\n`);
          process.exit(1);
        },
      );
    });
  },
  (error: Error) => {
    port.postMessage({ type: 'failed', message: error.message });
    process.exit(1);
  },
);
