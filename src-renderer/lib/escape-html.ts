/** Text for the places that take HTML (ECharts tooltips): span and service names stay text. */
import { clip } from './untrusted-text';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A span or service name as HTML: escaped, clipped to a line, isolated so its bidi controls reorder nothing around it. */
export function nameHtml(name: string): string {
  return `<bdi>${escapeHtml(clip(name))}</bdi>`;
}
