/** OTLP/gRPC receiver: TraceService/Export and LogsService/Export (gzip handled by grpc-js), MetricsService/Export acknowledged. */
import * as grpc from '@grpc/grpc-js';
import type { ForwardBatch } from '../forward/forwarder';
import type { Store } from '../store/store';
import { failureStatus } from './failure-status';
import { inFlightInterceptor } from './grpc-inflight';
import { ingestLogs, ingestTraces } from './ingest';
import { exportResponse } from './otlp-responses';
import type { InFlightLimits } from './read-body';

const passThrough = {
  requestSerialize: (b: Buffer) => b,
  requestDeserialize: (b: Buffer) => b,
  responseSerialize: (b: Buffer) => b,
  responseDeserialize: (b: Buffer) => b,
  requestStream: false,
  responseStream: false,
} as const;

function exportService(pkg: string, service: string): grpc.ServiceDefinition {
  return { Export: { path: `/opentelemetry.proto.collector.${pkg}.v1.${service}/Export`, ...passThrough } } as grpc.ServiceDefinition;
}

export function createOtlpGrpcServer(store: Store, maxMessageBytes: number, inFlight: InFlightLimits, log: (line: string) => void, forward?: ForwardBatch): grpc.Server {
  const server = new grpc.Server({ 'grpc.max_receive_message_length': maxMessageBytes, interceptors: [inFlightInterceptor(inFlight)] });
  const answer = (callback: grpc.sendUnaryData<Buffer>, result: Promise<Buffer>) =>
    result.then(
      (response) => callback(null, response),
      (error: Error) => {
        // As the HTTP receiver answers: 503 (retry later) is UNAVAILABLE, other 5xx INTERNAL, 4xx INVALID_ARGUMENT.
        const { status, message } = failureStatus(error);
        if (status >= 500) log(`OTLP/gRPC: ${message}`);
        const code = status === 503 ? grpc.status.UNAVAILABLE : status >= 500 ? grpc.status.INTERNAL : grpc.status.INVALID_ARGUMENT;
        callback({ code, details: message });
      },
    );
  server.addService(exportService('trace', 'TraceService'), {
    Export: (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) =>
      answer(callback, ingestTraces(store, call.request, 'protobuf', forward).then((result) => exportResponse('protobuf', result.rejectedSpans, result.errorMessage))),
  });
  server.addService(exportService('logs', 'LogsService'), {
    Export: (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) =>
      answer(callback, ingestLogs(store, call.request, 'protobuf', forward).then((result) => exportResponse('protobuf', result.rejectedRecords, result.errorMessage, 'logs'))),
  });
  const acknowledge = (_call: unknown, callback: grpc.sendUnaryData<Buffer>) => callback(null, Buffer.alloc(0));
  server.addService(exportService('metrics', 'MetricsService'), { Export: acknowledge });
  return server;
}
