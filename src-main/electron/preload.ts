/**
 * The renderer's only window on the desktop: a few extras (open an archive with the system dialog, recent files,
 * the app version). Everything else goes over HTTP as in a browser; the page works without this bridge.
 */
import { contextBridge, ipcRenderer } from 'electron';

const desktop = {
  /** Shows the open dialog; the main process opens the chosen file as a source and shows it. */
  openArchive: (): Promise<void> => ipcRenderer.invoke('spanscope:open-archive'),
  recentFiles: (): Promise<string[]> => ipcRenderer.invoke('spanscope:recent-files'),
  version: (): Promise<string> => ipcRenderer.invoke('spanscope:version'),
};

export type DesktopBridge = typeof desktop;

contextBridge.exposeInMainWorld('spanscopeDesktop', desktop);
