import type { ApiWaterfall, WaterfallSpan } from '../../../src-main/model/api';
import { STATUS_CODES } from '../../../src-main/model/span';

const NO_EVENTS: number[] = [];

/** The compact waterfall document as spans, names and services looked up in its tables; times stay offsets. */
export function waterfallSpans(doc: ApiWaterfall): WaterfallSpan[] {
  const operations = new Map(Object.entries(doc.operations).map(([id, [service, name, kind, category]]) => [Number(id), { service: doc.services[service], name: doc.names[name], kind, category }]));
  return doc.spans.map(([spanId, parentSpanId, opId, status, start, duration]) => {
    const op = operations.get(opId)!;
    const span: WaterfallSpan = { spanId, parentSpanId, service: op.service, name: op.name, kind: op.kind, status: STATUS_CODES[status] ?? 'UNSET', start, end: start + duration, events: doc.events[spanId] ?? NO_EVENTS };
    if (op.category) span.category = op.category;
    return span;
  });
}
