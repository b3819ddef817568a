import { keyHashState } from './attribute-hash';

const FNV_BASIS = 0x811c9dc5;

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
  bytes: Buffer;
}

/** The encoder side: assigns ids, remembering which keys are new so they reach the database with the spans. */
export class KeyDictionary implements KeyAssigner, KeyLookup {
  private readonly byBytes = new Map<number, KnownKey[]>();
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

  /** The key spelled by buf[start, end): a hash of the bytes finds it, so a known key is never decoded. */
  fromBytes(buf: Buffer, start: number, end: number): KnownKey {
    let h = FNV_BASIS ^ (end - start);
    for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i], 0x01000193);
    const bucket = this.byBytes.get(h);
    if (bucket) {
      for (const known of bucket) if (sameBytes(known.bytes, buf, start, end)) return known;
    }
    const key = buf.toString('utf8', start, end);
    const known: KnownKey = { id: this.idOf(key), key, hashState: keyHashState(key), bytes: Buffer.from(buf.subarray(start, end)) };
    if (bucket) bucket.push(known);
    else this.byBytes.set(h, [known]);
    return known;
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

function sameBytes(known: Buffer, buf: Buffer, start: number, end: number): boolean {
  if (known.length !== end - start) return false;
  for (let i = 0; i < known.length; i++) if (known[i] !== buf[start + i]) return false;
  return true;
}
