/** A Zipkin fixture of `test/fixtures/zipkin-lens/` as the trace tree the trace page builds from its waterfall. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WaterfallSpan } from '../../src-main/model/api';
import { decodeZipkinJsonText } from '../../src-main/formats/zipkin-decode';
import { serviceOf } from '../../src-main/model/span';
import { buildTraceTree, type TraceTree } from '../../src-main/model/trace-tree';

export function zipkinFixtureTree(file: string): TraceTree {
  const spans = decodeZipkinJsonText(readFileSync(join(__dirname, '..', 'fixtures', 'zipkin-lens', file), 'utf8'));
  const t0 = spans.reduce((min, s) => (s.startTimeUnixNano < min ? s.startTimeUnixNano : min), spans[0].startTimeUnixNano);
  const waterfall: WaterfallSpan[] = spans.map((s) => ({
    spanId: s.spanId,
    parentSpanId: s.parentSpanId,
    service: serviceOf(s.resource),
    name: s.name,
    kind: s.kind,
    status: s.status.code,
    start: Number(s.startTimeUnixNano - t0),
    end: Number(s.endTimeUnixNano - t0),
    events: [],
  }));
  return buildTraceTree(waterfall, t0.toString());
}
