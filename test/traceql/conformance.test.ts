import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { TraceQLError, TraceQLUnsupportedError } from '../../src-main/traceql/errors';
import { parseTraceQL } from '../../src-main/traceql/parse';
import { validateTraceQL } from '../../src-main/traceql/validate';

/** Tempo's own list of queries (see test/fixtures/README.md), as its parser and validate judge them. */
const examples = load(readFileSync(new URL('../fixtures/tempo/test_examples.yaml', import.meta.url), 'utf8')) as Record<string, string[] | null>;
const list = (name: string): string[] => examples[name] ?? [];

function errorOf(run: () => void): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return null;
}

/** The error is a TraceQLError, not an unsupported one, and its position lies in the text. */
function expectPositionedError(error: unknown, query: string): void {
  expect(error).toBeInstanceOf(TraceQLError);
  expect(error).not.toBeInstanceOf(TraceQLUnsupportedError);
  const { line, column, offset, message } = error as TraceQLError;
  const lines = query.split('\n');
  expect(line).toBeGreaterThanOrEqual(1);
  expect(line).toBeLessThanOrEqual(lines.length);
  expect(column).toBeGreaterThanOrEqual(1);
  expect(column).toBeLessThanOrEqual(lines[line - 1].length + 1);
  expect(offset).toBeLessThanOrEqual(query.length);
  expect(message.startsWith(`line ${line}, column ${column}: `)).toBe(true);
}

describe("Tempo's test_examples.yaml", () => {
  it('has every list', () => {
    for (const name of ['valid', 'parse_fails', 'validate_fails', 'unsupported']) expect(list(name).length).toBeGreaterThan(10);
  });

  it.each(list('valid'))('valid: %s', (query) => {
    validateTraceQL(parseTraceQL(query));
  });

  it.each(list('parse_fails'))('parse_fails: %s', (query) => {
    expectPositionedError(errorOf(() => parseTraceQL(query)), query);
  });

  it.each(list('validate_fails'))('validate_fails: %s', (query) => {
    const parsed = parseTraceQL(query);
    expectPositionedError(errorOf(() => validateTraceQL(parsed)), query);
  });

  it.each(list('unsupported'))('unsupported (or supported and valid): %s', (query) => {
    const parsed = parseTraceQL(query);
    const error = errorOf(() => validateTraceQL(parsed));
    if (error !== null) {
      expect(error).toBeInstanceOf(TraceQLUnsupportedError);
      expect((error as TraceQLUnsupportedError).feature).not.toBe('');
    }
  });
});
