import { keyHashState } from './attribute-hash';
import { BytesInterner } from './bytes-interner';
import { peerRank } from './peer-attributes';

/** Attribute keys stored as small integers: the store writes a key once, spans refer to it by id. */

export interface KeyLookup {
  keyOf(id: number): string;
}

export interface KeyAssigner {
  idOf(key: string): number;
}

/** A key met as UTF-8 bytes in a request: its id and its attribute-hash state, found without decoding it. */
export interface KnownKey {
  id: number;
  key: string;
  hashState: number;
  /** peer-attributes.ts: 0 unless the key can name a service-map peer. */
  peerRank: number;
}

/** The encoder side: assigns ids, remembering which keys are new so they reach the database with the spans. */
export class KeyDictionary implements KeyAssigner, KeyLookup {
  private readonly byBytes = new BytesInterner<KnownKey>((key) => ({ id: this.idOf(key), key, hashState: keyHashState(key), peerRank: peerRank(key) }));
  private readonly ids = new Map<string, number>();
  private readonly keys: string[] = [];
  private pending: [number, string][] = [];

  constructor(known: Iterable<[number, string]> = []) {
    for (const [id, key] of known) {
      this.ids.set(key, id);
      this.keys[id] = key;
    }
  }

  idOf(key: string): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.keys.length === 0 ? 1 : this.keys.length;
      this.ids.set(key, id);
      this.keys[id] = key;
      this.pending.push([id, key]);
    }
    return id;
  }

  /** The key spelled by buf[start, end), found by its bytes: a known key is never decoded again. */
  fromBytes(buf: Buffer, start: number, end: number): KnownKey {
    return this.byBytes.get(buf, start, end);
  }

  keyOf(id: number): string {
    const key = this.keys[id];
    if (key === undefined) throw new Error(`attribute key id ${id} is not in the dictionary`);
    return key;
  }

  /** Keys assigned since the last call; give them back with `restore` if their write failed. */
  takeNew(): [number, string][] {
    const taken = this.pending;
    this.pending = [];
    return taken;
  }

  restore(keys: [number, string][]): void {
    this.pending.push(...keys);
  }
}
