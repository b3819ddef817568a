/**
 * Each trace's attribute values as the attribute comparison takes them (diff/compare-attributes.ts): its spans'
 * attributes as `span.KEY`, their resources' as `resource.KEY`, and the intrinsics a user groups by, `name` and
 * `status`; a key its spans disagree on gets its distinct values.
 *
 * Keys whose values are nearly all distinct (ids, timestamps, URLs with ids in them) say nothing a comparison can
 * rank: a key with more distinct values than half the first TRACES_PER_READ traces read is dropped and named in
 * `skippedKeys`, and its values are no longer decoded (the caller drops those nearly distinct over all the traces).
 * Values longer than VALUE_CHARS are cut.
 */
import type { AttributeItem } from '../diff/compare-attributes';
import { anyValueText } from '../model/any-value-text';
import type { AnyValue } from '../model/span';
import { readAnyValue } from '../otlp/decode-protobuf';
import { TAG } from '../otlp/otlp-schema';
import type { ProtobufReader } from '../otlp/protobuf-reader';
import { BytesInterner } from '../store/bytes-interner';
import { walkSpanBody } from '../store/span-body-codec';
import type { StoreReader } from '../store/store-reader';

/** Characters of a value kept; a longer one ends in an ellipsis. */
export const VALUE_CHARS = 120;

const STATUS_NAMES = ['unset', 'ok', 'error'];

/** Bytes of string values kept decoded, and their text (store/bytes-interner.ts). */
const STRING_CACHE_BYTES = 8 << 20;

/** The TraceQL type of a key's values: what a condition on one of them must be written as. */
export type ValueType = 'string' | 'int' | 'float' | 'bool' | 'status' | 'other';

const ignore = () => {};
const SKIPPED = '';

/** Traces whose spans are asked for in one statement; the first of them are checked for nearly distinct keys. */
const TRACES_PER_READ = 1000;
/** A key is nearly all distinct past half the traces, and never at this many values or fewer. */
export const MIN_DISTINCT = 20;

export class TraceAttributes {
  /** Keys dropped for holding nearly all distinct values. */
  readonly skippedKeys = new Set<string>();
  /** Each key's value type; 'other' when its values have several types, or types TraceQL cannot compare. */
  readonly valueTypes = new Map<string, ValueType>();
  /** Values cut to VALUE_CHARS (a condition on them would not match). */
  readonly cutValues = new Set<string>();
  /** `span.KEY` by key id; SKIPPED once the key is skipped, so its values are not decoded. */
  private readonly spanKeys: string[] = [];
  private readonly lastTraceOfOperation = new Map<number, number>();
  private readonly lastTraceOfResource = new Map<number, number>();
  private readonly strings = new BytesInterner((text) => this.cut(text), STRING_CACHE_BYTES);
  private readonly resourceValues = new Map<number, [key: string, value: string, type: ValueType][]>();

  /** Whether the first traces read have been checked for nearly distinct keys. */
  private checked = false;

  constructor(private readonly reader: StoreReader) {
    this.valueTypes.set('name', 'string');
    this.valueTypes.set('status', 'status');
  }

  /** The attribute values of the traces `traceNos`, in their order; skipped keys are left out. `checkTime` runs between batches. */
  read(traceNos: readonly number[], checkTime: () => void = () => {}): AttributeItem[] {
    const items = new Map<number, Map<string, string | string[]>>(traceNos.map((no) => [no, new Map()]));
    for (let first = 0; first < traceNos.length; first += TRACES_PER_READ) {
      checkTime();
      this.reader.spanAttributeRows(traceNos.slice(first, first + TRACES_PER_READ), (traceNo, opId, status, resourceId, bytes, bodyStart, bodyEnd) => {
        const item = items.get(traceNo)!;
        // A trace's spans share their resources and operations: each is read into it once.
        if (this.lastTraceOfOperation.get(opId * 4 + status) !== traceNo) {
          this.lastTraceOfOperation.set(opId * 4 + status, traceNo);
          this.add(item, 'name', this.reader.operation(opId).name);
          this.add(item, 'status', STATUS_NAMES[status] ?? 'unset');
        }
        if (this.lastTraceOfResource.get(resourceId) !== traceNo) {
          this.lastTraceOfResource.set(resourceId, traceNo);
          for (const [key, value, type] of this.resourceOf(resourceId)) this.addTyped(item, key, value, type);
        }
        walkSpanBody(
          bytes,
          (keyId, reader) => {
            const key = this.spanKeys[keyId] ?? this.spanKeyOf(keyId);
            if (key === SKIPPED) return;
            const text = this.stringOf(reader);
            if (text !== undefined) return this.addTyped(item, key, text, 'string');
            const value = readAnyValue(reader, 0);
            this.addTyped(item, key, this.text(value), typeOf(value));
          },
          ignore,
          ignore,
          bodyStart,
          bodyEnd,
        );
      });
      if (!this.checked) {
        this.checked = true;
        this.skipNearlyDistinct(traceNos.slice(first, first + TRACES_PER_READ).map((no) => items.get(no)!));
      }
    }
    const read = [...items.values()];
    this.dropSkipped(read);
    return read;
  }

  /** Drops from `items` the keys skipped after they were read. */
  dropSkipped(items: Iterable<AttributeItem>): void {
    if (this.skippedKeys.size === 0) return;
    for (const item of items) for (const key of this.skippedKeys) (item as Map<string, unknown>).delete(key);
  }

  private addTyped(item: Map<string, string | string[]>, key: string, value: string, type: ValueType): void {
    if (this.skippedKeys.has(key)) return;
    const known = this.valueTypes.get(key);
    if (known === undefined) this.valueTypes.set(key, type);
    else if (known !== type) this.valueTypes.set(key, 'other');
    this.add(item, key, value);
  }

  private add(item: Map<string, string | string[]>, key: string, value: string): void {
    const held = item.get(key);
    if (held === undefined) item.set(key, value);
    else if (typeof held === 'string') {
      if (held !== value) item.set(key, [held, value]);
    } else if (!held.includes(value)) held.push(value);
  }

  /** Skips the keys that took more distinct values than half the traces of `items`. */
  private skipNearlyDistinct(items: AttributeItem[]): void {
    const distinct = new Map<string, Set<string>>();
    for (const item of items) {
      for (const [key, value] of item) {
        let seen = distinct.get(key);
        if (seen === undefined) distinct.set(key, (seen = new Set()));
        if (typeof value === 'string') seen.add(value);
        else for (const one of value) seen.add(one);
      }
    }
    for (const [key, values] of distinct) {
      if (values.size <= Math.max(MIN_DISTINCT, items.length / 2)) continue;
      this.skippedKeys.add(key);
      const keyId = this.spanKeys.indexOf(key);
      if (keyId >= 0) this.spanKeys[keyId] = SKIPPED;
    }
  }

  /**
   * A string value's text, made once for each distinct value (most repeat across traces: routes, regions); undefined
   * for a value of another type, whose reader is left where it was.
   */
  private stringOf(value: ProtobufReader): string | undefined {
    const start = value.pos;
    if (value.tag() === TAG.AnyValue.stringValue) {
      const [textStart, textEnd] = value.span();
      if (value.done()) return this.strings.get(value.buf, textStart, textEnd);
    }
    value.reset(start, value.end);
    return undefined;
  }

  private text(value: AnyValue): string {
    return this.cut(anyValueText(value));
  }

  private cut(text: string): string {
    if (text.length <= VALUE_CHARS) return text;
    const cut = `${text.slice(0, VALUE_CHARS - 1)}…`;
    this.cutValues.add(cut);
    return cut;
  }

  private spanKeyOf(keyId: number): string {
    const key = `span.${this.reader.keyOf(keyId)}`;
    return (this.spanKeys[keyId] = this.skippedKeys.has(key) ? SKIPPED : key);
  }

  private resourceOf(id: number): [string, string, ValueType][] {
    let values = this.resourceValues.get(id);
    if (values === undefined) {
      const { attributes } = this.reader.resource(id);
      values = Object.keys(attributes).map((key) => [`resource.${key}`, this.text(attributes[key]), typeOf(attributes[key])]);
      this.resourceValues.set(id, values);
    }
    return values;
  }
}

function typeOf(value: AnyValue): ValueType {
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'bigint':
      return 'int';
    case 'number':
      return 'float';
    case 'boolean':
      return 'bool';
    default:
      return 'other';
  }
}
