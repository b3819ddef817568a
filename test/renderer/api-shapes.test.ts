import { describe, expect, it } from 'vitest';
import { toChartSeries, toComparison, toGroupComparison, toLogRecord, toMap, toMatchedTraces, toMetricSeries, toSpan, toTrace, toWaterfall } from '../../src-renderer/lib/api-shapes';

describe('the renderer shapes of the API documents', () => {
  it('turns the wire strings of nanoseconds into numbers once, exact where order needs it', () => {
    const trace = toTrace({ traceId: 't', rootService: 's', rootName: 'n', startTimeUnixNano: '1700000000123456789', durationNano: '2500000', spanCount: 1, errorCount: 0, services: [], lastReceivedMs: 1, refusedSpanCount: 0 });
    expect(trace).toMatchObject({ startNs: 1_700_000_000_123_456_789n, startMs: 1_700_000_000_123, durationNs: 2_500_000 });
    expect(trace).not.toHaveProperty('startTimeUnixNano');

    const span = toSpan({
      traceId: 't', spanId: 's', parentSpanId: '', traceState: '', flags: 0, name: 'n', kind: 'SERVER', service: 'svc',
      startTimeUnixNano: '1700000000000000000', endTimeUnixNano: '1700000000010000000', status: { code: 'UNSET', message: '' },
      attributes: {}, droppedAttributesCount: 3, resource: { attributes: {}, droppedAttributesCount: 0, schemaUrl: '' },
      scope: { name: '', version: '', attributes: {}, droppedAttributesCount: 0, schemaUrl: '' },
      events: [{ name: 'e', timeUnixNano: '1700000000004000000', attributes: {}, droppedAttributesCount: 0 }], droppedEventsCount: 1, links: [], droppedLinksCount: 2,
    });
    expect(span).toMatchObject({ durationNs: 10_000_000, events: [{ name: 'e', offsetNs: 4_000_000 }], droppedAttributesCount: 3, droppedEventsCount: 1, droppedLinksCount: 2 });

    expect(toWaterfall({ traceId: 't', startTimeUnixNano: '1700000000999999999', lastReceivedMs: 0, refusedSpanCount: 0, services: [], names: [], operations: {}, events: {}, spans: [] })).toMatchObject({ startNs: 1_700_000_000_999_999_999n, startMs: 1_700_000_000_999 });
    const log = toLogRecord({
      timeUnixNano: '1700000000123456789', observedTimeUnixNano: '1700000001000000000', severityNumber: 17, severityText: 'ERROR', body: { msg: 'declined' },
      attributes: { user: 'ada' }, traceId: 't', spanId: 's', eventName: '', flags: 1, droppedAttributesCount: 0, service: 'svc', resource: { attributes: {} }, scope: { name: '', version: '', attributes: {} },
    });
    expect(log).toMatchObject({ timeNs: 1_700_000_000_123_456_789n, timeMs: 1_700_000_000_123, observedMs: 1_700_000_001_000, body: { msg: 'declined' }, spanId: 's' });
    expect(log).not.toHaveProperty('timeUnixNano');
    expect(toMap({ nodes: [], edges: [{ source: 'a', target: 'b', callCount: 1, errorCount: 0, p50Nano: '1500', p95Nano: '9000' }] }).edges[0]).toMatchObject({ p50Ns: 1500, p95Ns: 9000 });

    const diff = toComparison({ a: 'a', b: 'b', durationDeltaNano: '-5', matched: 1, added: 0, removed: 0, changed: 1, rows: [{ status: 'changed', a: 'x', b: 'y', service: 's', name: 'n', depth: 0, durationDeltaNano: '-5', selfTimeDeltaNano: '-2', attributeChanges: [] }], topContributors: [{ service: 's', name: 'n', selfTimeDeltaNano: '-2', aCount: 1, bCount: 1 }] });
    expect(diff).toMatchObject({ durationDeltaNs: -5, rows: [{ durationDeltaNs: -5, selfTimeDeltaNs: -2 }], topContributors: [{ selfTimeDeltaNs: -2 }] });

    const groups = toGroupComparison({ a: ['a'], b: ['b'], rows: [{ status: 'changed', service: 's', name: 'n', depth: 0, a: { count: 1, p50Nano: '10', p95Nano: '20', selfP50Nano: '5' }, b: null, p50DeltaNano: '7' }], topContributors: [{ service: 's', name: 'n', selfP50DeltaNano: '3' }] });
    expect(groups).toMatchObject({ rows: [{ a: { count: 1, p50Ns: 10, p95Ns: 20, selfP50Ns: 5 }, b: null, p50DeltaNs: 7 }], topContributors: [{ selfP50DeltaNs: 3 }] });
  });

  it('turns metrics labels into a record, int64 text into numbers', () => {
    const [series] = toMetricSeries({ series: [{ labels: [{ key: 'name', value: { stringValue: 'GET /' } }, { key: 'span.http.status_code', value: { intValue: '500' } }, { key: 'p', value: { doubleValue: 0.95 } }, { key: 'ok', value: { boolValue: false } }], samples: [{ timestampMs: 1, value: 0.5 }], exemplars: [{ traceId: 't', spanId: 's', timestampMs: 1, value: 0.5 }] }] });
    expect(series).toEqual({ labels: { name: 'GET /', 'span.http.status_code': 500, p: 0.95, ok: false }, samples: [{ timestampMs: 1, value: 0.5 }] });
  });
});

describe('the TraceQL answers', () => {
  it('turns a SearchResponse into traces with their matched spans: times as numbers, service and fields as text', () => {
    const [trace] = toMatchedTraces({
      traces: [{
        traceID: 'a'.repeat(32), rootServiceName: 'frontend', rootTraceName: 'POST /checkout', startTimeUnixNano: '1700000000123456789', durationMs: 382,
        spanSets: [{
          spans: [{ spanID: 'b'.repeat(16), name: 'POST /api/charge', startTimeUnixNano: '1700000000200000000', durationNanos: '248000000', attributes: [{ key: 'service.name', value: { stringValue: 'payments' } }, { key: 'span.http.response.status_code', value: { intValue: '504' } }] }],
          matched: 4,
          attributes: [{ key: 'by(resource.service.name)', value: { stringValue: 'payments' } }],
        }],
        spanSet: { spans: [], matched: 0 },
      }],
      metrics: { inspectedTraces: 1, inspectedSpans: 9 },
    });
    expect(trace).toEqual({
      traceId: 'a'.repeat(32), rootService: 'frontend', rootName: 'POST /checkout', startMs: 1_700_000_000_123, durationNs: 382_000_000,
      spanSets: [{
        spans: [{ spanId: 'b'.repeat(16), service: 'payments', name: 'POST /api/charge', startMs: 1_700_000_000_200, durationNs: 248_000_000, fields: [{ key: 'span.http.response.status_code', text: '504' }] }],
        matched: 4,
        fields: [{ key: 'by(resource.service.name)', text: 'payments' }],
      }],
    });
  });

  it('names each series for the legend and keeps its points and exemplars', () => {
    const exemplars = [{ traceId: 't', spanId: 's', timestampMs: 5, value: 1 }];
    expect(toChartSeries([{ labels: [], samples: [{ timestampMs: 0, value: 2 }], exemplars }], 'rate()')).toEqual([{ name: 'rate()', points: [[0, 2]], exemplars }]);
  });
});
