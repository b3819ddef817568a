/**
 * The desktop app's quit path: quitting waits for the core's process to stop (stop-core-on-quit.ts), and the core,
 * told to stop, answers, writes and closes the database as `serve` does on SIGTERM (core-entry.ts, run here under
 * Node with a stand-in for Electron's parentPort).
 */
import { fork } from 'node:child_process';
import { EventEmitter, once } from 'node:events';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { parseServeArgs } from '../../src-main/cli/serve-args';
import type { CoreMessage } from '../../src-main/electron/core-protocol';
import { stopCoreOnQuit } from '../../src-main/electron/stop-core-on-quit';
import { checkDatabase } from '../helpers/database-check';
import { postOtlp, protobufRequest } from '../helpers/otlp-bodies';
import { tempDbPath } from '../helpers/serve-process';
import { hexId } from '../helpers/spans';

const OUT = join(__dirname, '..', '..', 'out', 'main');

class FakeApp extends EventEmitter {
  quits = 0;
  /** Electron's app.quit(): 'before-quit' first; the app ends unless a listener prevents it. */
  quit(): void {
    let prevented = false;
    this.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (!prevented) this.quits++;
  }
}

class FakeCore extends EventEmitter {
  readonly posted: unknown[] = [];
  postMessage(message: unknown): void {
    this.posted.push(message);
  }
}

describe('quitting the desktop app', () => {
  it('tells the core to stop and quits once it has ended', () => {
    const app = new FakeApp();
    const core = new FakeCore();
    stopCoreOnQuit(app, core, 10_000);
    app.quit();
    app.quit(); // asked again while waiting
    expect(core.posted).toEqual([{ type: 'stop' }]);
    expect(app.quits).toBe(0);
    core.emit('exit');
    expect(app.quits).toBe(1);
  });

  it('does not wait for a core that has already ended, nor past the grace period', () => {
    vi.useFakeTimers();
    try {
      const ended = new FakeCore();
      const app = new FakeApp();
      stopCoreOnQuit(app, ended, 10_000);
      ended.emit('exit');
      app.quit();
      expect(app.quits).toBe(1);

      const stuck = new FakeCore();
      const other = new FakeApp();
      stopCoreOnQuit(other, stuck, 10_000);
      other.quit();
      vi.advanceTimersByTime(10_000);
      expect(other.quits).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it("the core's process, told to stop, answers, writes what it accepted and closes the database", async () => {
    const dbPath = tempDbPath();
    const { options } = parseServeArgs(['--db', dbPath, '--ui-port', '0', '--otlp-http-port', '0', '--otlp-grpc-port', '0', '--zipkin-port', '0'], {
      dataDir: '/unused',
      uiRoot: join(OUT, '..', 'renderer'),
      token: 'desktop-test',
      writerWorkerPath: join(OUT, 'writer-worker.js'),
    });
    const core = fork(join(OUT, 'core-entry.js'), [JSON.stringify(options)], {
      execArgv: ['--require', join(__dirname, '..', 'helpers', 'electron-parent-port.cjs')],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const [ready] = (await once(core, 'message')) as [CoreMessage];
    if (ready.type !== 'ready') throw new Error(`the core did not start: ${ready.message}`);

    const traceId = hexId(16);
    const answer = postOtlp(ready.urls.otlpHttp, protobufRequest(traceId, 20));
    await new Promise((resolve) => setTimeout(resolve, 50));
    core.send({ type: 'stop' });
    expect((await answer).status).toBe(200);
    const [code] = (await once(core, 'exit')) as [number | null];
    expect(code).toBe(0);
    expect(existsSync(`${dbPath}-wal`)).toBe(false);
    const check = checkDatabase(dbPath);
    expect(check.integrity).toBe('ok');
    expect(check.traceIds).toEqual([traceId]);
    expect(check.spans).toBe(20);
  });
});
