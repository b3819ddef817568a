/** Sizes and paths of the drawn map, in the drawing's pixels (the layout's units). */
import type { MapNode } from '../../../src-main/model/api';
import { textStart } from '../untrusted-text';

export const NODE_HEIGHT = 40;
const NAME_CHAR_WIDTH = 6.9; // Inter at 12px, semibold, on average
const MIN_WIDTH = 120;
const MAX_WIDTH = 220;
/** The icon at the left and the padding on both sides. */
const CHROME = 40;

/** Wide enough for the name (up to a limit) and the count line. */
export function nodeWidth(node: MapNode, countText: string): number {
  const chars = Math.max(node.name.length, countText.length * 0.85);
  return Math.round(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, CHROME + chars * NAME_CHAR_WIDTH)));
}

/** The name as it fits the node's width: cut with an ellipsis (the full name is in its title). */
export function fitName(name: string, width: number): string {
  const room = Math.floor((width - CHROME) / NAME_CHAR_WIDTH);
  return name.length <= room ? name : `${textStart(name, Math.max(1, room - 1))}…`;
}

/** 1 px for a single call, up to 6 px for the busiest edge, on a log scale (counts span many orders). */
export function edgeWidth(calls: number, maxCalls: number): number {
  if (maxCalls <= 1) return 1.5;
  return 1 + (5 * Math.log(calls)) / Math.log(maxCalls);
}

type Point = { x: number; y: number };

/** A smooth path through dagre's points: straight ends, quadratic bends at the inner points. */
export function edgePath(points: readonly Point[]): string {
  if (points.length === 0) return '';
  const at = (p: Point) => `${round(p.x)},${round(p.y)}`;
  let d = `M${at(points[0])}`;
  for (let i = 1; i < points.length - 1; i++) {
    const mid = { x: (points[i].x + points[i + 1].x) / 2, y: (points[i].y + points[i + 1].y) / 2 };
    d += ` Q${at(points[i])} ${at(mid)}`;
  }
  return `${d} L${at(points[points.length - 1])}`;
}

/** A label plate's width for its text: Inter at 11px is about 6 px a character, plus padding. */
export const LABEL_HEIGHT = 18;
export function labelWidth(text: string): number {
  return Math.round(text.length * 5.9 + 12);
}

const round = (n: number) => Math.round(n * 10) / 10;

/** The smallest zoom at which a node's text is still comfortable to read: below it the map scrolls instead. */
export const READABLE_ZOOM = 0.8;

/** The zoom that fits a drawing into a view: never enlarged, never below `floor`. */
export function fitZoom(drawing: { width: number; height: number }, view: { width: number; height: number }, floor = READABLE_ZOOM): number {
  if (drawing.width === 0 || drawing.height === 0 || view.width === 0 || view.height === 0) return 1;
  return Math.min(1, Math.max(floor, Math.min(view.width / drawing.width, view.height / drawing.height)));
}
