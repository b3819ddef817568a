/**
 * Aligns two sequences of keys: equal keys are paired in order (a longest common subsequence), the rest stand
 * alone. Repeated keys (50 against 52 identical calls) pair one by one; the surplus is left unpaired.
 */
export type Pair = [a: number, b: number]; // -1: no partner on that side

/** The largest middle part solved exactly (cells of the LCS table); past it, equal keys are paired greedily in order. */
const MAX_TABLE_CELLS = 4_000_000;

export function alignKeys(a: readonly string[], b: readonly string[]): Pair[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  // The common start is cut off; the common end only when the rest is too large to solve exactly (cutting it
  // would pair repeated siblings from the last, and the surplus should be the last ones).
  let endA = a.length;
  let endB = b.length;
  if ((endA - start) * (endB - start) > MAX_TABLE_CELLS) {
    while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
      endA--;
      endB--;
    }
  }
  const middle = (endA - start) * (endB - start) <= MAX_TABLE_CELLS ? lcs(a, b, start, endA, endB) : greedy(a, b, start, endA, endB);
  const pairs: Pair[] = [];
  for (let i = 0; i < start; i++) pairs.push([i, i]);
  for (const pair of middle) pairs.push(pair);
  for (let k = 0; k < a.length - endA; k++) pairs.push([endA + k, endB + k]);
  return pairs;
}

function lcs(a: readonly string[], b: readonly string[], start: number, endA: number, endB: number): Pair[] {
  const n = endA - start;
  const m = endB - start;
  const table = new Int32Array((n + 1) * (m + 1));
  const at = (i: number, j: number) => i * (m + 1) + j;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      table[at(i, j)] = a[start + i] === b[start + j] ? table[at(i + 1, j + 1)] + 1 : Math.max(table[at(i + 1, j)], table[at(i, j + 1)]);
    }
  }
  const pairs: Pair[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[start + i] === b[start + j]) {
      pairs.push([start + i++, start + j++]);
    } else if (table[at(i + 1, j)] >= table[at(i, j + 1)]) pairs.push([start + i++, -1]);
    else pairs.push([-1, start + j++]);
  }
  while (i < n) pairs.push([start + i++, -1]);
  while (j < m) pairs.push([-1, start + j++]);
  return pairs;
}

/** Pairs each a with the next unpaired b of the same key after the last pair: linear, nearly as good on similar traces. */
function greedy(a: readonly string[], b: readonly string[], start: number, endA: number, endB: number): Pair[] {
  const positions = new Map<string, number[]>();
  for (let j = endB - 1; j >= start; j--) {
    const list = positions.get(b[j]) ?? [];
    list.push(j);
    positions.set(b[j], list);
  }
  const pairs: Pair[] = [];
  let nextB = start;
  for (let i = start; i < endA; i++) {
    const list = positions.get(a[i]);
    while (list && list.length > 0 && list[list.length - 1] < nextB) list.pop();
    const j = list?.pop();
    if (j === undefined) {
      pairs.push([i, -1]);
      continue;
    }
    while (nextB < j) pairs.push([-1, nextB++]);
    pairs.push([i, j]);
    nextB = j + 1;
  }
  while (nextB < endB) pairs.push([-1, nextB++]);
  return pairs;
}
