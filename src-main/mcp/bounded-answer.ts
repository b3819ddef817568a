/**
 * Every answer an agent gets is bounded: past the limit, the list that makes it long keeps its first items that
 * fit, and `cut` says how many were left out and how to ask for them (one local tool's plain trace list measured
 * 9.4 MB; an agent's context is not the place for it).
 */

/** UTF-8 bytes of JSON an answer may take, unless the server is told otherwise. */
export const DEFAULT_MAX_ANSWER_BYTES = 20_000;

export type Bounded<D> = D & { cut?: string };

const jsonBytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

/** `document` whole when it fits in `maxBytes`; else with `document[key]` cut to its longest head that fits (maybe none). */
export function boundList<D extends object, K extends keyof D>(document: D, key: K, maxBytes: number, what: string, howToAskForMore: string): Bounded<D> {
  if (jsonBytes(document) <= maxBytes) return document;
  const list = document[key] as unknown[];
  const withFirst = (count: number): Bounded<D> => ({ ...document, [key]: list.slice(0, count), cut: `${count} of ${list.length} ${what} shown (the answer is bounded to ${maxBytes.toLocaleString('en-US')} bytes); ${howToAskForMore}` });
  let fits = 0;
  let tooMany = list.length;
  while (tooMany - fits > 1) {
    const middle = (fits + tooMany) >> 1;
    if (jsonBytes(withFirst(middle)) <= maxBytes) fits = middle;
    else tooMany = middle;
  }
  return withFirst(fits);
}
