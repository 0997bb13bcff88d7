import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AnnotationQuery, LibraryAnnotation } from '../api';

// The state talks only to `backend`; an in-memory one answers with fixed items.
const { backend, store } = vi.hoisted(() => {
  const store = { items: [] as LibraryAnnotation[], queries: [] as AnnotationQuery[] };
  const backend = {
    libraryAnnotations: vi.fn(async (query: AnnotationQuery) => {
      store.queries.push(query);
      return store.items.filter((item) => !query.kind || item.kind === query.kind);
    }),
  };
  return { backend, store };
});

vi.mock('../api', async () => ({ ...(await import('../api/errors')), backend }));

const { LibraryAnnotations, itemId } = await import('./highlights.svelte');

const stamp = { created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z' };
const highlight = (id: string, article: string, tags: string[] = []): LibraryAnnotation => ({
  kind: 'highlight',
  highlight: {
    id,
    article_id: article,
    exact: `quote ${id}`,
    prefix: '',
    suffix: '',
    start: 0,
    end: 1,
    color: 'yellow',
    note: null,
    note_html: null,
    tags,
    orphan: false,
    ...stamp,
  },
  note: null,
  article_title: `Article ${article}`,
  article_url: '',
  snippet: null,
});
const pageNote = (id: string, article: string): LibraryAnnotation => ({
  kind: 'note',
  highlight: null,
  note: { id, article_id: article, body: 'a *note*', body_html: '<p>a <em>note</em></p>', ...stamp },
  article_title: `Article ${article}`,
  article_url: '',
  snippet: null,
});

beforeEach(() => {
  store.items = [highlight('h1', 'a1', ['sea']), pageNote('n1', 'a2'), highlight('h2', 'a2')];
  store.queries = [];
});

describe('LibraryAnnotations', () => {
  it('lists highlights and page notes, offering the articles and tags they have', async () => {
    const view = new LibraryAnnotations();
    await view.refresh();
    expect(view.results.map(itemId)).toEqual(['h1', 'n1', 'h2']);
    expect(view.articles.map((a) => a.id)).toEqual(['a1', 'a2']);
    expect(view.tags).toEqual(['sea']);
  });

  it('asks the server for one kind when filtered', async () => {
    const view = new LibraryAnnotations();
    view.setFilter({ kind: 'note' });
    await vi.waitFor(() => expect(view.results.map(itemId)).toEqual(['n1']));
    expect(store.queries.at(-1)?.kind).toBe('note');
  });

  it('turns picked items into an export selection, split by kind, kept across filters', async () => {
    const view = new LibraryAnnotations();
    await view.refresh();
    const [h1, n1, h2] = view.results;
    view.togglePick(h1!);
    view.togglePick(n1!);
    view.togglePick(h2!);
    view.togglePick(h2!);
    expect(view.selection()).toEqual({ highlights: ['h1'], notes: ['n1'] });
    view.setFilter({ kind: 'note' });
    await vi.waitFor(() => expect(view.results).toHaveLength(1));
    expect(view.selection()).toEqual({ highlights: ['h1'], notes: ['n1'] });
  });

  it('picks every shown item, and a second time none of them', async () => {
    const view = new LibraryAnnotations();
    await view.refresh();
    view.pickAllShown();
    expect(view.picked.size).toBe(3);
    view.pickAllShown();
    expect(view.picked.size).toBe(0);
  });
});
