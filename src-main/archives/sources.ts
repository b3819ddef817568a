/**
 * The stores the UI can look at: the live store, and each opened archive in a store of its own (a temporary
 * database), so a file is never mixed into live data unless asked ("import into live").
 */
import { rmSync } from 'node:fs';
import { Readable } from 'node:stream';
import { join } from 'node:path';
import type { SourceInfo } from '../model/api';
import type { LogRecord } from '../model/log';
import type { Span } from '../model/span';
import { loadTraceSpans } from '../query/trace-query';
import { QueryError } from '../query/query-error';
import { Store, writerThreads } from '../store/store';
import { MEMORY_DB } from '../store/open-database';
import { backendFor } from '../remote/backend-for';
import { REMOTE_KIND_NAMES } from '../remote/remote-kind';
import type { RemoteRequest } from '../remote/remote-request';
import { RemoteSource } from '../remote/remote-source';
import { archiveThreads, archiveWorkerPathBeside } from './archive-thread';
import { ImportError, importArchive } from './import-archive';
import { readHead } from './read-ahead';
import { isGzip } from './read-archive';
import { createSourceFolder, removeLeftoverSourceFolders } from './source-folders';
import { warmUpFiles } from './warm-up-files';
import { whenRoom } from './when-room';

export const LIVE = 'live';

interface OpenedSource {
  info: SourceInfo;
  store: Store;
  dir: string;
  /** A remote source's client and cache (remote/remote-source.ts); none for a file. */
  remote?: RemoteSource;
}

export class UnknownSourceError extends Error {}

/** Opening one more file would pass `--max-open-sources`. */
export class TooManySourcesError extends Error {
  constructor(open: number) {
    super(`${open} files are open, the most --max-open-sources allows; close one first`);
  }
}

/**
 * A file declared this small (and not gzip, which may inflate far past it) is read and written on the main thread,
 * its store without a writer thread: for 1,000 spans a thread's boot and cold code took ~150 ms of the ~250 the
 * file took to open, where this thread, warm, spends ~50 ms (as on a large OTLP JSON request).
 */
const SMALL_FILE_BYTES = 2 * 1024 * 1024;

/** Spans (or log records) copied per write when a source is imported into live. */
const COPY_BATCH_SPANS = 10_000;

export class Sources {
  private readonly opened = new Map<string, OpenedSource>();
  private nextId = 1;
  private warming: Promise<number> | undefined;
  /** closeAll() was called: a warm-up still running stops at its next file. */
  private closing = false;
  /** The built archive-worker.js beside the writer's (archives are read on a thread of their own); none in tests. */
  readonly archiveWorkerPath: string | undefined;

  /** Removes the temporary folders that processes no longer running left behind (source-folders.ts). */
  constructor(
    readonly live: Store,
    private readonly writerWorkerPath: string | undefined,
    private readonly maxOpen: number,
  ) {
    this.archiveWorkerPath = writerWorkerPath && archiveWorkerPathBeside(writerWorkerPath);
    // The threads a file's reading and writing take are started ahead: an upload does not wait for them to boot.
    if (this.archiveWorkerPath) archiveThreads.keepReady(this.archiveWorkerPath);
    if (writerWorkerPath) writerThreads.keepReady(writerWorkerPath);
    removeLeftoverSourceFolders();
  }

  /** The store of a source id (`live` when absent); throws UnknownSourceError naming the ids there are. */
  store(id: string | null | undefined): Store {
    if (!id || id === LIVE) return this.live;
    const source = this.opened.get(id);
    if (!source) throw new UnknownSourceError(`source "${id}" is not open (open ones: ${[LIVE, ...this.opened.keys()].join(', ')}); it may have been closed, or Spanscope restarted`);
    return source.store;
  }

  list(): SourceInfo[] {
    return [{ id: LIVE, name: 'Live', kind: 'live', format: '', spans: 0, traces: 0, logs: 0, state: 'ready' }, ...[...this.opened.values()].map((s) => s.info)];
  }

  /**
   * Reads an archive into a new source. `onProgress` hears of it at once (state 'loading', with the client's `upload`
   * token), then as its spans are stored: it can be looked at while it loads. Resolves with its description once
   * read; a file that cannot be read (or a cancelled read) leaves no source behind, and the ImportError says why.
   * `bytes` is the file's size when its sender declared it (an upload's Content-Length).
   */
  async open(name: string, input: AsyncIterable<Uint8Array>, options: { signal?: AbortSignal; upload?: string; bytes?: number; takeChunks?: boolean; onProgress?: (info: SourceInfo) => void } = {}): Promise<SourceInfo> {
    if (this.opened.size >= this.maxOpen) throw new TooManySourcesError(this.opened.size);
    const id = `f${this.nextId++}`;
    const ahead = await readHead(input, 2, options.signal);
    const threaded = !(options.bytes !== undefined && options.bytes <= SMALL_FILE_BYTES && !isGzip(ahead.head));
    const { store, dir } = await this.fileStore(threaded);
    const info: SourceInfo = { id, name, kind: 'file', format: '', spans: 0, traces: 0, logs: 0, state: 'loading', ...(options.upload ? { upload: options.upload } : {}) };
    this.opened.set(id, { info, store, dir });
    options.onProgress?.(info);
    try {
      const result = await importArchive(store, ahead.input, {
        name,
        archiveWorkerPath: threaded ? this.archiveWorkerPath : undefined,
        takeChunks: options.takeChunks,
        signal: options.signal,
        onProgress: (p) => {
          info.spans = p.spans;
          info.traces = p.traces;
          info.logs = p.logs;
          options.onProgress?.(info);
        },
      });
      // Read only from now on: its writer and checkpoint threads end, so open files hold no thread each.
      await store.endWriting();
      if (this.writerWorkerPath) writerThreads.replenish(this.writerWorkerPath);
      Object.assign(info, { format: result.format + (result.gzip ? ' (gzip)' : ''), spans: result.spans, traces: result.traces.length, logs: result.logs, state: 'ready' });
      return info;
    } catch (error) {
      await this.close(id);
      if (this.writerWorkerPath) writerThreads.replenish(this.writerWorkerPath);
      if (error instanceof ImportError) throw new ImportError(`${error.detail}; the file was not opened`, error.result, error.detail, error.failure);
      throw error;
    }
  }

  /** A new store in a temporary folder of its own (a file's, or a remote source's cache), written on a writer thread or (`threaded` false) on this one. */
  private async fileStore(threaded: boolean): Promise<{ store: Store; dir: string }> {
    const dir = createSourceFolder();
    try {
      return { dir, store: await this.openStore(join(dir, 'spans.db'), threaded) };
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
  }

  /** A store kept for reading, as an opened file's: no retention, the live store's limits. */
  private openStore(dbPath: string, threaded: boolean): Promise<Store> {
    return Store.open({ dbPath, retention: { maxDbBytes: 0, retentionMs: 0 }, maxQueuedSpans: 200_000, limits: this.live.limits, writerWorkerPath: threaded ? this.writerWorkerPath : undefined });
  }

  /**
   * Opens small traces in each usual format as a small file is opened, listed nowhere and then removed, so the
   * first file a user opens does not run cold code (warm-up-files.ts). Resolves with the spans it stored, once
   * done or stopped by closeAll(); never rejects (a warm-up that fails leaves the first opening cold, nothing worse).
   */
  warmUp(): Promise<number> {
    this.warming ??= (async () => {
      let spans = 0;
      for (const file of warmUpFiles()) {
        // A turn of the event loop between files: requests that arrive meanwhile wait for one small file at most.
        await new Promise(setImmediate);
        if (this.closing) break;
        // In memory: a serve killed while it warms up leaves no folder behind.
        const store = await this.openStore(MEMORY_DB, false);
        try {
          spans += (await importArchive(store, Readable.from([file]), { name: 'warm-up' })).spans;
        } finally {
          await store.close();
        }
      }
      return spans;
    })().catch(() => 0);
    return this.warming;
  }

  /**
   * Adds a remote backend as a source (its cache a temporary store, as a file's); it is asked once, and the outcome
   * is its health: a source that cannot be reached is still added, saying why. `onHealthChange` hears of it later.
   */
  async addRemote(request: RemoteRequest, onHealthChange?: (info: SourceInfo) => void): Promise<SourceInfo> {
    if (this.opened.size >= this.maxOpen) throw new TooManySourcesError(this.opened.size);
    const id = `r${this.nextId++}`;
    const { store, dir } = await this.fileStore(false);
    const url = request.url.href;
    const info = { id, name: `${REMOTE_KIND_NAMES[request.kind]} ${request.url.host}`, kind: 'remote' as const, format: request.kind, spans: 0, traces: 0, logs: 0, state: 'ready' as const, remote: { backend: request.kind, url, headerNames: Object.keys(request.headers), health: { ok: false, message: 'not asked yet' } } };
    const remote = new RemoteSource(info, store, backendFor(request), onHealthChange);
    this.opened.set(id, { info, store, dir, remote });
    await remote.check();
    return info;
  }

  /** The remote source of an id; undefined for live, a file, or an id not open (store() says so). */
  remote(id: string | null | undefined): RemoteSource | undefined {
    return id ? this.opened.get(id)?.remote : undefined;
  }

  async close(id: string): Promise<void> {
    const source = this.opened.get(id);
    if (!source) throw new UnknownSourceError(`source "${id}" is not open`);
    this.opened.delete(id);
    try {
      await source.store.close();
    } finally {
      rmSync(source.dir, { recursive: true, force: true });
    }
  }

  /** Copies every trace and log record of an opened source into the live store; the source stays open. */
  async importIntoLive(id: string): Promise<{ traces: number; spans: number; logs: number }> {
    if (id === LIVE) throw new QueryError('the live store is already live');
    const from = this.store(id);
    let traces = 0;
    let spans = 0;
    let batch: Span[] = [];
    for (let rows = from.reader.tracesAfter(0, 1000); rows.length > 0; rows = from.reader.tracesAfter(rows[rows.length - 1].traceNo, 1000)) {
      for (const row of rows) {
        const trace = loadTraceSpans(from.reader, row.traceId) ?? [];
        for (const span of trace) batch.push(span);
        traces++;
        spans += trace.length;
        if (batch.length >= COPY_BATCH_SPANS) {
          await whenRoom(() => this.live.write(batch));
          batch = [];
        }
      }
    }
    if (batch.length > 0) await whenRoom(() => this.live.write(batch));
    let logs = 0;
    for (let rows = from.reader.logsAfter(0, COPY_BATCH_SPANS); rows.length > 0; rows = from.reader.logsAfter(rows[rows.length - 1].logNo, COPY_BATCH_SPANS)) {
      const records: LogRecord[] = rows.map((row) => from.reader.toLogRecord(row));
      await whenRoom(() => this.live.writeLogs(records));
      logs += records.length;
    }
    return { traces, spans, logs };
  }

  async closeAll(): Promise<void> {
    this.closing = true;
    await this.warming;
    await Promise.all([...this.opened.keys()].map((id) => this.close(id)));
  }
}

