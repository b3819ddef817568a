/**
 * Concurrent OTLP/HTTP senders for fault tests: each POSTs protobuf bodies one after another until stopped or its
 * server goes away, and remembers exactly which spans were acknowledged (answered 200).
 */
import { randomBytes } from 'node:crypto';
import { setTimeout } from 'node:timers/promises';
import { encodeTraceRequestProtobuf } from '../../src-main/otlp/encode-protobuf';
import { postOtlp } from './otlp-bodies';
import { resource, span } from './spans';

/** `traceId` + `spanId`, hex: how a test names a span it sent. */
export type SpanKey = string;

export interface OtlpRequest {
  body: Uint8Array;
  spans: SpanKey[];
}

/**
 * Requests of `newSpans` spans of a new trace plus `grownSpans` more for the trace of the request before (so
 * traces grow across requests, as a long operation's spans arrive); ids are random, so runs never collide.
 */
export function growingTraceRequests(count: number, newSpans: number, grownSpans: number): OtlpRequest[] {
  const requests: OtlpRequest[] = [];
  let previous: { traceId: string; rootId: string } | undefined;
  for (let r = 0; r < count; r++) {
    const traceId = randomBytes(16).toString('hex');
    const rootId = randomBytes(8).toString('hex');
    const spans = Array.from({ length: newSpans }, (_, i) =>
      span({ traceId, spanId: i === 0 ? rootId : randomBytes(8).toString('hex'), parentSpanId: i === 0 ? '' : rootId, resource: resource(`svc-${i % 3}`) }),
    );
    if (previous) {
      const { traceId: grownId, rootId: parent } = previous;
      for (let i = 0; i < grownSpans; i++) spans.push(span({ traceId: grownId, spanId: randomBytes(8).toString('hex'), parentSpanId: parent, name: 'late' }));
    }
    requests.push({ body: encodeTraceRequestProtobuf(spans), spans: spans.map((s) => s.traceId + s.spanId) });
    previous = { traceId, rootId };
  }
  return requests;
}

export interface Senders {
  /** Spans answered 200 so far. */
  acknowledged(): number;
  /** Stops sending (a request in flight still finishes or fails) and gives every acknowledged span. */
  stop(): Promise<SpanKey[]>;
}

/** `requests` split among `senders` loops; a loop ends when its share is sent or a request fails (the server died). */
export function startSenders(otlpHttp: string, senders: number, requests: OtlpRequest[]): Senders {
  const acknowledged: SpanKey[] = [];
  let stopped = false;
  const loop = async (first: number) => {
    for (let r = first; r < requests.length && !stopped; r += senders) {
      try {
        const res = await postOtlp(otlpHttp, requests[r].body);
        await res.arrayBuffer();
        if (res.status === 503) {
          // The queue is full: as an exporter would, send the same request again shortly.
          r -= senders;
          await setTimeout(50);
          continue;
        }
        if (res.status !== 200) return;
        acknowledged.push(...requests[r].spans);
      } catch {
        return;
      }
    }
  };
  const loops = Array.from({ length: senders }, (_, s) => loop(s));
  return {
    acknowledged: () => acknowledged.length,
    async stop() {
      stopped = true;
      await Promise.all(loops);
      return acknowledged;
    },
  };
}
