/**
 * `Backend` over HTTP to `quire serve`, same origin as the page. Errors arrive
 * as an `ErrorBody` with a 4xx/5xx status.
 */
import type { Backend } from './backend';
import { ApiError, isErrorBody } from './errors';
import type { ListQuery } from './generated/ListQuery';
import type { ArticleSummary } from './generated/ArticleSummary';

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: body === undefined ? undefined : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new ApiError('unreachable', `Quire's server did not answer (${String(error)})`);
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
  }
  if (!response.ok) {
    if (isErrorBody(parsed)) throw new ApiError(parsed.code, parsed.message);
    throw new ApiError('internal', `${method} ${path} failed: ${response.status} ${response.statusText}`);
  }
  return parsed as T;
}

/** `?key=value` for every field that is set; `null` means "no filter". */
function queryString(params: Record<string, string | number | boolean | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

const article = (id: string) => `/api/articles/${encodeURIComponent(id)}`;

export const httpBackend: Backend = {
  kind: 'http',
  listArticles: (query: ListQuery) => request('GET', `/api/articles${queryString(query)}`),
  getArticle: (id) => request('GET', article(id)),
  addArticle: (body) => request('POST', '/api/articles', body),
  updateArticle: (id, patch) => request('PATCH', article(id), patch),
  deleteArticle: (id) => request('DELETE', article(id)),
  restoreArticle: (id) => request('POST', `${article(id)}/restore`),
  setTags: (id, tags) => request('PUT', `${article(id)}/tags`, { tags }),
  search: (query) => request('GET', `/api/search${queryString(query)}`),
  listTags: () => request('GET', '/api/tags'),
  // Photos (issue 5)
  addPhoto: async (file, photo) => {
    const type = file.type.startsWith('image/') ? file.type : 'image/jpeg';
    let response: Response;
    try {
      response = await fetch(`/api/photos${queryString(photo)}`, { method: 'POST', headers: { 'content-type': type }, body: file });
    } catch (error) {
      throw new ApiError('unreachable', `Quire's server did not answer (${String(error)})`);
    }
    const parsed: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      if (isErrorBody(parsed)) throw new ApiError(parsed.code, parsed.message);
      throw new ApiError('internal', `POST /api/photos failed: ${response.status} ${response.statusText}`);
    }
    return parsed as ArticleSummary;
  },
  retryArticlePhotos: (id) => request('POST', `${article(id)}/photos/retry`),
  photoUrl: (hash, size) => `/photos/${encodeURIComponent(hash)}?size=${size}`,
  openExternal: async (url) => {
    window.open(url, '_blank', 'noopener,noreferrer');
  },
};
