import { describe, expect, it } from 'vitest';
import { parseTraceQL } from '../../../src-main/traceql/parse';
import { validateTraceQL } from '../../../src-main/traceql/validate';
import { monitorAddress, monitorHref, monitorQueries, monitorWindow, operationTracesHref } from '../../../src-renderer/lib/monitor/monitor-range';
import { formFromParams } from '../../../src-renderer/lib/search-form';

describe('the Monitor address', () => {
  it('reads the range (1 h by default), the service and a fixed end', () => {
    expect(monitorAddress(new URLSearchParams(''))).toEqual({ range: '1h', service: '', endMs: undefined });
    expect(monitorAddress(new URLSearchParams('lookback=6h&service=checkout&end=1767225600000'))).toEqual({ range: '6h', service: 'checkout', endMs: 1_767_225_600_000 });
    expect(monitorAddress(new URLSearchParams('lookback=7d&end=soon')).range).toBe('1h');
    expect(monitorHref({ range: '15m', service: 'a b', endMs: undefined })).toBe('/monitor?lookback=15m&service=a+b');
  });

  it('cuts each range into 60 equal steps ending at the given time', () => {
    expect(monitorWindow('1h', 1_767_225_600_000)).toEqual({ startMs: 1_767_222_000_000, endMs: 1_767_225_600_000, stepMs: 60_000 });
    expect(monitorWindow('15m', 0).stepMs).toBe(15_000);
    // Ends on the next minute (or step) boundary, so every step is whole minutes the core has counted.
    expect(monitorWindow('1h', 1_767_225_600_001)).toEqual({ startMs: 1_767_222_060_000, endMs: 1_767_225_660_000, stepMs: 60_000 });
    expect(monitorWindow('15m', 1_767_225_600_001).endMs).toBe(1_767_225_660_000);
    expect(monitorWindow('6h', 1_767_225_600_001).endMs % 360_000).toBe(0);
    expect(monitorWindow('24h', 0).stepMs).toBe(1_440_000);
  });
});

describe('monitorQueries', () => {
  it("asks for the requests of every service, or one service's by operation and kind", () => {
    expect(monitorQueries('')).toMatchObject({
      rate: '{ kind = server || kind = consumer } | rate() by (resource.service.name)',
      errors: '{ (kind = server || kind = consumer) && status = error } | rate() by (resource.service.name)',
      quantiles: '{ kind = server || kind = consumer } | quantile_over_time(duration, 0.5, 0.95, 0.99) by (resource.service.name)',
    });
    expect(monitorQueries('checkout').errors).toBe('{ (kind = server || kind = consumer) && resource.service.name = "checkout" && status = error } | rate() by (name, kind)');
  });

  it('writes any service name as a TraceQL string the parser reads back', () => {
    const name = 'we"ird\\name\n';
    const { quantiles } = monitorQueries(name);
    const parsed = parseTraceQL(quantiles);
    validateTraceQL(parsed);
    expect(JSON.stringify(parsed)).toContain(JSON.stringify(name).slice(1, -1));
  });
});

describe('operationTracesHref', () => {
  it("is the field search for the operation's spans of that kind over the same range", () => {
    const href = operationTracesHref('checkout', 'POST /api/checkout', 'SERVER', '6h');
    expect(href).toBe('/search?service=checkout&operation=POST+%2Fapi%2Fcheckout&spanKind=SERVER&lookback=6h');
    expect(formFromParams(new URL(href, 'http://x').searchParams)).toMatchObject({ service: 'checkout', operation: 'POST /api/checkout', spanKind: 'SERVER', lookback: '6h' });
  });
});
