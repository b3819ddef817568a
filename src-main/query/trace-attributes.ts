/**
 * Each trace's attribute values as the attribute comparison takes them (diff/compare-attributes.ts): its spans'
 * attributes as `span.KEY`, their resources' as `resource.KEY`, and the intrinsics a user groups by, `name` and
 * `status`; a key its spans disagree on gets its distinct values.
 *
 * Keys whose values are nearly all distinct (ids, timestamps, URLs with ids in them) say nothing a comparison can
 * rank: once a key has taken more distinct values than `maxDistinct`, it is dropped and named in `skippedKeys`,
 * and its values are no longer decoded. Values longer than VALUE_CHARS are cut.
 */
import type { AttributeItem } from '../diff/compare-attributes';
import { anyValueText } from '../model/any-value-text';
import type { AnyValue } from '../model/span';
import { readAnyValue } from '../otlp/decode-protobuf';
import { walkSpanBody } from '../store/span-body-codec';
import type { StoreReader } from '../store/store-reader';

/** Characters of a value kept; a longer one ends in an ellipsis. */
export const VALUE_CHARS = 120;

const STATUS_NAMES = ['unset', 'ok', 'error'];

/** The TraceQL type of a key's values: what a condition on one of them must be written as. */
export type ValueType = 'string' | 'int' | 'float' | 'bool' | 'status' | 'other';

const ignore = () => {};

export class TraceAttributes {
  /** Keys dropped for holding nearly all distinct values. */
  readonly skippedKeys = new Set<string>();
  /** Each key's value type; 'other' when its values have several types, or types TraceQL cannot compare. */
  readonly valueTypes = new Map<string, ValueType>();
  /** Values cut to VALUE_CHARS (a condition on them would not match). */
  readonly cutValues = new Set<string>();
  private readonly distinct = new Map<string, Set<string>>();
  private readonly spanKeys = new Map<number, string>();
  private readonly resourceValues = new Map<number, [key: string, value: string, type: ValueType][]>();

  constructor(
    private readonly reader: StoreReader,
    private readonly maxDistinct: number,
  ) {
    this.valueTypes.set('name', 'string');
    this.valueTypes.set('status', 'status');
  }

  /** The attribute values of trace `traceNo`; skipped keys are left out. */
  read(traceNo: number): AttributeItem {
    const item = new Map<string, string | string[]>();
    for (const [opId, status, resourceId, body] of this.reader.spanAttributeRows(traceNo)) {
      this.add(item, 'name', this.reader.operation(opId).name);
      this.add(item, 'status', STATUS_NAMES[status] ?? 'unset');
      for (const [key, value, type] of this.resourceOf(resourceId)) this.addTyped(item, key, value, type);
      walkSpanBody(
        body,
        (keyId, reader) => {
          const key = this.spanKeyOf(keyId);
          if (this.skippedKeys.has(key)) return;
          const value = readAnyValue(reader, 0);
          this.addTyped(item, key, this.text(value), typeOf(value));
        },
        ignore,
        ignore,
      );
    }
    return item;
  }

  /** Drops from `items` the keys skipped after they were read. */
  dropSkipped(items: Iterable<Map<string, unknown>>): void {
    if (this.skippedKeys.size === 0) return;
    for (const item of items) for (const key of this.skippedKeys) item.delete(key);
  }

  private addTyped(item: Map<string, string | string[]>, key: string, value: string, type: ValueType): void {
    const known = this.valueTypes.get(key);
    if (known === undefined) this.valueTypes.set(key, type);
    else if (known !== type) this.valueTypes.set(key, 'other');
    this.add(item, key, value);
  }

  private add(item: Map<string, string | string[]>, key: string, value: string): void {
    if (this.skippedKeys.has(key)) return;
    const held = item.get(key);
    if (held === undefined) item.set(key, value);
    else if (typeof held === 'string') {
      if (held !== value) item.set(key, [held, value]);
    } else if (!held.includes(value)) held.push(value);
    let seen = this.distinct.get(key);
    if (seen === undefined) this.distinct.set(key, (seen = new Set()));
    seen.add(value);
    if (seen.size > this.maxDistinct) {
      this.skippedKeys.add(key);
      this.distinct.delete(key);
      item.delete(key);
    }
  }

  private text(value: AnyValue): string {
    const text = anyValueText(value);
    if (text.length <= VALUE_CHARS) return text;
    const cut = `${text.slice(0, VALUE_CHARS - 1)}…`;
    this.cutValues.add(cut);
    return cut;
  }

  private spanKeyOf(keyId: number): string {
    let key = this.spanKeys.get(keyId);
    if (key === undefined) this.spanKeys.set(keyId, (key = `span.${this.reader.keyOf(keyId)}`));
    return key;
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
