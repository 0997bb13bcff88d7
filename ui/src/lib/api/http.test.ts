import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from './errors';
import { httpBackend } from './http';

function answer(status: number, body?: unknown) {
  return vi.fn(
    async (_url: string, _init?: RequestInit) =>
      new Response(body === undefined ? null : JSON.stringify(body), { status }),
  );
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('httpBackend', () => {
  it('sends only the list filters that are set', async () => {
    const fetch = answer(200, []);
    vi.stubGlobal('fetch', fetch);
    await httpBackend.listArticles({
      state: 'unread',
      favourite: null,
      tag: 'rust & c',
      site: null,
      has_highlights: null,
      sort: 'saved',
      limit: 20,
      offset: null,
    });
    expect(fetch).toHaveBeenCalledWith('/api/articles?state=unread&tag=rust+%26+c&sort=saved&limit=20', expect.anything());
  });

  it('escapes ids in paths', async () => {
    const fetch = answer(200, {});
    vi.stubGlobal('fetch', fetch);
    await httpBackend.getArticle('a/b?c');
    expect(fetch.mock.calls[0]?.[0]).toBe('/api/articles/a%2Fb%3Fc');
  });

  it('sends JSON bodies with the verb the route expects', async () => {
    const fetch = answer(200, {});
    vi.stubGlobal('fetch', fetch);
    await httpBackend.setTags('x', ['one', 'two']);
    const [url, init] = fetch.mock.calls[0] ?? [];
    expect(url).toBe('/api/articles/x/tags');
    expect(init?.method).toBe('PUT');
    expect(JSON.parse(init?.body as string)).toEqual({ tags: ['one', 'two'] });
  });

  it('treats 204 as success with no body', async () => {
    vi.stubGlobal('fetch', answer(204));
    await expect(httpBackend.deleteArticle('x')).resolves.toBeUndefined();
  });

  it('throws the server’s {code, message} as an ApiError', async () => {
    vi.stubGlobal('fetch', answer(404, { code: 'not_found', message: 'no article with id x' }));
    const error = await httpBackend.getArticle('x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'not_found', message: 'no article with id x' });
  });

  it('still throws an ApiError when the error body is not JSON', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => new Response('Bad Gateway', { status: 502, statusText: 'Bad Gateway' })));
    await expect(httpBackend.listTags()).rejects.toMatchObject({ code: 'internal' });
  });

  it('reports an unreachable server by its own code', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))));
    await expect(httpBackend.listTags()).rejects.toMatchObject({ code: 'unreachable' });
  });
});

describe('ApiError.from', () => {
  it('keeps the code of an IPC rejection', () => {
    expect(ApiError.from({ code: 'invalid_url', message: 'bad' })).toMatchObject({ code: 'invalid_url', message: 'bad' });
  });

  it('wraps anything else as internal', () => {
    expect(ApiError.from('boom').code).toBe('internal');
    expect(ApiError.from(new Error('boom')).message).toBe('boom');
  });
});

// Imports (issue 8)
describe('httpBackend imports', () => {
  it('uploads the file as the raw body, its name in the query', async () => {
    const fetch = answer(202, { job_id: 'j1' });
    vi.stubGlobal('fetch', fetch);
    const file = new File(['title,url\n'], 'pocket export.csv');
    expect(await httpBackend.importFile(file)).toEqual({ job_id: 'j1' });
    const [url, init] = fetch.mock.calls[0] ?? [];
    expect(url).toBe('/api/import?name=pocket+export.csv');
    expect(init?.method).toBe('POST');
    expect(init?.body).toBe(file);
  });

  it('turns a refused upload into its code', async () => {
    vi.stubGlobal('fetch', answer(400, { code: 'unknown_format', message: 'not an export' }));
    await expect(httpBackend.importFile(new File(['x'], 'x.txt'))).rejects.toMatchObject({ code: 'unknown_format' });
  });
});
