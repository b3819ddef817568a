/** The application menu as data (Electron's MenuItemConstructorOptions shape), built from the actions it calls. */
export interface MenuActions {
  openArchive(): void;
  openRecent(path: string): void;
  saveTrace(): void;
  exportResults(): void;
  closeSource(): void;
  setTheme(theme: 'system' | 'light' | 'dark'): void;
  toggleMinimap(): void;
  openDataFolder(): void;
  copyEndpoints(): void;
  about(): void;
}

export interface MenuItem {
  label?: string;
  role?: string;
  type?: 'separator';
  accelerator?: string;
  enabled?: boolean;
  click?: () => void;
  submenu?: MenuItem[];
}

export function menuTemplate(actions: MenuActions, recent: readonly string[], isMac: boolean): MenuItem[] {
  return [
    ...(isMac ? [{ role: 'appMenu' }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Open archive…', accelerator: 'CmdOrCtrl+O', click: () => actions.openArchive() },
        {
          label: 'Open recent',
          enabled: recent.length > 0,
          submenu: recent.map((path) => ({ label: path, click: () => actions.openRecent(path) })),
        },
        { type: 'separator' },
        { label: 'Save trace as…', accelerator: 'CmdOrCtrl+S', click: () => actions.saveTrace() },
        { label: 'Export results…', accelerator: 'CmdOrCtrl+Shift+E', click: () => actions.exportResults() },
        { label: 'Close source', accelerator: 'CmdOrCtrl+W', click: () => actions.closeSource() },
        { type: 'separator' },
        { role: isMac ? 'close' : 'quit' },
      ],
    },
    {
      label: 'View',
      submenu: [
        { label: 'Theme: system', click: () => actions.setTheme('system') },
        { label: 'Theme: light', click: () => actions.setTheme('light') },
        { label: 'Theme: dark', click: () => actions.setTheme('dark') },
        { label: 'Show or hide the minimap', accelerator: 'CmdOrCtrl+Shift+M', click: () => actions.toggleMinimap() },
        { type: 'separator' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { role: 'resetZoom' },
        { type: 'separator' },
        { role: 'reload' },
        { role: 'toggleDevTools' },
      ],
    },
    { role: 'windowMenu' },
    {
      label: 'Help',
      submenu: [
        { label: 'About Spanscope', click: () => actions.about() },
        { label: 'Open the data folder', click: () => actions.openDataFolder() },
        { label: 'Copy the OTLP endpoints', click: () => actions.copyEndpoints() },
      ],
    },
  ];
}
