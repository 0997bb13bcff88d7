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
export type { SiteCount } from './generated/SiteCount';
export type { SortKey } from './generated/SortKey';
export type { TagCount } from './generated/TagCount';
export type { PairingRequest } from './generated/PairingRequest';
export type { TokenInfo } from './generated/TokenInfo';
// Highlights and notes (issue 6)
export type { ExportFormat, LibraryExportFormat } from './backend';
export type { Anchor } from './generated/Anchor';
export type { ArticleAnnotations } from './generated/ArticleAnnotations';
export type { Highlight } from './generated/Highlight';
export type { HighlightColor } from './generated/HighlightColor';
export type { HighlightPatch } from './generated/HighlightPatch';
export type { HighlightQuery } from './generated/HighlightQuery';
export type { HighlightSort } from './generated/HighlightSort';
export type { LibraryHighlight } from './generated/LibraryHighlight';
export type { NewHighlight } from './generated/NewHighlight';
export type { NewNote } from './generated/NewNote';
export type { Note } from './generated/Note';
export type { NotePatch } from './generated/NotePatch';
export type { AnnotationKind } from './generated/AnnotationKind';
export type { AnnotationQuery } from './generated/AnnotationQuery';
export type { ExportSelection } from './generated/ExportSelection';
export type { LibraryAnnotation } from './generated/LibraryAnnotation';
// Imports (issue 8)
export type { ImportFailure } from './generated/ImportFailure';
export type { ImportJob } from './generated/ImportJob';
export type { ImportStarted } from './generated/ImportStarted';
// Photos (issue 5)
export type { AddPhotoRequest } from './generated/AddPhotoRequest';
export type { ArticlePhoto } from './generated/ArticlePhoto';
export type { ItemKind } from './generated/ItemKind';

export function pickBackend(): Backend {
  return '__TAURI_INTERNALS__' in window ? tauriBackend : httpBackend;
}

export const backend: Backend = pickBackend();
