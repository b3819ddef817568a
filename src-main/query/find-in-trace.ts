import { toJsonValue } from '../model/any-value-text';
import { serviceOf, type AnyValue, type Attributes, type Span } from '../model/span';

/**
 * The spans a find matches, in the order given: the text (case-insensitive) in the span's name, service, or
 * any attribute value of the span, its resource or its events, each value in its API document form.
 */
export function findInTrace(spans: Span[], text: string): string[] {
  const needle = text.trim().toLowerCase();
  if (needle === '') return [];
  const has = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value)).toLowerCase().includes(needle);
  const inValue = (value: AnyValue) => has(toJsonValue(value));
  const inAttributes = (attributes: Attributes) => Object.values(attributes).some(inValue);
  return spans
    .filter(
      (span) =>
        has(span.name) ||
        has(serviceOf(span.resource)) ||
        inAttributes(span.attributes) ||
        inAttributes(span.resource.attributes) ||
        span.events.some((e) => has(e.name) || inAttributes(e.attributes)),
    )
    .map((span) => span.spanId);
}
