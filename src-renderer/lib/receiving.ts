/** "Still receiving": a trace that got spans in the last few seconds may still be growing (its services keep exporting batches). */
export const RECEIVING_WINDOW_MS = 5_000;

export function isReceiving(lastReceivedMs: number, nowMs: number): boolean {
  return nowMs - lastReceivedMs < RECEIVING_WINDOW_MS;
}
