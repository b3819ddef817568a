/**
 * What every window of the app gets: secure web preferences, and handlers that keep it on the app's own pages
 * (navigation elsewhere and `window.open` blocked, web links opened in the system browser, permissions denied).
 * Written against the few members of Electron's objects it uses, so it is tested without Electron.
 */
export interface SecureWebPreferences {
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  webSecurity: true;
  preload: string;
}

export function webPreferences(preloadPath: string): SecureWebPreferences {
  return { contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, preload: preloadPath };
}

/** The members of Electron's WebContents and Session the policy uses. */
export interface ContentsLike {
  on(event: 'will-navigate', listener: (event: { preventDefault(): void }, url: string) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
  session: { setPermissionRequestHandler(handler: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void): void };
}

/** True for pages of the app itself: the core's UI origin. */
export function isAppUrl(url: string, appOrigin: string): boolean {
  try {
    return new URL(url).origin === appOrigin;
  } catch {
    return false;
  }
}

/** Web pages (http, https) go to the system browser; nothing else leaves the app. */
export function isExternalWebUrl(url: string): boolean {
  return /^https?:\/\//i.test(url);
}

export function applyWindowPolicy(contents: ContentsLike, appOrigin: string, openExternal: (url: string) => void): void {
  contents.on('will-navigate', (event, url) => {
    if (isAppUrl(url, appOrigin)) return;
    event.preventDefault();
    if (isExternalWebUrl(url)) openExternal(url);
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalWebUrl(url) && !isAppUrl(url, appOrigin)) openExternal(url);
    return { action: 'deny' };
  });
  contents.session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
}
