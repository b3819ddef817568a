/**
 * The service map from its aggregate tables (store/service-map-writer.ts): the rows of the minutes in the
 * window are summed, latency histograms merged; nodes are named from the services and peers tables. The map
 * of one trace is computed from its spans with the same function the writer uses.
 */
import type { MapEdge, MapNode, ServiceMap } from '../model/api';
import { addTo, latencyBucket, percentile, type Histogram } from '../model/latency-histogram';
import { unpackHistogram } from '../store/histogram-codec';
import { mapNodeNamer } from './map-nodes';
import { minuteOf } from '../store/service-map-writer';
import { callsOf } from '../store/service-calls';
import type { StoreReader } from '../store/store-reader';

interface Totals {
  calls: number;
  errors: number;
  latency: Histogram;
}

const NO_LIMIT = Number.MAX_SAFE_INTEGER;

export function serviceMap(reader: StoreReader, window: { startNs?: bigint; endNs?: bigint } = {}): ServiceMap {
  const from = window.startNs === undefined ? -NO_LIMIT : minuteOf(window.startNs);
  const to = window.endNs === undefined ? NO_LIMIT : minuteOf(window.endNs);
  const edges = new Map<string, { source: number; target: number } & Totals>();
  for (const [source, target, calls, errors, latency] of reader.mapCalls(from, to)) {
    const key = `${source}>${target}`;
    let edge = edges.get(key);
    if (!edge) edges.set(key, (edge = { source, target, calls: 0, errors: 0, latency: new Map() }));
    edge.calls += calls;
    edge.errors += errors;
    addTo(edge.latency, unpackHistogram(latency));
  }
  const services = reader.mapSpans(from, to);
  return describe(reader, services, [...edges.values()]);
}

/** The map of one trace (its calls, its services' spans); undefined when the store does not have it. */
export function traceServiceMap(reader: StoreReader, traceId: string): ServiceMap | undefined {
  const trace = reader.traceById(traceId);
  if (!trace) return undefined;
  const spans = reader.callSpans(trace.traceNo, trace.traceNo).get(trace.traceNo) ?? [];
  const services = new Map<number, [number, number, number]>();
  for (const span of spans) {
    const counts = services.get(span.service) ?? [span.service, 0, 0];
    counts[1]++;
    if (span.error) counts[2]++;
    services.set(span.service, counts);
  }
  const edges = new Map<string, { source: number; target: number } & Totals>();
  for (const call of callsOf(spans)) {
    const key = `${call.source}>${call.target}`;
    let edge = edges.get(key);
    if (!edge) edges.set(key, (edge = { source: call.source, target: call.target, calls: 0, errors: 0, latency: new Map() }));
    edge.calls++;
    if (call.error) edge.errors++;
    addTo(edge.latency, new Map([[latencyBucket(call.latencyNs), 1]]));
  }
  return describe(reader, [...services.values()], [...edges.values()]);
}

/** Node ids and names for service ids (positive) and peer ids (negative), edges with their percentiles. */
function describe(reader: StoreReader, services: [number, number, number][], edges: ({ source: number; target: number } & Totals)[]): ServiceMap {
  const name = mapNodeNamer(reader);
  const nodes = new Map<number, MapNode>();
  const node = (ref: number): MapNode => {
    let found = nodes.get(ref);
    if (!found) nodes.set(ref, (found = { ...name(ref), spanCount: 0, errorCount: 0 }));
    return found;
  };
  for (const [serviceId, spans, errors] of services) {
    if (spans <= 0) continue;
    const n = node(serviceId);
    n.spanCount += spans;
    n.errorCount += errors;
  }
  const mapEdges: MapEdge[] = edges
    .filter((e) => e.calls > 0)
    .map((e) => {
      const target = node(e.target);
      if (e.target < 0) {
        target.spanCount += e.calls;
        target.errorCount += e.errors;
      }
      return { source: node(e.source).id, target: target.id, callCount: e.calls, errorCount: e.errors, p50Nano: String(percentile(e.latency, 0.5)), p95Nano: String(percentile(e.latency, 0.95)) };
    })
    .sort((a, b) => a.source.localeCompare(b.source) || a.target.localeCompare(b.target));
  return { nodes: [...nodes.values()].sort((a, b) => a.id.localeCompare(b.id)), edges: mapEdges };
}
