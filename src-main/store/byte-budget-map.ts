/**
 * A cache bounded by an estimate of the bytes it holds: past its budget it starts over (cleared, then refilled by
 * the misses that follow), and an entry larger than an eighth of the budget is not kept at all. For caches whose
 * misses the database answers: forgetting costs a query, never a wrong answer. Clearing costs nothing on a hit,
 * where keeping a least-recently-used order would cost a delete and an insert.
 */

/** A Map slot and the key's and value's headers, roughly. */
const ENTRY_OVERHEAD_BYTES = 96;

export class ByteBudgetMap<K, V> {
  private readonly map = new Map<K, V>();
  private bytes = 0;

  constructor(readonly maxBytes: number) {}

  get(key: K): V | undefined {
    return this.map.get(key);
  }

  /** Keeps a value just missed; `bytes` estimates what the key and value hold beyond their headers (text: 2 a character). */
  set(key: K, value: V, bytes: number): void {
    const cost = bytes + ENTRY_OVERHEAD_BYTES;
    if (cost > this.maxBytes / 8) return;
    if (this.bytes + cost > this.maxBytes) this.clear();
    this.map.set(key, value);
    this.bytes += cost;
  }

  clear(): void {
    this.map.clear();
    this.bytes = 0;
  }

  /** The estimate of the bytes held, for tests. */
  get heldBytes(): number {
    return this.bytes;
  }
}
