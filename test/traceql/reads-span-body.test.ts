import { describe, expect, it } from 'vitest';
import { parseTraceQL } from '../../src-main/traceql/parse';
import { readsSpanBody } from '../../src-main/traceql/reads-span-body';

const reads = (q: string) => readsSpanBody(parseTraceQL(q));

describe('readsSpanBody', () => {
  it('is false for what a span row, its resource and its scope hold', () => {
    for (const q of ['{ resource.service.name = "a" && name = "b" && kind = server && status = error && duration > 1ms }', '{ } | count() > 2', '{ resource.host.name = "h" } >> { instrumentation:name = "x" }', '{ trace:rootName = "r" } | select(span:id)']) {
      expect(reads(q)).toBe(false);
    }
  });

  it('is true for span, unscoped, event and link attributes, and the status message', () => {
    for (const q of ['{ span.http.route = "/" }', '{ .service.name = "a" }', '{ event.exception.type = "E" }', '{ link:traceID = "x" }', '{ statusMessage = "m" }', '{ } | select(span.user.id)', '{ } | quantile_over_time(span.bytes, .5)']) {
      expect(reads(q)).toBe(true);
    }
  });
});
