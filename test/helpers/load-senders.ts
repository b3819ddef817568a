/**
 * Exporters at full speed for the load test: raw OTLP senders that send one request made once again and again
 * with new trace ids (no encoding cost, so the server is the bottleneck), and the real OpenTelemetry exporters
 * driven with ready-made spans. Each keeps several requests in flight and counts what was answered how.
 */
import * as grpc from '@grpc/grpc-js';
import { SpanKind, type SpanContext } from '@opentelemetry/api';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Span } from '../../src-main/model/span';
import { encodeTraceRequestJson } from '../../src-main/otlp/encode-json';
import { encodeTraceRequestProtobuf } from '../../src-main/otlp/encode-protobuf';
import { syntheticTrace } from '../bench/synthetic-spans';

/** What one exporter got back. `refused`: backpressure answers (503, UNAVAILABLE); the request is sent again. */
export class Tally {
  acknowledged = 0;
  refused = 0;
  /** Spans a success answer still rejected (partial success). */
  rejected = 0;
  errors = 0;
  lastError = '';
  /** 503 answers without `Retry-After`. */
  refusedWithoutRetryAfter = 0;
  /** The longest wait for one answer, ms. */
  slowestMs = 0;

  constructor(readonly name: string) {}

  error(message: string): void {
    this.errors++;
    this.lastError = message;
  }

  async timed<T>(answer: Promise<T>): Promise<T> {
    const start = performance.now();
    try {
      return await answer;
    } finally {
      this.slowestMs = Math.max(this.slowestMs, performance.now() - start);
    }
  }
}

/** Every template trace id starts with these bytes; a request's copy gets the sender's byte and a counter instead. */
const MARK = 'feedbeef';
const T0 = 1_763_900_000_000_000_000n;
/** Pause after a refusal before the same request goes again: shorter than Retry-After, to keep the pressure on. */
const REFUSED_PAUSE_MS = 100;

function templateSpans(traces: number): Span[] {
  return Array.from({ length: traces }, (_, t) => syntheticTrace(t, 0xfeedbeef, T0)).flat();
}

/** One request sent again and again, its trace ids made new each time by writing over their first four bytes. */
export class RepeatedRequest {
  private counter = 0;
  private readonly idOffsets: number[] = [];

  private constructor(
    private readonly template: Buffer,
    readonly spans: number,
    private readonly sender: number,
    private readonly hex: boolean,
  ) {
    const needle = hex ? Buffer.from(`"traceId":"${MARK}`) : Buffer.from(`0a10${MARK}`, 'hex');
    for (let at = template.indexOf(needle); at !== -1; at = template.indexOf(needle, at + 1)) this.idOffsets.push(at + needle.length - 4 * (hex ? 2 : 1));
  }

  static protobuf(sender: number, traces: number): RepeatedRequest {
    const spans = templateSpans(traces);
    return new RepeatedRequest(encodeTraceRequestProtobuf(spans), spans.length, sender, false);
  }

  static json(sender: number, traces: number): RepeatedRequest {
    const spans = templateSpans(traces);
    return new RepeatedRequest(Buffer.from(JSON.stringify(encodeTraceRequestJson(spans))), spans.length, sender, true);
  }

  /** How many trace ids each copy renews (every span carries its trace's id). */
  get idCount(): number {
    return this.idOffsets.length;
  }

  next(): Buffer {
    const body = Buffer.from(this.template);
    const n = ++this.counter;
    const prefix = Buffer.from([this.sender, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff]);
    const bytes = this.hex ? Buffer.from(prefix.toString('hex')) : prefix;
    for (const at of this.idOffsets) bytes.copy(body, at);
    return body;
  }
}

/** `concurrency` loops, each sending its next request once the last is answered, until `running()` turns false. */
function loops(concurrency: number, running: () => boolean, sendOne: () => Promise<void>): Promise<void> {
  return Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (running()) await sendOne();
    }),
  ).then(() => {});
}

export function rawHttpSender(otlpHttp: string, requests: RepeatedRequest, contentType: string, concurrency: number, tally: Tally, running: () => boolean): Promise<void> {
  const url = new URL(`${otlpHttp}/v1/traces`);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const post = (body: Buffer) =>
    new Promise<{ status: number; retryAfter: string | undefined; answer: Buffer }>((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', agent, headers: { 'Content-Type': contentType, 'Content-Length': body.length } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'], answer: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end(body);
    });
  return loops(concurrency, running, async () => {
    const body = requests.next();
    for (;;) {
      try {
        const { status, retryAfter, answer } = await tally.timed(post(body));
        if (status === 200) {
          const rejected = contentType === 'application/json' ? Number(JSON.parse(answer.toString()).partialSuccess?.rejectedSpans ?? 0) : answer.length > 0 ? -1 : 0;
          if (rejected !== 0) tally.error(`partial success: ${answer.toString('utf8')}`);
          else tally.acknowledged += requests.spans;
          return;
        }
        if (status !== 503) return tally.error(`answered ${status}: ${answer.toString('utf8').slice(0, 200)}`);
        tally.refused++;
        if (retryAfter === undefined) tally.refusedWithoutRetryAfter++;
      } catch (error) {
        return tally.error((error as Error).message);
      }
      await sleep(REFUSED_PAUSE_MS);
      if (!running()) return;
    }
  }).finally(() => agent.destroy());
}

const EXPORT = '/opentelemetry.proto.collector.trace.v1.TraceService/Export';

export function rawGrpcSender(otlpGrpc: string, requests: RepeatedRequest, concurrency: number, tally: Tally, running: () => boolean): Promise<void> {
  const client = new grpc.Client(otlpGrpc, grpc.credentials.createInsecure());
  const send = (body: Buffer) =>
    new Promise<{ error: grpc.ServiceError | null; response?: Buffer }>((resolve) =>
      client.makeUnaryRequest(EXPORT, (b: Buffer) => b, (b: Buffer) => b, body, (error, response) => resolve({ error, response })),
    );
  return loops(concurrency, running, async () => {
    const body = requests.next();
    for (;;) {
      const { error, response } = await tally.timed(send(body));
      if (error === null) {
        if (response!.length > 0) tally.error(`partial success: ${response!.toString('hex')}`);
        else tally.acknowledged += requests.spans;
        return;
      }
      if (error.code !== grpc.status.UNAVAILABLE) return tally.error(`${grpc.status[error.code]}: ${error.details}`);
      tally.refused++;
      await sleep(REFUSED_PAUSE_MS);
      if (!running()) return;
    }
  }).finally(() => client.close());
}

/**
 * A real OpenTelemetry exporter fed ready-made batches of `traces` ten-span traces. The HTTP exporters retry 503
 * themselves (honouring Retry-After); the gRPC one reports UNAVAILABLE as a failed export, sent again here.
 */
export function sdkSender(exporter: SpanExporter, sender: number, traces: number, concurrency: number, tally: Tally, running: () => boolean): Promise<void> {
  const template = readableSpans(templateSpans(traces), tally.name);
  let counter = 0;
  const exportOnce = (batch: ReadableSpan[]) => new Promise<ExportResult>((resolve) => exporter.export(batch, resolve));
  return loops(concurrency, running, async () => {
    const batch = withNewTraceIds(template, sender, ++counter);
    for (;;) {
      const result = await tally.timed(exportOnce(batch));
      if (result.code === ExportResultCode.SUCCESS) {
        tally.acknowledged += batch.length;
        return;
      }
      // gRPC: the UNAVAILABLE status itself; HTTP: 503s past the exporter's own retries.
      const refused = (result.error as { code?: number } | undefined)?.code === grpc.status.UNAVAILABLE || /retryable status/.test(result.error?.message ?? '');
      if (!refused) return tally.error(result.error?.message ?? 'export failed');
      tally.refused++;
      await sleep(REFUSED_PAUSE_MS);
      if (!running()) return;
    }
  }).finally(() => exporter.shutdown());
}

const KINDS: Record<Span['kind'], SpanKind> = { UNSPECIFIED: SpanKind.INTERNAL, INTERNAL: SpanKind.INTERNAL, SERVER: SpanKind.SERVER, CLIENT: SpanKind.CLIENT, PRODUCER: SpanKind.PRODUCER, CONSUMER: SpanKind.CONSUMER };

function hrTime(ns: bigint): [number, number] {
  return [Number(ns / 1_000_000_000n), Number(ns % 1_000_000_000n)];
}

/** Model spans as the SDK's ReadableSpans, as a tracer would have ended them. */
function readableSpans(spans: Span[], service: string): ReadableSpan[] {
  const resource = resourceFromAttributes({ 'service.name': service });
  return spans.map((s) => {
    const context: SpanContext = { traceId: s.traceId, spanId: s.spanId, traceFlags: 1 };
    return {
      name: s.name,
      kind: KINDS[s.kind],
      spanContext: () => context,
      parentSpanContext: s.parentSpanId ? { traceId: s.traceId, spanId: s.parentSpanId, traceFlags: 1 } : undefined,
      startTime: hrTime(s.startTimeUnixNano),
      endTime: hrTime(s.endTimeUnixNano),
      duration: hrTime(s.endTimeUnixNano - s.startTimeUnixNano),
      status: { code: s.status.code === 'ERROR' ? 2 : 0, message: s.status.message },
      attributes: Object.fromEntries(Object.entries(s.attributes).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : (v as string)])),
      links: [],
      events: [],
      ended: true,
      resource,
      instrumentationScope: { name: 'load-test', version: '1.0.0' },
      droppedAttributesCount: 0,
      droppedEventsCount: 0,
      droppedLinksCount: 0,
    };
  });
}

function withNewTraceIds(template: ReadableSpan[], sender: number, n: number): ReadableSpan[] {
  const prefix = sender.toString(16).padStart(2, '0') + n.toString(16).padStart(6, '0');
  return template.map((span) => {
    const context = { ...span.spanContext(), traceId: prefix + span.spanContext().traceId.slice(8) };
    return { ...span, spanContext: () => context };
  });
}
