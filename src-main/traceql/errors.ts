/**
 * A query that cannot be read or does not make sense, with where: `line`/`column` are 1-based (columns in
 * UTF-16 code units), `offset`/`to` the 0-based range to underline. `message` starts with the position.
 */
export class TraceQLError extends Error {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
  readonly to: number;
  /** The sentence without its position, for an editor that shows the position itself. */
  readonly detail: string;

  constructor(detail: string, source: string, offset: number, to: number = offset) {
    const { line, column } = lineAndColumn(source, offset);
    super(`line ${line}, column ${column}: ${detail}`);
    this.name = 'TraceQLError';
    this.detail = detail;
    this.line = line;
    this.column = column;
    this.offset = offset;
    this.to = Math.max(to, offset);
  }
}

/** A query Tempo's grammar accepts that Spanscope cannot answer yet; `feature` names what. */
export class TraceQLUnsupportedError extends TraceQLError {
  readonly feature: string;

  constructor(feature: string, detail: string, source: string, offset: number, to: number) {
    super(detail, source, offset, to);
    this.name = 'TraceQLUnsupportedError';
    this.feature = feature;
  }
}

export function lineAndColumn(source: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < source.length; i++) {
    if (source.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** A piece of the query quoted in a message: `{ 1 + "foo" = 1 }`, cut at 60 characters. */
export function excerpt(source: string, at: { from: number; to: number }): string {
  const text = source.slice(at.from, at.to).replace(/\s+/g, ' ');
  return `\`${text.length > 60 ? `${text.slice(0, 57)}…` : text}\``;
}
