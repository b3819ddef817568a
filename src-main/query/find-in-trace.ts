import type { ApiSpan } from '../model/api';

/**
 * The spans a find matches, in the order given: the text (case-insensitive) in the span's name, service, or
 * any attribute value of the span, its resource or its events.
 */
export function findInTrace(spans: ApiSpan[], text: string): string[] {
  const needle = text.trim().toLowerCase();
  if (needle === '') return [];
  const has = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value)).toLowerCase().includes(needle);
  return spans
    .filter(
      (span) =>
        has(span.name) ||
        has(span.service) ||
        Object.values(span.attributes).some(has) ||
        Object.values(span.resource.attributes).some(has) ||
        span.events.some((e) => has(e.name) || Object.values(e.attributes).some(has)),
    )
    .map((span) => span.spanId);
}
