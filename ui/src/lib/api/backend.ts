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
  /** Where the window can load a stored photo from, by its hash. */
  photoUrl(hash: string, size: 'thumb' | 'display' | 'original'): string;
  /** Opens an article's original page outside Quire (system browser or new tab). */
  openExternal(url: string): Promise<void>;
  // Browser clipping (issue 7): pairing requests waiting for approval, and issued tokens.
  listPairings(): Promise<PairingRequest[]>;
  approvePairing(pairingId: string): Promise<void>;
  denyPairing(pairingId: string): Promise<void>;
  listTokens(): Promise<TokenInfo[]>;
  revokeToken(id: string): Promise<void>;
}
