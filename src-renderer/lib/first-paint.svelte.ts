import { afterPaint } from './after-paint';

/**
 * `painted` turns true once a frame has been painted after `ready()` first held (at once: the component's first
 * frame). What the first rows do not need (toolbars, the minimap, icons) waits for it: drawn with the rows, they
 * made the trace page's first task 83–134 ms long on a 1,000-span trace; without them it is 51–76 ms. Call it
 * while the component is created.
 */
export function firstPaint(ready: () => boolean = () => true): { readonly painted: boolean } {
  let painted = $state(false);
  $effect(() => {
    if (!painted && ready()) return afterPaint(() => (painted = true));
  });
  return {
    get painted() {
      return painted;
    },
  };
}
