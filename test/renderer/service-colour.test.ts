import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SERVICE_PALETTE, ServicePalette } from '../../src-renderer/lib/service-colour';

const hex = (c: string) => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16));
const linear = (c: number) => (c / 255 <= 0.04045 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4);
const luminance = (c: string) => {
  const [r, g, b] = hex(c).map(linear);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
/** WCAG 2 contrast ratio. */
const contrast = (a: string, b: string) => {
  const [dark, light] = [luminance(a), luminance(b)].sort((x, y) => x - y);
  return (light + 0.05) / (dark + 0.05);
};
/** Björn Ottosson's OKLab. */
const oklab = (c: string) => {
  const [r, g, b] = hex(c).map(linear);
  const [l, m, s] = [0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b, 0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b, 0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b].map(Math.cbrt);
  return [0.2104542553 * l + 0.793617785 * m - 0.0040720468 * s, 1.9779984951 * l - 2.428592205 * m + 0.4505937099 * s, 0.0259040371 * l + 0.7827717662 * m - 0.808675766 * s];
};
/** The page and panel backgrounds of each theme, as tokens.css sets them. */
function backgrounds(): { light: string[]; dark: string[] } {
  const css = readFileSync(join(__dirname, '../../src-renderer/styles/tokens.css'), 'utf8');
  const darkAt = css.indexOf(":root[data-theme='dark']");
  const pick = (part: string) => ['--bg', '--surface'].map((token) => new RegExp(`${token}: (#[0-9a-f]{6});`).exec(part)![1]);
  return { light: pick(css.slice(0, darkAt)), dark: pick(css.slice(darkAt)) };
}

describe('service colours', () => {
  it('has at least 16 colours and none of them red', () => {
    expect(SERVICE_PALETTE.length).toBeGreaterThanOrEqual(16);
    for (const colour of SERVICE_PALETTE) {
      const [r, g, b] = hex(colour);
      const redDominant = r > 150 && g < 0.55 * r && b < 0.55 * r;
      expect(redDominant, colour).toBe(false);
    }
  });

  it('tells every two colours apart (OKLab distance ≥ 0.06) and stands out from both themes\' backgrounds', () => {
    for (const [i, a] of SERVICE_PALETTE.entries()) {
      for (const b of SERVICE_PALETTE.slice(i + 1)) expect(Math.hypot(...oklab(a).map((v, k) => v - oklab(b)[k])), `${a} ${b}`).toBeGreaterThanOrEqual(0.06);
    }
    const { light, dark } = backgrounds();
    for (const colour of SERVICE_PALETTE) {
      for (const bg of light) expect(contrast(colour, bg), `${colour} on ${bg}`).toBeGreaterThanOrEqual(2.1);
      for (const bg of dark) expect(contrast(colour, bg), `${colour} on ${bg}`).toBeGreaterThanOrEqual(3.4);
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

  it('spreads more seeded services than colours round the whole palette, not onto its first colour', () => {
    const palette = new ServicePalette(['#1', '#2', '#3']);
    palette.seed(['a', 'b', 'c', 'd', 'e', 'f']);
    expect(['a', 'b', 'c', 'd', 'e', 'f'].map((s) => palette.colour(s))).toEqual(['#1', '#2', '#3', '#1', '#2', '#3']);
  });
});
