/** `Backend` over Tauri IPC: each method is one `invoke` of the command of the same name. */
import { invoke } from '@tauri-apps/api/core';
import type { Backend } from './backend';
import { ApiError } from './errors';

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
  getArticle: (id) => call('get_article', { id }),
  addArticle: (request) => call('add_article', { request }),
  updateArticle: (id, patch) => call('update_article', { id, patch }),
  deleteArticle: (id) => call('delete_article', { id }),
  restoreArticle: (id) => call('restore_article', { id }),
  setTags: (id, tags) => call('set_tags', { id, tags }),
  search: (query) => call('search', { query }),
  listTags: () => call('list_tags'),
  // The opener plugin's command, called directly rather than through its npm wrapper.
  openExternal: (url) => call('plugin:opener|open_url', { url }),
};
