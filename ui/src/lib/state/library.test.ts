import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ArticleSummary, ListQuery } from '../api';

// The library talks only to `backend`; replace it with an in-memory one.
const { backend } = vi.hoisted(() => {
  const rows: ArticleSummary[] = Array.from({ length: 450 }, (_, i) => ({
    id: `a${i}`,
    url: `https://example.com/${i}`,
    title: `Article ${i}`,
    site_name: null,
    bylines: [],
    published: null,
    saved_at: '2025-01-01T00:00:00Z',
    updated_at: '2025-01-01T00:00:00Z',
    reading_minutes: 3,
    word_count: 600,
    excerpt: null,
    state: 'unread',
    favourite: false,
    progress: 0,
    tags: [],
    lead_image: null,
    lead_photo: null,
    kind: 'article' as const,
    photo: null,
  }));
  const backend = {
    listArticles: vi.fn(async (q: ListQuery) =>
      rows.slice(q.offset ?? 0, (q.offset ?? 0) + (q.limit ?? rows.length)),
    ),
    listTags: vi.fn(async () => []),
    listSites: vi.fn(async () => []),
    countArticles: vi.fn(async () => rows.length),
    search: vi.fn(),
    deleteArticle: vi.fn(async (_id: string) => undefined),
    restoreArticle: vi.fn(async (_id: string) => undefined),
    setTags: vi.fn(async (id: string, tags: string[]) => ({ ...rows[Number(id.slice(1))]!, tags })),
  };
  return { backend };
});

// Not the real index: that picks a transport from `window`, which tests do not have.
vi.mock('../api', async () => ({ ...(await import('../api/errors')), backend }));

const { Library, PAGE_SIZE } = await import('./library.svelte');

describe('Library', () => {
  beforeEach(() => vi.clearAllMocks());

  it('pages through a long list without repeating rows', async () => {
    const library = new Library();
    await library.refresh();
    expect(library.articles).toHaveLength(PAGE_SIZE);
    expect(library.hasMore).toBe(true);
    await library.more();
    await library.more();
    expect(library.articles).toHaveLength(450);
    expect(new Set(library.articles.map((a) => a.id)).size).toBe(450);
    expect(library.hasMore).toBe(false);
  });

  it('counts the whole view and loads straight up to a row far past the loaded ones', async () => {
    const library = new Library();
    await library.refresh();
    expect(library.total).toBe(450);
    await library.more(420);
    expect(library.articles.length).toBeGreaterThan(420);
    expect(new Set(library.articles.map((a) => a.id)).size).toBe(library.articles.length);
    const calls = backend.listArticles.mock.calls.length;
    await Promise.all([library.more(), library.more()]);
    expect(backend.listArticles.mock.calls.length - calls).toBeLessThanOrEqual(1);
  });

  it('loads only the pages in view after a jump far past the loaded rows', async () => {
    const library = new Library();
    await library.refresh();
    const calls = backend.listArticles.mock.calls.length;
    library.need(420, 440);
    await vi.waitFor(() => expect(library.farRow(439)?.id).toBe('a439'));
    expect(library.farRow(420)?.id).toBe('a420');
    expect(library.articles).toHaveLength(PAGE_SIZE);
    expect(backend.listArticles.mock.calls.slice(calls).map(([q]) => q.offset)).toEqual([400]);
    library.need(420, 440);
    expect(backend.listArticles.mock.calls.length - calls).toBe(1);
  });

  it('keeps every shown row after a refresh', async () => {
    const library = new Library();
    await library.refresh();
    await library.more();
    await library.refresh();
    expect(library.articles).toHaveLength(2 * PAGE_SIZE);
  });

  it('drops a late search answer for an older query', async () => {
    vi.useFakeTimers();
    let answerOld: (hits: unknown[]) => void = () => {};
    backend.search
      .mockImplementationOnce(() => new Promise((ok) => (answerOld = ok)))
      .mockImplementationOnce(async () => [{ id: 'new', title: 'New', site_name: null, snippet: 'new' }]);
    const library = new Library();
    library.setQuery('old');
    await vi.runAllTimersAsync();
    library.setQuery('new');
    await vi.runAllTimersAsync();
    answerOld([{ id: 'old', title: 'Old', site_name: null, snippet: 'old' }]);
    await vi.runAllTimersAsync();
    expect(library.hits?.map((h) => h.id)).toEqual(['new']);
    vi.useRealTimers();
  });

  it('refuses dropped files that are not HTML without asking the backend', async () => {
    const library = new Library();
    await library.addFiles([new File(['x'], 'notes.txt', { type: 'text/plain' })]);
    expect(library.saves[0]?.error?.code).toBe('not_html');
  });

  it('offers to undo a delete, and undoing restores', async () => {
    const library = new Library();
    await library.refresh();
    await library.remove({ id: 'a1', title: 'Article 1' });
    expect(backend.deleteArticle).toHaveBeenCalledWith('a1');
    expect(library.undo?.message).toContain('Article 1');
    await library.runUndo();
    expect(backend.restoreArticle).toHaveBeenCalledWith('a1');
    expect(library.undo).toBeNull();
  });

  it('Shift-click ticks the whole range since the last tick, and unticks it the same way', async () => {
    const library = new Library();
    await library.refresh();
    library.check('a2');
    library.check('a6', true);
    expect([...library.checked].sort()).toEqual(['a2', 'a3', 'a4', 'a5', 'a6']);
    library.check('a4');
    library.check('a3', true);
    expect([...library.checked].sort()).toEqual(['a2', 'a5', 'a6']);
    library.setSort('title');
    expect(library.checked.size, 'a new view starts with nothing ticked').toBe(0);
  });

  it('deletes the ticked articles as one undoable action', async () => {
    const library = new Library();
    await library.refresh();
    library.check('a1');
    library.check('a3', true);
    await library.deleteChecked();
    expect(backend.deleteArticle.mock.calls.map(([id]) => id)).toEqual(['a1', 'a2', 'a3']);
    expect(library.undo?.message).toBe('Deleted 3 articles');
    expect(library.checked.size).toBe(0);
    await library.runUndo();
    expect(backend.restoreArticle.mock.calls.map(([id]) => id)).toEqual(['a1', 'a2', 'a3']);
  });

  it('bulk tagging adds the tag and keeps the ones each article has', async () => {
    const library = new Library();
    await library.refresh();
    library.check('a7');
    library.check('a8');
    await library.tagChecked(' later ');
    expect(backend.setTags).toHaveBeenCalledWith('a7', ['later']);
    expect(backend.setTags).toHaveBeenCalledWith('a8', ['later']);
    expect(library.articles.find((a) => a.id === 'a8')?.tags).toEqual(['later']);
  });
});
