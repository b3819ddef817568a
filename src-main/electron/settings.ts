/**
 * The desktop app's settings (ports, database, retention, size limit, forwarding), kept as `serve` flags would give them:
 * saved settings become flags before the launch's own, which win; `serve`'s parser checks them, so a bad value
 * is refused with the same sentence the command line gives.
 */
import { parseServeArgs } from '../cli/serve-args';
import type { DesktopSettings } from '../model/desktop';

export type { DesktopSettings };

const FLAGS: Record<keyof DesktopSettings, string> = {
  db: '--db',
  otlpHttpPort: '--otlp-http-port',
  otlpGrpcPort: '--otlp-grpc-port',
  zipkinPort: '--zipkin-port',
  uiPort: '--ui-port',
  retention: '--retention',
  maxDbSize: '--max-db-size',
  forward: '--forward',
  forwardHeaders: '--forward-header',
};

/** Settings whose text holds one flag value a line. */
const PER_LINE: ReadonlySet<keyof DesktopSettings> = new Set(['forwardHeaders']);

export function settingsToServeArgs(settings: DesktopSettings): string[] {
  return (Object.keys(FLAGS) as (keyof DesktopSettings)[]).flatMap((key) => {
    if (settings[key] === undefined || settings[key] === '') return [];
    const values = PER_LINE.has(key) ? String(settings[key]).split('\n').map((line) => line.trim()).filter((line) => line !== '') : [String(settings[key])];
    return values.flatMap((value) => [FLAGS[key], value]);
  });
}

/** The settings if `serve` would take them; else the sentence saying which value is wrong. */
export function checkSettings(value: unknown): { settings: DesktopSettings } | { error: string } {
  if (typeof value !== 'object' || value === null) return { error: 'settings must be an object' };
  const settings: DesktopSettings = {};
  for (const key of Object.keys(FLAGS) as (keyof DesktopSettings)[]) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined && v !== '' && v !== null) (settings as Record<string, unknown>)[key] = v;
  }
  try {
    parseServeArgs(settingsToServeArgs(settings), { dataDir: '/', uiRoot: '/', token: 'check' });
    return { settings };
  } catch (error) {
    return { error: (error as Error).message };
  }
}
