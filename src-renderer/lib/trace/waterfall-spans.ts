import type { ApiWaterfall, WaterfallSpan } from '../../../src-main/model/api';

/** The compact waterfall document as spans (times back to epoch nanoseconds, as text). */
export function waterfallSpans(doc: ApiWaterfall): WaterfallSpan[] {
  const origin = BigInt(doc.startTimeUnixNano);
  const at = (offset: number) => (origin + BigInt(offset)).toString();
  return doc.spans.map(([spanId, parentSpanId, service, name, kind, code, start, duration, events]) => ({
    spanId,
    parentSpanId,
    service: doc.services[service],
    name: doc.names[name],
    kind,
    status: { code },
    startTimeUnixNano: at(start),
    endTimeUnixNano: at(start + duration),
    events: events.map((e) => ({ timeUnixNano: at(e) })),
  }));
}
