/** The desktop app's bridge (src-main/electron/preload.ts) when the page runs in its window; undefined in a browser. */
import type { DesktopBridge } from '../../src-main/model/desktop';

export function desktop(): DesktopBridge | undefined {
  return (globalThis as { spanscopeDesktop?: DesktopBridge }).spanscopeDesktop;
}
