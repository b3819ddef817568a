import { describe, expect, it } from 'vitest';
import { bodyLine, bodyText, bodyView } from '../../../src-renderer/lib/logs/log-body';

describe('a log body shown', () => {
  it('shows maps and arrays as a tree, and strings that are a JSON object or array too', () => {
    expect(bodyView({ user: 'ada', n: 1 })).toEqual({ kind: 'tree', value: { user: 'ada', n: 1 } });
    expect(bodyView([1, 'two'])).toEqual({ kind: 'tree', value: [1, 'two'] });
    expect(bodyView(' {"level":"warn","retry":[1,2]}')).toEqual({ kind: 'tree', value: { level: 'warn', retry: [1, 2] } });
    expect(bodyView('[]')).toEqual({ kind: 'tree', value: [] });
  });

  it('shows other strings, numbers, booleans and null as text', () => {
    expect(bodyView('{not json')).toEqual({ kind: 'text', text: '{not json' });
    expect(bodyView('"quoted"')).toEqual({ kind: 'text', text: '"quoted"' });
    expect(bodyView('42')).toEqual({ kind: 'text', text: '42' });
    expect(bodyView(7)).toEqual({ kind: 'text', text: '7' });
    expect(bodyView(false)).toEqual({ kind: 'text', text: 'false' });
    expect(bodyView(null)).toEqual({ kind: 'text', text: '' });
  });

  it('puts a body on one line: the first line of a text, a tree as compact JSON', () => {
    expect(bodyLine(bodyView('first\nsecond'))).toBe('first …');
    expect(bodyLine(bodyView('one line'))).toBe('one line');
    expect(bodyLine(bodyView({ a: [1, { b: null }] }))).toBe('{"a":[1,{"b":null}]}');
  });

  it('searches strings as they are and anything else as JSON', () => {
    expect(bodyText('Payment Declined')).toBe('Payment Declined');
    expect(bodyText({ msg: 'declined' })).toBe('{"msg":"declined"}');
    expect(bodyText(null)).toBe('null');
  });
});
