/**
 * The calls in a trace, for the service map: a span whose parent is in another service is a call from the
 * parent's service to its own (its latency is the parent's duration when the parent is a CLIENT or PRODUCER
 * span, the waiting side; else its own); a CLIENT or PRODUCER span with no child in another service calls its
 * peer (peer-attributes.ts), when it names one. Pure: the writer and the per-trace map both use it.
 */
import { callsOut } from './peer-attributes';

export interface CallSpan {
  spanId: string;
  /** '' for a root. */
  parentId: string;
  /** Service id (services table). */
  service: number;
  /** SPAN_KINDS index. */
  kind: number;
  error: boolean;
  startNs: bigint;
  durationNs: bigint;
  /** Peer id (peers table), 0 when the span names none. */
  peer: number;
}

export interface Call {
  /** Service id. */
  source: number;
  /** A service id, or minus a peer id. */
  target: number;
  error: boolean;
  latencyNs: number;
  startNs: bigint;
}

export function callsOf(spans: Iterable<CallSpan>): Call[] {
  const byId = new Map<string, CallSpan>();
  for (const span of spans) byId.set(span.spanId, span);
  const calls: Call[] = [];
  const callsAcross = new Set<CallSpan>();
  for (const child of byId.values()) {
    const parent = child.parentId === '' ? undefined : byId.get(child.parentId);
    if (!parent || parent.service === child.service) continue;
    const waiting = callsOut(parent.kind) ? parent : child;
    callsAcross.add(parent);
    calls.push({ source: parent.service, target: child.service, error: child.error || (callsOut(parent.kind) && parent.error), latencyNs: Number(waiting.durationNs), startNs: parent.startNs });
  }
  for (const span of byId.values()) {
    if (span.peer === 0 || !callsOut(span.kind) || callsAcross.has(span)) continue;
    calls.push({ source: span.service, target: -span.peer, error: span.error, latencyNs: Number(span.durationNs), startNs: span.startNs });
  }
  return calls;
}
