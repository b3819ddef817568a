/**
 * One export to the upstream, over OTLP/HTTP protobuf (fetch) or OTLP/gRPC (@grpc/grpc-js), answered as a
 * SendOutcome for retry-policy.ts. Several queued requests of one signal go as one: protobuf messages written one
 * after another read as one message whose repeated fields hold them all.
 */
import * as grpc from '@grpc/grpc-js';
import { decodePartialSuccess, decodeRetryDelayMs, decodeStatusMessage } from '../otlp/decode-export-answer';
import type { ForwardTarget } from './forward-target';
import type { QueueSignal } from './queue-record';
import type { SendOutcome } from './retry-policy';

/** How long one export may take before it counts as failed (and is retried): the collector's exporters allow 5 s. */
export const SEND_TIMEOUT_MS = 10_000;
/** The most bytes sent in one export: the collector's gRPC receiver takes 4 MiB by default. */
export const MAX_EXPORT_BYTES = 4 * 1024 ** 2;

export interface Sender {
  send(signal: QueueSignal, payloads: Buffer[]): Promise<SendOutcome>;
  close(): void;
}

export function createSender(target: ForwardTarget): Sender {
  return target.protocol === 'grpc' ? grpcSender(target) : httpSender(target);
}

function httpSender(target: ForwardTarget): Sender {
  const stop = new AbortController();
  return {
    async send(signal, payloads) {
      let res: Response;
      try {
        res = await fetch(signal === 'logs' ? target.logsUrl : target.tracesUrl, {
          method: 'POST',
          headers: { ...target.headers, 'content-type': 'application/x-protobuf' },
          body: Buffer.concat(payloads),
          signal: AbortSignal.any([AbortSignal.timeout(SEND_TIMEOUT_MS), stop.signal]),
        });
      } catch (error) {
        return { kind: 'network', message: networkMessage(error as Error) };
      }
      const body = new Uint8Array(await res.arrayBuffer().catch(() => new ArrayBuffer(0)));
      if (res.ok) return { kind: 'ok', ...decodePartialSuccess(body, signal) };
      const protobuf = (res.headers.get('content-type') ?? '').includes('protobuf');
      const message = (protobuf ? decodeStatusMessage(body) : Buffer.from(body).toString('utf8')).trim().slice(0, 300);
      return { kind: 'http', status: res.status, message, retryAfter: res.headers.get('retry-after') ?? undefined };
    },
    close() {
      stop.abort();
    },
  };
}

function grpcSender(target: ForwardTarget): Sender {
  const client = new grpc.Client(target.address, grpc.credentials.createInsecure(), {
    // The sender's own backoff decides when to try again; the channel reconnects soon after the upstream is back.
    'grpc.enable_retries': 0,
    'grpc.initial_reconnect_backoff_ms': 500,
    'grpc.max_reconnect_backoff_ms': 5_000,
  });
  const metadata = new grpc.Metadata();
  for (const [name, value] of Object.entries(target.headers)) metadata.set(name, value);
  const identity = (b: Buffer) => b;
  const calls = new Set<grpc.ClientUnaryCall>();
  return {
    send(signal, payloads) {
      const path = signal === 'logs' ? '/opentelemetry.proto.collector.logs.v1.LogsService/Export' : '/opentelemetry.proto.collector.trace.v1.TraceService/Export';
      return new Promise((resolve) => {
        const call = client.makeUnaryRequest(path, identity, identity, Buffer.concat(payloads), metadata, { deadline: Date.now() + SEND_TIMEOUT_MS }, (error, answer) => {
          calls.delete(call);
          if (!error) return resolve({ kind: 'ok', ...decodePartialSuccess(answer ?? Buffer.alloc(0), signal) });
          const details = error.metadata?.get('grpc-status-details-bin')[0];
          resolve({ kind: 'grpc', code: error.code, message: error.details, retryDelayMs: Buffer.isBuffer(details) ? decodeRetryDelayMs(details) : undefined });
        });
        calls.add(call);
      });
    },
    close() {
      for (const call of calls) call.cancel();
      client.close();
    },
  };
}

/** fetch says "fetch failed"; its cause says what: ECONNREFUSED, a timeout, a name that does not resolve. */
function networkMessage(error: Error): string {
  if (error.name === 'TimeoutError') return `no answer within ${SEND_TIMEOUT_MS / 1000} s`;
  const cause = error.cause as (Error & { code?: string }) | undefined;
  return cause?.code ?? cause?.message ?? error.message;
}
