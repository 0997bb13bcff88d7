/**
 * The library-wide annotations view's state: every highlight and page note
 * across the library, searched by the server's full-text index (`q`),
 * filtered by kind, colour, tag and article, sorted by date or by article;
 * and the ones the person has picked to export. The filter menus offer what
 * an unfiltered fetch found, so they never list an empty choice.
 */
import {
  ApiError,
  backend,
  type AnnotationKind,
  type AnnotationQuery,
  type ExportSelection,
  type HighlightColor,
  type HighlightSort,
  type LibraryAnnotation,
} from '../api';

/** Items fetched at a time; "Show more" asks for the next page. */
export const HIGHLIGHTS_PAGE = 300;
const SEARCH_DELAY_MS = 150;

export const HIGHLIGHT_SORTS: readonly { id: HighlightSort; label: string }[] = [
  { id: 'date', label: 'Newest first' },
  { id: 'article', label: 'By article' },
];

export const ANNOTATION_KINDS: readonly { id: AnnotationKind | null; label: string }[] = [
  { id: null, label: 'All' },
  { id: 'highlight', label: 'Highlights' },
  { id: 'note', label: 'Page notes' },
];

/** The id of a listed item, whichever kind it is. */
export function itemId(item: LibraryAnnotation): string {
  return item.highlight?.id ?? item.note?.id ?? '';
}

/** The article a listed item belongs to. */
export function itemArticle(item: LibraryAnnotation): string {
  return item.highlight?.article_id ?? item.note?.article_id ?? '';
}

export class LibraryAnnotations {
  q = $state('');
  kind = $state<AnnotationKind | null>(null);
  color = $state<HighlightColor | null>(null);
  tag = $state<string | null>(null);
  article = $state<string | null>(null);
  sort = $state<HighlightSort>('date');
  results = $state.raw<LibraryAnnotation[]>([]);
  hasMore = $state(false);
  loaded = $state(false);
  error = $state<ApiError | null>(null);
  /** The articles and tags that have annotations, for the filter menus. */
  articles = $state.raw<{ id: string; title: string }[]>([]);
  tags = $state.raw<string[]>([]);
  /** Picked for export: id → kind. Kept across searches and filters, so a selection can be gathered from several. */
  picked = $state.raw<ReadonlyMap<string, AnnotationKind>>(new Map());

  #generation = 0;
  #searchTimer: ReturnType<typeof setTimeout> | undefined;

  query(offset: number | null = null): AnnotationQuery {
    return {
      q: this.q.trim() || null,
      kind: this.kind,
      color: this.color,
      tag: this.tag,
      article: this.article,
      sort: this.sort,
      limit: HIGHLIGHTS_PAGE,
      offset,
    };
  }

  get filtered(): boolean {
    return Boolean(this.q.trim() || this.kind || this.color || this.tag || this.article);
  }

  /** Fetches the first page for the current filters; an answer to an older request is dropped. */
  async refresh(): Promise<void> {
    const generation = ++this.#generation;
    try {
      const results = await backend.libraryAnnotations(this.query());
      if (generation !== this.#generation) return;
      this.results = results;
      this.hasMore = results.length === HIGHLIGHTS_PAGE;
      this.error = null;
      if (!this.filtered) this.#learnFacets(results);
    } catch (caught) {
      if (generation === this.#generation) this.error = ApiError.from(caught);
    } finally {
      if (generation === this.#generation) this.loaded = true;
    }
  }

  async more(): Promise<void> {
    const generation = this.#generation;
    try {
      const next = await backend.libraryAnnotations(this.query(this.results.length));
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

  setFilter(change: Partial<Pick<LibraryAnnotations, 'kind' | 'color' | 'tag' | 'article' | 'sort'>>): void {
    if (change.kind !== undefined) this.kind = change.kind;
    if (change.color !== undefined) this.color = change.color;
    if (change.tag !== undefined) this.tag = change.tag;
    if (change.article !== undefined) this.article = change.article;
    if (change.sort !== undefined) this.sort = change.sort;
    void this.refresh();
  }

  isPicked(item: LibraryAnnotation): boolean {
    return this.picked.has(itemId(item));
  }

  /** Picks an item for export, or unpicks it. */
  togglePick(item: LibraryAnnotation): void {
    const picked = new Map(this.picked);
    const id = itemId(item);
    if (picked.has(id)) picked.delete(id);
    else picked.set(id, item.kind);
    this.picked = picked;
  }

  /** Picks every item listed now (or, when all of them are picked, none). */
  pickAllShown(): void {
    const picked = new Map(this.picked);
    const all = this.results.every((item) => picked.has(itemId(item)));
    for (const item of this.results) {
      if (all) picked.delete(itemId(item));
      else picked.set(itemId(item), item.kind);
    }
    this.picked = picked;
  }

  clearPicks(): void {
    this.picked = new Map();
  }

  /** The picked items as the export routes take them. */
  selection(): ExportSelection {
    const selection: ExportSelection = { highlights: [], notes: [] };
    for (const [id, kind] of this.picked) (kind === 'note' ? selection.notes : selection.highlights).push(id);
    return selection;
  }

  #learnFacets(results: LibraryAnnotation[]): void {
    const articles = new Map<string, string>();
    const tags = new Set<string>();
    for (const item of results) {
      articles.set(itemArticle(item), item.article_title);
      for (const tag of item.highlight?.tags ?? []) tags.add(tag);
    }
    this.articles = [...articles].map(([id, title]) => ({ id, title })).sort((a, b) => a.title.localeCompare(b.title));
    this.tags = [...tags].sort((a, b) => a.localeCompare(b));
  }
}
