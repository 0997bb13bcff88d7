//! The library's schema and its migrations, keyed on `PRAGMA user_version`.
//!
//! Checklist when changing the schema:
//! 1. Never edit a migration that has shipped; append a new one to [`MIGRATIONS`].
//! 2. Each migration runs in its own transaction, so a crash leaves the file at
//!    the previous version, never half-way.
//! 3. Add a frozen library file of the previous version under `tests/fixtures/`
//!    and extend the upgrade test in `crates/quire-core/tests/core/migrate.rs`.
//! 4. User data rows carry a global `id` (UUIDv7), `updated_at`, and a
//!    `deleted_at` tombstone, so that changesets can later sync a library across
//!    machines. Derived data (the FTS index) must be rebuildable from the rows.
//! 5. A migration that reads or rewrites every article goes in
//!    [`ARTICLE_INDEX_MIGRATIONS`], so front ends warn before a long upgrade.
//!
//! Tables keep SQLite's implicit rowid for local joins and FTS, but a rowid is
//! never an identity: it differs between copies of a library.

/// Marks a SQLite file as a Quire library ('QUIR'), so we never migrate another
/// application's database by mistake.
pub const APPLICATION_ID: i32 = 0x5155_4952;

/// Migrations in order; the library's `user_version` is how many have run.
pub const MIGRATIONS: &[&str] = &[
    V1_BASE_TABLES,
    V2_FULL_TEXT_INDEX,
    V3_PHOTO_SIZES_AND_ITEMS,
    V4_LISTING_INDEXES,
    V5_ACCESS_TOKENS_AND_ARTICLE_VERSIONS,
    V6_CJK_BIGRAMS,
    V7_HIGHLIGHT_TAGS_ORPHANS_AND_SEARCH,
    V8_IMPORT_JOBS,
    V9_PREFIX_INDEXES,
];

/// The schema version this build writes.
pub const CURRENT_VERSION: u32 = MIGRATIONS.len() as u32;

/// The versions whose migration indexes every article (the full-text index,
/// v2 and v9; the CJK bigrams, v6): the slow ones on a big library, which
/// `pending_upgrade` counts to estimate how long opening will take. Add a new
/// migration here if it reads or rewrites every article.
pub const ARTICLE_INDEX_MIGRATIONS: &[u32] = &[2, 6, 9];

/// v1: articles, photos, tags, highlights and notes.
const V1_BASE_TABLES: &str = r#"
CREATE TABLE articles (
    id TEXT NOT NULL UNIQUE,
    url TEXT NOT NULL,
    canonical_url TEXT,
    title TEXT NOT NULL,
    standfirst TEXT,
    section TEXT,
    bylines TEXT NOT NULL DEFAULT '',            -- one byline per line
    site_name TEXT,
    lang TEXT,
    dir TEXT,
    published_at TEXT,
    modified_at TEXT,
    saved_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    content_html TEXT NOT NULL,                  -- sanitised before it is stored
    text TEXT NOT NULL,
    excerpt TEXT,
    word_count INTEGER NOT NULL DEFAULT 0,
    reading_minutes INTEGER NOT NULL DEFAULT 0,
    lead_image TEXT,
    state TEXT NOT NULL DEFAULT 'unread' CHECK (state IN ('unread', 'archived')),
    favourite INTEGER NOT NULL DEFAULT 0 CHECK (favourite IN (0, 1)),
    progress REAL NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 1),
    original_html BLOB,                          -- zstd, for re-extraction later
    original_content_type TEXT,
    extractor_version INTEGER NOT NULL DEFAULT 1,
    deleted_at TEXT                              -- tombstone; purged later
);
CREATE INDEX articles_by_saved ON articles (saved_at);
CREATE INDEX articles_by_canonical_url ON articles (canonical_url);
CREATE INDEX articles_by_url ON articles (url);

-- One row per distinct photo across the library, addressed by its content hash.
CREATE TABLE photos (
    hash TEXT NOT NULL PRIMARY KEY,
    media_type TEXT NOT NULL,
    width INTEGER,
    height INTEGER,
    byte_size INTEGER NOT NULL,
    data BLOB NOT NULL,
    created_at TEXT NOT NULL
);

-- Where an article uses a photo; a photo not (yet) had is a row with no hash.
CREATE TABLE article_photos (
    id TEXT NOT NULL UNIQUE,
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    source_url TEXT NOT NULL,
    photo_hash TEXT REFERENCES photos (hash),
    caption TEXT,
    credit TEXT,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'stored', 'failed')),
    failure TEXT,
    updated_at TEXT NOT NULL
);
CREATE INDEX article_photos_by_article ON article_photos (article_id, position);
CREATE INDEX article_photos_by_hash ON article_photos (photo_hash);

CREATE TABLE tags (
    id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL UNIQUE COLLATE NOCASE,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
);

CREATE TABLE article_tags (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    tag_id TEXT NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    PRIMARY KEY (article_id, tag_id)
);
CREATE INDEX article_tags_by_tag ON article_tags (tag_id);

CREATE TABLE highlights (
    id TEXT NOT NULL UNIQUE,
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    exact TEXT NOT NULL,
    prefix TEXT NOT NULL DEFAULT '',
    suffix TEXT NOT NULL DEFAULT '',
    start_pos INTEGER NOT NULL,
    end_pos INTEGER NOT NULL,
    color TEXT NOT NULL DEFAULT 'yellow',
    note TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
);
CREATE INDEX highlights_by_article ON highlights (article_id);

CREATE TABLE notes (
    id TEXT NOT NULL UNIQUE,
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
);
CREATE INDEX notes_by_article ON notes (article_id);
"#;

/// v2: the full-text index.
///
/// FTS5 choices: an external-content table over `articles` (the text is stored
/// once, in `articles`); `unicode61 remove_diacritics 2` so "cafe" finds "café";
/// every row is indexed, tombstoned or not, so that `'rebuild'` and the triggers
/// agree exactly and the index can always be rebuilt; searches filter tombstones
/// by joining `articles`. Only the columns it indexes fire the update trigger, so
/// saving reading progress does not rewrite the index.
const V2_FULL_TEXT_INDEX: &str = r#"
CREATE VIRTUAL TABLE articles_fts USING fts5 (
    title, standfirst, bylines, site_name, text,
    content = 'articles', content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO articles_fts (articles_fts) VALUES ('rebuild');

CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, standfirst, bylines, site_name, text)
    VALUES (new.rowid, new.title, new.standfirst, new.bylines, new.site_name, new.text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, standfirst, bylines, site_name, text)
    VALUES ('delete', old.rowid, old.title, old.standfirst, old.bylines, old.site_name, old.text);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, standfirst, bylines, site_name, text ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, standfirst, bylines, site_name, text)
    VALUES ('delete', old.rowid, old.title, old.standfirst, old.bylines, old.site_name, old.text);
    INSERT INTO articles_fts (rowid, title, standfirst, bylines, site_name, text)
    VALUES (new.rowid, new.title, new.standfirst, new.bylines, new.site_name, new.text);
END;
"#;

/// v3: derived photo sizes, photo items, and images skipped as not photos.
///
/// `photo_sizes` is derived data (remade from `photos.data` on demand), so it
/// carries no id or tombstone; it goes when its photo goes. `articles.kind`
/// tells a saved page from a photo saved on its own (`quire add photo.jpg`).
/// `article_photos` is rebuilt to allow the `skipped` status (SQLite cannot
/// alter a CHECK constraint): tracking pixels, icons and SVG, recorded with
/// the reason and never retried.
const V3_PHOTO_SIZES_AND_ITEMS: &str = r#"
CREATE TABLE photo_sizes (
    hash TEXT NOT NULL REFERENCES photos (hash) ON DELETE CASCADE,
    size TEXT NOT NULL CHECK (size IN ('display', 'thumb')),
    media_type TEXT NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    byte_size INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (hash, size)
) WITHOUT ROWID;

ALTER TABLE articles ADD COLUMN kind TEXT NOT NULL DEFAULT 'article' CHECK (kind IN ('article', 'photo'));

CREATE TABLE article_photos_v3 (
    id TEXT NOT NULL UNIQUE,
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    source_url TEXT NOT NULL,
    photo_hash TEXT REFERENCES photos (hash),
    caption TEXT,
    credit TEXT,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'stored', 'failed', 'skipped')),
    failure TEXT,
    updated_at TEXT NOT NULL
);
INSERT INTO article_photos_v3 (id, article_id, position, source_url, photo_hash, caption, credit, status, failure, updated_at)
    SELECT id, article_id, position, source_url, photo_hash, caption, credit, status, failure, updated_at FROM article_photos;
DROP TABLE article_photos;
ALTER TABLE article_photos_v3 RENAME TO article_photos;
CREATE INDEX article_photos_by_article ON article_photos (article_id, position);
CREATE INDEX article_photos_by_hash ON article_photos (photo_hash);
"#;

/// v4: indexes that answer the library list from the index alone.
///
/// An `articles` row carries its body, text and original page inline, so a
/// column stored after them (`state`, `favourite`, `deleted_at`) costs a walk
/// through the row's overflow pages: counting or paging 100,000 articles read
/// the whole 870 MB file (3.3 s to count). Each index holds the tombstone, one
/// sort key and the filter columns, so filtering, counting and skipping rows
/// (`OFFSET`) read only the index; the table is visited for the rows shown.
const V4_LISTING_INDEXES: &str = r#"
CREATE INDEX articles_list_by_saved ON articles (deleted_at, saved_at, state, favourite, site_name);
CREATE INDEX articles_list_by_title ON articles (deleted_at, title COLLATE NOCASE, state, favourite, site_name);
CREATE INDEX articles_list_by_published ON articles (deleted_at, published_at, state, favourite, site_name);
CREATE INDEX articles_list_by_minutes ON articles (deleted_at, reading_minutes, state, favourite, site_name);
"#;

// Browser clipping (issue 7)
/// v5: access tokens for the loopback API, and earlier versions of re-clipped articles.
///
/// `tokens` keeps only a hash of each token (the token itself is shown once,
/// when issued); a revoked token keeps its row, with `revoked_at`, so lists
/// can say when. `article_versions` holds what an article looked like before
/// a clip of the same canonical URL replaced it: user data, kept until the
/// article is purged (cascade).
const V5_ACCESS_TOKENS_AND_ARTICLE_VERSIONS: &str = r#"
CREATE TABLE tokens (
    id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    last_used_at TEXT,
    updated_at TEXT NOT NULL,
    revoked_at TEXT
);

CREATE TABLE article_versions (
    id TEXT NOT NULL UNIQUE,
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    content_html TEXT NOT NULL,
    text TEXT NOT NULL,
    original_html BLOB,
    original_content_type TEXT,
    saved_at TEXT NOT NULL,
    replaced_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
);
CREATE INDEX article_versions_by_article ON article_versions (article_id, replaced_at);
"#;

// Search (issue 8)
/// v6: CJK bigrams, a side index so Chinese, Japanese and Korean words are found,
/// two-character ones included (see `cjk.rs` for why and how).
///
/// Contentless (`content = ''`, the bigrams are derived from `articles` and
/// never read back) with `contentless_delete = 1` so a row can be removed by
/// rowid alone; the `ascii` tokenizer splits only on ASCII separators, so each
/// space-separated bigram is one token. Only articles with CJK text get a row.
/// Triggers call `quire_cjk_grams`, which `Library::open` registers on its
/// connection before migrating; like `articles_fts` it indexes tombstoned
/// rows too and searches filter them out.
const V6_CJK_BIGRAMS: &str = r#"
CREATE VIRTUAL TABLE articles_cjk USING fts5 (
    title, body,
    content = '', contentless_delete = 1,
    tokenize = 'ascii'
);
INSERT INTO articles_cjk (rowid, title, body)
    SELECT rid, t, b FROM (
        SELECT rowid AS rid, quire_cjk_grams(title) AS t,
               quire_cjk_grams(coalesce(standfirst, '') || char(10) || text) AS b
        FROM articles)
    WHERE t <> '' OR b <> '';

CREATE TRIGGER articles_cjk_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_cjk (rowid, title, body)
        SELECT new.rowid, t, b FROM (
            SELECT quire_cjk_grams(new.title) AS t,
                   quire_cjk_grams(coalesce(new.standfirst, '') || char(10) || new.text) AS b)
        WHERE t <> '' OR b <> '';
END;
CREATE TRIGGER articles_cjk_delete AFTER DELETE ON articles BEGIN
    DELETE FROM articles_cjk WHERE rowid = old.rowid;
END;
CREATE TRIGGER articles_cjk_update AFTER UPDATE OF title, standfirst, text ON articles BEGIN
    DELETE FROM articles_cjk WHERE rowid = old.rowid;
    INSERT INTO articles_cjk (rowid, title, body)
        SELECT new.rowid, t, b FROM (
            SELECT quire_cjk_grams(new.title) AS t,
                   quire_cjk_grams(coalesce(new.standfirst, '') || char(10) || new.text) AS b)
        WHERE t <> '' OR b <> '';
END;
"#;

/// v7 (issue 6): highlights that survive re-extraction, with tags, and their search.
///
/// Keeps v1's `highlights` and `notes` rows as they are. `highlights.orphan`
/// marks a highlight whose quote could no longer be found after the article's
/// text changed (its start/end are then its last known place): it is listed,
/// never moved or dropped. Highlight tags share the `tags` vocabulary with
/// articles, through `highlight_tags` (tombstoned like `article_tags`).
///
/// `annotations_fts` indexes highlight quotes with their notes, and page notes,
/// for the library-wide annotation view. FTS5 choices: a regular (not
/// external-content) table, because it draws from two tables; its rowid is
/// `2 * highlights.rowid` for a highlight and `2 * notes.rowid + 1` for a note,
/// so triggers reach a row by rowid; `unicode61 remove_diacritics 2` as for
/// articles; every row is indexed, tombstoned or not, and searches filter
/// tombstones by joining, so the index can be rebuilt from the rows alone.
const V7_HIGHLIGHT_TAGS_ORPHANS_AND_SEARCH: &str = r#"
ALTER TABLE highlights ADD COLUMN orphan INTEGER NOT NULL DEFAULT 0 CHECK (orphan IN (0, 1));
CREATE INDEX highlights_by_updated ON highlights (updated_at);
CREATE INDEX notes_by_updated ON notes (updated_at);

CREATE TABLE highlight_tags (
    highlight_id TEXT NOT NULL REFERENCES highlights (id) ON DELETE CASCADE,
    tag_id TEXT NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    PRIMARY KEY (highlight_id, tag_id)
);
CREATE INDEX highlight_tags_by_tag ON highlight_tags (tag_id);

CREATE VIRTUAL TABLE annotations_fts USING fts5 (
    exact, note,
    tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO annotations_fts (rowid, exact, note) SELECT 2 * rowid, exact, coalesce(note, '') FROM highlights;
INSERT INTO annotations_fts (rowid, exact, note) SELECT 2 * rowid + 1, '', body FROM notes;

CREATE TRIGGER highlights_fts_insert AFTER INSERT ON highlights BEGIN
    INSERT INTO annotations_fts (rowid, exact, note) VALUES (2 * new.rowid, new.exact, coalesce(new.note, ''));
END;
CREATE TRIGGER highlights_fts_delete AFTER DELETE ON highlights BEGIN
    DELETE FROM annotations_fts WHERE rowid = 2 * old.rowid;
END;
CREATE TRIGGER highlights_fts_update AFTER UPDATE OF exact, note ON highlights BEGIN
    UPDATE annotations_fts SET exact = new.exact, note = coalesce(new.note, '') WHERE rowid = 2 * new.rowid;
END;
CREATE TRIGGER notes_fts_insert AFTER INSERT ON notes BEGIN
    INSERT INTO annotations_fts (rowid, exact, note) VALUES (2 * new.rowid + 1, '', new.body);
END;
CREATE TRIGGER notes_fts_delete AFTER DELETE ON notes BEGIN
    DELETE FROM annotations_fts WHERE rowid = 2 * old.rowid + 1;
END;
CREATE TRIGGER notes_fts_update AFTER UPDATE OF body ON notes BEGIN
    UPDATE annotations_fts SET note = new.body WHERE rowid = 2 * new.rowid + 1;
END;
"#;

// Imports (issue 8)
/// v8 (issue 8): persisted import jobs, so an import survives quit or crash.
///
/// `articles.needs_fetch` marks a placeholder stored from an export file that
/// had no content (title, URL, state, tags, dates only) until its page is fetched.
/// `import_jobs` is one imported file with its counts and final report;
/// `import_items` is one row of it, and the fetch queue: a restarted worker
/// picks up every `pending` row whose `next_attempt_at` has come. Both are
/// local bookkeeping, not user data, so they carry no UUID or tombstone.
const V8_IMPORT_JOBS: &str = r#"
ALTER TABLE articles ADD COLUMN needs_fetch INTEGER NOT NULL DEFAULT 0 CHECK (needs_fetch IN (0, 1));

CREATE TABLE import_jobs (
    id TEXT NOT NULL PRIMARY KEY,
    source_name TEXT NOT NULL,
    format TEXT NOT NULL,
    total INTEGER NOT NULL DEFAULT 0,
    imported INTEGER NOT NULL DEFAULT 0,
    updated INTEGER NOT NULL DEFAULT 0,
    duplicates INTEGER NOT NULL DEFAULT 0,
    queued INTEGER NOT NULL DEFAULT 0,
    rejected INTEGER NOT NULL DEFAULT 0,
    state TEXT NOT NULL DEFAULT 'staging' CHECK (state IN ('staging', 'fetching', 'done')),
    created_at TEXT NOT NULL,
    finished_at TEXT,
    report TEXT NOT NULL DEFAULT ''              -- rows that could not be read, one per line
);

CREATE TABLE import_items (
    job_id TEXT NOT NULL REFERENCES import_jobs (id) ON DELETE CASCADE,
    row_number INTEGER NOT NULL,
    url TEXT NOT NULL,
    host TEXT NOT NULL,                          -- the worker fetches one page per host at a time
    article_id TEXT,
    status TEXT NOT NULL CHECK (status IN ('pending', 'fetched', 'stored', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    last_error TEXT,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (job_id, row_number)
) WITHOUT ROWID;
CREATE INDEX import_items_due ON import_items (status, next_attempt_at);
"#;

// Search (issue 8)
/// v9: prefix indexes on `articles_fts`, so a prefix query reads one doclist.
///
/// Without them FTS5 answers `inter*` by merging the doclist of every word
/// that starts with `inter` before it returns the first row, whatever the
/// `LIMIT` (150 ms at 100,000 articles); with `prefix = '2 3 4 5 6 7'` it
/// keeps a merged doclist per prefix of 2 to 7 characters (74 → 1.8 ms CPU).
/// FTS5 uses an index only of exactly the prefix's length, so 2–7 rather
/// than 2–6: `interna*` still matches many words (10.6 ms CPU unindexed, 2.1
/// ms with it); longer prefixes match few enough words to merge quickly.
/// One-letter prefixes are not indexed: search looks such a "prefix" up as a
/// word. The file grows by half (1.9 → 3.0 GB at 100,000 articles) and the
/// rebuild takes about 2 minutes there. FTS5 cannot add prefix indexes to a
/// table, so the table is recreated (same columns, tokenizer and triggers as
/// v2) and rebuilt from `articles`.
const V9_PREFIX_INDEXES: &str = r#"
DROP TRIGGER articles_fts_insert;
DROP TRIGGER articles_fts_delete;
DROP TRIGGER articles_fts_update;
DROP TABLE articles_fts;

CREATE VIRTUAL TABLE articles_fts USING fts5 (
    title, standfirst, bylines, site_name, text,
    content = 'articles', content_rowid = 'rowid',
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '2 3 4 5 6 7'
);
INSERT INTO articles_fts (articles_fts) VALUES ('rebuild');

CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, standfirst, bylines, site_name, text)
    VALUES (new.rowid, new.title, new.standfirst, new.bylines, new.site_name, new.text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, standfirst, bylines, site_name, text)
    VALUES ('delete', old.rowid, old.title, old.standfirst, old.bylines, old.site_name, old.text);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, standfirst, bylines, site_name, text ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, standfirst, bylines, site_name, text)
    VALUES ('delete', old.rowid, old.title, old.standfirst, old.bylines, old.site_name, old.text);
    INSERT INTO articles_fts (rowid, title, standfirst, bylines, site_name, text)
    VALUES (new.rowid, new.title, new.standfirst, new.bylines, new.site_name, new.text);
END;
"#;
