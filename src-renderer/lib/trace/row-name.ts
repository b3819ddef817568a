/**
 * What a waterfall row says: its accessible name holds the words it shows, in the order shown (WCAG 2.5.3), and
 * begins with the service and the span name (the contract of ../shared/API.md).
 */
import type { SpanNode } from '../../../src-main/model/trace-tree';
import { clip } from '../untrusted-text';
import { outsideRange } from './bar-label';
import { formatNanos } from './time-ticks';

/** What a row whose span lies outside the range shown says in place of its bar. */
export function outsideText(node: SpanNode, side: 'before' | 'after'): string {
  return side === 'before' ? `← ${formatNanos(node.start)} – ${formatNanos(node.end)}, before the range` : `after the range, at ${formatNanos(node.start)} →`;
}

/** "service name, skew, 12.5ms, error": marks, then the duration (or where the span lies), then the error. */
export function rowName(node: SpanNode, from: number, to: number): string {
  const { span } = node;
  const side = outsideRange(node.start, node.end, from, to);
  const parts = [`${clip(span.service)} ${clip(span.name)}`];
  if (node.orphan) parts.push('orphan');
  if (node.skewed) parts.push('skew');
  parts.push(side ? outsideText(node, side) : formatNanos(node.end - node.start));
  if (span.status === 'ERROR') parts.push('error');
  return parts.join(', ');
}
