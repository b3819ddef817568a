import { describe, expect, it } from 'vitest';
import { labelPlacement, labelWidth, outsideRange } from '../../src-renderer/lib/trace/bar-label';
import { spanCategory } from '../../src-renderer/lib/trace/span-category';
import { clampNameWidth, NAME_COLUMN } from '../../src-renderer/lib/trace/name-column';

describe('labelPlacement', () => {
  const label = labelWidth('38.5ms');
  it('puts the duration right of the bar when it fits', () => {
    expect(labelPlacement(100, 50, 800, label)).toBe('right');
  });
  it('puts it left of a bar that reaches the right edge', () => {
    expect(labelPlacement(500, 295, 800, label)).toBe('left');
  });
  it('puts it inside a bar that fills the column, so it never leaves the column', () => {
    expect(labelPlacement(0, 800, 800, label)).toBe('inside');
    expect(labelPlacement(10, 780, 800, label)).toBe('inside');
  });
  it('estimates wider labels for longer text', () => {
    expect(labelWidth('1m 25s')).toBeGreaterThan(labelWidth('5ms'));
  });
});

describe('outsideRange', () => {
  it('says whether a span lies before or after the range shown, or in it', () => {
    expect(outsideRange(0, 10, 20, 30)).toBe('before');
    expect(outsideRange(35, 40, 20, 30)).toBe('after');
    expect(outsideRange(15, 25, 20, 30)).toBeUndefined();
    expect(outsideRange(0, 50, 20, 30)).toBeUndefined();
    expect(outsideRange(20, 20, 20, 30)).toBeUndefined();
    // Touching an edge from outside is outside: nothing of the span is drawn.
    expect(outsideRange(30, 40, 20, 30)).toBe('after');
    expect(outsideRange(10, 20, 20, 30)).toBe('before');
  });
});

describe('spanCategory', () => {
  it('takes the server\'s category first', () => {
    expect(spanCategory('CLIENT', 'GET', 'db')).toBe('db');
  });
  it('tells messaging, HTTP, SQL and gRPC from kind and name', () => {
    expect(spanCategory('CONSUMER', 'orders process')).toBe('messaging');
    expect(spanCategory('SERVER', 'GET /v1/users/{id}')).toBe('http');
    expect(spanCategory('CLIENT', 'HTTP POST')).toBe('http');
    expect(spanCategory('CLIENT', 'GET')).toBe('http');
    expect(spanCategory('CLIENT', 'SELECT products')).toBe('db');
    expect(spanCategory('CLIENT', 'DELETE FROM carts WHERE id = ?')).toBe('db');
    expect(spanCategory('CLIENT', 'DELETE /carts/1')).toBe('http');
    expect(spanCategory('CLIENT', 'redis HGETALL')).toBe('db');
    expect(spanCategory('SERVER', 'grpc.health.v1.Health/Check')).toBe('rpc');
    expect(spanCategory('INTERNAL', 'template.render')).toBeUndefined();
    expect(spanCategory('INTERNAL', 'compute-totals')).toBeUndefined();
  });
});

describe('clampNameWidth', () => {
  it('keeps the name column within its bounds and leaves room for the bars', () => {
    expect(clampNameWidth(100, 1600)).toBe(NAME_COLUMN.min);
    expect(clampNameWidth(500, 1600)).toBe(500);
    expect(clampNameWidth(2000, 1600)).toBe(NAME_COLUMN.max);
    expect(clampNameWidth(700, 800)).toBe(600);
  });
});
