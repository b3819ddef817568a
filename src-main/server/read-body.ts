/**
 * Reads a request body within a size limit, gunzipping it within a second limit (gzip bombs stop there), holding
 * its bytes, wire and inflated, in the shared in-flight budget until the request is answered; a body that stalls is
 * answered 408 and its connection closed.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createGunzip } from 'node:zlib';
import type { ByteBudget, Lease } from './byte-budget';
import { IdleTimer } from './idle-timer';

export interface InFlightLimits {
  /** Bytes of every request in progress together (--max-inflight-bytes). */
  budget: ByteBudget;
  /** A body that sends nothing for this long is answered 408 and its connection closed (--body-timeout). */
  idleTimeoutMs: number;
}

export interface BodyLimits extends InFlightLimits {
  maxBodyBytes: number;
  maxDecompressedBytes: number;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export async function readBody(req: IncomingMessage, res: ServerResponse, limits: BodyLimits): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limits.maxBodyBytes) throw tooLarge(limits.maxBodyBytes);
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase().trim();
  if (encoding !== 'identity' && encoding !== '' && encoding !== 'gzip') {
    throw new HttpError(415, `Content-Encoding "${encoding}" is not supported; send gzip or no encoding`);
  }
  const lease = leaseUntilAnswered(limits.budget, res);
  lease.take(declared); // at the headers: a body that cannot fit is refused before it is read
  const inflate = encoding === 'gzip' ? createGunzip() : undefined;
  return new Promise<Buffer>((resolve, reject) => {
    const parts: Buffer[] = [];
    let received = 0;
    let inflated = 0;
    let settled = false;
    const settle = (error: Error | undefined, body?: Buffer) => {
      if (settled) return;
      settled = true;
      idle.stop();
      req.off('data', onData).off('end', onEnd).off('error', onError);
      if (error) {
        inflate?.destroy();
        parts.length = 0;
        req.resume(); // the rest is read and dropped, so the answer can be read on the same connection
        reject(error);
      } else resolve(body!);
    };
    const idle = new IdleTimer(limits.idleTimeoutMs, () => settle(stalled(limits.idleTimeoutMs)));
    const hold = (bytes: number) => {
      try {
        lease.take(bytes);
        return true;
      } catch (error) {
        settle(error as Error);
        return false;
      }
    };
    const onData = (chunk: Buffer) => {
      idle.activity.note();
      const before = received;
      received += chunk.length;
      if (received > limits.maxBodyBytes) return settle(tooLarge(limits.maxBodyBytes));
      // A body without Content-Length (or longer than it said) is held as it arrives.
      if (received > declared && !hold(received - Math.max(before, declared))) return;
      if (inflate) inflate.write(chunk);
      else parts.push(chunk);
    };
    const onEnd = () => {
      idle.stop(); // the sender is done; inflating the rest is this server's time, not its
      if (inflate) inflate.end();
      else settle(undefined, Buffer.concat(parts, received));
    };
    const onError = (error: Error) => settle(error);
    req.on('data', onData).on('end', onEnd).on('error', onError);
    inflate
      ?.on('data', (chunk: Buffer) => {
        inflated += chunk.length;
        if (inflated > limits.maxDecompressedBytes) return settle(new HttpError(413, `the gzip body inflates past the limit of ${limits.maxDecompressedBytes} bytes`));
        if (hold(chunk.length)) parts.push(chunk);
      })
      .on('end', () => settle(undefined, Buffer.concat(parts, inflated)))
      .on('error', (error) => settle(new HttpError(400, `the body is not valid gzip: ${error.message}`)));
  });
}

/**
 * A streamed body (an archive upload) for a reader that buffers at most `holdBytes` of it at a time: that much
 * (or the whole body, when it says it is smaller) is held in the budget from the headers on; a stall is answered
 * 408, the connection closed, and the stream ends with that error.
 */
export function streamBody(req: IncomingMessage, res: ServerResponse, limits: InFlightLimits, holdBytes: number): AsyncGenerator<Buffer> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  leaseUntilAnswered(limits.budget, res).take(Number.isFinite(declared) ? Math.min(declared, holdBytes) : holdBytes);
  // Not destroyed when the reader stops early: the caller reads the rest and drops it, so its answer reaches the client.
  const chunks = req.iterator({ destroyOnReturn: false }) as AsyncIterator<Buffer>;
  return (async function* () {
    try {
      for (;;) {
        let onIdle!: (error: HttpError) => void;
        const timedOut = new Promise<never>((_, reject) => (onIdle = reject));
        const idle = new IdleTimer(limits.idleTimeoutMs, () => onIdle(stalled(limits.idleTimeoutMs)));
        let next: IteratorResult<Buffer>;
        try {
          next = await Promise.race([chunks.next(), timedOut]);
        } catch (error) {
          if (error instanceof HttpError && !res.headersSent) {
            res.writeHead(error.status, { ...error.headers, 'Content-Type': 'application/json; charset=utf-8' });
            res.end(JSON.stringify({ error: error.message }));
          }
          throw error;
        } finally {
          idle.stop(); // only waiting for the sender counts, not the reader's own pace
        }
        if (next.done) return;
        yield next.value;
      }
    } finally {
      await chunks.return?.();
    }
  })();
}

/** Refuses a request from its headers when `refusal` is given: its body is read and dropped, never held. */
export function refuseUnread(req: IncomingMessage, refusal: Error | undefined): void {
  if (refusal === undefined) return;
  req.resume();
  throw refusal;
}

function leaseUntilAnswered(budget: ByteBudget, res: ServerResponse): Lease {
  const lease = budget.lease();
  res.once('close', () => lease.release());
  return lease;
}

function stalled(idleTimeoutMs: number): HttpError {
  return new HttpError(408, `no bytes of the body arrived for ${idleTimeoutMs / 1000} s (--body-timeout); the connection is closed, send the request again`, { Connection: 'close' });
}

function tooLarge(limit: number): HttpError {
  return new HttpError(413, `the body is larger than the limit of ${limit} bytes; send smaller batches`);
}
