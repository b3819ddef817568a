/**
 * Runs `work` once the next frame has been painted (a frame callback, then a task), so that costly extras (the
 * minimap, the critical path) never delay the rows a user is waiting for. Returns a cancel function.
 */
export function afterPaint(work: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const frame = requestAnimationFrame(() => (timer = setTimeout(work)));
  return () => {
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
}
