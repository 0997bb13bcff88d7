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

// Highlights and notes (issue 6)
const highlight = (id: string) => `/api/highlights/${encodeURIComponent(id)}`;
const note = (id: string) => `/api/notes/${encodeURIComponent(id)}`;

/** Fetches an export: the body is the file itself (CSV, Markdown, ...), not JSON, unless it is an error. */
async function exportText(path: string, body?: unknown): Promise<string> {
  let response: Response;
  try {
    response = await fetch(
      path,
      body === undefined
        ? undefined
        : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
    );
  } catch (error) {
    throw new ApiError('unreachable', `Quire's server did not answer (${String(error)})`);
  }
  const text = await response.text();
  if (!response.ok) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (isErrorBody(parsed)) throw new ApiError(parsed.code, parsed.message);
    throw new ApiError('internal', `${body === undefined ? 'GET' : 'POST'} ${path} failed: ${response.status} ${response.statusText}`);
  }
  return text;
}

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
  countArticles: async (query) =>
    (await request<{ total: number }>('GET', `/api/articles/count${queryString({ ...query, limit: null, offset: null })}`)).total,
  listSites: () => request('GET', '/api/sites'),
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
  // Browser clipping (issue 7); the session cookie set with this page authorises these.
  listPairings: () => request('GET', '/api/pairings'),
  approvePairing: (id) => request('POST', `/api/pairings/${encodeURIComponent(id)}/approve`),
  denyPairing: (id) => request('POST', `/api/pairings/${encodeURIComponent(id)}/deny`),
  listTokens: () => request('GET', '/api/tokens'),
  revokeToken: (id) => request('DELETE', `/api/tokens/${encodeURIComponent(id)}`),

  // Highlights and notes (issue 6)
  articleAnnotations: (id) => request('GET', `${article(id)}/annotations`),
  addHighlight: (articleId, body) => request('POST', `${article(articleId)}/highlights`, body),
  updateHighlight: (id, patch) => request('PATCH', highlight(id), patch),
  deleteHighlight: (id) => request('DELETE', highlight(id)),
  addNote: (articleId, body) => request('POST', `${article(articleId)}/notes`, body),
  updateNote: (id, patch) => request('PATCH', note(id), patch),
  deleteNote: (id) => request('DELETE', note(id)),
  libraryHighlights: (query) => request('GET', `/api/highlights${queryString(query)}`),
  exportArticle: (id, format) => exportText(`${article(id)}/export${queryString({ format })}`),
  exportLibrary: (format) => exportText(`/api/export${queryString({ format })}`),
  libraryAnnotations: (query) => request('GET', `/api/annotations${queryString(query)}`),
  exportSelection: (format, selection) => exportText(`/api/export/selection${queryString({ format })}`, selection),
  // Imports (issue 8)
  importFile: (file) => upload(`/api/import${queryString({ name: file.name })}`, file),
  listImportJobs: () => request('GET', '/api/import/jobs'),
  getImportJob: (id) => request('GET', `/api/import/jobs/${encodeURIComponent(id)}`),
  retryImportJob: (id) => request('POST', `/api/import/jobs/${encodeURIComponent(id)}/retry`),
};

// Imports (issue 8)
/** Sends a file as the raw request body (the browser streams it; it is never JSON-encoded). */
async function upload<T>(path: string, file: File): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: file });
  } catch (error) {
    throw new ApiError('unreachable', `Quire's server did not answer (${String(error)})`);
  }
  const parsed: unknown = await response.json().catch(() => undefined);
  if (!response.ok) {
    if (isErrorBody(parsed)) throw new ApiError(parsed.code, parsed.message);
    throw new ApiError('internal', `POST ${path} failed: ${response.status} ${response.statusText}`);
  }
  return parsed as T;
}
