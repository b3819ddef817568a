import type { Attachment } from 'svelte/attachments';

export interface ElementSize {
  clientWidth: number;
  clientHeight: number;
  /** The border box's width: with `clientWidth`, the width a vertical scroll bar takes. */
  offsetWidth: number;
}

/**
 * An attachment that hears an element's size once the page is laid out, and again whenever it changes. Svelte's
 * `bind:clientWidth` also reads it at once while the page is still being built, which forces a layout in the middle
 * of building (~80 ms of the first rows of a trace, over its four bindings); a ResizeObserver's first answer comes
 * after the frame's own layout and before its paint.
 */
export function elementSize(set: (size: ElementSize) => void): Attachment<HTMLElement> {
  return (element) => {
    const observer = new ResizeObserver(() => set({ clientWidth: element.clientWidth, clientHeight: element.clientHeight, offsetWidth: element.offsetWidth }));
    observer.observe(element);
    return () => observer.disconnect();
  };
}
