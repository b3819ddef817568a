import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { availableElectron, electronUnavailableReason } from '../../src-main/cli/electron-availability';

describe('whether npm start can open a window', () => {
  it('says the binary is missing when the electron package has none', () => {
    expect(electronUnavailableReason({ DISPLAY: ':0' }, 'linux', undefined)).toMatch(/the Electron binary is not installed/);
    expect(electronUnavailableReason({ DISPLAY: ':0' }, 'linux', '/nonexistent/electron')).toMatch(/not installed/);
  });

  it('tries the first-run download, and names why it failed', () => {
    const electron = availableElectron({ DISPLAY: ':0' }, 'linux');
    if ('reason' in electron) expect(electron.reason).toMatch(/^the Electron binary is not installed and could not be downloaded \(.+\)$/);
    else expect(existsSync(electron.binary)).toBe(true);
  });

  it('says there is no display on a Linux machine without one', () => {
    expect(electronUnavailableReason({}, 'linux', process.execPath)).toBe('there is no display (DISPLAY and WAYLAND_DISPLAY are unset)');
    expect(electronUnavailableReason({ WAYLAND_DISPLAY: 'wayland-0' }, 'linux', process.execPath)).toBeUndefined();
    expect(electronUnavailableReason({}, 'darwin', process.execPath)).toBeUndefined();
  });
});
