/** The desktop bridge's contract (src-main/electron/preload.ts), shared with the page that uses it when present. */

/** Settings of the desktop app, as `serve` flags would give them. */
export interface DesktopSettings {
  db?: string;
  otlpHttpPort?: number;
  otlpGrpcPort?: number;
  zipkinPort?: number;
  uiPort?: number;
  retention?: string;
  maxDbSize?: string;
}

export interface DesktopBridge {
  /** Shows the open dialog; the main process opens the chosen file as a source and shows it. */
  openArchive(): Promise<void>;
  recentFiles(): Promise<string[]>;
  version(): Promise<string>;
  /** Saved settings (applied at the next start); saving answers the first wrong value's sentence, if any. */
  settings(): Promise<DesktopSettings>;
  saveSettings(settings: DesktopSettings): Promise<{ error?: string }>;
}
