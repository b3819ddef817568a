/**
 * Valid encodings, damaged: bytes flipped, set, cut, inserted, deleted or repeated; JSON values replaced by the
 * wrong type, huge numbers or deep nesting, wrapped, repeated, or removed. Damage close to valid input reaches
 * the decoders' inner paths, which random bytes almost never do.
 */
import fc from 'fast-check';

const INTERESTING_BYTES = [0x00, 0x01, 0x02, 0x0a, 0x12, 0x22, 0x7b, 0x7d, 0x7f, 0x80, 0xff, 0x5b, 0x5d, 0x2c, 0x3a, 0x5c];

type ByteEdit = (bytes: Buffer, a: number, b: number, extra: Buffer) => Buffer;

const BYTE_EDITS: ByteEdit[] = [
  (bytes, a) => withByte(bytes, a, bytes[a % bytes.length] ^ (1 << a % 8)), // flip a bit
  (bytes, a, b) => withByte(bytes, a, INTERESTING_BYTES[b % INTERESTING_BYTES.length]), // set a byte that means something
  (bytes, a) => bytes.subarray(0, a % (bytes.length + 1)), // truncate
  (bytes, a, _b, extra) => Buffer.concat([bytes.subarray(0, a % (bytes.length + 1)), extra, bytes.subarray(a % (bytes.length + 1))]), // insert
  (bytes, a, b) => Buffer.concat([bytes.subarray(0, a % (bytes.length + 1)), bytes.subarray((a % (bytes.length + 1)) + (b % 16))]), // delete
  (bytes, a, b) => {
    const [from, to] = range(bytes, a, b); // repeat a range
    return Buffer.concat([bytes.subarray(0, to), bytes.subarray(from, to), bytes.subarray(to)]);
  },
  (bytes, a, b, extra) => {
    const [from, to] = range(bytes, a, b); // replace a range
    return Buffer.concat([bytes.subarray(0, from), extra, bytes.subarray(to)]);
  },
];

function withByte(bytes: Buffer, at: number, value: number): Buffer {
  if (bytes.length === 0) return Buffer.from([value]);
  const copy = Buffer.from(bytes);
  copy[at % copy.length] = value;
  return copy;
}

function range(bytes: Buffer, a: number, b: number): [number, number] {
  const from = a % (bytes.length + 1);
  return [from, Math.min(bytes.length, from + (b % 64))];
}

const byteEdit = fc.record({
  edit: fc.nat(BYTE_EDITS.length - 1),
  a: fc.nat(),
  b: fc.nat(),
  extra: fc.oneof(fc.uint8Array({ maxLength: 8 }), fc.constantFrom(...INTERESTING_BYTES).map((b) => new Uint8Array([b]))),
});

/** One of `seeds` with one to five byte-level edits. */
export function mutatedBytes(seeds: Buffer[]): fc.Arbitrary<Buffer> {
  return fc
    .tuple(fc.constantFrom(...seeds), fc.array(byteEdit, { minLength: 1, maxLength: 5 }))
    .map(([seed, edits]) => edits.reduce((bytes, e) => BYTE_EDITS[e.edit](bytes, e.a, e.b, Buffer.from(e.extra)), seed));
}

/** One of `seeds` (text) with byte-level edits, read back as UTF-8 as the decoders read files. */
export function mutatedText(seeds: string[]): fc.Arbitrary<string> {
  return mutatedBytes(seeds.map((s) => Buffer.from(s))).map((bytes) => bytes.toString('utf8'));
}

const DEEP_ARRAY = nested(20_000, 'DEEP_ARRAY', (inner) => [inner]);
const DEEP_OBJECT = nested(20_000, 'DEEP_OBJECT', (inner) => ({ a: inner }));

/** A value `depth` levels deep, shown by name in fast-check's reports (printing it would overflow the stack). */
function nested(depth: number, name: string, wrap: (inner: unknown) => unknown): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = wrap(value);
  Object.defineProperty(value, fc.toStringMethod, { value: () => `${name} (${depth} levels)` });
  return value;
}

/** Values that are wrong for most fields: other types, out-of-range and non-integer numbers, deep nesting. */
const WRONG_VALUES: unknown[] = [
  null, true, false, 0, -1, 1.5, 1e300, -1e300, 2 ** 53, 2 ** 64, 4294967296, Number.MAX_VALUE,
  '', 'x', '-1', '1e3', '18446744073709551616', '9223372036854775808', '-9223372036854775809', '99999999999999999999',
  'NaN', 'Infinity', '0x10', ' 1', 'SPAN_KIND_SERVER', 'zz', '00', '0'.repeat(32), 'f'.repeat(33), '__proto__',
  [], {}, [null], [{}], { key: 'k' }, { stringValue: 1 }, { intValue: '1.5' }, { arrayValue: { values: [{ arrayValue: {} }] } },
  DEEP_ARRAY, DEEP_OBJECT,
];

type Place = { parent: Record<string, unknown> | unknown[]; key: string | number };

/** Every place in a JSON document a value sits, parents before children. */
function places(doc: unknown): Place[] {
  const out: Place[] = [];
  const stack: unknown[] = [doc];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) node.forEach((v, i) => (out.push({ parent: node, key: i }), stack.push(v)));
    else if (typeof node === 'object' && node !== null) {
      for (const [k, v] of Object.entries(node)) (out.push({ parent: node as Record<string, unknown>, key: k }), stack.push(v));
    }
  }
  return out;
}

type JsonEdit = (place: Place, pick: number) => void;

const JSON_EDITS: JsonEdit[] = [
  ({ parent, key }, pick) => set(parent, key, WRONG_VALUES[pick % WRONG_VALUES.length]),
  ({ parent, key }) => (Array.isArray(parent) ? parent.splice(key as number, 1) : delete parent[key as string]),
  ({ parent, key }, pick) => set(parent, key, Array.from({ length: 1 + (pick % 300) }, () => get(parent, key))),
  ({ parent, key }) => set(parent, key, [get(parent, key)]),
  ({ parent, key }) => set(parent, key, { value: get(parent, key) }),
  ({ parent, key }) => set(parent, key, asText(get(parent, key))),
];

/** A value as text of the wrong shape: numbers as strings, strings longer; containers (maybe very deep) become one word. */
function asText(value: unknown): string {
  if (typeof value === 'string') return value.repeat(3);
  return typeof value === 'object' && value !== null ? 'object' : String(value);
}

const get = (parent: Place['parent'], key: Place['key']) => (parent as Record<string | number, unknown>)[key];
function set(parent: Place['parent'], key: Place['key'], value: unknown): void {
  (parent as Record<string | number, unknown>)[key] = value;
}

const jsonEdit = fc.record({ edit: fc.nat(JSON_EDITS.length - 1), at: fc.nat(), pick: fc.nat() });

/** A copy of one of `seeds` (parsed JSON) with one to three values replaced, wrapped, repeated or removed. */
export function mutatedJson(seeds: unknown[]): fc.Arbitrary<unknown> {
  return fc.tuple(fc.constantFrom(...seeds), fc.array(jsonEdit, { minLength: 1, maxLength: 3 })).map(([seed, edits]) => {
    const doc = structuredClone(seed);
    // Places are listed once, before any edit, so no edit reaches into a shared WRONG_VALUES entry put in by another.
    const all = places(doc);
    if (all.length > 0) for (const { edit, at, pick } of edits) JSON_EDITS[edit](all[at % all.length], pick);
    return doc;
  });
}
