/**
 * Highlights and notes (issue 6): the DTOs of the shared contract, written by
 * hand until the Rust side's ts-rs types land in `generated/`; then this file
 * only re-exports those, so imports elsewhere never change.
 */

export type HighlightColor = 'yellow' | 'green' | 'blue' | 'pink' | 'purple';

/** A stored highlight. Positions count Unicode code points over the article's anchor text. */
export type Highlight = {
  id: string;
  article_id: string;
  exact: string;
  prefix: string;
  suffix: string;
  start: number;
  end: number;
  color: HighlightColor;
  note: string | null;
  tags: Array<string>;
  /** Could not be re-anchored; `start`/`end` are the last known values. */
  orphan: boolean;
  created_at: string;
  updated_at: string;
};

export type Anchor = { exact: string; prefix: string; suffix: string; start: number; end: number };

export type NewHighlight = Anchor & { color: HighlightColor; note: string | null; tags: Array<string> };

/** Fields left `null` are unchanged; an empty `note` clears it; `reattach` re-anchors an orphan. */
export type HighlightPatch = {
  color: HighlightColor | null;
  note: string | null;
  tags: Array<string> | null;
  reattach: Anchor | null;
};

export type Note = { id: string; article_id: string; body: string; created_at: string; updated_at: string };
export type NewNote = { body: string };
export type NotePatch = { body: string };

/** Highlights in reading order (by start, orphans last) and the article's page notes. */
export type ArticleAnnotations = { highlights: Array<Highlight>; notes: Array<Note> };

export type HighlightSort = 'date' | 'article';

export type HighlightQuery = {
  q: string | null;
  color: HighlightColor | null;
  tag: string | null;
  article: string | null;
  sort: HighlightSort | null;
  limit: number | null;
  offset: number | null;
};

export type LibraryHighlight = {
  highlight: Highlight;
  article_title: string;
  article_url: string;
  /** The note or quote with matches in `<mark>`, escaped otherwise; only when `q` was given. */
  snippet: string | null;
};

/** `export_article` formats; the whole library has only the single-file ones. */
export type ExportFormat = 'markdown' | 'html' | 'readwise-csv' | 'w3c-jsonld';
export type LibraryExportFormat = 'readwise-csv' | 'w3c-jsonld';
