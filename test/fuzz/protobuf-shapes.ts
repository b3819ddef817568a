/**
 * Random protobuf messages: well-framed trees of fields with OTLP's field numbers (and a few others), any wire
 * type, nested messages where a length-delimited field sits. They reach the decoder's inner messages with
 * fields of the wrong type, which flat random bytes never get past.
 */
import fc from 'fast-check';
import { ProtobufWriter } from '../../src-main/otlp/protobuf-writer';

type Field =
  | { number: number; wire: 0; value: bigint }
  | { number: number; wire: 1; value: bigint }
  | { number: number; wire: 5; value: number }
  | { number: number; wire: 2; value: Uint8Array | Field[] }
  | { number: number; wire: 3 | 4 | 6 | 7 };

const fieldNumber = fc.oneof({ weight: 20, arbitrary: fc.integer({ min: 1, max: 16 }) }, fc.constantFrom(0, 1000, 2 ** 29 - 1));

const shapes = fc.letrec<{ message: Field[]; field: Field }>((tie) => ({
  message: fc.array(tie('field'), { maxLength: 5 }),
  field: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ number: fieldNumber, wire: fc.constant(0 as const), value: fc.oneof(fc.bigInt(0n, 300n), fc.bigInt(-(2n ** 63n), 2n ** 63n - 1n)) }),
    fc.record({ number: fieldNumber, wire: fc.constant(1 as const), value: fc.bigInt(0n, 2n ** 64n - 1n) }),
    fc.record({ number: fieldNumber, wire: fc.constant(5 as const), value: fc.nat({ max: 0xffffffff }) }),
    fc.record({ number: fieldNumber, wire: fc.constant(2 as const), value: fc.uint8Array({ maxLength: 20 }) }),
    fc.record({ number: fieldNumber, wire: fc.constantFrom(3 as const, 4 as const, 6 as const, 7 as const) }),
    fc.record({ number: fieldNumber, wire: fc.constant(2 as const), value: tie('message') }),
  ),
}));

/** A random message, serialized. */
export const protobufShapedBytes: fc.Arbitrary<Buffer> = shapes.message.map((fields) => {
  const w = new ProtobufWriter(256);
  writeFields(w, fields);
  return Buffer.from(w.view());
});

function writeFields(w: ProtobufWriter, fields: Field[]): void {
  for (const f of fields) {
    w.uint32(f.number * 8 + f.wire);
    if (f.wire === 0) w.int64(f.value);
    else if (f.wire === 1) w.fixed64(f.value);
    else if (f.wire === 5) w.fixed32(f.value);
    else if (f.wire === 2) {
      if (f.value instanceof Uint8Array) w.bytes(f.value);
      else {
        const mark = w.beginLength();
        writeFields(w, f.value);
        w.endMessage(mark);
      }
    }
  }
}
