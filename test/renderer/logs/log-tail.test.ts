import { describe, expect, it } from 'vitest';
import { prependLogs } from '../../../src-renderer/lib/logs/log-tail';
import { logRecord, T0 } from './log-records';

describe('the live tail', () => {
  it('puts a batch newest first before the records shown, and keeps at most the maximum', () => {
    const shown = [logRecord({ body: 'b', timeNs: T0 + 2n }), logRecord({ body: 'a', timeNs: T0 + 1n })];
    const batch = [logRecord({ body: 'c', timeNs: T0 + 3n }), logRecord({ body: 'e', timeNs: T0 + 5n }), logRecord({ body: 'd', timeNs: T0 + 4n })];
    expect(prependLogs(shown, batch).map((l) => l.body)).toEqual(['e', 'd', 'c', 'b', 'a']);
    expect(prependLogs(shown, batch, 4).map((l) => l.body)).toEqual(['e', 'd', 'c', 'b']);
    expect(prependLogs([], []).length).toBe(0);
  });
});
