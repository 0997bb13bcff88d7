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

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
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
};
