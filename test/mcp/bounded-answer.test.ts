import { describe, expect, it } from 'vitest';
import { boundList } from '../../src-main/mcp/bounded-answer';

const doc = { traceId: 'abc', spans: Array.from({ length: 100 }, (_, i) => ({ spanId: `span-${i}`, name: 'GET /items/{id}' })) };
const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

describe('boundList', () => {
  it('leaves an answer that fits as it is', () => {
    expect(boundList(doc, 'spans', 100_000, 'spans', 'ask for page 2')).toBe(doc);
  });

  it('keeps the longest head of the list that fits, and says what was cut and how to ask for more', () => {
    const cut = boundList(doc, 'spans', 1_000, 'spans', 'ask for page 2');
    expect(bytes(cut)).toBeLessThanOrEqual(1_000);
    const kept = cut.spans.length;
    expect(cut.spans).toEqual(doc.spans.slice(0, kept));
    expect(bytes({ ...cut, spans: doc.spans.slice(0, kept + 1) })).toBeGreaterThan(1_000);
    expect(cut.cut).toBe(`${kept} of 100 spans shown (the answer is bounded to 1,000 bytes); ask for page 2`);
  });

  it('keeps none when not even one fits', () => {
    const cut = boundList(doc, 'spans', 10, 'spans', 'narrow the query');
    expect(cut.spans).toEqual([]);
    expect(cut.cut).toMatch(/^0 of 100 spans shown/);
  });
});
