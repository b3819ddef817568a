/** Serves the built renderer; any UI route that is not a file gets index.html (deep links work on reload). */
import { readFile, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export const CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

export async function serveStatic(root: string, urlPath: string, res: ServerResponse): Promise<void> {
  const file = await resolveFile(root, urlPath);
  if (file === undefined) {
    const message =
      decodedPath(urlPath) === undefined ? `No file ${urlPath}: a malformed %-escape.` : Object.hasOwn(TYPES, extname(urlPath)) ? `No file ${urlPath}.` : `The UI is not built here (${root}); run npm run build.`;
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end(message);
    return;
  }
  const body = await readFile(file);
  res.writeHead(200, {
    'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': file.endsWith('index.html') ? 'no-cache' : 'public, max-age=31536000, immutable',
  });
  res.end(body);
}

/** The file under `root` for an address path; never a file outside it, whatever `..`, escapes or separators it holds. */
export async function resolveFile(root: string, urlPath: string): Promise<string | undefined> {
  const decoded = decodedPath(urlPath);
  if (decoded === undefined) return undefined;
  const relative = normalize(decoded).replace(/^([/\\])+/, '');
  const candidate = join(root, relative);
  if (relative !== '' && (candidate + sep).startsWith(root + sep) && (await isFile(candidate))) return candidate;
  // A missing file of a kind the UI is built of; any other name is a route, dots and all (/runs/compare/service.version=1.0/…).
  if (Object.hasOwn(TYPES, extname(relative))) return undefined;
  const index = join(root, 'index.html');
  return (await isFile(index)) ? index : undefined;
}

/** undefined for a malformed escape (`/%`): a request any web page can make, so it must not throw. */
function decodedPath(urlPath: string): string | undefined {
  try {
    return decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
