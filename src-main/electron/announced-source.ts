/**
 * The source a file being opened became, as soon as the core announces it (`GET /api/sources` lists it, with the
 * upload token the sender chose, while it loads): the desktop app shows the file from then on, not once it is read.
 */
import type { SourceInfo } from '../model/api';

/** Asks every `intervalMs` until a source carries `upload`, or `stop()` says the upload has ended; its id, or undefined. */
export async function announcedSource(
  listSources: () => Promise<SourceInfo[]>,
  upload: string,
  stop: () => boolean,
  intervalMs = 100,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<string | undefined> {
  while (!stop()) {
    const source = (await listSources().catch(() => [])).find((s) => s.upload === upload);
    if (source) return source.id;
    await sleep(intervalMs);
  }
  return undefined;
}
