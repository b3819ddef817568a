import { keyHashState } from './attribute-hash';
import { ByteBudgetMap } from './byte-budget-map';
import { BytesInterner } from './bytes-interner';
import { peerRank } from './peer-attributes';

/** Attribute keys stored as small integers: the store writes a key once, spans refer to it by id. */

export interface KeyLookup {
  keyOf(id: number): string;
}

export interface KeyAssigner {
  idOf(key: string): number;
}

/** The keys already in the database (`attr_keys`): what the dictionary asks on a miss of its bounded caches. */
export interface StoredKeys {
  storedKeyId(key: string): number | undefined;
  /** The highest id in use, 0 when there is none. */
  maxKeyId(): number;
}

const NO_DATABASE: StoredKeys = { storedKeyId: () => undefined, maxKeyId: () => 0 };

/** Bytes each of the two caches may hold: a key's bytes (by bytes) and a key's id (by text). */
export const KEY_CACHE_BYTES = 4 * 1024 * 1024;

/** A key met as UTF-8 bytes in a request: its id and its attribute-hash state, found without decoding it. */
export interface KnownKey {
  id: number;
  key: string;
  hashState: number;
  /** peer-attributes.ts: 0 unless the key can name a service-map peer. */
  peerRank: number;
}

/**
 * The encoder side: assigns ids, remembering which keys are new so they reach the database with the spans. Known
 * keys are cached within a byte budget and looked up in the database on a miss; a key given an id stays here until
 * the write carrying it has committed (`settle`), since the database cannot answer for it before.
 */
export class KeyDictionary implements KeyAssigner {
  private readonly byBytes = new BytesInterner<KnownKey>((key) => ({ id: this.idOf(key), key, hashState: keyHashState(key), peerRank: peerRank(key) }), KEY_CACHE_BYTES);
  private readonly ids = new ByteBudgetMap<string, number>(KEY_CACHE_BYTES);
  /** Keys given ids and not yet committed: in `pending`, or in a write under way. */
  private readonly unsettled = new Map<string, number>();
  private pending: [number, string][] = [];
  private nextId: number;

  constructor(private readonly stored: StoredKeys = NO_DATABASE) {
    this.nextId = stored.maxKeyId() + 1;
  }

  idOf(key: string): number {
    let id = this.ids.get(key) ?? this.unsettled.get(key);
    if (id !== undefined) return id;
    id = this.stored.storedKeyId(key);
    if (id === undefined) {
      id = this.nextId++;
      this.unsettled.set(key, id);
      this.pending.push([id, key]);
    } else this.ids.set(key, id, 2 * key.length);
    return id;
  }

  /** The key spelled by buf[start, end), found by its bytes: a known key is never decoded again. */
  fromBytes(buf: Buffer, start: number, end: number): KnownKey {
    return this.byBytes.get(buf, start, end);
  }

  /** Keys assigned since the last call; give them back with `restore` if their write failed, or `settle` once it committed. */
  takeNew(): [number, string][] {
    const taken = this.pending;
    this.pending = [];
    return taken;
  }

  restore(keys: [number, string][]): void {
    this.pending.push(...keys);
  }

  /** The keys' write committed: the database answers for them from now on. */
  settle(keys: [number, string][]): void {
    for (const [id, key] of keys) {
      this.unsettled.delete(key);
      this.ids.set(key, id, 2 * key.length);
    }
  }
}
