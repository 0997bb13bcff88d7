/**
 * The UI's only door to the library. Inside the desktop app Tauri injects
 * `window.__TAURI_INTERNALS__` before any script runs, so the choice is made
 * once, at load.
 */
import type { Backend } from './backend';
import { httpBackend } from './http';
import { tauriBackend } from './tauri';

export type { Backend } from './backend';
export { ApiError } from './errors';
export type { KnownErrorCode } from './errors';
export type { AddRequest } from './generated/AddRequest';
export type { ArticleDetail } from './generated/ArticleDetail';
export type { ArticlePatch } from './generated/ArticlePatch';
export type { ArticleState } from './generated/ArticleState';
export type { ArticleSummary } from './generated/ArticleSummary';
export type { ErrorBody } from './generated/ErrorBody';
export type { ListQuery } from './generated/ListQuery';
export type { SearchHit } from './generated/SearchHit';
export type { SearchQuery } from './generated/SearchQuery';
export type { SortKey } from './generated/SortKey';
export type { TagCount } from './generated/TagCount';
// Photos (issue 5)
export type { AddPhotoRequest } from './generated/AddPhotoRequest';
export type { ArticlePhoto } from './generated/ArticlePhoto';
export type { ItemKind } from './generated/ItemKind';

export function pickBackend(): Backend {
  return '__TAURI_INTERNALS__' in window ? tauriBackend : httpBackend;
}

export const backend: Backend = pickBackend();
