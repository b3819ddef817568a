import { describe, expect, it } from 'vitest';
import { edgePath, edgeWidth, fitName, fitZoom, labelWidth, nodeWidth, READABLE_ZOOM } from '../../../src-renderer/lib/map/map-geometry';

describe('map geometry', () => {
  it('sizes a node to its name within bounds, and cuts a longer name with an ellipsis', () => {
    const node = (name: string) => ({ id: `service:${name}`, name, type: 'service' as const, spanCount: 1, errorCount: 0 });
    expect(nodeWidth(node('db'), '1 span')).toBe(120);
    expect(nodeWidth(node('x'.repeat(200)), '1 span')).toBe(220);
    expect(fitName('short', 160)).toBe('short');
    const cut = fitName('notification-preferences-service-v2-with-a-long-tail', 220);
    expect(cut.endsWith('…')).toBe(true);
    expect(cut.length).toBeLessThan(30);
  });

  it('widens edges with their calls, from 1 px to 6 px', () => {
    expect(edgeWidth(1, 1000)).toBe(1);
    expect(edgeWidth(1000, 1000)).toBe(6);
    expect(edgeWidth(30, 1000)).toBeGreaterThan(edgeWidth(3, 1000));
  });

  it('draws a route through its points, and sizes a label plate to its text', () => {
    expect(edgePath([{ x: 0, y: 0 }, { x: 10, y: 0 }])).toBe('M0,0 L10,0');
    expect(edgePath([{ x: 0, y: 0 }, { x: 10, y: 10 }, { x: 20, y: 10 }])).toBe('M0,0 Q10,10 15,10 L20,10');
    expect(labelWidth('30 calls · p50 4.46ms · p95 9ms')).toBeGreaterThan(labelWidth('1 call · p50 1ms · p95 1ms'));
  });
});

describe('fitZoom', () => {
  it('fits a small map without enlarging it and a large one down to a readable size, then scrolls', () => {
    expect(fitZoom({ width: 400, height: 200 }, { width: 1200, height: 800 })).toBe(1);
    expect(fitZoom({ width: 1400, height: 900 }, { width: 1200, height: 800 })).toBeCloseTo(1200 / 1400);
    expect(fitZoom({ width: 1100, height: 1900 }, { width: 1200, height: 800 })).toBe(READABLE_ZOOM);
    expect(fitZoom({ width: 1100, height: 1900 }, { width: 1200, height: 800 }, 0.1)).toBeCloseTo(800 / 1900);
  });
});
