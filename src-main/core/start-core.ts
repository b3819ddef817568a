/** Starts the whole core: store, OTLP receivers, UI/API server. Used by `spanscope serve` and the desktop app. */
import * as grpc from '@grpc/grpc-js';
import { createServer, type Server, type ServerOptions } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Sources } from '../archives/sources';
import { apiHandler } from '../server/api-server';
import { ByteBudget } from '../server/byte-budget';
import { createOtlpGrpcServer } from '../server/otlp-grpc-server';
import { otlpHttpHandler } from '../server/otlp-http-server';
import { ReadThreads, readWorkerPathBeside } from '../server/read-threads';
import { zipkinHttpHandler } from '../server/zipkin-http-server';
import type { Store } from '../store/store';
import { addressHost, coreConfig, type BoundPorts } from './core-config';
import type { CoreOptions } from './core-options';
import { drainServer } from './drain-server';
import { DEFAULT_MAX_ANSWER_BYTES } from '../mcp/bounded-answer';
import { mcpHttpHandler } from '../mcp/mcp-http';
import { threadReads } from '../mcp/mcp-reads';
import { version } from '../../package.json';
import { openLiveStore } from './open-live-store';
import { refuseSelfForward, startForwarding } from './start-forwarding';

/** Room for a search by the longest value the store keeps (64 KB), percent-escaped. */
const UI_MAX_HEADER_BYTES = 256 * 1024;

export interface CoreUrls {
  ready: true;
  ui: string;
  api: string;
  otlpHttp: string;
  otlpGrpc: string;
  zipkin: string;
  db: string;
}

export interface RunningCore {
  urls: CoreUrls;
  store: Store;
  /** What the person should know about this start (a damaged database set aside); also on stderr and GET /api/status. */
  notices: string[];
  close(): Promise<void>;
}

export class PortInUseError extends Error {
  constructor(
    readonly port: number,
    readonly flag: string,
  ) {
    super(`port ${port} is already in use; choose another with ${flag} N (0 picks a free port)`);
  }
}

/** How long a stopping server waits for the requests it has; `docker stop` allows 10 s in all before SIGKILL. */
const RECEIVER_GRACE_MS = 5_000;

export async function startCore(options: CoreOptions, log: (line: string) => void): Promise<RunningCore> {
  const { store, notices } = await openLiveStore(options);
  for (const notice of notices) log(`notice: ${notice}`);
  const sources = new Sources(store, options.writerWorkerPath, options.maxOpenSources);
  const reads = new ReadThreads(options.writerWorkerPath && readWorkerPathBeside(options.writerWorkerPath));
  let forwarding: ReturnType<typeof startForwarding>;
  const receivers: Server[] = [];
  let uiServer: Server | undefined;
  let grpcServer: grpc.Server | undefined;
  const close = async () => {
    // Receivers answer the requests they have (gRPC's tryShutdown waits for its calls); the UI's connections,
    // event streams among them, are cut at once.
    await Promise.all([
      ...receivers.map((server) => drainServer(server, RECEIVER_GRACE_MS)),
      uiServer && drainServer(uiServer, 0),
      grpcServer && new Promise<void>((resolve) => grpcServer!.tryShutdown(() => resolve())),
    ]);
    await forwarding?.forwarder.close();
    await reads.close();
    await sources.closeAll();
    await store.close();
  };
  try {
    forwarding = startForwarding(options);
    for (const note of forwarding?.notes ?? []) {
      notices.push(note);
      log(`notice: ${note}`);
    }
    const forwarder = forwarding?.forwarder;
    const inFlight = { budget: new ByteBudget(options.maxInflightBytes), idleTimeoutMs: options.bodyTimeoutMs };
    const limits = { maxBodyBytes: options.maxBodyBytes, maxDecompressedBytes: options.maxDecompressedBytes, ...inFlight };
    const otlpHttp = createServer(timeouts(options), otlpHttpHandler(store, limits, log, forwarder?.forward));
    receivers.push(otlpHttp);
    // Filled as each port is bound; GET /api/config reads it (every port is bound before the UI answers its first request).
    const ports: BoundPorts = { otlpHttp: 0, otlpGrpc: 0, zipkin: 0, ui: 0 };
    const otlpHttpPort = (ports.otlpHttp = await listen(otlpHttp, options.host, options.otlpHttpPort, '--otlp-http-port'));

    // grpc-js has one limit for a message as received and as inflated: the smaller of the two HTTP limits.
    grpcServer = createOtlpGrpcServer(store, Math.min(options.maxBodyBytes, options.maxDecompressedBytes), inFlight, log, forwarder?.forward);
    const otlpGrpcPort = (ports.otlpGrpc = await bindGrpc(grpcServer, options.host, options.otlpGrpcPort));
    refuseSelfForward(options, ports);

    // Search addresses carry span text (a service name may be 64 KB, three times that escaped): past Node's 16 KB.
    const config = () => coreConfig(options, ports);
    const mcp = mcpHttpHandler(threadReads(reads, store), { version, maxBytes: DEFAULT_MAX_ANSWER_BYTES });
    const api = apiHandler({ sources, reads, token: options.token, host: options.host, uiRoot: options.uiRoot, notices, config, inFlight, maxEventClients: options.maxEventClients, log, mcp, forwardStatus: forwarder && (() => forwarder.status()) });
    uiServer = createServer({ maxHeaderSize: UI_MAX_HEADER_BYTES, ...timeouts(options) }, api);
    const uiPort = (ports.ui = await listen(uiServer, options.host, options.uiPort, '--ui-port'));

    const zipkin = createServer(timeouts(options), zipkinHttpHandler(store, limits, log, forwarder?.forward));
    receivers.push(zipkin);
    const zipkinPort = (ports.zipkin = await listen(zipkin, options.host, options.zipkinPort, '--zipkin-port'));

    void sources.warmUp();
    const host = addressHost(options.host);
    const urls: CoreUrls = {
      ready: true,
      ui: `http://${host}:${uiPort}/?token=${encodeURIComponent(options.token)}`,
      api: `http://${host}:${uiPort}/api`,
      otlpHttp: `http://${host}:${otlpHttpPort}`,
      otlpGrpc: `${host}:${otlpGrpcPort}`,
      zipkin: `http://${host}:${zipkinPort}`,
      db: options.dbPath,
    };
    return { urls, store, notices, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * An idle connection is kept as long as nginx keeps one: Node's own 5 s equals the SDKs' batch interval (5 s), so
 * an exporter's next request met the server closing its connection at that moment and failed with ECONNRESET.
 */
const KEEP_ALIVE_TIMEOUT_MS = 75_000;

/**
 * Headers must arrive within the body timeout (Node answers 408 and closes), checked a few times per timeout; a
 * whole request may take as long as it keeps sending (a large upload), so only its pauses are timed (read-body.ts).
 */
function timeouts(options: CoreOptions): ServerOptions {
  return {
    headersTimeout: options.bodyTimeoutMs,
    requestTimeout: 0,
    connectionsCheckingInterval: Math.max(250, options.bodyTimeoutMs / 4),
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
  };
}

function listen(server: Server, host: string, port: number, flag: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(error.code === 'EADDRINUSE' ? new PortInUseError(port, flag) : error));
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

function bindGrpc(server: grpc.Server, host: string, port: number): Promise<number> {
  const address = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  return new Promise((resolve, reject) => {
    server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (error, bound) => {
      if (error) reject(/address already in use|EADDRINUSE|No address added/i.test(error.message) ? new PortInUseError(port, '--otlp-grpc-port') : error);
      else resolve(bound);
    });
  });
}
