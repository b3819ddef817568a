/** The UI's files: nothing outside the UI folder is served, and the page cannot run inline script. */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, resolveFile } from '../../src-main/server/static-files';

const dir = mkdtempSync(join(tmpdir(), 'spanscope-static-'));
const root = join(dir, 'renderer');
mkdirSync(join(root, 'assets'), { recursive: true });
writeFileSync(join(root, 'index.html'), '<!doctype html>');
writeFileSync(join(root, 'assets', 'app.js'), '');
writeFileSync(join(dir, 'secret.txt'), 'not for the web');
mkdirSync(join(dir, 'renderer-other'));
writeFileSync(join(dir, 'renderer-other', 'secret.txt'), 'not for the web either');

describe('resolveFile', () => {
  it('serves files under the root, and index.html for UI routes', async () => {
    expect(await resolveFile(root, '/assets/app.js')).toBe(join(root, 'assets', 'app.js'));
    expect(await resolveFile(root, '/traces/abc')).toBe(join(root, 'index.html'));
    expect(await resolveFile(root, '/runs/compare/service.version=1.0/service.version=1.1')).toBe(join(root, 'index.html'));
    expect(await resolveFile(root, '/assets/missing.js')).toBeUndefined();
  });

  const escapes = [
    '/../secret.txt',
    '/../../../../../../etc/hostname',
    '/assets/../../secret.txt',
    '/%2e%2e/secret.txt',
    '/%2E%2E/%2e%2e/secret.txt',
    '/..%2fsecret.txt',
    '/..%2f..%2f..%2f..%2fetc%2fhostname',
    '/..\\secret.txt',
    '/%5c..%5csecret.txt',
    '/..%5c..%5csecret.txt',
    '//etc/hostname',
    `/${join(dir, 'secret.txt')}`,
    `/${encodeURIComponent(join(dir, 'secret.txt'))}`,
    '/../renderer-other/secret.txt',
    '/%2e%2e%2frenderer-other%2fsecret.txt',
    '/secret.txt%00.js',
  ];
  it.each(escapes)('never leaves the root: %s', async (path) => {
    const file = await resolveFile(root, path);
    expect(file === undefined || file.startsWith(`${root}/`), String(file)).toBe(true);
    expect(file).not.toBe(join(dir, 'secret.txt'));
  });

  it('answers a malformed escape as no file instead of throwing', async () => {
    await expect(resolveFile(root, '/%')).resolves.toBeUndefined();
    await expect(resolveFile(root, '/%E0%A4%A.js')).resolves.toBeUndefined();
  });
});

describe('the Content-Security-Policy', () => {
  const directives = new Map(CONTENT_SECURITY_POLICY.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));

  it('allows scripts from the page\'s own origin only: no inline script, no eval, no plugins, no framing', () => {
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'self'"]);
  });

  it('fits the built page: index.html has no inline script or inline event handler', () => {
    const built = join(__dirname, '..', '..', 'out', 'renderer', 'index.html');
    expect(existsSync(built), 'run npm run build first').toBe(true);
    const html = readFileSync(built, 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\bsrc="\.?\/assets\//);
      expect(body.trim()).toBe('');
    }
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
    expect(html).not.toMatch(/javascript:/i);
  });
});
