/** The desktop bridge's contract (src-main/electron/preload.ts), shared with the page that uses it when present. */

import type { RemoteKind, SourceInfo } from './api';

/** A remote source as the add dialog gives it (POST /api/sources/remote's body). */
export interface RemoteSourceRequest {
  kind: RemoteKind;
  url: string;
  headers: Record<string, string>;
}

/** View settings the page remembers in localStorage, which the desktop app's View menu changes too. */
export const VIEW_SETTING_KEYS = { theme: 'spanscope.theme', minimap: 'spanscope.minimap' } as const;

/** Settings of the desktop app, as `serve` flags would give them. */
export interface DesktopSettings {
  db?: string;
  otlpHttpPort?: number;
  otlpGrpcPort?: number;
  zipkinPort?: number;
  uiPort?: number;
  retention?: string;
  maxDbSize?: string;
  /** --forward's URL. */
  forward?: string;
  /** --forward-header lines, one `Name: value` a line. */
  forwardHeaders?: string;
}

export interface DesktopBridge {
  /** Shows the open dialog; the main process opens the chosen file as a source and shows it. */
  openArchive(): Promise<void>;
  recentFiles(): Promise<string[]>;
  /**
   * Fetches a download of the core (an `/api/` address of the page's origin), shows the save dialog with its file
   * name, and writes it there. Answers the path, nothing when the user cancelled, or the error.
   */
  saveAs(apiPath: string): Promise<{ path?: string; error?: string }>;
  /** Shows a file this app saved or opened in the system's file manager; other paths are ignored. */
  revealInFolder(path: string): Promise<void>;
  version(): Promise<string>;
  /** Saved settings (applied at the next start); saving answers the first wrong value's sentence, if any. */
  settings(): Promise<DesktopSettings>;
  saveSettings(settings: DesktopSettings): Promise<{ error?: string }>;
  /** Adds a remote source and saves it, its header values encrypted by the OS keychain (they never return to the page). */
  addRemoteSource(request: RemoteSourceRequest): Promise<{ source?: SourceInfo; error?: string }>;
  /** Forgets a saved remote source (the page closed it). */
  forgetRemoteSource(kind: RemoteKind, url: string): Promise<void>;
}
