/**
 * What the slow traces share (issue 17, like Honeycomb's BubbleUp): a selection of traces (or spans) against a
 * baseline (the rest); for each attribute key, how the share of items holding each value differs between the two.
 *
 * Keys are given as TraceQL writes them, so span and resource attributes stay apart: `span.http.route`,
 * `resource.cloud.region`. An item holds a key once; a trace whose spans disagree gives the key its distinct
 * values, and shares then count the items holding each value (they may add up past 1). An item without the key
 * counts towards the value null.
 *
 * A value's score is how far apart its shares are: |share in selection − share in baseline|, 0 to 1. A key ranks
 * by its best value's score. Within a key, the values the selection holds more often come first (what the slow
 * traces share), then those it holds less often, each by score, then by how many items hold them; a key keeps
 * its first few values (both shares each, for paired bars). Without that order the two values of a yes/no key,
 * whose scores are equal, would come in whichever order sampling noise gave.
 */

/** One trace (or span): key → value, or → distinct values. */
export type AttributeItem = ReadonlyMap<string, string | readonly string[]>;

export interface ValueShares {
  /** null: the items without the key. */
  value: string | null;
  selectionCount: number;
  baselineCount: number;
  selectionShare: number;
  baselineShare: number;
  /** selectionShare − baselineShare: above 0 when the selection holds the value more often. */
  difference: number;
}

export interface KeyComparison {
  key: string;
  /** The largest |difference| of its values. */
  score: number;
  /** How many values the key took, null included. */
  distinctValues: number;
  values: ValueShares[];
}

export interface AttributeComparison {
  selectionItems: number;
  baselineItems: number;
  keys: KeyComparison[];
}

export interface CompareAttributesOptions {
  /** Values kept per key. */
  topValues: number;
}

interface Tally {
  selection: number;
  baseline: number;
}

export function compareAttributes(selection: Iterable<AttributeItem>, baseline: Iterable<AttributeItem>, options: Partial<CompareAttributesOptions> = {}): AttributeComparison {
  const topValues = options.topValues ?? 5;
  const byKey = new Map<string, Map<string | null, Tally>>();
  const holding = new Map<string, Tally>(); // items holding each key
  const add = (tallies: Map<string | null, Tally>, value: string, inSelection: boolean) => {
    let tally = tallies.get(value);
    if (!tally) tallies.set(value, (tally = { selection: 0, baseline: 0 }));
    if (inSelection) tally.selection++;
    else tally.baseline++;
  };
  const count = (items: Iterable<AttributeItem>, inSelection: boolean): number => {
    let n = 0;
    for (const item of items) {
      n++;
      for (const [key, value] of item) {
        let values = byKey.get(key);
        if (!values) {
          byKey.set(key, (values = new Map()));
          holding.set(key, { selection: 0, baseline: 0 });
        }
        if (typeof value === 'string') add(values, value, inSelection);
        else for (const one of value) add(values, one, inSelection);
        if (inSelection) holding.get(key)!.selection++;
        else holding.get(key)!.baseline++;
      }
    }
    return n;
  };
  const selectionItems = count(selection, true);
  const baselineItems = count(baseline, false);

  const share = (n: number, of: number) => (of === 0 ? 0 : n / of);
  const keys: KeyComparison[] = [];
  for (const [key, values] of byKey) {
    const held = holding.get(key)!;
    const missing = { selection: selectionItems - held.selection, baseline: baselineItems - held.baseline };
    if (missing.selection > 0 || missing.baseline > 0) values.set(null, missing);
    const shares: ValueShares[] = [];
    for (const [value, tally] of values) {
      const selectionShare = share(tally.selection, selectionItems);
      const baselineShare = share(tally.baseline, baselineItems);
      shares.push({ value, selectionCount: tally.selection, baselineCount: tally.baseline, selectionShare, baselineShare, difference: selectionShare - baselineShare });
    }
    shares.sort(byOrder);
    const score = shares.reduce((best, v) => Math.max(best, Math.abs(v.difference)), 0);
    keys.push({ key, score, distinctValues: shares.length, values: shares.slice(0, topValues) });
  }
  keys.sort((x, y) => y.score - x.score || (x.key < y.key ? -1 : 1));
  return { selectionItems, baselineItems, keys };
}

/** Values the selection holds more often first, then the others; each by score, then by items holding it, then text. */
function byOrder(x: ValueShares, y: ValueShares): number {
  return (
    Number(y.difference > 0) - Number(x.difference > 0) ||
    Math.abs(y.difference) - Math.abs(x.difference) ||
    y.selectionCount + y.baselineCount - (x.selectionCount + x.baselineCount) ||
    (x.value === y.value ? 0 : x.value === null ? 1 : y.value === null ? -1 : x.value < y.value ? -1 : 1)
  );
}
