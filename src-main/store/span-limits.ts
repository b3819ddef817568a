/**
 * What one span and one trace may hold. Attributes and values are limited where spans are packed (every receiver
 * and import passes there): past the count, attributes are dropped and added to dropped_attributes_count, as OTel
 * SDKs do; a longer string keeps its start and ends with a marker giving its full size, a longer bytes value is
 * cut. Spans past a trace's limit are refused by the writer (span-writer.ts), which marks the trace.
 * Applying the limits twice changes nothing: a stored span imported again is stored the same.
 */
import { newAttributes, type AnyValue, type Attributes, type Span } from '../model/span';

export interface SpanLimits {
  /** Attributes kept per span, and per resource, scope, event and link: the first ones. */
  maxAttributes: number;
  /** UTF-8 bytes kept of a string value, marker included (each string of an array or key-value list alike). */
  maxValueBytes: number;
  /** Spans stored per trace; later ones are refused. */
  maxSpansPerTrace: number;
}

/**
 * 128 attributes: the OTel SDKs' default, so nothing a default SDK sends is dropped. 64 KiB values: a long stack
 * trace or SQL statement stays whole, while a captured payload cannot fill the store or the span detail.
 * 200,000 spans: twice the largest trace the UI is built to show (100,000 spans), far past real requests.
 */
export const DEFAULT_SPAN_LIMITS: SpanLimits = { maxAttributes: 128, maxValueBytes: 64 * 1024, maxSpansPerTrace: 200_000 };

interface WithAttributes {
  attributes: Attributes;
  droppedAttributesCount: number;
}

/** `item` with at most `maxAttributes` attributes (the rest counted as dropped) and long values cut; itself when within. */
export function withLimitedAttributes<T extends WithAttributes>(item: T, limits: SpanLimits): T {
  if (withinLimits(item.attributes, limits)) return item;
  const attributes = newAttributes();
  let kept = 0;
  let dropped = 0;
  for (const key in item.attributes) {
    if (kept < limits.maxAttributes) {
      attributes[key] = truncateValue(item.attributes[key], limits.maxValueBytes);
      kept++;
    } else dropped++;
  }
  return { ...item, attributes, droppedAttributesCount: item.droppedAttributesCount + dropped };
}

/** The span with its own, its events' and its links' attributes limited (resources and scopes are limited once each, by the batch). */
export function limitSpan(span: Span, limits: SpanLimits): Span {
  const limited = withLimitedAttributes(span, limits);
  const events = sameOrMapped(span.events, (e) => withLimitedAttributes(e, limits));
  const links = sameOrMapped(span.links, (l) => withLimitedAttributes(l, limits));
  return limited === span && events === span.events && links === span.links ? span : { ...limited, events, links };
}

export function truncateValue(value: AnyValue, maxBytes: number): AnyValue {
  if (typeof value === 'string') return truncateString(value, maxBytes);
  if (value instanceof Uint8Array) return value.length > maxBytes ? value.slice(0, maxBytes) : value;
  if (Array.isArray(value)) return value.map((item) => truncateValue(item, maxBytes));
  if (value !== null && typeof value === 'object') {
    const list = newAttributes();
    for (const key in value) list[key] = truncateValue(value[key], maxBytes);
    return list;
  }
  return value;
}

/** At most `maxBytes` of UTF-8: the start of the text, cut at a character, then "…[truncated from N bytes]". */
export function truncateString(text: string, maxBytes: number): string {
  if (text.length * 3 <= maxBytes) return text;
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  const marker = `…[truncated from ${bytes.length} bytes]`;
  let end = Math.max(0, maxBytes - Buffer.byteLength(marker));
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--; // not inside a character
  return bytes.toString('utf8', 0, end) + marker;
}

function withinLimits(attributes: Attributes, limits: SpanLimits): boolean {
  let count = 0;
  for (const key in attributes) {
    if (++count > limits.maxAttributes || tooLong(attributes[key], limits.maxValueBytes)) return false;
  }
  return true;
}

function tooLong(value: AnyValue, maxBytes: number): boolean {
  if (typeof value === 'string') return value.length * 3 > maxBytes && Buffer.byteLength(value) > maxBytes;
  if (value instanceof Uint8Array) return value.length > maxBytes;
  if (Array.isArray(value)) return value.some((item) => tooLong(item, maxBytes));
  if (value !== null && typeof value === 'object') {
    for (const key in value) if (tooLong(value[key], maxBytes)) return true;
  }
  return false;
}

function sameOrMapped<T>(items: T[], limit: (item: T) => T): T[] {
  const limited = items.map(limit);
  return limited.every((item, i) => item === items[i]) ? items : limited;
}
