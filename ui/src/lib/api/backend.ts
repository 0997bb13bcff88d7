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
import type { SiteCount } from './generated/SiteCount';
import type { TagCount } from './generated/TagCount';
import type { PairingRequest } from './generated/PairingRequest';
import type { TokenInfo } from './generated/TokenInfo';
// Highlights and notes (issue 6)
import type { ArticleAnnotations } from './generated/ArticleAnnotations';
import type { Highlight } from './generated/Highlight';
import type { HighlightPatch } from './generated/HighlightPatch';
import type { HighlightQuery } from './generated/HighlightQuery';
import type { LibraryHighlight } from './generated/LibraryHighlight';
import type { NewHighlight } from './generated/NewHighlight';
import type { NewNote } from './generated/NewNote';
import type { Note } from './generated/Note';
import type { NotePatch } from './generated/NotePatch';
import type { AnnotationQuery } from './generated/AnnotationQuery';
import type { ExportSelection } from './generated/ExportSelection';
import type { LibraryAnnotation } from './generated/LibraryAnnotation';

/** `export_article` formats (the Rust side takes them as strings); the whole library has only the single-file ones. */
export type ExportFormat = 'markdown' | 'html' | 'readwise-csv' | 'w3c-jsonld';
export type LibraryExportFormat = 'readwise-csv' | 'w3c-jsonld';
// Imports (issue 8)
import type { ImportJob } from './generated/ImportJob';
import type { ImportStarted } from './generated/ImportStarted';
// Photos (issue 5)
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
  /** How many articles `query` lists in all (its limit and offset ignored). */
  countArticles(query: ListQuery): Promise<number>;
  listSites(): Promise<SiteCount[]>;
  // Photos (issue 5)
  /** Saves an image file as a photo item. */
  addPhoto(file: Blob, request: AddPhotoRequest): Promise<ArticleSummary>;
  /** Fetches the article's failed photos again. */
  retryArticlePhotos(id: string): Promise<PhotoRetry>;
  /** Where the UI loads one rendition of a stored photo from. */
  photoUrl(hash: string, size: 'thumb' | 'display' | 'original'): string;
  /** Opens an article's original page outside Quire (system browser or new tab). */
  openExternal(url: string): Promise<void>;
  // Browser clipping (issue 7): pairing requests waiting for approval, and issued tokens.
  listPairings(): Promise<PairingRequest[]>;
  approvePairing(pairingId: string): Promise<void>;
  denyPairing(pairingId: string): Promise<void>;
  listTokens(): Promise<TokenInfo[]>;
  revokeToken(id: string): Promise<void>;

  // Highlights and notes (issue 6)
  articleAnnotations(id: string): Promise<ArticleAnnotations>;
  addHighlight(articleId: string, highlight: NewHighlight): Promise<Highlight>;
  updateHighlight(id: string, patch: HighlightPatch): Promise<Highlight>;
  deleteHighlight(id: string): Promise<void>;
  addNote(articleId: string, note: NewNote): Promise<Note>;
  updateNote(id: string, patch: NotePatch): Promise<Note>;
  deleteNote(id: string): Promise<void>;
  libraryHighlights(query: HighlightQuery): Promise<LibraryHighlight[]>;
  /** One article with its highlights and notes as a file's text (Markdown, HTML, Readwise CSV, JSON-LD). */
  exportArticle(id: string, format: ExportFormat): Promise<string>;
  /** Every highlight in the library as one file's text. */
  exportLibrary(format: LibraryExportFormat): Promise<string>;
  /** Highlights and page notes across the library, for the library-wide view. */
  libraryAnnotations(query: AnnotationQuery): Promise<LibraryAnnotation[]>;
  /** The chosen highlights and page notes as one file's text, in any format. */
  exportSelection(format: ExportFormat, selection: ExportSelection): Promise<string>;
  // Imports (issue 8)
  /** Imports an export file; resolves once every row is stored or queued for fetching. */
  importFile(file: File): Promise<ImportStarted>;
  listImportJobs(): Promise<ImportJob[]>;
  getImportJob(id: string): Promise<ImportJob>;
  /** Puts the job's failed fetches back in the queue. */
  retryImportJob(id: string): Promise<ImportJob>;
}
