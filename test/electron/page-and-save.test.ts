import { runInNewContext } from 'node:vm';
import { describe, expect, it, vi } from 'vitest';
import { setThemeScript, toggleMinimapScript } from '../../src-main/electron/page-scripts';
import { attachmentName, coreDownloadUrl, saveDownload, type SaveSteps } from '../../src-main/electron/save-download';

/** A page's globals as the scripts use them: localStorage, and the events they send. */
function page(stored: Record<string, string> = {}) {
  const events: { key: string; newValue: string }[] = [];
  const context = {
    localStorage: { getItem: (k: string) => stored[k] ?? null, setItem: (k: string, v: string) => (stored[k] = v) },
    StorageEvent: class {
      constructor(
        readonly type: string,
        readonly init: { key: string; newValue: string },
      ) {}
    },
    dispatchEvent: (event: { type: string; init: { key: string; newValue: string } }) => event.type === 'storage' && events.push(event.init),
  };
  return { run: (script: string) => runInNewContext(script, context), stored, events };
}

describe('the View menu\'s page scripts', () => {
  it('set the theme the way another tab would, so the page applies it without a reload', () => {
    const p = page();
    p.run(setThemeScript('dark'));
    expect(p.stored).toEqual({ 'spanscope.theme': 'dark' });
    expect(p.events).toEqual([{ key: 'spanscope.theme', newValue: 'dark' }]);
  });

  it('toggle the minimap: shown by default, hidden, shown again', () => {
    const p = page();
    p.run(toggleMinimapScript());
    p.run(toggleMinimapScript());
    expect(p.events.map((e) => e.newValue)).toEqual(['hidden', 'shown']);
    expect(p.stored['spanscope.minimap']).toBe('shown');
  });
});

const CORE = { origin: 'http://127.0.0.1:16686', token: 'secret' };

function steps(answer: { status: number; body: string; disposition?: string }, chosen: string | undefined) {
  return {
    fetch: vi.fn(async () => ({
      status: answer.status,
      headers: { get: (name: string) => (name === 'content-disposition' ? (answer.disposition ?? null) : null) },
      bytes: async () => new TextEncoder().encode(answer.body),
    })),
    choosePath: vi.fn(async () => chosen),
    write: vi.fn(async (_path: string, _bytes: Uint8Array) => {}),
  } satisfies SaveSteps;
}

describe('Save as in the desktop app', () => {
  it('fetches only the core\'s /api downloads', () => {
    expect(coreDownloadUrl('/api/traces/ab/export?format=zipkin-json', CORE.origin)?.href).toBe('http://127.0.0.1:16686/api/traces/ab/export?format=zipkin-json');
    expect(coreDownloadUrl('https://example.com/api/x', CORE.origin)).toBeUndefined();
    expect(coreDownloadUrl('//example.com/api/x', CORE.origin)).toBeUndefined();
    expect(coreDownloadUrl('/settings', CORE.origin)).toBeUndefined();
    expect(coreDownloadUrl('/api/../etc/passwd', CORE.origin)).toBeUndefined();
  });

  it('offers the core\'s file name, writes the bytes where the user chose, with the token', async () => {
    const s = steps({ status: 200, body: '{"resourceSpans":[]}', disposition: 'attachment; filename="trace-ab.otlp.json"' }, '/home/me/t.json');
    expect(await saveDownload('/api/traces/ab/export', CORE, s)).toEqual({ path: '/home/me/t.json' });
    expect(s.fetch).toHaveBeenCalledWith('http://127.0.0.1:16686/api/traces/ab/export', { Authorization: 'Bearer secret' });
    expect(s.choosePath).toHaveBeenCalledWith('trace-ab.otlp.json');
    expect(new TextDecoder().decode(s.write.mock.calls[0][1] as Uint8Array)).toBe('{"resourceSpans":[]}');
  });

  it('writes nothing when cancelled, and passes the core\'s error sentence on', async () => {
    const cancelled = steps({ status: 200, body: '{}' }, undefined);
    expect(await saveDownload('/api/export', CORE, cancelled)).toEqual({});
    expect(cancelled.write).not.toHaveBeenCalled();
    const missing = steps({ status: 404, body: '{"error":"no trace ab in this source"}' }, '/x');
    expect(await saveDownload('/api/traces/ab/export', CORE, missing)).toEqual({ error: 'no trace ab in this source' });
    expect(await saveDownload('https://evil.example/api/x', CORE, missing)).toEqual({ error: 'https://evil.example/api/x is not a download of the Spanscope core' });
  });

  it('never takes a path from the file name the core sends', () => {
    expect(attachmentName('attachment; filename="../../.bashrc"')).toBe('spanscope-export.json');
    expect(attachmentName(null)).toBe('spanscope-export.json');
  });
});
