/**
 * The library-wide annotations view's state: every highlight across the
 * library, searched by the server's full-text index (`q`) and filtered by
 * colour, tag and article, sorted by date or by article. The filter menus
 * offer what an unfiltered fetch found, so they never list an empty choice.
 */
import {
  ApiError,
  backend,
  type HighlightColor,
  type HighlightQuery,
  type HighlightSort,
  type LibraryHighlight,
} from '../api';

/** Highlights fetched at a time; "Show more" asks for the next page. */
export const HIGHLIGHTS_PAGE = 300;
const SEARCH_DELAY_MS = 150;

export const HIGHLIGHT_SORTS: readonly { id: HighlightSort; label: string }[] = [
  { id: 'date', label: 'Newest first' },
  { id: 'article', label: 'By article' },
];

export class LibraryHighlights {
  q = $state('');
  color = $state<HighlightColor | null>(null);
  tag = $state<string | null>(null);
  article = $state<string | null>(null);
  sort = $state<HighlightSort>('date');
  results = $state.raw<LibraryHighlight[]>([]);
  hasMore = $state(false);
  loaded = $state(false);
  error = $state<ApiError | null>(null);
  /** The articles and tags that have highlights, for the filter menus. */
  articles = $state.raw<{ id: string; title: string }[]>([]);
  tags = $state.raw<string[]>([]);

  #generation = 0;
  #searchTimer: ReturnType<typeof setTimeout> | undefined;

  query(offset: number | null = null): HighlightQuery {
    return {
      q: this.q.trim() || null,
      color: this.color,
      tag: this.tag,
      article: this.article,
      sort: this.sort,
      limit: HIGHLIGHTS_PAGE,
      offset,
    };
  }

  /** Fetches the first page for the current filters; an answer to an older request is dropped. */
  async refresh(): Promise<void> {
    const generation = ++this.#generation;
    try {
      const results = await backend.libraryHighlights(this.query());
      if (generation !== this.#generation) return;
      this.results = results;
      this.hasMore = results.length === HIGHLIGHTS_PAGE;
      this.error = null;
      if (!this.q.trim() && !this.color && !this.tag && !this.article) this.#learnFacets(results);
    } catch (caught) {
      if (generation === this.#generation) this.error = ApiError.from(caught);
    } finally {
      if (generation === this.#generation) this.loaded = true;
    }
  }

  async more(): Promise<void> {
    const generation = this.#generation;
    try {
      const next = await backend.libraryHighlights(this.query(this.results.length));
      if (generation !== this.#generation) return;
      this.results = [...this.results, ...next];
      this.hasMore = next.length === HIGHLIGHTS_PAGE;
    } catch (caught) {
      this.error = ApiError.from(caught);
    }
  }

  /** Search as you type, after a short pause. */
  setQuery(q: string): void {
    this.q = q;
    clearTimeout(this.#searchTimer);
    this.#searchTimer = setTimeout(() => void this.refresh(), SEARCH_DELAY_MS);
  }

  setFilter(change: Partial<Pick<LibraryHighlights, 'color' | 'tag' | 'article' | 'sort'>>): void {
    if (change.color !== undefined) this.color = change.color;
    if (change.tag !== undefined) this.tag = change.tag;
    if (change.article !== undefined) this.article = change.article;
    if (change.sort !== undefined) this.sort = change.sort;
    void this.refresh();
  }

  #learnFacets(results: LibraryHighlight[]): void {
    const articles = new Map<string, string>();
    const tags = new Set<string>();
    for (const { highlight, article_title } of results) {
      articles.set(highlight.article_id, article_title);
      for (const tag of highlight.tags) tags.add(tag);
    }
    this.articles = [...articles].map(([id, title]) => ({ id, title })).sort((a, b) => a.title.localeCompare(b.title));
    this.tags = [...tags].sort((a, b) => a.localeCompare(b));
  }
}
