import { describe, expect, it } from 'vitest';
import { SERVE_FLAGS } from '../../src-main/cli/serve-args';
import { formatBytes, formatDuration, limitRows, storageRows } from '../../src-renderer/lib/settings-figures';

describe('settings figures in words', () => {
  it('sizes in the binary units the flags read', () => {
    expect(formatBytes(2 * 1024 ** 3)).toBe('2 GB');
    expect(formatBytes(64 * 1024)).toBe('64 KB');
    expect(formatBytes(13_002_752)).toBe('12.4 MB');
    expect(formatBytes(300 * 1024 ** 2 + 5)).toBe('300 MB');
    expect(formatBytes(1)).toBe('1 byte');
    expect(formatBytes(0)).toBe('0 bytes');
  });

  it('durations in the largest unit that divides them', () => {
    expect(formatDuration(7 * 86_400_000)).toBe('7 days');
    expect(formatDuration(36 * 3_600_000)).toBe('36 hours');
    expect(formatDuration(30_000)).toBe('30 seconds');
    expect(formatDuration(60_000)).toBe('1 minute');
    expect(formatDuration(1500)).toBe('1,500 milliseconds');
  });

  it('storage: 0 means no limit, said in words, with the flag to change it', () => {
    expect(storageRows({ path: '/x.db', sizeBytes: 1, maxBytes: 0, retentionMs: 0 })).toEqual([
      { label: 'Keep traces for', value: 'until the size limit', flag: '--retention' },
      { label: 'Database size limit', value: 'none', flag: '--max-db-size' },
    ]);
    expect(storageRows({ path: '/x.db', sizeBytes: 1, maxBytes: 2 * 1024 ** 3, retentionMs: 7 * 86_400_000 }).map((r) => r.value)).toEqual(['7 days', '2 GB; the oldest traces go first above it']);
  });

  it('limits: one row a serve flag', () => {
    const rows = limitRows({ maxSpansPerTrace: 200_000, maxAttributes: 128, maxAttributeLengthBytes: 65_536, maxValueEntries: 1000, maxBodyBytes: 20 * 1024 ** 2, maxInflightBytes: 256 * 1024 ** 2, maxOpenSources: 16, maxEventClients: 64, bodyTimeoutMs: 30_000 });
    expect(rows[0]).toEqual({ label: 'Spans per trace', value: '200,000', flag: '--max-spans-per-trace' });
    expect(new Set(rows.map((r) => r.flag)).size).toBe(rows.length);
    const storage = storageRows({ path: '', sizeBytes: null, maxBytes: 0, retentionMs: 0 });
    for (const { flag } of [...rows, ...storage]) expect(Object.keys(SERVE_FLAGS), flag).toContain(flag);
    expect(rows.find((r) => r.flag === '--body-timeout')!.value).toBe('30 seconds');
  });
});
