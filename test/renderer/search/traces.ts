/** Result rows as the search page holds them (api-shapes' Trace), built from a few figures. */
import type { Trace } from '../../../src-renderer/lib/api-shapes';

export function trace(id: string, startMs: number, durationMs: number, extra: Partial<Trace> = {}): Trace {
  return {
    traceId: id.padEnd(32, '0'),
    rootService: 'frontend',
    rootName: 'GET',
    startNs: BigInt(startMs) * 1_000_000n,
    startMs,
    durationNs: durationMs * 1e6,
    spanCount: 8,
    errorCount: 0,
    services: [{ name: 'frontend', spanCount: 8 }],
    lastReceivedMs: startMs,
    refusedSpanCount: 0,
    ...extra,
  };
}
