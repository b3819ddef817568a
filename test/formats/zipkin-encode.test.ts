import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeZipkinJsonText } from '../../src-main/formats/zipkin-decode';
import { encodeZipkinJson } from '../../src-main/formats/zipkin-encode';
import { hexId, richSpan } from '../helpers/spans';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/zipkin-lens/${name}`, import.meta.url), 'utf8');

describe('Zipkin v2 JSON writing', () => {
  it.each(['smartthings-mobile-web-install.json', 'skew.json', 'yelp.json', 'messaging-kafka.json'])('writes %s back so that it reads to the same spans', (name) => {
    const spans = decodeZipkinJsonText(fixture(name));
    const { text, notes } = encodeZipkinJson(spans);
    expect(decodeZipkinJsonText(text)).toEqual(spans);
    expect(notes).toEqual([]);
  });

  it('gives the server half of a shared span its client id back, marked shared', () => {
    const written = JSON.parse(encodeZipkinJson(decodeZipkinJsonText(fixture('skew.json'))).text) as Record<string, unknown>[];
    const halves = written.filter((s) => s.id === '74280ae0c10d8062');
    expect(halves.map((s) => [s.kind, s.shared ?? false, s.parentId])).toEqual([
      ['SERVER', true, 'bf396325699c84bf'],
      ['CLIENT', false, 'bf396325699c84bf'],
    ]);
    expect(written.find((s) => s.name === 'async')!.parentId).toBe('74280ae0c10d8062');
  });

  it('keeps status, scope, endpoints and events as tags and annotations, and says what Zipkin cannot hold', () => {
    const span = richSpan(hexId(16), hexId(8));
    const { text, notes } = encodeZipkinJson([span]);
    const [written] = JSON.parse(text) as Record<string, unknown>[];
    expect(written.tags).toMatchObject({ str: 'value <b>bold</b>', int: '9007199254740993', 'otel.status_code': 'ERROR', error: 'payment declined', 'otel.scope.name': '@acme/http', 'host.name': 'laptop' });
    expect(written.annotations).toEqual(span.events.map((e) => ({ timestamp: Number(e.timeUnixNano / 1000n), value: e.name })));
    expect(written.localEndpoint).toEqual({ serviceName: 'checkout' });
    const [back] = decodeZipkinJsonText(text);
    expect(back.status).toEqual(span.status);
    expect(back.scope.name).toBe('@acme/http');
    expect(notes).toEqual([
      '1 span: typed attribute values written as text (Zipkin tags are strings)',
      '1 span: event attributes dropped (Zipkin annotations are text only)',
      '1 span: links dropped (Zipkin has no links)',
      '1 span: scope attributes dropped (Zipkin has no scope)',
      '1 span: trace state dropped',
      '1 span: dropped-item counts dropped',
    ]);
  });
});
