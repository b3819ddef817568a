/**
 * What one span and one trace may hold. Attributes and values are limited where spans are packed (every receiver
 * and import passes there): past the count, attributes are dropped and added to dropped_attributes_count, as OTel
 * SDKs do, and so are events and links past 128 (to dropped_events_count, dropped_links_count); a longer string
 * keeps its start and ends with a marker giving its full size, a longer bytes value is cut; an array or key-value
 * list past its entries keeps the first ones and ends with a marker entry giving its full count, and one nested
 * deeper than MAX_VALUE_NESTING is replaced by a marker. Spans past a trace's limit are refused by the writer
 * (span-writer.ts), which marks the trace.
 * Applying the limits twice changes nothing: a stored span imported again is stored the same.
 */
import { newAttributes, type AnyValue, type Attributes, type Span } from '../model/span';

export interface SpanLimits {
  /** Attributes kept per span, and per resource, scope, event and link: the first ones. */
  maxAttributes: number;
  /** UTF-8 bytes kept of a string value, marker included (each string of an array or key-value list alike). */
  maxValueBytes: number;
  /** Entries kept of one array or key-value-list value, the marker entry included (at every depth alike). */
  maxValueEntries: number;
  /** Spans stored per trace; later ones are refused. */
  maxSpansPerTrace: number;
}

/**
 * 128 attributes: the OTel SDKs' default, so nothing a default SDK sends is dropped. 64 KiB values: a long stack
 * trace or SQL statement stays whole, while a captured payload cannot fill the store or the span detail.
 * 1,000 entries: more than any list a person reads in the span detail, while a value cannot hold millions (which
 * froze every port for seconds). 200,000 spans: twice the largest trace the UI is built to show (100,000 spans),
 * far past real requests.
 */
export const DEFAULT_SPAN_LIMITS: SpanLimits = { maxAttributes: 128, maxValueBytes: 64 * 1024, maxValueEntries: 1000, maxSpansPerTrace: 200_000 };

/** Events and links kept per span: the OTel SDKs' defaults, so nothing a default SDK sends is dropped. */
export const MAX_EVENTS_PER_SPAN = 128;
export const MAX_LINKS_PER_SPAN = 128;

/** Levels of arrays and key-value lists kept inside one attribute value; a deeper one becomes DEPTH_MARKER. */
export const MAX_VALUE_NESTING = 16;
export const DEPTH_MARKER = `…[nested deeper than ${MAX_VALUE_NESTING} levels]`;

/** The last entry of an array cut to its limit (in a key-value list, the key of an entry without a value). */
export function entriesMarker(total: number): string {
  return `…[truncated from ${total} entries]`;
}

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
      attributes[key] = truncateValue(item.attributes[key], limits);
      kept++;
    } else dropped++;
  }
  return { ...item, attributes, droppedAttributesCount: item.droppedAttributesCount + dropped };
}

/**
 * The span with its own, its events' and its links' attributes limited, and its events and links past 128
 * dropped and counted (resources and scopes are limited once each, by the batch).
 */
export function limitSpan(span: Span, limits: SpanLimits): Span {
  const limited = withLimitedAttributes(span, limits);
  const events = sameOrMapped(span.events.length > MAX_EVENTS_PER_SPAN ? span.events.slice(0, MAX_EVENTS_PER_SPAN) : span.events, (e) => withLimitedAttributes(e, limits));
  const links = sameOrMapped(span.links.length > MAX_LINKS_PER_SPAN ? span.links.slice(0, MAX_LINKS_PER_SPAN) : span.links, (l) => withLimitedAttributes(l, limits));
  if (limited === span && events === span.events && links === span.links) return span;
  return {
    ...limited,
    events,
    droppedEventsCount: span.droppedEventsCount + span.events.length - events.length,
    links,
    droppedLinksCount: span.droppedLinksCount + span.links.length - links.length,
  };
}

/** The value within the limits: strings and bytes cut, arrays and key-value lists cut to their entries, depth kept. */
export function truncateValue(value: AnyValue, limits: SpanLimits, depth = 0): AnyValue {
  if (typeof value === 'string') return truncateString(value, limits.maxValueBytes);
  if (value instanceof Uint8Array) return value.length > limits.maxValueBytes ? value.slice(0, limits.maxValueBytes) : value;
  if (value === null || typeof value !== 'object') return value;
  // Markers are strings like any other: cut to the value length too, so applying the limits twice changes nothing.
  if (depth >= MAX_VALUE_NESTING) return truncateString(DEPTH_MARKER, limits.maxValueBytes);
  const max = limits.maxValueEntries;
  if (Array.isArray(value)) {
    if (value.length <= max) return value.map((item) => truncateValue(item, limits, depth + 1));
    const kept = value.slice(0, max - 1).map((item) => truncateValue(item, limits, depth + 1));
    kept.push(truncateString(entriesMarker(value.length), limits.maxValueBytes));
    return kept;
  }
  const keys = Object.keys(value);
  const list = newAttributes();
  for (const key of keys.length <= max ? keys : keys.slice(0, max - 1)) list[key] = truncateValue(value[key], limits, depth + 1);
  if (keys.length > max) list[entriesMarker(keys.length)] = null;
  return list;
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
    if (++count > limits.maxAttributes || pastLimits(attributes[key], limits, 0)) return false;
  }
  return true;
}

function pastLimits(value: AnyValue, limits: SpanLimits, depth: number): boolean {
  const maxBytes = limits.maxValueBytes;
  if (typeof value === 'string') return value.length * 3 > maxBytes && Buffer.byteLength(value) > maxBytes;
  if (value instanceof Uint8Array) return value.length > maxBytes;
  if (value === null || typeof value !== 'object') return false;
  if (depth >= MAX_VALUE_NESTING) return true;
  if (Array.isArray(value)) return value.length > limits.maxValueEntries || value.some((item) => pastLimits(item, limits, depth + 1));
  let entries = 0;
  for (const key in value) if (++entries > limits.maxValueEntries || pastLimits(value[key], limits, depth + 1)) return true;
  return false;
}

function sameOrMapped<T>(items: T[], limit: (item: T) => T): T[] {
  const limited = items.map(limit);
  return limited.every((item, i) => item === items[i]) ? items : limited;
}
