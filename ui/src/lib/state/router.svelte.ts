/**
 * Where the window is: the library, or the reader on one article. Kept in the
 * URL hash so reload, back/forward and `quire serve` deep links all work
 * without any server-side routing.
 */

// Highlights (issue 6): `highlights` is the library-wide annotations view; a reader route may name
// a highlight to jump to (`#/a/ID/h/HIGHLIGHT`).
export type Route =
  | { name: 'library' }
  | { name: 'reader'; id: string; highlight?: string }
  | { name: 'highlights' };

function parse(hash: string): Route {
  const match = /^#\/a\/([^/?#]+)(?:\/h\/([^/?#]+))?/.exec(hash);
  if (match?.[1]) {
    const route: Route = { name: 'reader', id: decodeURIComponent(match[1]) };
    if (match[2]) route.highlight = decodeURIComponent(match[2]);
    return route;
  }
  if (/^#\/highlights\b/.test(hash)) return { name: 'highlights' };
  return { name: 'library' };
}

export function hrefFor(route: Route): string {
  if (route.name === 'highlights') return '#/highlights';
  if (route.name !== 'reader') return '#/';
  const article = `#/a/${encodeURIComponent(route.id)}`;
  return route.highlight ? `${article}/h/${encodeURIComponent(route.highlight)}` : article;
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
    if (this.#previous?.name === 'library' || this.#previous?.name === 'highlights') history.back();
    else this.go({ name: 'library' });
  }
}

export const router = new Router();
