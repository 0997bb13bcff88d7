/**
 * The contract between the UI and whatever serves the library. Two
 * implementations: `tauri.ts` (IPC inside the desktop app) and `http.ts`
 * (`fetch` to `quire serve`, which is also what the Playwright tests drive).
 * Method names and arguments mirror the Rust `quire_api::Api` one to one.
 */
import type { AddRequest } from './generated/AddRequest';
import type { ArticleDetail } from './generated/ArticleDetail';
import type { ArticlePatch } from './generated/ArticlePatch';
import type { ArticleSummary } from './generated/ArticleSummary';
import type { ListQuery } from './generated/ListQuery';
import type { SearchHit } from './generated/SearchHit';
import type { SearchQuery } from './generated/SearchQuery';
import type { TagCount } from './generated/TagCount';
import type { AddPhotoRequest } from './generated/AddPhotoRequest';
import type { PhotoRetry } from './generated/PhotoRetry';

export interface Backend {
  /** Which transport this is; shown nowhere, useful in tests and bug reports. */
  readonly kind: 'tauri' | 'http';
  listArticles(query: ListQuery): Promise<ArticleSummary[]>;
  getArticle(id: string): Promise<ArticleDetail>;
  addArticle(request: AddRequest): Promise<ArticleSummary>;
  updateArticle(id: string, patch: ArticlePatch): Promise<ArticleSummary>;
  deleteArticle(id: string): Promise<void>;
  restoreArticle(id: string): Promise<ArticleSummary>;
  setTags(id: string, tags: string[]): Promise<ArticleSummary>;
  search(query: SearchQuery): Promise<SearchHit[]>;
  listTags(): Promise<TagCount[]>;
  // Photos (issue 5)
  /** Saves an image file as a photo item. */
  addPhoto(file: Blob, request: AddPhotoRequest): Promise<ArticleSummary>;
  /** Fetches the article's failed photos again. */
  retryArticlePhotos(id: string): Promise<PhotoRetry>;
  /** Where the UI loads one rendition of a stored photo from. */
  photoUrl(hash: string, size: 'thumb' | 'display' | 'original'): string;
  /** Opens an article's original page outside Quire (system browser or new tab). */
  openExternal(url: string): Promise<void>;
}
