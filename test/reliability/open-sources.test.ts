/**
 * Opened files are bounded and leave nothing behind: a cap on how many are open (a refusal that says what to do),
 * no threads held by a file once it is read, and the temporary folders of a killed serve removed at the next start
 * (never those of a Spanscope still running).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SourceInfo } from '../../src-main/model/api';
import { encodeTraceRequestProtobuf } from '../../src-main/otlp/encode-protobuf';
import { startServe, TOKEN, type ServeProcess } from '../helpers/serve-process';
import { hexId, span } from '../helpers/spans';

const file = () => new Uint8Array(encodeTraceRequestProtobuf(Array.from({ length: 20 }, () => span({ traceId: hexId(16), spanId: hexId(8) }))));

async function open(serve: ServeProcess, name: string): Promise<{ status: number; body: SourceInfo & { error?: string } }> {
  const res = await fetch(`${serve.urls.api}/sources?name=${name}`, { method: 'POST', body: file(), headers: { Authorization: `Bearer ${TOKEN}` } });
  return { status: res.status, body: await res.json() };
}

const close = (serve: ServeProcess, id: string) => serve.api(`/sources/${id}`, { method: 'DELETE' });

function threadsOf(pid: number): number {
  return Number(/^Threads:\s+(\d+)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]);
}

const sourceFolders = (dir: string) => readdirSync(dir).filter((name) => name.startsWith('spanscope-source-')).sort();

describe('opened files', () => {
  it('are capped by --max-open-sources, with a refusal that says what to do', async () => {
    const serve = await startServe(['--max-open-sources', '2']);
    try {
      const first = await open(serve, 'a.pb');
      expect((await open(serve, 'b.pb')).status).toBe(200);
      expect(await open(serve, 'c.pb')).toEqual({ status: 409, body: { error: '2 files are open, the most --max-open-sources allows; close one first' } });
      expect((await serve.api<{ sources: SourceInfo[] }>('/sources')).body.sources.map((s) => s.name)).toEqual(['Live', 'a.pb', 'b.pb']);
      expect((await close(serve, first.body.id)).status).toBe(200);
      expect((await open(serve, 'c.pb')).status).toBe(200);
    } finally {
      await serve.stop();
    }
  });

  it('hold no threads once read: the thread count stays flat however many are open', async (ctx) => {
    if (process.platform !== 'linux') return ctx.skip('reads /proc/PID/status');
    const serve = await startServe();
    try {
      await open(serve, 'warm-up.pb'); // the first import starts the pools every later one shares
      const before = threadsOf(serve.child.pid!);
      for (let i = 0; i < 8; i++) expect((await open(serve, `f${i}.pb`)).status).toBe(200);
      // A writer and a checkpoint thread per file would be 16 more.
      await expect.poll(() => threadsOf(serve.child.pid!)).toBeLessThanOrEqual(before + 2);
    } finally {
      await serve.stop();
    }
  });

  it('leave no folders behind a serve killed with SIGKILL once the next one starts, and a running one\'s are kept', async () => {
    const temp = mkdtempSync(join(tmpdir(), 'spanscope-sources-tmp-'));
    const killed = await startServe([], undefined, { TMPDIR: temp });
    expect((await open(killed, 'a.pb')).status).toBe(200);
    expect(await killed.stop('SIGKILL')).toBe(null);
    const left = sourceFolders(temp);
    expect(left).toEqual([expect.stringMatching(new RegExp(`^spanscope-source-${killed.child.pid}-`))]);
    // This test's own process runs: a folder named after it stands for another Spanscope's, still in use.
    const running = `spanscope-source-${process.pid}-abcdef`;
    mkdirSync(join(temp, running));

    const next = await startServe([], undefined, { TMPDIR: temp });
    try {
      expect(sourceFolders(temp)).toEqual([running]);
    } finally {
      await next.stop();
    }
  });
});
