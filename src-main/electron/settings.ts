/**
 * The desktop app's settings (ports, database, retention, size limit), kept as `serve` flags would give them:
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
};

export function settingsToServeArgs(settings: DesktopSettings): string[] {
  return (Object.keys(FLAGS) as (keyof DesktopSettings)[]).flatMap((key) => (settings[key] === undefined || settings[key] === '' ? [] : [FLAGS[key], String(settings[key])]));
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
