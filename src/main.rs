//! `quire`: the command line over a Quire library.
//!
//! Every command is a thin adapter over `quire_api`, the same functions the
//! desktop app and the HTTP API call. Errors print one line naming the problem
//! and exit 1; usage errors exit 2.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::{Parser, Subcommand, ValueEnum};
use quire_api::Api;
use quire_api::dto::*;
use quire_core::Page;

// Highlights and notes (issue 6)
mod annotations_cli;
mod upgrade_notice;

/// Quire keeps the articles you read on the web, for good: clean, offline,
/// searchable, in one SQLite library file.
#[derive(Parser)]
#[command(name = "quire", version, about, long_about = None, propagate_version = true)]
struct Cli {
    /// The library file. Default: quire/library.sqlite in your data folder
    /// (~/.local/share on Linux), shared with the desktop app.
    #[arg(long, global = true, env = "QUIRE_LIBRARY", value_name = "PATH")]
    library: Option<PathBuf>,

    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Save pages: web addresses, .html files, or `-` for HTML on standard input.
    /// An image file (JPEG, PNG, WebP, GIF) is saved as a photo item.
    /// Each is committed before the next begins; one line is printed per saved page.
    Add {
        /// http(s) URLs, paths to .html or image files, or `-`.
        #[arg(required = true)]
        sources: Vec<String>,
        /// The address the file or standard input was saved from (makes links absolute; one source only).
        /// For a photo: the page it was found on.
        #[arg(long, value_name = "URL")]
        url: Option<String>,
        /// For a photo: its caption (also its title).
        #[arg(long, value_name = "TEXT")]
        caption: Option<String>,
        /// For a photo: when it was taken or published (e.g. 2026-06-01).
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        /// Tag the saved article (repeatable).
        #[arg(long = "tag", value_name = "TAG")]
        tags: Vec<String>,
        /// Print the saved article as JSON.
        #[arg(long)]
        json: bool,
    },
    /// List saved articles, newest first (every state; deleted ones are left out).
    List {
        /// Print one JSON array.
        #[arg(long)]
        json: bool,
        /// At most this many articles.
        #[arg(long, value_name = "N")]
        limit: Option<u32>,
        /// Skip this many articles first.
        #[arg(long, value_name = "N")]
        offset: Option<u32>,
        /// Only articles in this state.
        #[arg(long, value_enum)]
        state: Option<StateArg>,
        /// Only articles with this tag.
        #[arg(long)]
        tag: Option<String>,
        /// Only favourites.
        #[arg(long, alias = "favorite")]
        favourite: bool,
        /// Only articles from this site (its name, as `list` shows it).
        #[arg(long)]
        site: Option<String>,
        /// Only articles with highlights.
        #[arg(long)]
        has_highlights: bool,
        /// Order.
        #[arg(long, value_enum, default_value_t = SortArg::Saved)]
        sort: SortArg,
    },
    /// Print one article.
    #[command(disable_version_flag = true)]
    Show {
        /// The article's id (or a unique prefix of it).
        id: String,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Browser clipping (issue 7): print kept version N (see `quire versions ID`) instead.
        #[arg(long, value_name = "N")]
        version: Option<u32>,
    },
    /// Full-text search; one line per hit: id, then title.
    Search {
        query: String,
        #[arg(long)]
        json: bool,
        #[arg(long, value_name = "N")]
        limit: Option<u32>,
    },
    /// Add tags to an article (or remove them with --remove); with no tags, print its tags.
    Tag {
        id: String,
        tags: Vec<String>,
        #[arg(long)]
        remove: bool,
    },
    /// Archive articles (or move them back to unread with --undo).
    Archive {
        #[arg(required = true)]
        ids: Vec<String>,
        #[arg(long)]
        undo: bool,
    },
    /// Mark articles as favourites (or unmark with --undo).
    #[command(alias = "favorite")]
    Favourite {
        #[arg(required = true)]
        ids: Vec<String>,
        #[arg(long)]
        undo: bool,
    },
    /// Delete articles. Undo with `quire restore ID`.
    Delete {
        #[arg(required = true)]
        ids: Vec<String>,
    },
    /// Bring back a deleted article.
    Restore { id: String },
    /// Remove deleted articles for good once past their undo window, and the
    /// photos no other article uses.
    Purge {
        /// Purge articles deleted more than this many days ago (0: every deleted article).
        #[arg(long, value_name = "DAYS", default_value_t = 30)]
        older_than_days: u64,
    },
    /// Manage the photos kept in the library.
    Photos {
        #[command(subcommand)]
        command: PhotosCommand,
    },
    /// Copy the whole library to a new file, safely, even while it is in use.
    Backup { dest: PathBuf },
    /// Run extraction on files without storing anything; one JSON object per file per line.
    Extract {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The address the page came from (only with one file).
        #[arg(long, value_name = "URL")]
        url: Option<String>,
    },
    /// Serve the HTTP API and the web UI on 127.0.0.1; prints the URL once listening.
    Serve {
        /// Port on 127.0.0.1; 0 picks a free one. When the default is taken, a free one is used.
        #[arg(long, default_value_t = DEFAULT_PORT)]
        port: u16,
        /// The built web UI (ui/dist). Default: ui/dist beside the current folder or the program.
        #[arg(long, value_name = "DIR")]
        ui_dir: Option<PathBuf>,
    },
    // Browser clipping (issue 7)
    /// List the earlier versions of an article, kept when it was clipped again.
    Versions {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Manage the tokens that let scripts and the browser extension use `quire serve` and the app.
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
    // Highlights and notes (issue 6): highlight, highlights, note, export, import.
    #[command(flatten)]
    Annotations(annotations_cli::AnnotationCommand),
    // Imports (issue 8)
    /// Import an export file from another app (Pocket, Instapaper, Omnivore, wallabag,
    /// Readwise Reader, Raindrop, browser bookmarks, or a list of URLs; detected from
    /// the content). Returns once every row is stored or queued for fetching; pages
    /// are fetched in the background (`quire serve`, the app) unless --wait is given.
    /// Exits 1 when some rows could not be read (listed with their row numbers).
    Import {
        file: PathBuf,
        /// Fetch the queued pages now, in the foreground, before returning.
        #[arg(long)]
        wait: bool,
        /// Print the job as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Import jobs: their counts, state and failures (`quire jobs retry` fetches failed pages again).
    Jobs {
        #[command(subcommand)]
        command: Option<JobsCommand>,
        #[arg(long, global = true)]
        json: bool,
    },
}

// Browser clipping (issue 7)
#[derive(Subcommand)]
enum TokenCommand {
    /// Issue a token; prints only the token (shown this once) on standard output.
    Create {
        /// Who or what it is for.
        #[arg(long)]
        name: String,
    },
    /// List the tokens in use (never the tokens themselves).
    List {
        #[arg(long)]
        json: bool,
    },
    /// Revoke a token by its id; it is refused from then on.
    Revoke { id: String },
}

// Imports (issue 8)
#[derive(Subcommand)]
enum JobsCommand {
    /// Put failed fetches back in the queue and fetch every pending page now, in the foreground.
    Retry {
        /// Only this job's rows.
        job: Option<String>,
    },
}

#[derive(Subcommand)]
enum PhotosCommand {
    /// Fetch again the photos that could not be saved, of one article or of all.
    Retry {
        /// The article's id (or a unique prefix); every article when left out.
        id: Option<String>,
    },
}

/// Quire's loopback port ("QU" on a phone keypad, 78, then 39).
const DEFAULT_PORT: u16 = 7839;

#[derive(Clone, Copy, ValueEnum)]
enum StateArg {
    Unread,
    Archived,
}

#[derive(Clone, Copy, ValueEnum)]
enum SortArg {
    Saved,
    Published,
    Title,
    ReadingTime,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Html,
    Text,
    Markdown,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("quire: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn open(library: Option<PathBuf>) -> anyhow::Result<Api> {
    let explicit = library.is_some();
    let path = library.unwrap_or_else(quire_api::default_library_path);
    let notice = upgrade_notice::before_open(&path);
    let api = if explicit { Api::open(&path)? } else { Api::open_creating_folder(&path)? };
    if let Some(notice) = notice {
        notice.finish();
    }
    Ok(api)
}

fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Extract { files, url } => extract(&files, url.as_deref()),
        command => {
            let api = open(cli.library)?;
            run_on_library(&api, command)
        }
    }
}

fn run_on_library(api: &Api, command: Command) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match command {
        Command::Add { sources, url, caption, date, tags, json } => {
            if url.is_some() && sources.len() > 1 {
                bail!("--url can only be given with one source");
            }
            let mut failures = 0;
            for source in &sources {
                let photo = PhotoInfo { caption: caption.as_deref(), date: date.as_deref() };
                let saved = add(api, source, url.as_deref(), &photo).and_then(|outcome| {
                    let mut article = outcome.article;
                    if !tags.is_empty() {
                        article = api.library().add_tags(&article.id, &tags).map_err(quire_api::ErrorBody::from)?;
                    }
                    Ok((outcome.created, outcome.warnings, article))
                });
                match saved {
                    Ok((created, warnings, article)) => {
                        for w in &warnings {
                            eprintln!("quire: warning: {source}: {w}");
                        }
                        if json {
                            writeln!(out, "{}", serde_json::to_string(&article)?)?;
                        } else {
                            let verb = if created { "Saved" } else { "Updated" };
                            writeln!(out, "{verb} {}  {}", article.id, article.title)?;
                        }
                        out.flush()?;
                    }
                    Err(e) if sources.len() > 1 => {
                        eprintln!("quire: {source}: {e:#}");
                        failures += 1;
                    }
                    Err(e) => return Err(e),
                }
            }
            if failures > 0 {
                bail!("{failures} of {} pages could not be saved", sources.len());
            }
        }
        Command::List { json, limit, offset, state, tag, favourite, site, has_highlights, sort } => {
            let q = ListQuery {
                state: state.map(|s| match s {
                    StateArg::Unread => ArticleState::Unread,
                    StateArg::Archived => ArticleState::Archived,
                }),
                favourite: favourite.then_some(true),
                tag,
                site,
                has_highlights: has_highlights.then_some(true),
                sort: Some(match sort {
                    SortArg::Saved => SortKey::Saved,
                    SortArg::Published => SortKey::Published,
                    SortArg::Title => SortKey::Title,
                    SortArg::ReadingTime => SortKey::ReadingTime,
                }),
                limit,
                offset,
            };
            let articles = api.list_articles(&q)?;
            if json {
                writeln!(out, "{}", serde_json::to_string_pretty(&articles)?)?;
            } else if articles.is_empty() {
                eprintln!("No articles yet. Save one with: quire add https://example.com/some-article");
            } else {
                for a in &articles {
                    let star = if a.favourite { "★" } else { " " };
                    let site = a.site_name.as_deref().unwrap_or("");
                    writeln!(
                        out,
                        "{}  {:<8} {star} {}  ({site}, {} min)",
                        a.id,
                        a.state.as_str(),
                        a.title,
                        a.reading_minutes
                    )?;
                }
            }
        }
        Command::Show { id, format: _, version: Some(n) } => {
            let v = api.get_version(&id, n)?;
            writeln!(
                out,
                "{}\n(version {n}, saved {}, replaced {})\n\n{}",
                v.info.title, v.info.saved_at, v.info.replaced_at, v.text
            )?;
        }
        Command::Show { id, format, version: None } => {
            let a = api.get_article(&id)?;
            match format {
                Format::Json => writeln!(out, "{}", serde_json::to_string_pretty(&a)?)?,
                Format::Html => writeln!(out, "{}", a.content_html)?,
                Format::Markdown => write!(out, "{}", quire_core::render::markdown(&a))?,
                Format::Text => {
                    writeln!(out, "{}", a.summary.title)?;
                    if let Some(s) = &a.standfirst {
                        writeln!(out, "{s}")?;
                    }
                    if !a.summary.bylines.is_empty() {
                        writeln!(out, "By {}", a.summary.bylines.join(", "))?;
                    }
                    writeln!(out, "{}\n", a.summary.url)?;
                    writeln!(
                        out,
                        "{}",
                        api.library().article_text(&a.summary.id).map_err(quire_api::ErrorBody::from)?
                    )?;
                }
            }
        }
        Command::Search { query, json, limit } => {
            let hits = api.search(&SearchQuery { q: query, limit, ..Default::default() })?;
            if json {
                writeln!(out, "{}", serde_json::to_string_pretty(&hits)?)?;
            } else {
                for h in &hits {
                    writeln!(out, "{}  {}", h.id, h.title)?;
                }
                if hits.is_empty() {
                    eprintln!("No matches.");
                }
            }
        }
        Command::Tag { id, tags, remove } => {
            let lib = api.library();
            let a = match (tags.is_empty(), remove) {
                (true, _) => api.get_article(&id)?.summary,
                (false, false) => lib.add_tags(&id, &tags).map_err(quire_api::ErrorBody::from)?,
                (false, true) => lib.remove_tags(&id, &tags).map_err(quire_api::ErrorBody::from)?,
            };
            writeln!(out, "{}", a.tags.join(", "))?;
        }
        Command::Archive { ids, undo } => {
            let state = if undo { ArticleState::Unread } else { ArticleState::Archived };
            for id in ids {
                let a = api.update_article(&id, &ArticlePatch { state: Some(state), ..Default::default() })?;
                writeln!(out, "{} {}  {}", if undo { "Unarchived" } else { "Archived" }, a.id, a.title)?;
            }
        }
        Command::Favourite { ids, undo } => {
            for id in ids {
                let a = api.update_article(&id, &ArticlePatch { favourite: Some(!undo), ..Default::default() })?;
                writeln!(out, "{} {}  {}", if undo { "Unstarred" } else { "Starred" }, a.id, a.title)?;
            }
        }
        Command::Delete { ids } => {
            for id in ids {
                let deleted = api.library().delete(&id).map_err(quire_api::ErrorBody::from)?;
                writeln!(out, "Deleted {deleted} (undo with: quire restore {deleted})")?;
            }
        }
        Command::Restore { id } => {
            let a = api.restore_article(&id)?;
            writeln!(out, "Restored {}  {}", a.id, a.title)?;
        }
        Command::Purge { older_than_days } => {
            let older_than = std::time::Duration::from_secs(older_than_days * 24 * 60 * 60);
            let purged = api.library().purge_deleted(older_than).map_err(quire_api::ErrorBody::from)?;
            writeln!(
                out,
                "Purged {} deleted article(s) and {} photo(s) ({} KB)",
                purged.articles,
                purged.photos,
                purged.photo_bytes / 1024
            )?;
        }
        Command::Photos { command: PhotosCommand::Retry { id } } => {
            let r = api.retry_photos(id.as_deref())?;
            writeln!(out, "{} photo(s) saved, {} still failing", r.stored, r.failed)?;
            if r.failed > 0 {
                bail!("{} photo(s) could not be saved", r.failed);
            }
        }
        Command::Backup { dest } => {
            api.library().backup(&dest).map_err(quire_api::ErrorBody::from)?;
            writeln!(out, "Backed up {} to {}", api.library().path().display(), dest.display())?;
        }
        Command::Serve { port, ui_dir } => {
            api.start_import_worker(imports::policy()); // Imports (issue 8)
            serve(api.clone(), port, ui_dir)?
        }
        // Browser clipping (issue 7)
        Command::Versions { id, json } => {
            let versions = api.list_versions(&id)?;
            if json {
                writeln!(out, "{}", serde_json::to_string_pretty(&versions)?)?;
            }
            for v in versions.iter().filter(|_| !json) {
                writeln!(out, "{}  saved {}  replaced {}  {}", v.number, v.saved_at, v.replaced_at, v.title)?;
            }
        }
        Command::Token { command: TokenCommand::Create { name } } => writeln!(out, "{}", api.create_token(&name)?.1)?,
        Command::Token { command: TokenCommand::List { json } } => {
            let tokens = api.list_tokens()?;
            if json {
                writeln!(out, "{}", serde_json::to_string_pretty(&tokens)?)?;
            }
            for t in tokens.iter().filter(|_| !json) {
                let used = t.last_used_at.as_deref().unwrap_or("never used");
                writeln!(out, "{}  {}  created {}  last used {used}", t.id, t.name, t.created_at)?;
            }
        }
        Command::Token { command: TokenCommand::Revoke { id } } => {
            api.revoke_token(&id)?;
            writeln!(out, "Revoked token {id}")?;
        }
        // Imports (issue 8)
        Command::Import { file, wait, json } => imports::import(api, &file, wait, json)?,
        Command::Jobs { command: None, json } => imports::jobs(api, json)?,
        Command::Jobs { command: Some(JobsCommand::Retry { job }), json } => imports::retry(api, job.as_deref(), json)?,
        Command::Extract { .. } => unreachable!("handled without a library"),
        // Highlights and notes (issue 6)
        Command::Annotations(command) => annotations_cli::run(api, command, &mut out)?,
    }
    Ok(())
}

/// What `quire add` knows about a photo file beyond its bytes.
struct PhotoInfo<'a> {
    caption: Option<&'a str>,
    date: Option<&'a str>,
}

/// `add`: a web address is fetched; anything else is a file (or `-`, standard
/// input): an image file becomes a photo item, any other a page.
fn add(api: &Api, source: &str, url: Option<&str>, photo: &PhotoInfo<'_>) -> anyhow::Result<AddOutcome> {
    let looks_like_url = source.contains("://") || source.starts_with("www.");
    if looks_like_url && source != "-" && !Path::new(source).exists() {
        if url.is_some() {
            bail!("--url goes with a file or standard input, not with a web address");
        }
        return Ok(api.add(&AddRequest { url: Some(source.to_string()), html: None, file_name: None })?);
    }
    let (bytes, file_name) = if source == "-" {
        let mut bytes = Vec::new();
        std::io::stdin().read_to_end(&mut bytes).context("cannot read standard input")?;
        (bytes, None)
    } else {
        let bytes = std::fs::read(source).with_context(|| format!("cannot read {source}"))?;
        (bytes, Some(source.to_string()))
    };
    let url = url.map(quire_core::fetch::parse_web_url).transpose().map_err(quire_api::ErrorBody::from)?;
    if quire_core::photos::looks_like_image(&bytes) {
        let name = file_name.as_deref().unwrap_or("photo");
        return Ok(api
            .library()
            .add_photo(bytes, name, url.as_ref(), photo.caption, photo.date)
            .map_err(quire_api::ErrorBody::from)?);
    }
    if photo.caption.is_some() || photo.date.is_some() {
        bail!("--caption and --date go with a photo file, and {source} is not an image");
    }
    let page = Page { bytes, url, content_type: None, file_name };
    Ok(api.library().add_page_with_photos(&page).map_err(quire_api::ErrorBody::from)?)
}

/// `extract`: JSON lines, one per file, for scripts and extraction checks.
fn extract(files: &[PathBuf], url: Option<&str>) -> anyhow::Result<()> {
    if url.is_some() && files.len() > 1 {
        bail!("--url can only be given with one file");
    }
    let url = url.map(quire_core::fetch::parse_web_url).transpose().map_err(quire_api::ErrorBody::from)?;
    let mut out = std::io::stdout().lock();
    let mut failed = false;
    for file in files {
        let bytes = match std::fs::read(file) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("quire: cannot read {}: {e}", file.display());
                failed = true;
                continue;
            }
        };
        let ctx = quire_core::extract::PageContext { url: url.as_ref(), content_type: None };
        let x = quire_core::extract::extract(&bytes, &ctx);
        let a = &x.article;
        let line = serde_json::json!({
            "file": file.display().to_string(),
            "title": a.title,
            "standfirst": a.standfirst,
            "section": a.section,
            "byline": (!a.bylines.is_empty()).then(|| a.bylines.join(", ")),
            "published": a.published,
            "site_name": a.site_name,
            "lang": a.lang,
            "lead_image": a.lead_image,
            "content_html": a.content_html,
            "text": a.text,
            "is_article": a.is_article,
            "warnings": x.warnings.iter().map(|w| serde_json::json!({"code": w.code(), "message": w.to_string()})).collect::<Vec<_>>(),
        });
        writeln!(out, "{line}")?;
    }
    if failed {
        bail!("some files could not be read");
    }
    Ok(())
}

fn serve(api: Api, port: u16, ui_dir: Option<PathBuf>) -> anyhow::Result<()> {
    let ui_dir = ui_dir.or_else(find_ui_dir);
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async move {
        let (listener, addr) = match quire_api::http::bind(port).await {
            Ok(bound) => bound,
            Err(e) if port == DEFAULT_PORT && e.kind() == std::io::ErrorKind::AddrInUse => {
                eprintln!("quire: port {DEFAULT_PORT} is in use; using a free port instead");
                quire_api::http::bind(0).await?
            }
            Err(e) => return Err(anyhow::Error::from(e).context(format!("cannot listen on 127.0.0.1:{port}"))),
        };
        println!("http://{addr}");
        std::io::stdout().flush()?;
        quire_api::http::serve(listener, api, ui_dir).await?;
        Ok(())
    })
}

/// `ui/dist` in the current folder or beside the program's checkout.
fn find_ui_dir() -> Option<PathBuf> {
    let mut candidates = vec![PathBuf::from("ui/dist")];
    if let Ok(exe) = std::env::current_exe() {
        candidates.extend(exe.ancestors().skip(1).take(4).map(|d| d.join("ui/dist")));
    }
    candidates.into_iter().find(|d| d.join("index.html").is_file())
}

// Imports (issue 8)
mod imports {
    //! `quire import`, `quire jobs`: adapters over the core's import jobs, with
    //! a progress bar on standard error when it is a terminal.

    use std::io::{IsTerminal, Write};
    use std::path::Path;
    use std::sync::atomic::AtomicBool;
    use std::time::Duration;

    use anyhow::bail;
    use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
    use quire_api::Api;
    use quire_core::import::jobs::{FetchPolicy, ImportJob};

    fn bar(message: &'static str) -> ProgressBar {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        if !std::io::stderr().is_terminal() {
            bar.set_draw_target(ProgressDrawTarget::hidden());
        }
        bar.set_style(
            ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({eta} left)")
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .progress_chars("=> "),
        );
        bar.set_message(message);
        bar
    }

    /// The worker's manners; the environment can shorten the waits (tests do).
    pub fn policy() -> FetchPolicy {
        let ms = |k: &str| std::env::var(k).ok().and_then(|v| v.parse().ok()).map(Duration::from_millis);
        let mut p = FetchPolicy::default();
        if let Some(d) = ms("QUIRE_FETCH_HOST_DELAY_MS") {
            p.per_host_delay = d;
        }
        if let Some(d) = ms("QUIRE_FETCH_BACKOFF_MS") {
            p.backoff = d;
        }
        if let Some(n) = std::env::var("QUIRE_FETCH_ATTEMPTS").ok().and_then(|v| v.parse().ok()) {
            p.max_attempts = n;
        }
        p
    }

    fn fetch_now(api: &Api) -> anyhow::Result<()> {
        let bar = bar("Fetching");
        let stop = AtomicBool::new(false);
        api.library().run_import_worker(&policy(), true, &stop, &|done, total| {
            bar.set_length(total);
            bar.set_position(done);
        })?;
        bar.finish_and_clear();
        Ok(())
    }

    pub fn import(api: &Api, file: &Path, wait: bool, json: bool) -> anyhow::Result<()> {
        // Highlights exported from Quire, Readwise or Omnivore go onto saved articles (issue 6).
        if let Some(notes) = crate::annotations_cli::read_notes_file(file)? {
            return crate::annotations_cli::import_notes(api, &notes, &mut std::io::stdout().lock());
        }
        let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "import".into());
        let bar = bar("Importing");
        let summary = api.library().import_file(file, &name, &mut |done, total| {
            bar.set_length(total);
            bar.set_position(done);
        });
        bar.finish_and_clear();
        let summary = summary.map_err(quire_api::ErrorBody::from)?;
        if wait {
            fetch_now(api)?;
        }
        let job = api.library().import_job(&summary.job_id).map_err(quire_api::ErrorBody::from)?;
        let mut out = std::io::stdout().lock();
        if json {
            writeln!(out, "{}", serde_json::to_string_pretty(&job)?)?;
        } else {
            let format = summary.format.map(|f| f.as_str()).unwrap_or("unknown");
            writeln!(out, "Imported {name} ({format}), job {}", summary.job_id)?;
            writeln!(out, "  imported:            {}", summary.imported)?;
            writeln!(out, "  updated:             {}", summary.updated)?;
            writeln!(out, "  duplicates:          {}", summary.duplicates)?;
            writeln!(out, "  queued for fetching: {}", summary.queued)?;
            writeln!(out, "  failed:              {}", summary.rejected.len())?;
            for r in &summary.rejected {
                writeln!(out, "    row {}: {}", r.row, r.reason)?;
            }
            if wait {
                print_fetches(&mut out, &job)?;
            } else if summary.queued > 0 {
                writeln!(
                    out,
                    "Pages are fetched in the background by `quire serve` or the app; `quire jobs` shows progress."
                )?;
            }
        }
        if !summary.rejected.is_empty() {
            bail!("{} of {} rows could not be read (listed above)", summary.rejected.len(), summary.rows);
        }
        Ok(())
    }

    fn print_fetches(out: &mut impl Write, job: &ImportJob) -> anyhow::Result<()> {
        writeln!(out, "  fetched:             {}", job.fetched)?;
        writeln!(out, "  fetch failed:        {} (kept in the library; retry with `quire jobs retry`)", job.failed)?;
        for f in &job.failures {
            writeln!(out, "    row {}: {}: {}", f.row, f.url, f.error)?;
        }
        Ok(())
    }

    pub fn jobs(api: &Api, json: bool) -> anyhow::Result<()> {
        let jobs = api.library().import_jobs().map_err(quire_api::ErrorBody::from)?;
        let mut out = std::io::stdout().lock();
        if json {
            writeln!(out, "{}", serde_json::to_string_pretty(&jobs)?)?;
            return Ok(());
        }
        if jobs.is_empty() {
            eprintln!("No imports yet. Import a file with: quire import FILE");
        }
        for j in &jobs {
            writeln!(
                out,
                "{}  {:<8} {}  ({}): {} rows, {} imported, {} updated, {} duplicates, {} pending, {} fetched, {} failed, {} unreadable",
                j.id,
                j.state,
                j.source_name,
                j.format,
                j.total,
                j.imported,
                j.updated,
                j.duplicates,
                j.pending,
                j.fetched,
                j.failed,
                j.rejected
            )?;
            for f in &j.failures {
                writeln!(out, "    row {}: {}: {}", f.row, f.url, f.error)?;
            }
        }
        Ok(())
    }

    pub fn retry(api: &Api, job: Option<&str>, json: bool) -> anyhow::Result<()> {
        let n = api.library().retry_import_fetches(job).map_err(quire_api::ErrorBody::from)?;
        eprintln!("quire: {n} failed fetch(es) queued again");
        fetch_now(api)?;
        jobs(api, json)
    }
}
