import { describe, expect, it } from 'vitest';
import { limitSpan, truncateString, truncateValue, withLimitedAttributes, type SpanLimits } from '../../src-main/store/span-limits';
import { attrs, hexId, resource, span } from '../helpers/spans';

const limits: SpanLimits = { maxAttributes: 3, maxValueBytes: 64, maxValueEntries: 1000, maxSpansPerTrace: 10 };

describe('attribute value length', () => {
  it('cuts a long string at a character and ends it with its full size, within the limit', () => {
    const text = 'é'.repeat(100); // 200 bytes of UTF-8
    const cut = truncateString(text, 64);
    expect(cut).toMatch(/^é+…\[truncated from 200 bytes\]$/);
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(64);
    expect(cut).not.toContain('\ufffd'); // no half character
  });

  it('leaves a value within the limit as it is, so applying the limit twice changes nothing', () => {
    expect(truncateString('x'.repeat(64), 64)).toBe('x'.repeat(64));
    const once = truncateString('y'.repeat(1000), 64);
    expect(truncateString(once, 64)).toBe(once);
  });

  it('cuts each string of arrays and key-value lists, and bytes values, keeping the types', () => {
    const long = 'z'.repeat(100);
    const value = truncateValue([long, 7n, attrs({ inner: long, bytes: new Uint8Array(100) })], limits) as unknown[];
    expect(value[0]).toMatch(/…\[truncated from 100 bytes\]$/);
    expect(value[1]).toBe(7n);
    const list = value[2] as { inner: string; bytes: Uint8Array };
    expect(list.inner).toBe(value[0]);
    expect(list.bytes).toHaveLength(64);
  });
});

describe('attributes per span, resource, event and link', () => {
  it('keeps the first ones and counts the rest as dropped, on top of what the sender dropped', () => {
    const limited = withLimitedAttributes({ attributes: attrs({ a: 1n, b: 2n, c: 3n, d: 4n, e: 5n }), droppedAttributesCount: 2 }, limits);
    expect(Object.keys(limited.attributes)).toEqual(['a', 'b', 'c']);
    expect(limited.droppedAttributesCount).toBe(4);
  });

  it('gives back the same object when it is within the limits', () => {
    const item = { attributes: attrs({ a: 'short', b: 2n }), droppedAttributesCount: 0 };
    expect(withLimitedAttributes(item, limits)).toBe(item);
    const s = span({ traceId: hexId(16), spanId: hexId(8) });
    expect(limitSpan(s, limits)).toBe(s);
  });

  it('limits a span, its events and its links, leaving the shared resource to the batch', () => {
    const many = attrs({ a: 1n, b: 2n, c: 3n, d: 4n });
    const shared = resource('svc', { a: 1n, b: 2n, c: 3n });
    const s = span({
      traceId: hexId(16),
      spanId: hexId(8),
      attributes: many,
      events: [{ name: 'e', timeUnixNano: 1n, attributes: many, droppedAttributesCount: 0 }],
      links: [{ traceId: hexId(16), spanId: hexId(8), traceState: '', flags: 0, attributes: attrs({ big: 'q'.repeat(65) }), droppedAttributesCount: 0 }],
      resource: shared,
    });
    const limited = limitSpan(s, limits);
    expect(limited.droppedAttributesCount).toBe(1);
    expect(limited.events[0].droppedAttributesCount).toBe(1);
    expect(limited.links[0].attributes.big).toMatch(/…\[truncated from 65 bytes\]$/);
    expect(limited.resource).toBe(shared);
  });
});
