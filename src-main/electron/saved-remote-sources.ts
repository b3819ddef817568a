/**
 * The desktop app's remote sources, kept in its settings folder: kind and address in the clear, each header's value
 * encrypted by the OS keychain (Electron's `safeStorage`). Where the system has no keychain a value is not written
 * at all: the source comes back at the next start without it, and its health says the credentials were refused.
 */
import type { RemoteKind } from '../model/api';
import type { RemoteSourceRequest } from '../model/desktop';

/** The part of Electron's `safeStorage` used here, so this is tested with a fake. */
export interface SecretBox {
  isEncryptionAvailable(): boolean;
  encryptString(text: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

export type { RemoteSourceRequest };

export interface SavedRemoteSource {
  kind: RemoteKind;
  url: string;
  /** Header name → its value encrypted by the keychain, base64; null where it could not be kept. */
  headers: Record<string, string | null>;
}

/** The entry to save: the list without an older entry for the same address, then this one. */
export function withRemoteSource(saved: SavedRemoteSource[], request: RemoteSourceRequest, box: SecretBox): SavedRemoteSource[] {
  const canEncrypt = box.isEncryptionAvailable();
  const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, canEncrypt ? box.encryptString(value).toString('base64') : null]));
  return [...saved.filter((entry) => !(entry.kind === request.kind && entry.url === request.url)), { kind: request.kind, url: request.url, headers }];
}

export function withoutRemoteSource(saved: SavedRemoteSource[], kind: RemoteKind, url: string): SavedRemoteSource[] {
  return saved.filter((entry) => !(entry.kind === kind && entry.url === url));
}

/** What to send the core for a saved source; a value that cannot be decrypted (another machine's keychain) is left out. */
export function requestOf(saved: SavedRemoteSource, box: SecretBox): RemoteSourceRequest {
  const headers: Record<string, string> = {};
  for (const [name, sealed] of Object.entries(saved.headers)) {
    if (sealed === null || !box.isEncryptionAvailable()) continue;
    try {
      headers[name] = box.decryptString(Buffer.from(sealed, 'base64'));
    } catch {
      // Left out: the source is added without it and says the credentials were refused.
    }
  }
  return { kind: saved.kind, url: saved.url, headers };
}

/** The saved list read back, entries of the wrong shape dropped (a file edited by hand). */
export function readSavedRemoteSources(value: unknown): SavedRemoteSource[] {
  if (!Array.isArray(value)) return [];
  return value.filter((entry): entry is SavedRemoteSource => {
    if (typeof entry !== 'object' || entry === null) return false;
    const { kind, url, headers } = entry as Record<string, unknown>;
    return (kind === 'tempo' || kind === 'jaeger' || kind === 'zipkin') && typeof url === 'string' && typeof headers === 'object' && headers !== null && Object.values(headers).every((v) => v === null || typeof v === 'string');
  });
}
