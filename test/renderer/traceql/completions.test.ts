import { describe, expect, it } from 'vitest';
import { completeAt } from '../../../src-renderer/lib/traceql/completions';

const words = { tags: ['http.route', 'service.name'], services: ['cart', 'pay"ments'] };
/** The labels offered with the cursor at the last `|`, and where the replaced text starts. */
function at(textWithCursor: string) {
  const pos = textWithCursor.lastIndexOf('|');
  const found = completeAt(textWithCursor.slice(0, pos) + textWithCursor.slice(pos + 1), pos, words);
  return found && { from: found.from, labels: found.options.map((o) => o.label) };
}

describe('completeAt', () => {
  it('offers scopes and intrinsics inside braces', () => {
    const found = at('{ |')!;
    expect(found.labels).toEqual(expect.arrayContaining(['span.', 'resource.', 'event.', 'link.', 'instrumentation.', 'span:duration', 'trace:rootService', 'duration', 'name', 'status']));
    expect(found.labels).not.toContain('nestedSetLeft');
    expect(at('{ dur|')).toMatchObject({ from: 2 });
  });

  it('offers the store\'s attribute names after a scope or a dot', () => {
    expect(at('{ resource.|')).toEqual({ from: 11, labels: words.tags });
    expect(at('{ span.http.r|')).toEqual({ from: 7, labels: words.tags });
    expect(at('{ .|')).toEqual({ from: 3, labels: words.tags });
    expect(at('{ duration > 1.|')).toMatchObject({ labels: expect.not.arrayContaining(['http.route']) });
  });

  it('offers the intrinsics of a scope after its colon', () => {
    expect(at('{ span:|')!.labels).toEqual(['duration', 'name', 'kind', 'status', 'statusMessage', 'id', 'parentID', 'childCount']);
    expect(at('{ event:n|')).toEqual({ from: 8, labels: ['name', 'timeSinceStart'] });
  });

  it('offers service names inside a service\'s string, escaped and closed', () => {
    const found = completeAt('{ resource.service.name = "pa', 29, words)!;
    expect(found.from).toBe(27);
    expect(found.options.map((o) => o.apply)).toEqual(['cart"', 'pay\\"ments"']);
  });

  it('names the field whose values the store is asked for, inside the string of any other field', () => {
    expect(completeAt('{ span.http.route = "/api', 25, words)).toEqual({ from: 21, options: [], valuesOf: 'span.http.route' });
    expect(completeAt('{ name =~ "', 11, words)).toMatchObject({ from: 11, valuesOf: 'name' });
    expect(completeAt('{ .user.id != "', 15, words)).toMatchObject({ valuesOf: '.user.id' });
    expect(completeAt('{ duration > "', 14, words)).toBeNull();
  });

  it('offers operators after a field, values after status and kind, stages after a pipe', () => {
    expect(at('{ duration |')!.labels).toEqual(['=', '!=', '>', '>=', '<', '<=', '=~', '!~']);
    expect(at('{ duration > 1s |')!.labels).toEqual(['&&', '||']);
    expect(at('{ status = |')!.labels).toEqual(['error', 'ok', 'unset']);
    expect(at('{ kind != s|')).toMatchObject({ from: 10, labels: expect.arrayContaining(['server', 'client']) });
    expect(at('{ } |')!.labels).toEqual(expect.arrayContaining(['>>', '&&', '|']));
    expect(at('{ } | |')!.labels).toEqual(expect.arrayContaining(['rate()', 'quantile_over_time()', 'count()', 'by()', 'select()']));
    expect(at('{ } | rate() by (|')!.labels).toEqual(expect.arrayContaining(['resource.', 'name']));
  });
});
