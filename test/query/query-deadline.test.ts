import { describe, expect, it } from 'vitest';
import { deadline } from '../../src-main/query/query-deadline';
import { QueryError } from '../../src-main/query/query-error';

describe('query deadline', () => {
  it('lets a query run until its limit, then stops it with a sentence that says what to do', () => {
    let now = 1000;
    const check = deadline(15_000, () => now);
    now += 15_000;
    expect(() => check()).not.toThrow();
    now += 1;
    expect(() => check()).toThrow(QueryError);
    expect(() => check()).toThrow(/ran for more than 15 s and was stopped: narrow its time range/);
  });

  it('stops at once when the asker has gone away', () => {
    let gone = false;
    const check = deadline(15_000, () => 0, () => gone);
    expect(() => check()).not.toThrow();
    gone = true;
    expect(() => check()).toThrow(/the query was cancelled: its asker went away/);
  });
});
