/**
 * Where the window is: the library, or the reader on one article. Kept in the
 * URL hash so reload, back/forward and `quire serve` deep links all work
 * without any server-side routing.
 */

export type Route = { name: 'library' } | { name: 'reader'; id: string };

function parse(hash: string): Route {
  const match = /^#\/a\/([^/?#]+)/.exec(hash);
  if (match?.[1]) return { name: 'reader', id: decodeURIComponent(match[1]) };
  return { name: 'library' };
}

export function hrefFor(route: Route): string {
  return route.name === 'reader' ? `#/a/${encodeURIComponent(route.id)}` : '#/';
}

export class Router {
  route = $state<Route>(parse(location.hash));
  /** The route before this one, if we navigated here within this page load. */
  #previous: Route | null = null;

  constructor() {
    window.addEventListener('hashchange', () => {
      this.#previous = this.route;
      this.route = parse(location.hash);
    });
  }

  go(route: Route): void {
    location.hash = hrefFor(route);
  }

  /** Back to the library: a real history step when we came from there, so scroll position survives. */
  back(): void {
    if (this.#previous?.name === 'library') history.back();
    else this.go({ name: 'library' });
  }
}

export const router = new Router();
