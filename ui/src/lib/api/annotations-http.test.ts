// Highlights and notes (issue 6): the HTTP transport's routes, verbs and bodies.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { httpBackend } from './http';

function answer(status: number, body?: string) {
  return vi.fn(async (_url: string, _init?: RequestInit) => new Response(body ?? null, { status }));
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('httpBackend highlights and notes', () => {
  it('uses the contract’s routes and verbs', async () => {
    const fetch = answer(200, '{}');
    vi.stubGlobal('fetch', fetch);
    const anchor = { exact: 'a', prefix: '', suffix: '', start: 0, end: 1 };
    await httpBackend.articleAnnotations('a/1');
    await httpBackend.addHighlight('a1', { ...anchor, color: 'blue', note: null, tags: [] });
    await httpBackend.updateHighlight('h1', { color: null, note: '', tags: null, reattach: anchor });
    await httpBackend.addNote('a1', { body: 'n' });
    await httpBackend.updateNote('n1', { body: 'm' });
    const calls = fetch.mock.calls.map(([url, init]) => [init?.method, url, init?.body ? JSON.parse(init.body as string) : null]);
    expect(calls).toEqual([
      ['GET', '/api/articles/a%2F1/annotations', null],
      ['POST', '/api/articles/a1/highlights', { ...anchor, color: 'blue', note: null, tags: [] }],
      ['PATCH', '/api/highlights/h1', { color: null, note: '', tags: null, reattach: anchor }],
      ['POST', '/api/articles/a1/notes', { body: 'n' }],
      ['PATCH', '/api/notes/n1', { body: 'm' }],
    ]);
  });

  it('deletes with 204 and no body', async () => {
    const fetch = answer(204);
    vi.stubGlobal('fetch', fetch);
    await expect(httpBackend.deleteHighlight('h1')).resolves.toBeUndefined();
    await expect(httpBackend.deleteNote('n1')).resolves.toBeUndefined();
    expect(fetch.mock.calls.map(([url, init]) => `${init?.method} ${url}`)).toEqual([
      'DELETE /api/highlights/h1',
      'DELETE /api/notes/n1',
    ]);
  });

  it('sends only the library query fields that are set', async () => {
    const fetch = answer(200, '[]');
    vi.stubGlobal('fetch', fetch);
    await httpBackend.libraryHighlights({ q: 'ink & paper', color: 'pink', tag: null, article: null, sort: 'article', limit: 50, offset: null });
    expect(fetch.mock.calls[0]?.[0]).toBe('/api/highlights?q=ink+%26+paper&color=pink&sort=article&limit=50');
  });

  it('returns exports as text, not JSON, and their errors by code', async () => {
    vi.stubGlobal('fetch', answer(200, 'Highlight,Title\n"a, b",T\n'));
    await expect(httpBackend.exportArticle('a1', 'readwise-csv')).resolves.toBe('Highlight,Title\n"a, b",T\n');
    const fetch = answer(404, JSON.stringify({ code: 'not_found', message: 'no article' }));
    vi.stubGlobal('fetch', fetch);
    await expect(httpBackend.exportLibrary('w3c-jsonld')).rejects.toMatchObject({ code: 'not_found' });
    expect(fetch.mock.calls[0]?.[0]).toBe('/api/export?format=w3c-jsonld');
  });

  it('lists annotations (highlights and page notes) with their kind and posts a selection to export', async () => {
    const fetch = answer(200, 'a,b');
    vi.stubGlobal('fetch', fetch);
    await httpBackend.libraryAnnotations({ q: 'ink', kind: 'note', color: null, tag: null, article: null, sort: null, limit: 10, offset: null });
    await httpBackend.exportSelection('markdown', { highlights: ['h1', 'h2'], notes: ['n1'] });
    const [list, selection] = fetch.mock.calls;
    expect(list?.[0]).toBe('/api/annotations?q=ink&kind=note&limit=10');
    expect([selection?.[1]?.method, selection?.[0], JSON.parse(selection?.[1]?.body as string)]).toEqual([
      'POST',
      '/api/export/selection?format=markdown',
      { highlights: ['h1', 'h2'], notes: ['n1'] },
    ]);
  });
});
