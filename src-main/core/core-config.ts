/** What `GET /api/config` answers: the options this core started with and the ports it actually bound. */
import { statSync } from 'node:fs';
import { version } from '../../package.json';
import type { ApiConfig } from '../model/api';
import type { CoreOptions } from './core-options';

export interface BoundPorts {
  otlpHttp: number;
  otlpGrpc: number;
  zipkin: number;
  ui: number;
}

/** The host to put in addresses: a wildcard listen address is reached on loopback; IPv6 goes in brackets. */
export function addressHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

export function coreConfig(options: CoreOptions, ports: BoundPorts): ApiConfig {
  const host = addressHost(options.host);
  const otlpHttp = `http://${host}:${ports.otlpHttp}`;
  return {
    version,
    host: options.host,
    endpoints: {
      otlpHttp: { port: ports.otlpHttp, url: otlpHttp, tracesUrl: `${otlpHttp}/v1/traces` },
      otlpGrpc: { port: ports.otlpGrpc, address: `${host}:${ports.otlpGrpc}`, url: `http://${host}:${ports.otlpGrpc}` },
      zipkin: { port: ports.zipkin, url: `http://${host}:${ports.zipkin}/api/v2/spans` },
      ui: { port: ports.ui, url: `http://${host}:${ports.ui}/` },
    },
    database: { path: options.dbPath, sizeBytes: databaseBytes(options.dbPath), maxBytes: options.maxDbBytes, retentionMs: options.retentionMs },
    limits: {
      maxSpansPerTrace: options.spanLimits.maxSpansPerTrace,
      maxAttributes: options.spanLimits.maxAttributes,
      maxAttributeLengthBytes: options.spanLimits.maxValueBytes,
      maxValueEntries: options.spanLimits.maxValueEntries,
      maxBodyBytes: options.maxBodyBytes,
      maxInflightBytes: options.maxInflightBytes,
      maxOpenSources: options.maxOpenSources,
      maxEventClients: options.maxEventClients,
      bodyTimeoutMs: options.bodyTimeoutMs,
    },
  };
}

/** The database file and its write-ahead log as they are on disk now (what a person sees in a file manager). */
function databaseBytes(path: string): number | null {
  if (path === ':memory:') return null;
  const size = (file: string) => statSync(file, { throwIfNoEntry: false })?.size ?? 0;
  return size(path) + size(`${path}-wal`);
}
