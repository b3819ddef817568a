import { describe, expect, it } from 'vitest';
import { parseRetention, parseServeArgs, parseSize } from '../../src-main/cli/serve-args';

const defaults = { dataDir: '/data', uiRoot: '/ui', token: 'random' };

describe('spanscope serve flags', () => {
  it('defaults to the ports and paths of API.md', () => {
    const { options, json } = parseServeArgs([], defaults);
    expect(options).toMatchObject({ dbPath: '/data/spanscope.db', host: '127.0.0.1', otlpGrpcPort: 4317, otlpHttpPort: 4318, zipkinPort: 9411, uiPort: 16686, token: 'random' });
    expect(json).toBe(false);
  });

  it('reads every flag', () => {
    const { options, json } = parseServeArgs(
      ['--db', ':memory:', '--host', '0.0.0.0', '--otlp-grpc-port', '1', '--otlp-http-port', '2', '--zipkin-port', '3', '--ui-port', '0', '--token', 'tok', '--max-db-size', '500MB', '--retention', '12h', '--max-body-size', '4MB', '--json'],
      defaults,
    );
    expect(options).toMatchObject({ dbPath: ':memory:', host: '0.0.0.0', otlpGrpcPort: 1, otlpHttpPort: 2, zipkinPort: 3, uiPort: 0, token: 'tok', maxDbBytes: 500 * 1024 ** 2, retentionMs: 12 * 3_600_000, maxBodyBytes: 4 * 1024 ** 2 });
    expect(json).toBe(true);
  });

  it('reads the span limits, defaulting to 128 attributes, 64 KB values, 1,000 entries per value and 200,000 spans per trace', () => {
    expect(parseServeArgs([], defaults).options.spanLimits).toEqual({ maxAttributes: 128, maxValueBytes: 65_536, maxValueEntries: 1000, maxSpansPerTrace: 200_000 });
    const { options } = parseServeArgs(['--max-attributes', '32', '--max-attribute-length', '4KB', '--max-value-entries', '50', '--max-spans-per-trace', '1000'], defaults);
    expect(options.spanLimits).toEqual({ maxAttributes: 32, maxValueBytes: 4096, maxValueEntries: 50, maxSpansPerTrace: 1000 });
    expect(() => parseServeArgs(['--max-spans-per-trace', '0'], defaults)).toThrow('--max-spans-per-trace "0" is not a count; use a whole number of at least 1');
    expect(() => parseServeArgs(['--max-attribute-length', '0'], defaults)).toThrow('--max-attribute-length "0" is too small');
  });

  it('reads the request budgets, defaulting to 256 MB in flight, a 30 s body timeout and 64 event streams', () => {
    expect(parseServeArgs([], defaults).options).toMatchObject({ maxInflightBytes: 256 * 1024 ** 2, bodyTimeoutMs: 30_000, maxEventClients: 64 });
    const { options } = parseServeArgs(['--max-inflight-bytes', '1GB', '--body-timeout', '45s', '--max-event-clients', '8'], defaults);
    expect(options).toMatchObject({ maxInflightBytes: 1024 ** 3, bodyTimeoutMs: 45_000, maxEventClients: 8 });
    expect(() => parseServeArgs(['--body-timeout', '0'], defaults)).toThrow('--body-timeout "0" is too short; use at least 1s, e.g. 10s');
    expect(() => parseServeArgs(['--max-inflight-bytes', '0'], defaults)).toThrow('--max-inflight-bytes "0" is too small');
    expect(() => parseServeArgs(['--max-event-clients', '0'], defaults)).toThrow('--max-event-clients "0" is not a count');
  });

  it('reads --max-open-sources, defaulting to 16', () => {
    expect(parseServeArgs([], defaults).options.maxOpenSources).toBe(16);
    expect(parseServeArgs(['--max-open-sources', '3'], defaults).options.maxOpenSources).toBe(3);
    expect(() => parseServeArgs(['--max-open-sources', '0'], defaults)).toThrow('--max-open-sources "0" is not a count; use a whole number of at least 1');
  });

  it('names the flag and the value that is wrong', () => {
    expect(() => parseServeArgs(['--ui-port', '99999'], defaults)).toThrow('--ui-port "99999" is not a port');
    expect(() => parseServeArgs(['--db'], defaults)).toThrow('--db needs a value');
    expect(() => parseSize('lots', '--max-db-size')).toThrow('--max-db-size "lots" is not a size');
    expect(() => parseRetention('7 days', '--retention')).toThrow('--retention "7 days" is not a duration');
  });

  it('reads sizes and durations', () => {
    expect(parseSize('1073741824', 'f')).toBe(1024 ** 3);
    expect(parseSize('2GB', 'f')).toBe(2 * 1024 ** 3);
    expect(parseSize('1.5k', 'f')).toBe(1536);
    expect(parseRetention('0', 'f')).toBe(0);
    expect(parseRetention('7d', 'f')).toBe(7 * 86_400_000);
  });

  it('reads --forward with its headers and queue size (256MB by default), and names what is wrong', () => {
    expect(parseServeArgs([], defaults).options.forward).toBeUndefined();
    expect(parseServeArgs([], defaults).options.forwardQueueBytes).toBe(256 * 1024 ** 2);
    const { options } = parseServeArgs(['--forward-header', 'Authorization: Bearer abc', '--forward', 'http://collector:4318/', '--forward-header', 'X-Tenant:  team-a ', '--forward-queue-size', '1GB'], defaults);
    expect(options.forward).toMatchObject({ protocol: 'http', tracesUrl: 'http://collector:4318/v1/traces', logsUrl: 'http://collector:4318/v1/logs', headers: { authorization: 'Bearer abc', 'x-tenant': 'team-a' } });
    expect(options.forwardQueueBytes).toBe(1024 ** 3);
    expect(parseServeArgs(['--forward', 'grpc://collector'], defaults).options.forward).toMatchObject({ protocol: 'grpc', address: 'collector:4317' });
    expect(parseServeArgs(['--forward', 'https://otlp.example.com/otlp'], defaults).options.forward?.tracesUrl).toBe('https://otlp.example.com/otlp/v1/traces');
    expect(() => parseServeArgs(['--forward', 'collector:4318'], defaults)).toThrow('--forward "collector:4318" is not an OTLP endpoint; use http://host:4318 (OTLP/HTTP) or grpc://host:4317 (OTLP/gRPC)');
    expect(() => parseServeArgs(['--forward', 'not a url'], defaults)).toThrow('--forward "not a url" is not a URL');
    expect(() => parseServeArgs(['--forward', 'grpc://collector:4317/v1'], defaults)).toThrow('a gRPC endpoint is grpc://host:port');
    expect(() => parseServeArgs(['--forward', 'http://c:4318', '--forward-header', 'no colon'], defaults)).toThrow(`--forward-header "no colon" is not a header; write it as 'Name: value'`);
    expect(() => parseServeArgs(['--forward-header', 'A: b'], defaults)).toThrow('--forward-header is given without --forward');
    expect(() => parseServeArgs(['--forward', 'http://c:4318', '--forward-queue-size', '0'], defaults)).toThrow('--forward-queue-size "0" is too small');
  });
});
