/**
 * Quitting the desktop app waits for its core to stop: the core answers the requests it has, writes what it
 * accepted and closes the database, the same close as `spanscope serve` on SIGTERM. Without the wait Electron ends
 * the core's process with the app, mid-write. A core still busy after `graceMs` is left to end with the app (what
 * it committed is safe; the rest was never acknowledged).
 */

export interface QuittingApp {
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): void;
  quit(): void;
}

export interface CoreProcess {
  postMessage(message: { type: 'stop' }): void;
  once(event: 'exit', listener: () => void): void;
}

export function stopCoreOnQuit(app: QuittingApp, core: CoreProcess, graceMs: number): void {
  let coreEnded = false;
  let quitting = false;
  let timer: NodeJS.Timeout | undefined;
  const coreGone = () => {
    coreEnded = true;
    clearTimeout(timer);
    if (quitting) app.quit();
  };
  core.once('exit', coreGone);
  app.on('before-quit', (event) => {
    if (coreEnded) return;
    event.preventDefault();
    if (quitting) return;
    quitting = true;
    timer = setTimeout(coreGone, graceMs);
    core.postMessage({ type: 'stop' });
  });
}
