import { describe, expect, it } from 'vitest';
import { edgePath, edgeWidth, fitName, labelPoint, nodeWidth } from '../../../src-renderer/lib/map/map-geometry';

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

  it('draws a route through its points and labels its middle', () => {
    expect(edgePath([{ x: 0, y: 0 }, { x: 10, y: 0 }])).toBe('M0,0 L10,0');
    expect(edgePath([{ x: 0, y: 0 }, { x: 10, y: 10 }, { x: 20, y: 10 }])).toBe('M0,0 Q10,10 15,10 L20,10');
    expect(labelPoint([{ x: 0, y: 0 }, { x: 10, y: 10 }, { x: 20, y: 10 }])).toEqual({ x: 10, y: 10 });
  });
});
