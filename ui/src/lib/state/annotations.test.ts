import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Highlight, NewHighlight } from '../api';

// The state talks only to `backend`; replace it with an in-memory one that behaves like the server.
const { backend, store } = vi.hoisted(() => {
  const store = { highlights: [] as Highlight[], fail: null as null | { code: string; message: string } };
  let next = 0;
  const backend = {
    articleAnnotations: vi.fn(async () => ({ highlights: [...store.highlights], notes: [] })),
    addHighlight: vi.fn(async (articleId: string, h: NewHighlight) => {
      if (store.fail) throw store.fail;
      const created: Highlight = {
        ...h,
        note_html: h.note,
        id: `h${next++}`,
        article_id: articleId,
        orphan: false,
        created_at: '2026-01-01T00:00:00Z',
        updated_at: '2026-01-01T00:00:00Z',
      };
      store.highlights.push(created);
      return created;
    }),
    updateHighlight: vi.fn(async (id: string, patch: { color: string | null; reattach: object | null }) => {
      const found = store.highlights.find((h) => h.id === id)!;
      Object.assign(found, patch.color ? { color: patch.color } : {}, patch.reattach ? { ...patch.reattach, orphan: false } : {});
      return { ...found };
    }),
    deleteHighlight: vi.fn(async () => undefined),
  };
  return { backend, store };
});

vi.mock('../api', async () => ({ ...(await import('../api/errors')), backend }));

const { ArticleAnnotations, parseTags } = await import('./annotations.svelte');

const anchor = (start: number) => ({ exact: 'x', prefix: '', suffix: '', start, end: start + 1 });

beforeEach(() => {
  store.highlights = [];
  store.fail = null;
});

describe('ArticleAnnotations', () => {
  it('keeps highlights in reading order, orphans last, as they are added and re-attached', async () => {
    const state = new ArticleAnnotations('a1');
    await state.load();
    const late = await state.addHighlight(anchor(50), 'yellow');
    await state.addHighlight(anchor(10), 'green');
    expect(state.highlights.map((h) => h.start)).toEqual([10, 50]);
    store.highlights.find((h) => h.id === late!.id)!.orphan = true;
    await state.load();
    store.highlights[0]!.orphan = true;
    await state.load();
    expect(state.highlights.map((h) => [h.start, h.orphan])).toEqual([
      [10, false],
      [50, true],
    ]);
    await state.reattach(late!.id, anchor(5));
    expect(state.highlights.map((h) => [h.start, h.orphan])).toEqual([
      [5, false],
      [10, false],
    ]);
  });

  it('keeps the error by code and clears it on the next success', async () => {
    const state = new ArticleAnnotations('a1');
    store.fail = { code: 'invalid_highlight', message: 'empty' };
    expect(await state.addHighlight(anchor(1), 'blue')).toBeNull();
    expect(state.error?.code).toBe('invalid_highlight');
    store.fail = null;
    await state.addHighlight(anchor(1), 'blue');
    expect(state.error).toBeNull();
  });

  it('sends only the fields that change', async () => {
    const state = new ArticleAnnotations('a1');
    const created = await state.addHighlight(anchor(1), 'blue');
    await state.updateHighlight(created!.id, { color: 'pink' });
    expect(backend.updateHighlight).toHaveBeenLastCalledWith(created!.id, { color: 'pink', note: null, tags: null, reattach: null });
  });
});

describe('parseTags', () => {
  it('splits on commas, trims, drops empties and duplicates', () => {
    expect(parseTags(' ink, paper ,, ink ,')).toEqual(['ink', 'paper']);
  });
});
