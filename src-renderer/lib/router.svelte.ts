/**
 * The page's address as state: views read `path`, `params` and `source`, and `go` changes the address without a
 * reload. The source being looked at (`?source=ID`; live when absent) travels with every address.
 */
export const LIVE_SOURCE = 'live';

class Router {
  path = $state(location.pathname);
  params = $state(new URLSearchParams(location.search));
  readonly source = $derived(this.params.get('source') ?? LIVE_SOURCE);

  constructor() {
    addEventListener('popstate', () => this.sync());
  }

  /** `url` within the current source, unless it names one. */
  href(url: string): string {
    if (this.source === LIVE_SOURCE || /[?&]source=/.test(url)) return url;
    return `${url}${url.includes('?') ? '&' : '?'}source=${encodeURIComponent(this.source)}`;
  }

  go(url: string, replace = false): void {
    if (replace) history.replaceState(null, '', this.href(url));
    else history.pushState(null, '', this.href(url));
    this.sync();
  }

  /** The search page of another source. */
  switchSource(id: string): void {
    history.pushState(null, '', id === LIVE_SOURCE ? '/' : `/?source=${encodeURIComponent(id)}`);
    this.sync();
  }

  private sync(): void {
    this.path = location.pathname;
    this.params = new URLSearchParams(location.search);
  }
}

export const router = new Router();
