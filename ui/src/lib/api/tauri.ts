/** `Backend` over Tauri IPC: each method is one `invoke` of the command of the same name. */
import { convertFileSrc, invoke } from '@tauri-apps/api/core';
import type { Backend } from './backend';
import { ApiError } from './errors';
import type { ArticleDetail } from './generated/ArticleDetail';

/**
 * The core writes stored photos as `/photos/<hash>`, right for `quire serve`.
 * In the window the page's own origin serves only the UI, so they are served
 * by the app's `quire:` scheme instead (`quire://localhost/` on Linux and
 * macOS, `http://quire.localhost/` on Windows; Tauri knows which).
 */
const PHOTO_PATH = '/photos/';

function photosFromScheme(article: ArticleDetail): ArticleDetail {
  const base = convertFileSrc('', 'quire').replace(/\/$/, '');
  const local = (src: string | null) => (src?.startsWith(PHOTO_PATH) ? base + src : src);
  if (!article.content_html.includes(PHOTO_PATH) && !article.lead_image?.startsWith(PHOTO_PATH)) return article;
  // Parsing (inert: no scripts run, nothing loads) rewrites attributes only, never text that mentions the path.
  const doc = new DOMParser().parseFromString(article.content_html, 'text/html');
  for (const img of doc.querySelectorAll<HTMLImageElement>(`img[src^="${PHOTO_PATH}"]`)) {
    img.setAttribute('src', local(img.getAttribute('src')) ?? '');
  }
  return { ...article, content_html: doc.body.innerHTML, lead_image: local(article.lead_image) };
}

async function call<T>(
  command: string,
  args?: Record<string, unknown> | Uint8Array,
  options?: { headers: Record<string, string> },
): Promise<T> {
  try {
    return await invoke<T>(command, args, options);
  } catch (error) {
    // Commands reject with the serialised `{code, message}`.
    throw ApiError.from(error);
  }
}

export const tauriBackend: Backend = {
  kind: 'tauri',
  listArticles: (query) => call('list_articles', { query }),
  getArticle: async (id) => photosFromScheme(await call<ArticleDetail>('get_article', { id })),
  addArticle: (request) => call('add_article', { request }),
  updateArticle: (id, patch) => call('update_article', { id, patch }),
  deleteArticle: (id) => call('delete_article', { id }),
  restoreArticle: (id) => call('restore_article', { id }),
  setTags: (id, tags) => call('set_tags', { id, tags }),
  search: (query) => call('search', { query }),
  listTags: () => call('list_tags'),
  countArticles: (query) => call('count_articles', { query }),
  listSites: () => call('list_sites'),
  // Photos (issue 5): raw bytes as the body; the request as ASCII-only JSON in a header.
  addPhoto: async (file, photo) => {
    const json = JSON.stringify(photo).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    try {
      return await invoke('add_photo', new Uint8Array(await file.arrayBuffer()), { headers: { 'x-quire-photo': json } });
    } catch (error) {
      throw ApiError.from(error);
    }
  },
  retryArticlePhotos: (id) => call('retry_article_photos', { id }),
  photoUrl: (hash, size) => `${convertFileSrc('', 'quire').replace(/\/$/, '')}${PHOTO_PATH}${encodeURIComponent(hash)}?size=${size}`,
  // The opener plugin's command, called directly rather than through its npm wrapper.
  openExternal: (url) => call('plugin:opener|open_url', { url }),
  // Browser clipping (issue 7)
  listPairings: () => call('list_pairings'),
  approvePairing: (pairingId) => call('approve_pairing', { pairingId }),
  denyPairing: (pairingId) => call('deny_pairing', { pairingId }),
  listTokens: () => call('list_tokens'),
  revokeToken: (id) => call('revoke_token', { id }),

  // Highlights and notes (issue 6): argument names are the commands' parameters in camelCase.
  articleAnnotations: (id) => call('article_annotations', { id }),
  addHighlight: (articleId, highlight) => call('add_highlight', { id: articleId, highlight }),
  updateHighlight: (id, patch) => call('update_highlight', { id, patch }),
  deleteHighlight: (id) => call('delete_highlight', { id }),
  addNote: (articleId, note) => call('add_note', { id: articleId, note }),
  updateNote: (id, patch) => call('update_note', { id, patch }),
  deleteNote: (id) => call('delete_note', { id }),
  libraryHighlights: (query) => call('library_highlights', { query }),
  exportArticle: (id, format) => call('export_article', { id, format }),
  exportLibrary: (format) => call('export_library', { format }),
  libraryAnnotations: (query) => call('library_annotations', { query }),
  exportSelection: (format, selection) => call('export_selection', { format, selection }),
  // Imports (issue 8): the file's bytes are the raw IPC body; header values must be ASCII.
  importFile: async (file) =>
    call('import_file', new Uint8Array(await file.arrayBuffer()), {
      headers: { 'x-file-name': file.name.replace(/[^\x20-\x7e]/g, '_') },
    }),
  listImportJobs: () => call('list_import_jobs'),
  getImportJob: (id) => call('get_import_job', { id }),
  retryImportJob: (id) => call('retry_import_job', { id }),
};
