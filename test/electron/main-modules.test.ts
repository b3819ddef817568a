import { describe, expect, it, vi } from 'vitest';
import { archiveArguments, launchArguments } from '../../src-main/electron/file-arguments';
import { menuTemplate, type MenuActions, type MenuItem } from '../../src-main/electron/menu-template';
import { portConflict, withFreePort } from '../../src-main/electron/port-conflict';
import { withRecent } from '../../src-main/electron/recent-files';
import { restoredBounds } from '../../src-main/electron/window-state';
import { checkSettings, settingsToServeArgs } from '../../src-main/electron/settings';
import { applyWindowPolicy, isAppUrl, webPreferences, type ContentsLike } from '../../src-main/electron/window-policy';

const APP = 'http://127.0.0.1:16686';

function fakeContents() {
  const handlers: { navigate?: (e: { preventDefault(): void }, url: string) => void; open?: (d: { url: string }) => { action: 'deny' }; permission?: (c: unknown, p: string, cb: (g: boolean) => void) => void } = {};
  const contents: ContentsLike = {
    on: (_event, listener) => (handlers.navigate = listener),
    setWindowOpenHandler: (handler) => (handlers.open = handler),
    session: { setPermissionRequestHandler: (handler) => (handlers.permission = handler) },
  };
  return { contents, handlers };
}

describe('the window policy', () => {
  it('asks for every secure web preference', () => {
    expect(webPreferences('/app/preload.js')).toEqual({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, preload: '/app/preload.js' });
  });

  it('keeps the window on the app, sends web links to the system browser, denies popups and permissions', () => {
    const { contents, handlers } = fakeContents();
    const openExternal = vi.fn();
    applyWindowPolicy(contents, APP, openExternal);
    const navigate = (url: string) => {
      const event = { preventDefault: vi.fn() };
      handlers.navigate!(event, url);
      return event.preventDefault.mock.calls.length > 0;
    };
    expect(navigate(`${APP}/traces/abc`)).toBe(false);
    expect(navigate('https://opentelemetry.io/docs')).toBe(true);
    expect(navigate('file:///etc/passwd')).toBe(true);
    expect(openExternal.mock.calls).toEqual([['https://opentelemetry.io/docs']]);
    expect(handlers.open!({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    expect(handlers.open!({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledTimes(2);
    const granted = vi.fn();
    handlers.permission!(undefined, 'camera', granted);
    expect(granted).toHaveBeenCalledWith(false);
    expect(isAppUrl('http://127.0.0.1:16687/', APP)).toBe(false);
  });
});

describe('the desktop extras', () => {
  it('takes archive files from the launch arguments, not flags or the app itself', () => {
    const files = archiveArguments(['/opt/spanscope/electron', '/opt/spanscope/out/main/index.js', '--no-sandbox', 'trace.json', '/tmp/missing.pb', 'a.jsonl.gz'], '/home/dev', (p) => p !== '/tmp/missing.pb');
    expect(files).toEqual(['/home/dev/trace.json', '/home/dev/a.jsonl.gz']);
  });

  it('passes serve flags with their values to the core', () => {
    const args = launchArguments(['electron', 'index.js', '--db', '/tmp/x.db', '--ui-port', '0', '--no-sandbox', 'run.json'], '/w', () => true);
    expect(args).toEqual({ serveArgs: ['--db', '/tmp/x.db', '--ui-port', '0'], files: ['/w/run.json'] });
  });

  it('passes every serve flag that takes a value, in both spellings', () => {
    const args = launchArguments(['electron', 'index.js', '--max-attributes', '32', '--db=/tmp/x.db', '--max-spans-per-trace=9', 'run.json'], '/w', () => true);
    expect(args).toEqual({ serveArgs: ['--max-attributes', '32', '--db=/tmp/x.db', '--max-spans-per-trace=9'], files: ['/w/run.json'] });
  });

  it('keeps ten recent files, newest first, without repeats', () => {
    let recent: string[] = [];
    for (let i = 0; i < 12; i++) recent = withRecent(recent, `/f${i}`);
    recent = withRecent(recent, '/f5');
    expect(recent).toHaveLength(10);
    expect(recent.slice(0, 3)).toEqual(['/f5', '/f11', '/f10']);
  });

  it('has the File, View, Window and Help menus, calling its actions', () => {
    const actions = Object.fromEntries(['openArchive', 'openRecent', 'saveTrace', 'exportResults', 'closeSource', 'setTheme', 'toggleMinimap', 'openDataFolder', 'copyEndpoints', 'about'].map((k) => [k, vi.fn()])) as unknown as MenuActions;
    const menu = menuTemplate(actions, ['/tmp/a.json'], false);
    expect(menu.map((m) => m.label ?? m.role)).toEqual(['File', 'View', 'windowMenu', 'Help']);
    const find = (items: MenuItem[], label: string): MenuItem => items.find((i) => i.label === label)!;
    find(menu[0].submenu!, 'Open archive…').click!();
    find(find(menu[0].submenu!, 'Open recent').submenu!, '/tmp/a.json').click!();
    find(menu[3].submenu!, 'Copy the OTLP endpoints').click!();
    find(menu[1].submenu!, 'Show or hide the minimap').click!();
    find(menu[1].submenu!, 'Theme: dark').click!();
    expect(actions.toggleMinimap).toHaveBeenCalled();
    expect(actions.setTheme).toHaveBeenCalledWith('dark');
    expect(actions.openArchive).toHaveBeenCalled();
    expect(actions.openRecent).toHaveBeenCalledWith('/tmp/a.json');
    expect(actions.copyEndpoints).toHaveBeenCalled();
    expect(find(menuTemplate(actions, [], true)[1].submenu!, 'Open recent').enabled).toBe(false);
  });
});

describe('window state and port conflicts', () => {
  const screen = { x: 0, y: 0, width: 1920, height: 1080 };

  it('restores a saved window that still fits a screen, and only its size when it does not', () => {
    expect(restoredBounds({ x: 100, y: 50, width: 1200, height: 800 }, [screen])).toEqual({ x: 100, y: 50, width: 1200, height: 800 });
    expect(restoredBounds({ x: 2500, y: 50, width: 1200, height: 800 }, [screen])).toEqual({ width: 1200, height: 800 });
    expect(restoredBounds({ x: 0, y: 0, width: 10, height: 10 }, [screen])).toEqual({ x: 0, y: 0, width: 640, height: 480 });
    expect(restoredBounds('garbage', [screen])).toEqual({ width: 1400, height: 900 });
  });

  it('reads which port was taken, and asks for a free one instead', () => {
    const conflict = portConflict('port 4318 is already in use; choose another with --otlp-http-port N (0 picks a free port)');
    expect(conflict).toEqual({ port: 4318, flag: '--otlp-http-port' });
    expect(withFreePort(['--db', 'x.db'], '--otlp-http-port')).toEqual(['--db', 'x.db', '--otlp-http-port', '0']);
    expect(withFreePort(['--ui-port', '16686'], '--ui-port')).toEqual(['--ui-port', '0']);
    expect(portConflict('the database is locked')).toBeUndefined();
  });
});

describe('desktop settings', () => {
  it('become serve flags, checked by serve\'s own parser', () => {
    expect(settingsToServeArgs({ db: '/data/s.db', otlpHttpPort: 5318, retention: '3d' })).toEqual(['--db', '/data/s.db', '--otlp-http-port', '5318', '--retention', '3d']);
    expect(checkSettings({ otlpHttpPort: 5318, uiPort: '' })).toEqual({ settings: { otlpHttpPort: 5318 } });
    expect(checkSettings({ otlpHttpPort: 70000 })).toEqual({ error: '--otlp-http-port "70000" is not a port (0 to 65535)' });
    expect(checkSettings({ retention: 'forever' })).toEqual({ error: '--retention "forever" is not a duration; use 30m, 12h, 7d or 0 to keep everything' });
  });

  it('forward to an upstream with a header a line', () => {
    const settings = { forward: 'grpc://collector:4317', forwardHeaders: 'Authorization: Bearer abc\n\n  X-Tenant: team-a  \n' };
    expect(settingsToServeArgs(settings)).toEqual(['--forward', 'grpc://collector:4317', '--forward-header', 'Authorization: Bearer abc', '--forward-header', 'X-Tenant: team-a']);
    expect(checkSettings(settings)).toEqual({ settings });
    expect(checkSettings({ forward: 'collector' })).toEqual({ error: '--forward "collector" is not a URL; use http://host:4318 (OTLP/HTTP) or grpc://host:4317 (OTLP/gRPC)' });
    expect(checkSettings({ forward: 'http://c:4318', forwardHeaders: 'Bearer abc' })).toEqual({ error: `--forward-header "Bearer abc" is not a header; write it as 'Name: value', e.g. 'Authorization: Bearer abc'` });
    expect(checkSettings({ forwardHeaders: 'A: b' })).toEqual({ error: '--forward-header is given without --forward; name the upstream with --forward URL' });
  });
});
