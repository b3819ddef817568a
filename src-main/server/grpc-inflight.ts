/**
 * The in-flight budget and the stall timeout for gRPC calls, as read-body.ts applies them to HTTP: a message's
 * length prefix is held in the budget as soon as its five bytes arrive, and a message that would pass the budget is
 * answered UNAVAILABLE before its bytes are buffered; its inflated size is held too once grpc-js has inflated it.
 * grpc-js offers no hook before a whole message is read, so this listens to the call's HTTP/2 stream itself
 * (grpc-js 1.14 keeps it as `stream` on the call an interceptor receives); test/integration/inflight-budget.test.ts
 * sends a prefix without its body and would fail if that changed.
 */
import * as grpc from '@grpc/grpc-js';
import { constants as http2, type ServerHttp2Stream } from 'node:http2';
import { BudgetExceededError } from './byte-budget';
import { Activity, IdleTimer } from './idle-timer';
import type { InFlightLimits } from './read-body';

/** The gRPC message frame: a compressed flag, then the length as four big-endian bytes. */
const PREFIX_BYTES = 5;
/**
 * Bytes on any stream of a connection count for all of them: its streams share one socket and one flow-control
 * window, so under load one stream may wait for its turn while the connection is busy with the others.
 */
const connectionActivity = new WeakMap<object, Activity>();

export function inFlightInterceptor(limits: InFlightLimits): grpc.ServerInterceptor {
  return (_method, call) => {
    const stream = (call as unknown as { stream: ServerHttp2Stream }).stream;
    const lease = limits.budget.lease();
    stream.once('close', () => lease.release());
    const refuse = (code: grpc.status, details: string) => {
      stream.off('data', peek);
      idle.stop();
      call.sendStatus({ code, details });
      // The answer came before the whole request: ask the client to stop sending it (RFC 9113 §8.1).
      stream.close(http2.NGHTTP2_NO_ERROR);
    };
    const session = stream.session ?? stream;
    const activity = connectionActivity.get(session) ?? new Activity();
    connectionActivity.set(session, activity);
    const idle = new IdleTimer(
      limits.idleTimeoutMs,
      () => refuse(grpc.status.DEADLINE_EXCEEDED, `no bytes of the message arrived for ${limits.idleTimeoutMs / 1000} s (--body-timeout); send it again`),
      activity,
    );
    stream.once('close', () => idle.stop());
    let prefix = Buffer.alloc(0);
    let wireBytes = -1;
    let received = 0;
    // Runs before grpc-js's own listener (prepended), so a refusal comes before grpc-js buffers the chunk.
    const peek = (chunk: Buffer) => {
      activity.note();
      received += chunk.length;
      if (wireBytes < 0 && prefix.length < PREFIX_BYTES) prefix = Buffer.concat([prefix, chunk.subarray(0, PREFIX_BYTES - prefix.length)]);
      if (wireBytes < 0 && prefix.length === PREFIX_BYTES) {
        wireBytes = prefix.readUInt32BE(1);
        if (!hold(wireBytes)) return;
      }
      if (wireBytes >= 0 && received >= wireBytes + PREFIX_BYTES) {
        stream.off('data', peek);
        idle.stop();
      }
    };
    const hold = (bytes: number): boolean => {
      try {
        lease.take(bytes);
        return true;
      } catch (error) {
        if (!(error instanceof BudgetExceededError)) throw error;
        refuse(grpc.status.UNAVAILABLE, error.message);
        return false;
      }
    };
    stream.prependListener('data', peek);
    return new grpc.ServerInterceptingCall(call, {
      start: (next) =>
        next({
          onReceiveMessage: (message: Buffer, nextMessage) => {
            if (hold(Math.max(0, message.length - wireBytes))) nextMessage(message); // what gzip inflated it to
          },
        }),
    });
  };
}
