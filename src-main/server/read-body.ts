/** Reads a request body within a size limit, gunzipping it within a second limit (gzip bombs stop there). */
import type { IncomingMessage } from 'node:http';
import { gunzip } from 'node:zlib';

export interface BodyLimits {
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

export async function readBody(req: IncomingMessage, limits: BodyLimits): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limits.maxBodyBytes) throw tooLarge(limits.maxBodyBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limits.maxBodyBytes) {
      req.resume();
      throw tooLarge(limits.maxBodyBytes);
    }
    chunks.push(chunk);
  }
  const body = Buffer.concat(chunks, size);
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase().trim();
  if (encoding === 'identity' || encoding === '') return body;
  if (encoding !== 'gzip') throw new HttpError(415, `Content-Encoding "${encoding}" is not supported; send gzip or no encoding`);
  return new Promise((resolve, reject) => {
    gunzip(body, { maxOutputLength: limits.maxDecompressedBytes }, (error, result) => {
      if (!error) resolve(result);
      else if (error instanceof RangeError || (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
        reject(new HttpError(413, `the gzip body inflates past the limit of ${limits.maxDecompressedBytes} bytes`));
      } else reject(new HttpError(400, `the body is not valid gzip: ${error.message}`));
    });
  });
}

function tooLarge(limit: number): HttpError {
  return new HttpError(413, `the body is larger than the limit of ${limit} bytes; send smaller batches`);
}
