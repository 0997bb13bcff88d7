/**
 * The library view's state: the current list and filter, search-as-you-type,
 * saves in flight, and the one pending "Undo". Components read the fields and
 * call the methods; only this class talks to the backend for the library.
 */
import {
  ApiError,
  backend,
  type ArticleSummary,
  type ListQuery,
  type SearchHit,
  type SiteCount,
  type SortKey,
  type TagCount,
} from '../api';
import { shortUrl } from '../format';
import { isImageFile } from '../photos';

export type Filter = 'unread' | 'archived' | 'favourite' | 'highlighted' | 'all';

export const FILTERS: readonly { id: Filter; label: string }[] = [
  { id: 'unread', label: 'Reading list' },
  { id: 'favourite', label: 'Favourites' },
  { id: 'highlighted', label: 'Highlighted' },
  { id: 'archived', label: 'Archive' },
  { id: 'all', label: 'Everything' },
];

/** A save the user started: shown with a spinner until it lands or fails. */
export interface PendingSave {
  key: number;
  label: string;
  error: ApiError | null;
}

export interface Undo {
  key: number;
  message: string;
  run: () => Promise<void>;
}

export const SORTS: readonly { id: SortKey; label: string }[] = [
  { id: 'saved', label: 'Newest saved' },
  { id: 'published', label: 'Newest published' },
  { id: 'title', label: 'Title' },
  { id: 'reading_time', label: 'Reading time' },
];

/** Rows fetched at a time; the list asks for the next page as its end comes into view. */
export const PAGE_SIZE = 200;
/** Rows fetched at once when the user jumps far past what is loaded (dragging the scrollbar). */
const JUMP_PAGE_SIZE = 2000;
const SEARCH_DELAY_MS = 120;
const UNDO_MS = 8000;

function queryFor(filter: Filter, tag: string | null, sort: SortKey = 'saved', site: string | null = null): ListQuery {
  return {
    state: filter === 'unread' || filter === 'archived' ? filter : null,
    favourite: filter === 'favourite' ? true : null,
    tag,
    site,
    has_highlights: filter === 'highlighted' ? true : null,
    sort,
    limit: PAGE_SIZE,
    offset: null,
  };
}

function looksLikeUrl(text: string): boolean {
  return /^https?:\/\/\S+$/i.test(text.trim());
}

export class Library {
  articles = $state.raw<ArticleSummary[]>([]);
  /** False until the first list arrives, so the empty state never flashes. */
  loaded = $state(false);
  loadError = $state<ApiError | null>(null);
  filter = $state<Filter>('unread');
  tag = $state<string | null>(null);
  sort = $state<SortKey>('saved');
  tags = $state.raw<TagCount[]>([]);
  site = $state<string | null>(null);
  sites = $state.raw<SiteCount[]>([]);
  /** The last page came back full, so there may be more. */
  hasMore = $state(false);
  /** How many articles the current view holds in all, loaded or not: the list is sized by it. */
  total = $state(0);
  /**
   * Pages loaded on their own, past the loaded rows, after a jump down the
   * scrollbar: keyed by page number. Cleared whenever the view is refreshed.
   */
  far = $state.raw<ReadonlyMap<number, readonly ArticleSummary[]>>(new Map());
  #farLoading = new Set<number>();
  #loadingMore: Promise<void> | null = null;

  query = $state('');
  /** `null` when not searching; otherwise the hits for `query`. */
  hits = $state.raw<SearchHit[] | null>(null);
  searchError = $state<ApiError | null>(null);

  saves = $state<PendingSave[]>([]);
  undo = $state<Undo | null>(null);
  /** Index of the row j/k have moved to; -1 until the keyboard is used, so no row looks picked by accident. */
  cursor = $state(-1);

  #listSeq = 0;
  #searchSeq = 0;
  #searchTimer: ReturnType<typeof setTimeout> | undefined;
  #undoTimer: ReturnType<typeof setTimeout> | undefined;
  #nextKey = 1;

  /** Ids ticked for a bulk action; replaced, never mutated. */
  checked = $state.raw<ReadonlySet<string>>(new Set());
  /** The row last ticked without Shift: the other end of a Shift-click range. */
  #anchor: string | null = null;

  /** Whether the library holds anything at all, not merely under this filter; drives the newcomer's empty state. */
  hasAny = $state(true);

  async refresh(): Promise<void> {
    const seq = ++this.#listSeq;
    const limit = Math.max(PAGE_SIZE, this.articles.length);
    try {
      const query = queryFor(this.filter, this.tag, this.sort, this.site);
      const [articles, tags, sites, total] = await Promise.all([
        // Keep as many rows as are showing, so an action far down the list does not cut it short.
        backend.listArticles({ ...query, limit }),
        backend.listTags(),
        backend.listSites(),
        backend.countArticles(query),
      ]);
      // An empty filtered view says nothing about the library; ask for one article of any kind.
      const hasAny =
        articles.length > 0 ||
        (await backend.listArticles({ ...queryFor('all', null), limit: 1 })).length > 0;
      if (seq !== this.#listSeq) return; // a newer filter won
      this.hasAny = hasAny;
      this.articles = articles;
      this.far = new Map();
      this.#farLoading.clear();
      this.hasMore = articles.length === limit;
      this.total = Math.max(total, articles.length);
      this.tags = tags;
      this.sites = sites;
      this.loadError = null;
      this.cursor = Math.min(this.cursor, articles.length - 1);
    } catch (error) {
      if (seq === this.#listSeq) this.loadError = ApiError.from(error);
    } finally {
      if (seq === this.#listSeq) this.loaded = true;
    }
  }

  setFilter(filter: Filter): void {
    this.clearChecked();
    this.filter = filter;
    this.cursor = -1;
    void this.refresh();
  }

  /** A row past the loaded ones, if the page holding it has been loaded on its own. */
  farRow(index: number): ArticleSummary | undefined {
    return this.far.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
  }

  /**
   * The list needs rows `start`..`end`. Near the loaded rows, load on from
   * them; far past them (a jump down the scrollbar), load just the pages in
   * view, so reaching the end of 100,000 articles costs two requests, not 500.
   */
  need(start: number, end: number): void {
    if (end <= this.articles.length) return;
    if (start <= this.articles.length + PAGE_SIZE) {
      void this.more(end);
      return;
    }
    const seq = this.#listSeq;
    const query = queryFor(this.filter, this.tag, this.sort, this.site);
    for (let page = Math.floor(start / PAGE_SIZE); page * PAGE_SIZE < end; page++) {
      if (this.far.has(page) || this.#farLoading.has(page)) continue;
      this.#farLoading.add(page);
      backend
        .listArticles({ ...query, limit: PAGE_SIZE, offset: page * PAGE_SIZE })
        .then((rows) => {
          if (seq !== this.#listSeq) return;
          this.far = new Map(this.far).set(page, rows);
        })
        .catch((error) => {
          if (seq === this.#listSeq) this.loadError = ApiError.from(error);
        })
        .finally(() => this.#farLoading.delete(page));
    }
  }

  /**
   * Appends the next rows of the current view: a page, or, when the list wants
   * row `upTo`, every row up to it in large pages. One load at a time; calls
   * during a load wait for it.
   */
  more(upTo = 0): Promise<void> {
    this.#loadingMore ??= this.#more(upTo).finally(() => (this.#loadingMore = null));
    return this.#loadingMore;
  }

  async #more(upTo: number): Promise<void> {
    const seq = this.#listSeq;
    try {
      do {
        const want = upTo >= this.articles.length + PAGE_SIZE ? JUMP_PAGE_SIZE : PAGE_SIZE;
        const page = await backend.listArticles({
          ...queryFor(this.filter, this.tag, this.sort, this.site),
          limit: want,
          offset: this.articles.length,
        });
        if (seq !== this.#listSeq) return;
        const known = new Set(this.articles.map((a) => a.id));
        this.articles = [...this.articles, ...page.filter((a) => !known.has(a.id))];
        this.hasMore = page.length === want;
        this.total = Math.max(this.total, this.articles.length);
      } while (this.hasMore && upTo >= this.articles.length);
    } catch (error) {
      if (seq === this.#listSeq) this.loadError = ApiError.from(error);
    }
  }

  setSort(sort: SortKey): void {
    this.clearChecked();
    this.sort = sort;
    void this.refresh();
  }

  setSite(site: string | null): void {
    this.clearChecked();
    this.site = site;
    this.cursor = -1;
    void this.refresh();
  }

  setTag(tag: string | null): void {
    this.clearChecked();
    this.tag = tag;
    this.cursor = -1;
    void this.refresh();
  }

  /** Ticks or unticks one row; with `range`, every row between it and the last one ticked gets the same state. */
  check(id: string, range = false): void {
    const next = new Set(this.checked);
    const on = !next.has(id);
    const ids = this.articles.map((a) => a.id);
    const from = this.#anchor ? ids.indexOf(this.#anchor) : -1;
    const to = ids.indexOf(id);
    if (range && from >= 0 && to >= 0) {
      for (const other of ids.slice(Math.min(from, to), Math.max(from, to) + 1)) {
        if (on) next.add(other);
        else next.delete(other);
      }
    } else if (on) next.add(id);
    else next.delete(id);
    this.#anchor = id;
    this.checked = next;
  }

  checkAll(): void {
    this.checked = new Set(this.articles.map((a) => a.id));
  }

  clearChecked(): void {
    this.checked = new Set();
    this.#anchor = null;
  }

  #checkedArticles(): ArticleSummary[] {
    return this.articles.filter((a) => this.checked.has(a.id));
  }

  /** Archives (or, when every ticked one is archived already, unarchives) the ticked articles; undoable. */
  async archiveChecked(): Promise<void> {
    const chosen = this.#checkedArticles();
    if (!chosen.length) return;
    const state = chosen.every((a) => a.state === 'archived') ? 'unread' : 'archived';
    this.clearChecked();
    try {
      for (const article of chosen) await backend.updateArticle(article.id, { state, favourite: null, progress: null });
      this.#offer(`${state === 'archived' ? 'Archived' : 'Moved back'} ${chosen.length} ${chosen.length === 1 ? 'article' : 'articles'}`, async () => {
        for (const article of chosen) await backend.updateArticle(article.id, { state: article.state, favourite: null, progress: null });
      });
    } catch (error) {
      this.loadError = ApiError.from(error);
    }
    await this.refresh();
  }

  /** Deletes the ticked articles (tombstones, so Undo restores them all). */
  async deleteChecked(): Promise<void> {
    const chosen = this.#checkedArticles();
    if (!chosen.length) return;
    this.clearChecked();
    const ids = new Set(chosen.map((a) => a.id));
    this.#drop(ids);
    const done: string[] = [];
    try {
      for (const article of chosen) {
        await backend.deleteArticle(article.id);
        done.push(article.id);
      }
    } catch (error) {
      this.loadError = ApiError.from(error);
    }
    if (done.length) {
      this.#offer(`Deleted ${done.length} ${done.length === 1 ? 'article' : 'articles'}`, async () => {
        for (const id of done) await backend.restoreArticle(id);
      });
    }
    await this.refresh();
  }

  /** Adds `tag` to every ticked article, keeping the tags each already has. */
  async tagChecked(tag: string): Promise<void> {
    const name = tag.trim();
    const chosen = this.#checkedArticles();
    if (!name || !chosen.length) return;
    try {
      for (const article of chosen) {
        if (!article.tags.includes(name)) this.#replace(await backend.setTags(article.id, [...article.tags, name]));
      }
      this.tags = await backend.listTags();
    } catch (error) {
      this.loadError = ApiError.from(error);
    }
  }

  /** Search as the user types: debounced, and a late answer for an old query is dropped. */
  setQuery(text: string): void {
    this.query = text;
    clearTimeout(this.#searchTimer);
    const q = text.trim();
    if (!q) {
      ++this.#searchSeq;
      this.hits = null;
      this.searchError = null;
      return;
    }
    this.#searchTimer = setTimeout(() => void this.#search(q), SEARCH_DELAY_MS);
  }

  async #search(q: string): Promise<void> {
    const seq = ++this.#searchSeq;
    try {
      const hits = await backend.search({ q, limit: 50 });
      if (seq !== this.#searchSeq) return;
      this.hits = hits;
      this.searchError = null;
      this.cursor = -1;
    } catch (error) {
      if (seq === this.#searchSeq) this.searchError = ApiError.from(error);
    }
  }

  /** Saves a pasted link. Returns false (and saves nothing) when the text is not a link. */
  addUrl(text: string): boolean {
    const url = text.trim();
    if (!looksLikeUrl(url)) return false;
    void this.#save(shortUrl(url), { url, html: null, file_name: null });
    return true;
  }

  /**
   * Saves HTML pasted from the clipboard (a copied page or selection, which
   * browsers put on the clipboard as `text/html`). Too little text to be an
   * article is refused by the core, with its code, like any other save.
   */
  addHtml(html: string, label = 'Pasted page'): void {
    void this.#save(label, { url: null, html, file_name: null });
  }

  /** Saves dropped or chosen .html files and images, one request each; anything else is refused here, by the same code the core uses. */
  async addFiles(files: Iterable<File>): Promise<void> {
    for (const file of files) {
      const refuse = (error: ApiError) => {
        this.saves = [...this.saves, { key: this.#nextKey++, label: file.name, error }];
      };
      // Photos (issue 5): an image file is saved as a photo item.
      if (isImageFile(file)) {
        await this.#saveWith(file.name, () => backend.addPhoto(file, { caption: null, url: null, date: null, file_name: file.name }));
        continue;
      }
      if (!/\.x?html?$/i.test(file.name) && file.type !== 'text/html') {
        refuse(new ApiError('not_html', `${file.name} is not an HTML file`));
        continue;
      }
      let html: string;
      try {
        html = await file.text();
      } catch (error) {
        refuse(new ApiError('invalid_input', `could not read ${file.name}: ${String(error)}`));
        continue;
      }
      await this.#save(file.name, { url: null, html, file_name: file.name });
    }
  }

  async #save(label: string, request: { url: string | null; html: string | null; file_name: string | null }) {
    await this.#saveWith(label, () => backend.addArticle(request));
  }

  async #saveWith(label: string, run: () => Promise<unknown>) {
    const key = this.#nextKey++;
    this.saves = [...this.saves, { key, label, error: null }];
    try {
      await run();
      this.saves = this.saves.filter((save) => save.key !== key);
      // A new article is unread: make sure the user can see it land.
      if (this.filter !== 'unread' && this.filter !== 'all') this.filter = 'unread';
      this.tag = null;
      this.site = null;
      await this.refresh();
    } catch (error) {
      const apiError = ApiError.from(error);
      this.saves = this.saves.map((save) => (save.key === key ? { ...save, error: apiError } : save));
    }
  }

  dismissSave(key: number): void {
    this.saves = this.saves.filter((save) => save.key !== key);
  }

  /** Takes rows out of the view at once, before the backend confirms; the total follows. */
  #drop(ids: ReadonlySet<string>): void {
    const kept = this.articles.filter((a) => !ids.has(a.id));
    this.total = Math.max(kept.length, this.total - (this.articles.length - kept.length));
    this.articles = kept;
  }

  #replace(updated: ArticleSummary): void {
    this.articles = this.articles.map((article) => (article.id === updated.id ? updated : article));
  }

  #offer(message: string, run: () => Promise<void>): void {
    clearTimeout(this.#undoTimer);
    const key = this.#nextKey++;
    this.undo = { key, message, run };
    this.#undoTimer = setTimeout(() => {
      if (this.undo?.key === key) this.undo = null;
    }, UNDO_MS);
  }

  async runUndo(): Promise<void> {
    const undo = this.undo;
    if (!undo) return;
    this.undo = null;
    try {
      await undo.run();
    } finally {
      await this.refresh();
    }
  }

  dismissUndo(): void {
    this.undo = null;
  }

  async toggleFavourite(article: ArticleSummary): Promise<void> {
    const favourite = !article.favourite;
    this.#replace({ ...article, favourite });
    try {
      this.#replace(await backend.updateArticle(article.id, { state: null, favourite, progress: null }));
    } catch (error) {
      this.#replace(article);
      this.loadError = ApiError.from(error);
    }
    if (this.filter === 'favourite') void this.refresh();
  }

  async toggleArchived(article: ArticleSummary): Promise<void> {
    const state = article.state === 'archived' ? 'unread' : 'archived';
    const leavesView = this.filter === 'unread' || this.filter === 'archived';
    if (leavesView) this.#drop(new Set([article.id]));
    else this.#replace({ ...article, state });
    try {
      const updated = await backend.updateArticle(article.id, { state, favourite: null, progress: null });
      if (!leavesView) this.#replace(updated);
      this.#offer(state === 'archived' ? `Archived “${article.title}”` : `Moved “${article.title}” back to the reading list`, async () => {
        await backend.updateArticle(article.id, { state: article.state, favourite: null, progress: null });
      });
    } catch (error) {
      this.loadError = ApiError.from(error);
      await this.refresh();
    }
  }

  async remove(article: { id: string; title: string }): Promise<void> {
    this.#drop(new Set([article.id]));
    if (this.hits) this.hits = this.hits.filter((hit) => hit.id !== article.id);
    try {
      await backend.deleteArticle(article.id);
      this.#offer(`Deleted “${article.title}”`, async () => {
        await backend.restoreArticle(article.id);
      });
    } catch (error) {
      this.loadError = ApiError.from(error);
    }
    void this.refresh();
  }

  async setTags(article: ArticleSummary, tags: string[]): Promise<void> {
    try {
      this.#replace(await backend.setTags(article.id, tags));
      this.tags = await backend.listTags();
    } catch (error) {
      this.loadError = ApiError.from(error);
    }
  }
}

export const library = new Library();
