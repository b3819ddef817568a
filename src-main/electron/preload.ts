/**
 * The renderer's only window on the desktop: a few extras (open an archive with the system dialog, recent files,
 * save with the system dialog, reveal a file in its folder, the app version, settings). Everything else goes over HTTP as in a browser; the page works without this bridge.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { DesktopBridge, DesktopSettings, RemoteSourceRequest } from '../model/desktop';

const desktop: DesktopBridge = {
  openArchive: (): Promise<void> => ipcRenderer.invoke('spanscope:open-archive'),
  recentFiles: (): Promise<string[]> => ipcRenderer.invoke('spanscope:recent-files'),
  saveAs: (apiPath: string): Promise<{ path?: string; error?: string }> => ipcRenderer.invoke('spanscope:save-as', apiPath),
  revealInFolder: (path: string): Promise<void> => ipcRenderer.invoke('spanscope:reveal-in-folder', path),
  version: (): Promise<string> => ipcRenderer.invoke('spanscope:version'),
  settings: (): Promise<DesktopSettings> => ipcRenderer.invoke('spanscope:settings'),
  saveSettings: (settings: DesktopSettings): Promise<{ error?: string }> => ipcRenderer.invoke('spanscope:save-settings', settings),
  addRemoteSource: (request: RemoteSourceRequest) => ipcRenderer.invoke('spanscope:add-remote-source', request),
  forgetRemoteSource: (kind: RemoteSourceRequest['kind'], url: string): Promise<void> => ipcRenderer.invoke('spanscope:forget-remote-source', kind, url),
};

contextBridge.exposeInMainWorld('spanscopeDesktop', desktop);
