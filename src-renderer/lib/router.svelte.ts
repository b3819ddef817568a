/** The page's address as state: views read `path` and `params`, and `go` changes the address without a reload. */
class Router {
  path = $state(location.pathname);
  params = $state(new URLSearchParams(location.search));

  constructor() {
    addEventListener('popstate', () => this.sync());
  }

  go(url: string, replace = false): void {
    if (replace) history.replaceState(null, '', url);
    else history.pushState(null, '', url);
    this.sync();
  }

  private sync(): void {
    this.path = location.pathname;
    this.params = new URLSearchParams(location.search);
  }
}

export const router = new Router();
