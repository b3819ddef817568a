import { describe, expect, it } from 'vitest';
import { SERVICE_PALETTE, ServicePalette } from '../../src-renderer/lib/service-colour';

const hex = (c: string) => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16));

describe('service colours', () => {
  it('has at least 16 colours and none of them red', () => {
    expect(SERVICE_PALETTE.length).toBeGreaterThanOrEqual(16);
    for (const colour of SERVICE_PALETTE) {
      const [r, g, b] = hex(colour);
      const redDominant = r > 150 && g < 0.55 * r && b < 0.55 * r;
      expect(redDominant, colour).toBe(false);
    }
  });

  it('gives the seeded services distinct colours, the same whichever page asks first', () => {
    const services = ['cart', 'checkout', 'frontend', 'payments', 'postgres', 'kafka', 'email', 'ads', 'quote', 'shipping', 'currency', 'fraud', 'recommend', 'accounting', 'flagd', 'image', 'load-gen'];
    const one = new ServicePalette();
    one.seed(services);
    expect(new Set(services.map((s) => one.colour(s))).size).toBe(services.length);
    expect(one.colour('cart')).toBe(SERVICE_PALETTE[0]);
    const other = new ServicePalette();
    other.seed(services);
    for (const s of [...services].reverse()) expect(other.colour(s)).toBe(one.colour(s));
  });

  it('takes a free colour for a service seen later, and repeats only when all are taken', () => {
    const palette = new ServicePalette(['#1', '#2', '#3']);
    const colours = ['a', 'b', 'c'].map((s) => palette.colour(s));
    expect(new Set(colours).size).toBe(3);
    expect(['#1', '#2', '#3']).toContain(palette.colour('d'));
    expect(palette.colour('a')).toBe(colours[0]);
  });
});
