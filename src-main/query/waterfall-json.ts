/** The compact waterfall document (ApiWaterfall) of a trace, from its stored rows: span bodies are opened only for event times. */
import type { ApiWaterfall } from '../model/api';
import { serviceOf, STATUS_CODES } from '../model/span';
import { readEvent } from '../otlp/decode-protobuf';
import { walkSpanBody } from '../store/span-body-codec';
import type { SpanRow, StoreReader } from '../store/store-reader';

/** `rows` in start order, as spanRowsOfTrace gives them. */
export function waterfallJson(reader: StoreReader, traceId: string, rows: SpanRow[]): string {
  const origin = rows.length > 0 ? BigInt(rows[0].start_ns) : 0n;
  const services: string[] = [];
  const serviceIndex = new Map<number, number>();
  const names: string[] = [];
  const nameIndex = new Map<string, number>();
  const spans: ApiWaterfall['spans'] = rows.map((row) => {
    let service = serviceIndex.get(row.resource_id);
    if (service === undefined) {
      service = services.push(serviceOf(reader.resource(row.resource_id))) - 1;
      serviceIndex.set(row.resource_id, service);
    }
    const op = reader.operation(row.op_id);
    let name = nameIndex.get(op.name);
    if (name === undefined) {
      name = names.push(op.name) - 1;
      nameIndex.set(op.name, name);
    }
    const start = Number(BigInt(row.start_ns) - origin);
    const events: number[] = [];
    walkSpanBody(row.body, undefined, (event) => events.push(Number(readEvent(event).timeUnixNano - origin)), () => {});
    return [row.span_id, row.parent_id, service, name, op.kind, STATUS_CODES[row.status] ?? 'UNSET', start, Number(row.duration_ns), events];
  });
  const doc: ApiWaterfall = { traceId, startTimeUnixNano: origin.toString(), services, names, spans };
  return JSON.stringify(doc);
}
