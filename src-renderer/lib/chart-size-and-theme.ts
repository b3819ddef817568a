/** What an ECharts chart on a page watches: its box (resize with it) and the theme (draw again in its colours). */
export function watchSizeAndTheme(container: HTMLElement, chart: { resize(): void }, onTheme: () => void): () => void {
  const resize = new ResizeObserver(() => chart.resize());
  resize.observe(container);
  const themeChange = new MutationObserver(onTheme);
  themeChange.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return () => {
    resize.disconnect();
    themeChange.disconnect();
  };
}

/** The current values of design tokens (`--muted`, …), for a chart drawn in the page's theme. */
export function tokenColours(names: string[]): string[] {
  const css = getComputedStyle(document.documentElement);
  return names.map((name) => css.getPropertyValue(name).trim());
}
