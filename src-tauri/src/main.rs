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

use std::path::PathBuf;

use quire_api::dto::{
    AddRequest, ArticleDetail, ArticlePatch, ArticleSummary, ListQuery, SearchHit, SearchQuery, TagCount,
};
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

fn main() {
    let path = library_path();
    // A first run has no data folder yet; create it rather than fail.
    let api = Api::open_creating_folder(&path).inspect_err(|error| {
        eprintln!("quire-desktop: {}: {error}", path.display());
    });

    tauri::Builder::default()
        .plugin(tauri_plugin_opener::init())
        .manage(Library { api })
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
            // Photos (issue 5)
            add_photo,
            retry_article_photos,
        ])
        .run(tauri::generate_context!())
        .unwrap_or_else(|error| {
            eprintln!("quire-desktop: could not start the window: {error}");
            std::process::exit(1);
        });
}
