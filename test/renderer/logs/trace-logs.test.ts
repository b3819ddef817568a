import { describe, expect, it } from 'vitest';
import { logsBySpan, logTicks, placeLogs } from '../../../src-renderer/lib/logs/trace-logs';
import { logRecord, T0 } from './log-records';

const MS = 1_000_000n;

describe("a trace's logs on its time line", () => {
  const logs = placeLogs(
    [
      logRecord({ timeNs: T0 - MS, spanId: 'a', severityNumber: 9 }),
      logRecord({ timeNs: T0 + 10n * MS, spanId: 'a', severityNumber: 17 }),
      logRecord({ timeNs: T0 + 10n * MS + 1n, spanId: 'a', severityNumber: 5 }),
      logRecord({ timeNs: T0 + 50n * MS, spanId: 'b', severityNumber: 13 }),
      logRecord({ timeNs: T0 + 60n * MS, spanId: '' }),
    ],
    T0,
  );

  it('places each record at its offset from the trace start, exactly', () => {
    expect(logs.map((l) => l.offsetNs)).toEqual([-1e6, 10e6, 10e6 + 1, 50e6, 60e6]);
  });

  it('groups them by span once, in order, leaving out records without a span', () => {
    const bySpan = logsBySpan(logs);
    expect([...bySpan.keys()]).toEqual(['a', 'b']);
    expect(bySpan.get('a')!.map((l) => l.offsetNs)).toEqual([-1e6, 10e6, 10e6 + 1]);
  });

  it('draws the ticks in view, one per pixel, the most severe one there', () => {
    const ticks = logTicks(logsBySpan(logs).get('a')!, 0, 100e6, 1000);
    expect(ticks).toEqual([{ left: 10, severityNumber: 17 }]);
    expect(logTicks(logs, 20e6, 100e6, 800)).toEqual([
      { left: 37.5, severityNumber: 13 },
      { left: 50, severityNumber: 9 },
    ]);
    expect(logTicks(logs, 5, 5, 800)).toEqual([]);
  });
});
