/** A store file written by a real `spanscope serve` and closed, for the read threads to open as serve's do. */
import { expect } from 'vitest';
import { encodeTraceRequestProtobuf } from '../../src-main/otlp/encode-protobuf';
import type { Span } from '../../src-main/model/span';
import type { Store } from '../../src-main/store/store';
import { postOtlp } from './otlp-bodies';
import { startServe } from './serve-process';

/** The spans stored by a serve that has stopped since; `store` is what ReadThreads.read needs of a Store. */
export async function storedFile(spans: Span[]): Promise<{ dbPath: string; store: Store }> {
  const serve = await startServe();
  expect((await postOtlp(serve.urls.otlpHttp, encodeTraceRequestProtobuf(spans))).status).toBe(200);
  while ((await serve.api<{ traces: unknown[] }>('/traces')).body.traces.length === 0) await new Promise((r) => setImmediate(r));
  await serve.stop();
  return { dbPath: serve.dbPath, store: { dbPath: serve.dbPath, onClose: () => {} } as unknown as Store };
}
