/**
 * Rows of the same operation under the same parent (three `INSERT order` calls of one request) are told apart by
 * their ordinal among those siblings: `#2 of 3`. Rows come in tree order with their depth. Pure.
 */
import { normalizeName } from '../../../src-main/model/normalize-name';

export interface Ordinal {
  nth: number;
  of: number;
}

interface Named {
  service: string;
  name: string;
  depth: number;
}

/** For each row, its ordinal among same-named siblings; undefined when it is the only one. */
export function sameNameOrdinals(rows: readonly Named[]): (Ordinal | undefined)[] {
  const ordinals: (Ordinal | undefined)[] = new Array(rows.length);
  // One open sibling group per depth: operation key → rows of that key, in order.
  const open: Map<string, number[]>[] = [];
  const close = (depth: number) => {
    while (open.length > depth) {
      for (const indexes of open.pop()!.values()) {
        if (indexes.length > 1) indexes.forEach((index, i) => (ordinals[index] = { nth: i + 1, of: indexes.length }));
      }
    }
  };
  for (let i = 0; i < rows.length; i++) {
    const { service, name, depth } = rows[i];
    close(depth + 1); // the groups of rows deeper than this one (its previous siblings' children) are complete
    while (open.length <= depth) open.push(new Map());
    const key = `${service}\u0000${normalizeName(name)}`;
    const siblings = open[depth].get(key);
    if (siblings) siblings.push(i);
    else open[depth].set(key, [i]);
  }
  close(0);
  return ordinals;
}

/** The parent row of each row (-1 for a root): for the detail's "under …". */
export function parentRows(rows: readonly { depth: number }[]): Int32Array {
  const parents = new Int32Array(rows.length);
  const path: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    path.length = Math.min(path.length, rows[i].depth);
    parents[i] = path.at(-1) ?? -1;
    path.push(i);
  }
  return parents;
}
