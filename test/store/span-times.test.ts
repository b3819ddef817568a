import { describe, expect, it } from 'vitest';
import { importArchive } from '../../src-main/archives/import-archive';
import { encodeTraceRequestJson } from '../../src-main/otlp/encode-json';
import { encodeTraceRequestProtobuf } from '../../src-main/otlp/encode-protobuf';
import { transcodeTraceRequestJsonText } from '../../src-main/otlp/transcode-json';
import { loadTraceSpans } from '../../src-main/query/trace-query';
import { memoryStore } from '../helpers/memory-store';
import { span } from '../helpers/spans';

const TRACE = 'a1'.repeat(16);
const LATE = 2n ** 63n; // a valid uint64 that SQLite's signed integer cannot hold
const REASON_START = `span ${'b2'.repeat(8)} of trace ${TRACE}: start_time_unix_nano 9223372036854775808 is past 9223372036854775807 ns (the year 2262), the latest time the store holds`;
const REASON_END = `span ${'b3'.repeat(8)} of trace ${TRACE}: end_time_unix_nano 18446744073709551615 is past 9223372036854775807 ns (the year 2262), the latest time the store holds`;

/** Four spans of one trace: two the store can hold, one starting at 2^63 ns, one ending at 2^64 − 1 ns. */
function spans() {
  return [
    span({ traceId: TRACE, spanId: 'b1'.repeat(8), name: 'ok-1' }),
    span({ traceId: TRACE, spanId: 'b2'.repeat(8), name: 'late start', startTimeUnixNano: LATE, endTimeUnixNano: LATE + 5n }),
    span({ traceId: TRACE, spanId: 'b3'.repeat(8), name: 'late end', endTimeUnixNano: 2n ** 64n - 1n }),
    span({ traceId: TRACE, spanId: 'b4'.repeat(8), name: 'ok-2' }),
  ];
}

const storedNames = (store: Awaited<ReturnType<typeof memoryStore>>) => loadTraceSpans(store.reader, TRACE)!.map((s) => s.name).sort();

describe('a span whose time is past 2^63 − 1 ns is refused, naming it, and the others of its request are stored', () => {
  it('over OTLP protobuf: partial success', async () => {
    const store = await memoryStore();
    const written = store.writeOtlpProtobuf(encodeTraceRequestProtobuf(spans()));
    expect(written.rejectedSpans).toBe(2);
    expect(written.rejectionReasons).toEqual([REASON_START, REASON_END]);
    await written.committed;
    expect(storedNames(store)).toEqual(['ok-1', 'ok-2']);
    await store.close();
  });

  it('over OTLP/JSON: the same', async () => {
    const store = await memoryStore();
    const written = store.writeOtlpProtobuf(transcodeTraceRequestJsonText(JSON.stringify(encodeTraceRequestJson(spans()))));
    expect(written.rejectionReasons).toEqual([REASON_START, REASON_END]);
    await written.committed;
    expect(storedNames(store)).toEqual(['ok-1', 'ok-2']);
    await store.close();
  });

  it('from model spans (Zipkin, Jaeger, archives): refused in the answer', async () => {
    const store = await memoryStore();
    expect(await store.write(spans())).toEqual({ spans: 2, reasons: [REASON_START, REASON_END] });
    expect(storedNames(store)).toEqual(['ok-1', 'ok-2']);
    await store.close();
  });

  it('spanscope import imports the others and reports the refusal exactly', async () => {
    const store = await memoryStore();
    async function* file() {
      yield encodeTraceRequestProtobuf(spans());
    }
    const result = await importArchive(store, file(), { name: 'late.pb' });
    expect(result).toMatchObject({ format: 'otlp-protobuf', spans: 2, rejectedSpans: 2, rejectionReasons: [REASON_START, REASON_END] });
    expect(storedNames(store)).toEqual(['ok-1', 'ok-2']);
    await store.close();
  });
});
