/**
 * Every API route against a real `spanscope serve`, with values out of range, malformed or of unknown units:
 * each answers 400 with a sentence naming the parameter and the value, and nothing reaches the log as a crash.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeTraceRequestProtobuf } from '../../src-main/otlp/encode-protobuf';
import { postOtlp } from '../helpers/otlp-bodies';
import { startServe, type ServeProcess } from '../helpers/serve-process';
import { hexId, span } from '../helpers/spans';

const TRACE = hexId(16);
let serve: ServeProcess;

beforeAll(async () => {
  serve = await startServe();
  // A stored trace, so the searches reach the store instead of stopping at an empty one.
  const res = await postOtlp(serve.urls.otlpHttp, encodeTraceRequestProtobuf([span({ traceId: TRACE, spanId: hexId(8), name: 'GET /' })]));
  expect(res.status).toBe(200);
});
afterAll(async () => {
  await serve.stop();
});

const TIME_RANGE = 'is out of range; use a time from 1677-09-21T00:12:43Z to 2262-04-11T23:47:16Z';
const NOT_A_TIME = 'is not a time; use RFC 3339';
const NOT_A_DURATION = 'is not a duration; use a number with ns, us, ms, s, m or h';
const TOO_LONG = 'is too long; use at most 2562047h';
const LIMIT = 'must be a whole number from 1 to 10000';

/** [route, parameter, value, the sentence's end]; the error must read `PARAMETER "VALUE" SENTENCE…`. */
const BAD: [string, string, string, string][] = [
  ...['1e400', '-1', '0', 'NaN', '1.5', '10001', '99999999999999999999999'].map((v): [string, string, string, string] => ['/api/traces', 'limit', v, LIMIT]),
  ...['minDuration', 'maxDuration'].flatMap((name): [string, string, string, string][] => [
    ['/api/traces', name, '99999999999h', TOO_LONG],
    ['/api/traces', name, '9223372036854775808ns', TOO_LONG],
    ['/api/traces', name, '99999999999999999999999', TOO_LONG],
    ['/api/traces', name, '-1ms', NOT_A_DURATION],
    ['/api/traces', name, 'NaN', NOT_A_DURATION],
    ['/api/traces', name, '1e400', NOT_A_DURATION],
    ['/api/traces', name, '5parsec', NOT_A_DURATION],
    ['/api/traces', name, 'Infinity', NOT_A_DURATION],
  ]),
  ...['/api/traces', '/api/traces?service=frontend', '/api/traces?minDuration=1ns', '/api/service-map'].flatMap((route) =>
    ['start', 'end'].flatMap((name): [string, string, string, string][] => [
      [route, name, '99999999999999999999', TIME_RANGE],
      [route, name, '-99999999999999999999', TIME_RANGE],
      [route, name, '9223372036855', TIME_RANGE],
      [route, name, '9999-12-31T23:59:59Z', TIME_RANGE],
      [route, name, '0001-01-01T00:00:00Z', TIME_RANGE],
      [route, name, 'NaN', NOT_A_TIME],
      [route, name, '1e400', NOT_A_TIME],
      [route, name, '2024-13-45T00:00:00Z', NOT_A_TIME],
    ]),
  ),
  ['/api/traces', 'status', 'ok', 'is not supported; use status=error'],
  ['/api/traces', 'attr', '=x', 'must be KEY=VALUE'],
  ['/api/traces', 'call', 'frontend>cart', 'must be SOURCE>TARGET'],
  ['/api/diff?b=' + TRACE, 'a', 'xyz', 'is not a trace id'],
  ['/api/diff?a=' + TRACE, 'b', '1'.repeat(40), 'is not a trace id'],
  ['/api/diff/groups?b=' + TRACE, 'a', 'not-an-id', 'is not a trace id'],
  ['/api/export?traceId=' + TRACE, 'format', 'csv', 'is not one of otlp-json, jaeger-json, zipkin-json'],
  ['/api/export', 'traceId', '../../etc/passwd', 'is not a trace id'],
  [`/api/traces/${TRACE}/export`, 'format', 'NaN', 'is not one of otlp-json, jaeger-json, zipkin-json'],
];

/** The parameter does not appear in these sentences: the value alone is named. */
const VALUE_ONLY = new Set(['a', 'b', 'traceId']);

describe('out-of-range and malformed API parameters', () => {
  const cases = BAD.map(([route, name, value, sentence]) => [`${route}${route.includes('?') ? '&' : '?'}${name}=${encodeURIComponent(value)}`, name, value, sentence]);
  it.each(cases)('%s answers 400 naming %s "%s"', async (path, name, value, sentence) => {
    const res = await serve.api<{ error: string }>(path.replace(/^\/api/, ''));
    expect(res.status, path).toBe(400);
    const named = VALUE_ONLY.has(name) ? `"${value}"` : `${name} "${value}"`;
    expect(res.body.error, path).toContain(named);
    expect(res.body.error, path).toContain(sentence);
  });

  it.each([
    [`/api/diff/groups?a=${TRACE}`, 'name 1 to 200 traces in all, in two groups'],
    [`/api/diff/groups?a=${TRACE}${`&b=${TRACE}`.repeat(200)}`, 'name 1 to 200 traces in all, in two groups'],
    [`/api/traces/${TRACE}/spans/xyz`, '"xyz" is not a span id'],
    ['/api/operations', 'service is required'],
    ['/api/export', 'name the traces to export'],
  ])('%s answers 400: %s', async (path, sentence) => {
    const res = await serve.api<{ error: string }>(path.replace(/^\/api/, ''));
    expect(res.status).toBe(400);
    expect(res.body.error).toContain(sentence);
  });

  it('logged no crash: no stack trace, no failed query', () => {
    expect(serve.stderr()).not.toMatch(/\n\s+at /);
    expect(serve.stderr()).not.toContain('the query failed');
    expect(serve.child.exitCode).toBeNull();
  });
});
