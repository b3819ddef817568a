import { describe, expect, it } from 'vitest';
import { TraceAttributes } from '../../src-main/query/trace-attributes';
import { memoryStore } from '../helpers/memory-store';
import { attrs, resource, span } from '../helpers/spans';

describe("each trace's attribute values", () => {
  it('reads span, resource, name and status values; a key its spans disagree on gets each value once', async () => {
    const store = await memoryStore();
    const traceId = 'a1'.repeat(16);
    const web = resource('web', { 'cloud.region': 'eu-west' });
    await store.write([
      span({ traceId, spanId: '01'.repeat(8), name: 'GET /cart', resource: web, attributes: attrs({ 'http.route': '/cart', retries: 2n, ok: true, tags: ['a', 'b'] }) }),
      span({ traceId, spanId: '02'.repeat(8), parentSpanId: '01'.repeat(8), name: 'SELECT', resource: resource('db'), attributes: attrs({ 'http.route': '/cart', retries: 'two' }), status: { code: 'ERROR', message: 'x' } }),
      span({ traceId, spanId: '03'.repeat(8), parentSpanId: '01'.repeat(8), name: 'SELECT', resource: resource('db'), attributes: attrs({ 'http.route': '/items' }) }),
    ]);
    const traces = new TraceAttributes(store.reader);
    const [item] = traces.read([store.reader.traceById(traceId)!.traceNo]);
    const sorted = (value: string | readonly string[] | undefined) => (typeof value === 'string' ? value : [...(value ?? [])].sort());
    expect(Object.fromEntries([...item].map(([key, value]) => [key, sorted(value)]))).toEqual({
      name: ['GET /cart', 'SELECT'],
      status: ['error', 'unset'],
      'resource.service.name': ['db', 'web'],
      'resource.cloud.region': 'eu-west',
      'span.http.route': ['/cart', '/items'],
      'span.retries': ['2', 'two'],
      'span.ok': 'true',
      'span.tags': '["a","b"]',
    });
    // what a condition on each key must be written as: an int and a string under one key have none
    expect(Object.fromEntries(traces.valueTypes)).toMatchObject({ name: 'string', status: 'status', 'span.http.route': 'string', 'span.retries': 'other', 'span.ok': 'bool', 'span.tags': 'other', 'resource.cloud.region': 'string' });
  });
});
