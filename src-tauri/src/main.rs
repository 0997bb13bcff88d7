//! Quire's desktop shell: one window showing the web UI from `ui/dist`, and
//! the Tauri commands it calls.
//!
//! Every command is a one-line adapter over [`quire_api::Api`], the same
//! surface `quire serve` exposes over HTTP, so the UI behaves identically in
//! the window and in a browser. `Api` calls block on SQLite (and on the
//! network when adding by URL), so each command moves its call onto the
//! blocking thread pool: an async worker never waits on the database.

// No console window on Windows release builds; harmless elsewhere.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::path::{Path, PathBuf};

mod loopback;
mod upgrade_splash;

use quire_api::dto::{
    AddRequest, ArticleDetail, ArticlePatch, ArticleSummary, ListQuery, SearchHit, SearchQuery, SiteCount, TagCount,
};
use quire_api::dto::{PairingRequest, TokenInfo};
// Highlights and notes (issue 6)
use quire_api::dto::{
    AnnotationQuery, ArticleAnnotations, ExportSelection, Highlight, HighlightPatch, HighlightQuery, LibraryAnnotation,
    LibraryHighlight, NewHighlight, NewNote, Note, NotePatch,
};
use quire_api::dto::{ImportJob, ImportStarted}; // Imports (issue 8)
use quire_api::{Api, ApiError};
use tauri::http::{Request, Response, StatusCode, header};
use tauri::{Manager, Runtime, State, UriSchemeContext, UriSchemeResponder};

type CommandResult<T> = Result<T, ApiError>;

/// The open library, or why it could not be opened. The window still starts
/// when opening fails, so the UI can say what went wrong (by its `code`)
/// instead of the app vanishing.
struct Library {
    api: Result<Api, ApiError>,
}

/// Runs `call` on the blocking pool with a handle to the library.
async fn blocking<T, F>(library: State<'_, Library>, call: F) -> CommandResult<T>
where
    T: Send + 'static,
    F: FnOnce(&Api) -> CommandResult<T> + Send + 'static,
{
    let api = library.api.clone()?;
    tauri::async_runtime::spawn_blocking(move || call(&api))
        .await
        .map_err(|error| ApiError::new("internal", format!("the library call did not finish: {error}")))?
}

#[tauri::command]
async fn list_articles(library: State<'_, Library>, query: ListQuery) -> CommandResult<Vec<ArticleSummary>> {
    blocking(library, move |api| api.list_articles(&query)).await
}

#[tauri::command]
async fn get_article(library: State<'_, Library>, id: String) -> CommandResult<ArticleDetail> {
    blocking(library, move |api| api.get_article(&id)).await
}

#[tauri::command]
async fn add_article(library: State<'_, Library>, request: AddRequest) -> CommandResult<ArticleSummary> {
    blocking(library, move |api| api.add_article(&request)).await
}

#[tauri::command]
async fn update_article(library: State<'_, Library>, id: String, patch: ArticlePatch) -> CommandResult<ArticleSummary> {
    blocking(library, move |api| api.update_article(&id, &patch)).await
}

#[tauri::command]
async fn delete_article(library: State<'_, Library>, id: String) -> CommandResult<()> {
    blocking(library, move |api| api.delete_article(&id)).await
}

#[tauri::command]
async fn restore_article(library: State<'_, Library>, id: String) -> CommandResult<ArticleSummary> {
    blocking(library, move |api| api.restore_article(&id)).await
}

#[tauri::command]
async fn set_tags(library: State<'_, Library>, id: String, tags: Vec<String>) -> CommandResult<ArticleSummary> {
    blocking(library, move |api| api.set_tags(&id, &tags)).await
}

#[tauri::command]
async fn search(library: State<'_, Library>, query: SearchQuery) -> CommandResult<Vec<SearchHit>> {
    blocking(library, move |api| api.search(&query)).await
}

#[tauri::command]
async fn list_tags(library: State<'_, Library>) -> CommandResult<Vec<TagCount>> {
    blocking(library, move |api| api.list_tags()).await
}

#[tauri::command]
async fn count_articles(library: State<'_, Library>, query: ListQuery) -> CommandResult<u32> {
    blocking(library, move |api| api.count_articles(&query)).await
}

#[tauri::command]
async fn list_sites(library: State<'_, Library>) -> CommandResult<Vec<SiteCount>> {
    blocking(library, move |api| api.list_sites()).await
}

// Browser clipping (issue 7): pairing approvals and tokens, from the window.

#[tauri::command]
async fn list_pairings(library: State<'_, Library>) -> CommandResult<Vec<PairingRequest>> {
    blocking(library, move |api| api.list_pairings()).await
}

#[tauri::command]
async fn approve_pairing(library: State<'_, Library>, pairing_id: String) -> CommandResult<()> {
    blocking(library, move |api| api.approve_pairing(&pairing_id)).await
}

#[tauri::command]
async fn deny_pairing(library: State<'_, Library>, pairing_id: String) -> CommandResult<()> {
    blocking(library, move |api| api.deny_pairing(&pairing_id)).await
}

#[tauri::command]
async fn list_tokens(library: State<'_, Library>) -> CommandResult<Vec<TokenInfo>> {
    blocking(library, move |api| api.list_tokens()).await
}

#[tauri::command]
async fn revoke_token(library: State<'_, Library>, id: String) -> CommandResult<()> {
    blocking(library, move |api| api.revoke_token(&id)).await
}

// Highlights and notes (issue 6)

#[tauri::command]
async fn article_annotations(library: State<'_, Library>, id: String) -> CommandResult<ArticleAnnotations> {
    blocking(library, move |api| api.article_annotations(&id)).await
}

#[tauri::command]
async fn add_highlight(library: State<'_, Library>, id: String, highlight: NewHighlight) -> CommandResult<Highlight> {
    blocking(library, move |api| api.add_highlight(&id, &highlight)).await
}

#[tauri::command]
async fn update_highlight(library: State<'_, Library>, id: String, patch: HighlightPatch) -> CommandResult<Highlight> {
    blocking(library, move |api| api.update_highlight(&id, &patch)).await
}

#[tauri::command]
async fn delete_highlight(library: State<'_, Library>, id: String) -> CommandResult<()> {
    blocking(library, move |api| api.delete_highlight(&id)).await
}

#[tauri::command]
async fn add_note(library: State<'_, Library>, id: String, note: NewNote) -> CommandResult<Note> {
    blocking(library, move |api| api.add_note(&id, &note)).await
}

#[tauri::command]
async fn update_note(library: State<'_, Library>, id: String, patch: NotePatch) -> CommandResult<Note> {
    blocking(library, move |api| api.update_note(&id, &patch)).await
}

#[tauri::command]
async fn delete_note(library: State<'_, Library>, id: String) -> CommandResult<()> {
    blocking(library, move |api| api.delete_note(&id)).await
}

#[tauri::command]
async fn library_highlights(
    library: State<'_, Library>,
    query: HighlightQuery,
) -> CommandResult<Vec<LibraryHighlight>> {
    blocking(library, move |api| api.library_highlights(&query)).await
}

#[tauri::command]
async fn export_article(library: State<'_, Library>, id: String, format: String) -> CommandResult<String> {
    blocking(library, move |api| api.export_article(&id, &format)).await
}

#[tauri::command]
async fn export_library(library: State<'_, Library>, format: String) -> CommandResult<String> {
    blocking(library, move |api| api.export_library(&format)).await
}

#[tauri::command]
async fn library_annotations(
    library: State<'_, Library>,
    query: AnnotationQuery,
) -> CommandResult<Vec<LibraryAnnotation>> {
    blocking(library, move |api| api.library_annotations(&query)).await
}

#[tauri::command]
async fn export_selection(
    library: State<'_, Library>,
    format: String,
    selection: ExportSelection,
) -> CommandResult<String> {
    blocking(library, move |api| api.export_selection(&format, &selection)).await
}

// Imports (issue 8)
/// The export file arrives as the raw IPC body (no JSON round trip of its
/// bytes), its name in the `x-file-name` header.
#[tauri::command]
async fn import_file(library: State<'_, Library>, request: tauri::ipc::Request<'_>) -> CommandResult<ImportStarted> {
    let tauri::ipc::InvokeBody::Raw(bytes) = request.body() else {
        return Err(ApiError::new("invalid_input", "send the export file's bytes as the request body"));
    };
    let bytes = bytes.clone();
    let name = request.headers().get("x-file-name").and_then(|v| v.to_str().ok()).unwrap_or("upload").to_string();
    blocking(library, move |api| api.import_bytes(&bytes, &name)).await
}

#[tauri::command]
async fn list_import_jobs(library: State<'_, Library>) -> CommandResult<Vec<ImportJob>> {
    blocking(library, move |api| api.import_jobs()).await
}

#[tauri::command]
async fn get_import_job(library: State<'_, Library>, id: String) -> CommandResult<ImportJob> {
    blocking(library, move |api| api.import_job(&id)).await
}

#[tauri::command]
async fn retry_import_job(library: State<'_, Library>, id: String) -> CommandResult<ImportJob> {
    blocking(library, move |api| api.retry_import(Some(&id))).await
}

// Photos (issue 5)

/// Saves an image as a photo item. The body is the file's raw bytes (no JSON
/// array of numbers); the [`quire_api::dto::AddPhotoRequest`] travels as
/// ASCII-only JSON in the `x-quire-photo` header.
#[tauri::command]
async fn add_photo(library: State<'_, Library>, request: tauri::ipc::Request<'_>) -> CommandResult<ArticleSummary> {
    let tauri::ipc::InvokeBody::Raw(bytes) = request.body() else {
        return Err(ApiError::new("invalid_input", "add_photo takes the image's raw bytes"));
    };
    let header = request.headers().get("x-quire-photo").and_then(|v| v.to_str().ok()).unwrap_or("{}");
    let photo: quire_api::dto::AddPhotoRequest = serde_json::from_str(header)
        .map_err(|e| ApiError::new("invalid_input", format!("bad x-quire-photo header: {e}")))?;
    let bytes = bytes.clone();
    blocking(library, move |api| api.add_photo(bytes, &photo)).await
}

/// Fetches the article's failed photos again (the reader's Retry button).
#[tauri::command]
async fn retry_article_photos(library: State<'_, Library>, id: String) -> CommandResult<quire_api::dto::PhotoRetry> {
    blocking(library, move |api| api.retry_photos(Some(&id))).await
}

/// Serves stored photos to the window as `quire://localhost/photos/<hash>`:
/// the core writes them as [`quire_api::PHOTO_PATH`] paths, which in the window
/// would resolve against the embedded UI. Reads happen on the blocking pool,
/// like every other library call.
fn serve_photo<R: Runtime>(context: UriSchemeContext<'_, R>, request: Request<Vec<u8>>, responder: UriSchemeResponder) {
    let api = context.app_handle().state::<Library>().api.clone();
    let hash = request.uri().path().strip_prefix(quire_api::PHOTO_PATH).map(str::to_owned);
    // `?size=thumb|display|original`, as over HTTP; the display size by default.
    let size =
        request.uri().query().and_then(|q| q.split('&').find_map(|kv| kv.strip_prefix("size="))).map(str::to_owned);
    tauri::async_runtime::spawn_blocking(move || {
        let photo = match (api, hash) {
            (Ok(api), Some(hash)) => api.photo_sized(&hash, size.as_deref()).ok(),
            _ => None,
        };
        let response = match photo {
            // Content-addressed: a hash names the same bytes forever.
            Some((media_type, bytes)) => Response::builder()
                .header(header::CONTENT_TYPE, media_type)
                .header(header::CACHE_CONTROL, "public, max-age=31536000, immutable")
                .header("x-content-type-options", "nosniff")
                .body(bytes),
            None => Response::builder().status(StatusCode::NOT_FOUND).body(Vec::new()),
        };
        responder.respond(response.unwrap_or_else(|_| {
            let mut broken = Response::new(Vec::new());
            *broken.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
            broken
        }));
    });
}

/// The library the CLI uses too, unless `QUIRE_LIBRARY` names another file
/// (tests and screenshots point it at a temporary one).
fn library_path() -> PathBuf {
    std::env::var_os("QUIRE_LIBRARY")
        .filter(|path| !path.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(quire_api::default_library_path)
}

/// Opens the library and starts what works on it beside the window: the
/// import worker (issue 8), which fetches queued import rows, and the browser
/// extension's loopback server (issue 7), which shares this library.
fn open_library(path: &Path) -> Result<Api, ApiError> {
    // A first run has no data folder yet; create it rather than fail.
    let api = Api::open_creating_folder(path).inspect_err(|error| {
        eprintln!("quire-desktop: {}: {error}", path.display());
    });
    if let Ok(api) = &api {
        api.start_import_worker(quire_api::FetchPolicy::default());
        tauri::async_runtime::spawn(loopback::serve(api.clone()));
    }
    api
}

fn main() {
    let path = library_path();
    let mut context = tauri::generate_context!();
    // A long upgrade opens the library on a thread while the window shows
    // the upgrade page (see `upgrade_splash`).
    let splash = upgrade_splash::long_upgrade(&path);
    if let Some(pending) = &splash
        && let Some(main) = context.config_mut().app.windows.first_mut()
    {
        main.url = tauri::WebviewUrl::App(upgrade_splash::page(pending).into());
    }

    // Without a long upgrade the library opens here, before the window, as it
    // always has.
    let opened = splash.is_none().then(|| open_library(&path));

    let mut builder = tauri::Builder::default().plugin(tauri_plugin_opener::init()).setup(move |app| {
        if splash.is_some() {
            let app = app.handle().clone();
            std::thread::spawn(move || {
                let api = open_library(&path);
                app.manage(Library { api });
                if let Some(window) = app.get_webview_window("main") {
                    upgrade_splash::show_app(&window);
                }
            });
        }
        Ok(())
    });
    if let Some(api) = opened {
        builder = builder.manage(Library { api });
    }
    builder
        .register_asynchronous_uri_scheme_protocol("quire", serve_photo)
        .invoke_handler(tauri::generate_handler![
            list_articles,
            get_article,
            add_article,
            update_article,
            delete_article,
            restore_article,
            set_tags,
            search,
            list_tags,
            count_articles,
            list_sites,
            list_pairings,
            approve_pairing,
            deny_pairing,
            list_tokens,
            revoke_token,
            // Highlights and notes (issue 6)
            article_annotations,
            add_highlight,
            update_highlight,
            delete_highlight,
            add_note,
            update_note,
            delete_note,
            library_highlights,
            export_article,
            export_library,
            library_annotations,
            export_selection,
            // Imports (issue 8)
            import_file,
            list_import_jobs,
            get_import_job,
            retry_import_job,
            // Photos (issue 5)
            add_photo,
            retry_article_photos,
        ])
        .run(context)
        .unwrap_or_else(|error| {
            eprintln!("quire-desktop: could not start the window: {error}");
            std::process::exit(1);
        });
}
