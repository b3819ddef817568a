/**
 * The compact waterfall document (ApiWaterfall) of a trace. SQLite writes the span rows' JSON itself
 * (json_group_array: ~0.6 µs a span, against ~5 µs to hand each row to JavaScript); only the bodies of spans
 * with events are opened, for their times.
 */
import type { ApiWaterfall, SpanCategory } from '../model/api';
import { readEventTime } from '../otlp/decode-protobuf';
import { splitPeerLabel, type PeerType } from '../store/peer-attributes';
import { walkSpanBody } from '../store/span-body-codec';
import type { StoreReader, TraceRow } from '../store/store-reader';

export function waterfallJson(reader: StoreReader, trace: TraceRow): string {
  const origin = trace.startNs;
  const services: string[] = [];
  const names: string[] = [];
  const index = (list: string[], map: Map<string, number>, value: string) => {
    let i = map.get(value);
    if (i === undefined) map.set(value, (i = list.push(value) - 1));
    return i;
  };
  const serviceIndex = new Map<string, number>();
  const nameIndex = new Map<string, number>();
  const { spansJson, operationPeers } = reader.waterfallRows(trace.traceNo, origin);
  const operations: ApiWaterfall['operations'] = {};
  const categories = operationCategories(reader, operationPeers);
  for (const [opId] of operationPeers) {
    if (operations[opId]) continue;
    const op = reader.operation(opId);
    const entry: ApiWaterfall['operations'][string] = [index(services, serviceIndex, reader.serviceName(op.serviceId)), index(names, nameIndex, op.name), op.kind];
    const category = categories.get(opId);
    operations[opId] = category ? [...entry, category] : entry;
  }
  const events: ApiWaterfall['events'] = {};
  for (const [spanId, body] of reader.bodiesWithEvents(trace.traceNo)) {
    const times: number[] = (events[spanId] = []);
    walkSpanBody(body, undefined, (event) => times.push(Number(readEventTime(event) - origin)), () => {});
  }
  const head: Omit<ApiWaterfall, 'spans'> = { traceId: trace.traceId, startTimeUnixNano: origin.toString(), lastReceivedMs: trace.updatedMs, refusedSpanCount: trace.refusedSpans, services, names, operations, events };
  return `${JSON.stringify(head).slice(0, -1)},"spans":${spansJson}}`;
}

const CATEGORY_OF_PEER: Partial<Record<PeerType, SpanCategory>> = { database: 'db', messaging: 'messaging' };

/** Operation id → db or messaging, from the peers its spans call (a database wins over a broker). */
function operationCategories(reader: StoreReader, operationPeers: [number, number][]): Map<number, SpanCategory> {
  const categories = new Map<number, SpanCategory>();
  const peerCategories = new Map<number, SpanCategory | undefined>();
  for (const [opId, peerId] of operationPeers) {
    if (peerId === 0) continue;
    if (!peerCategories.has(peerId)) {
      const label = reader.peerLabel(peerId);
      peerCategories.set(peerId, label === undefined ? undefined : CATEGORY_OF_PEER[splitPeerLabel(label).type]);
    }
    const category = peerCategories.get(peerId);
    if (category && categories.get(opId) !== 'db') categories.set(opId, category);
  }
  return categories;
}
