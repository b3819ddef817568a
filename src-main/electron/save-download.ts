/**
 * "Save as" in the desktop app: the page names a download of the core; the main process fetches it with the
 * core's token, asks where to put it under the name the core gives, and writes it. Only the core's `/api/`
 * addresses are fetched, so a page cannot make the main process fetch anything else.
 */
export interface SaveSteps {
  fetch(url: string, headers: Record<string, string>): Promise<{ status: number; headers: { get(name: string): string | null }; bytes(): Promise<Uint8Array> }>;
  /** The save dialog; undefined when cancelled. */
  choosePath(suggestedName: string): Promise<string | undefined>;
  write(path: string, bytes: Uint8Array): Promise<void>;
}

export function coreDownloadUrl(apiPath: string, coreOrigin: string): URL | undefined {
  const url = new URL(apiPath, coreOrigin);
  return url.origin === coreOrigin && url.pathname.startsWith('/api/') ? url : undefined;
}

export function attachmentName(contentDisposition: string | null): string {
  return /filename="([^"/\\]+)"/.exec(contentDisposition ?? '')?.[1] ?? 'spanscope-export.json';
}

export async function saveDownload(apiPath: string, core: { origin: string; token: string }, steps: SaveSteps): Promise<{ path?: string; error?: string }> {
  const url = coreDownloadUrl(apiPath, core.origin);
  if (!url) return { error: `${apiPath} is not a download of the Spanscope core` };
  const answer = await steps.fetch(url.href, { Authorization: `Bearer ${core.token}` });
  if (answer.status !== 200) {
    return { error: errorSentence(new TextDecoder().decode(await answer.bytes())) ?? `the core answered ${answer.status}` };
  }
  const path = await steps.choosePath(attachmentName(answer.headers.get('content-disposition')));
  if (path === undefined) return {};
  await steps.write(path, await answer.bytes());
  return { path };
}

function errorSentence(body: string): string | undefined {
  try {
    return (JSON.parse(body) as { error?: string }).error;
  } catch {
    return undefined;
  }
}
