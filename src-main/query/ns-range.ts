/** The store keeps times and durations as signed 64-bit nanoseconds: a bound outside them cannot be compared there. */
export const MAX_NS = 2n ** 63n - 1n;
export const MIN_NS = -(2n ** 63n);
