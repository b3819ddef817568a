/** Whether a TraceQL query asks for series (a metrics function after a top-level `|`) rather than traces. */
import { METRICS_FUNCTIONS } from '../../../src-main/model/traceql-names';

const METRICS = new Set<string>(METRICS_FUNCTIONS);

/**
 * True when a metrics function (`rate(`, `quantile_over_time(`, …) follows a `|` outside strings, comments and
 * braces. The core decides for certain; this only picks the route to ask (a search answers a metrics query with a
 * 400 that says so, and the page then asks for the series).
 */
export function isMetricsQuery(text: string): boolean {
  let depth = 0;
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"' || ch === '`') {
      const close = ch;
      i++;
      while (i < text.length && text[i] !== close) i += text[i] === '\\' && close === '"' ? 2 : 1;
      i++;
    } else if (ch === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else if (ch === '{') {
      depth++;
      i++;
    } else if (ch === '}') {
      depth = Math.max(0, depth - 1);
      i++;
    } else if (ch === '|' && depth === 0 && text[i + 1] !== '|') {
      const word = /^\s*([A-Za-z_]+)\s*\(/.exec(text.slice(i + 1));
      if (word && METRICS.has(word[1])) return true;
      i++;
    } else if (ch === '|') {
      i += 2;
    } else i++;
  }
  return false;
}

/** The core's 400 for a metrics query sent to /api/search (src-main/query/traceql-search.ts). */
export function isMetricsRefusal(message: string): boolean {
  return message.startsWith('this is a metrics query');
}
