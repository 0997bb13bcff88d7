//! The loopback HTTP API (`quire serve`), plus the built web UI.
//!
//! Bound to 127.0.0.1 only. Who may call it (loopback `Host`, allowed
//! `Origin`s, a token or the UI's session cookie) is decided in `auth.rs`
//! before any route runs: web pages elsewhere get no access and no CORS.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::Json;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use serde::{Deserialize, Serialize};
use tower_http::services::{ServeDir, ServeFile};

use crate::clip::PhotoQueue;
use crate::dto::*;
use crate::{Api, ErrorBody};

// Highlights and notes (issue 6)
mod annotations;

/// Clipped pages can be large (with their images, base64); past this a body is refused with 413.
pub const MAX_BODY_BYTES: usize = 48 * 1024 * 1024;

#[derive(Clone)]
pub(crate) struct AppState {
    pub(crate) api: Api,
    pub(crate) port: u16,
    /// Browser clipping (issue 7): the UI's session cookie value, new each start.
    pub(crate) session: Arc<str>,
    pub(crate) photo_queue: Arc<PhotoQueue>,
}

impl IntoResponse for ErrorBody {
    fn into_response(self) -> Response {
        let status = match self.code.as_str() {
            "not_found" => StatusCode::NOT_FOUND,
            "invalid_url" | "not_html" | "invalid_input" | "ambiguous_id" => StatusCode::BAD_REQUEST,
            // Highlights and notes (issue 6)
            "invalid_highlight" | "not_a_notes_file" => StatusCode::BAD_REQUEST,
            "fetch_failed" => StatusCode::BAD_GATEWAY,
            // Imports (issue 8)
            "unknown_format" | "bad_archive" | "zip_bomb" | "malformed_file" => StatusCode::BAD_REQUEST,
            "file_too_large" => StatusCode::PAYLOAD_TOO_LARGE,
            "forbidden" => StatusCode::FORBIDDEN,
            "unauthorized" => StatusCode::UNAUTHORIZED,
            "too_large" => StatusCode::PAYLOAD_TOO_LARGE,
            "too_many" => StatusCode::TOO_MANY_REQUESTS,
            "dns" | "http_status" | "timeout" | "tls" | "redirects" => StatusCode::BAD_GATEWAY,
            "paywall" => StatusCode::UNPROCESSABLE_ENTITY,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        (status, Json(self)).into_response()
    }
}

type ApiResult<T> = Result<T, ErrorBody>;

/// Runs a blocking API call off the async workers.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> ApiResult<T> + Send + 'static) -> ApiResult<T> {
    tokio::task::spawn_blocking(f).await.map_err(|e| ErrorBody::new("internal", e.to_string()))?
}

/// The router for `api`, answering as the server on `port`, with the web UI
/// from `ui_dir` when it has been built.
pub fn router(api: Api, port: u16, ui_dir: Option<PathBuf>) -> Router {
    let session = quire_core::tokens::random_hex(32).into();
    let state = AppState { api, port, session, photo_queue: Arc::new(PhotoQueue::new()) };
    let api_routes = Router::new()
        .route("/articles", get(list_articles).post(add_article))
        .route("/articles/{id}", get(get_article).patch(update_article).delete(delete_article))
        .route("/articles/{id}/restore", post(restore_article))
        .route("/articles/{id}/tags", put(set_tags))
        .route("/articles/{id}/photos/retry", post(retry_article_photos))
        .route("/photos/retry", post(retry_photos))
        // Photos (issue 5)
        .route("/photos", post(add_photo))
        .route("/search", get(search))
        .route("/tags", get(list_tags))
        .route("/articles/count", get(count_articles))
        .route("/sites", get(list_sites))
        .route("/health", get(health))
        // Browser clipping (issue 7)
        .route("/clip", post(clip))
        .route("/pair", post(request_pairing))
        .route("/pair/{pairing_id}", get(poll_pairing))
        .route("/pairings", get(list_pairings))
        .route("/pairings/{pairing_id}/approve", post(approve_pairing))
        .route("/pairings/{pairing_id}/deny", post(deny_pairing))
        .route("/tokens", get(list_tokens))
        .route("/tokens/{id}", axum::routing::delete(revoke_token))
        .route("/articles/{id}/versions", get(list_versions))
        .route("/articles/{id}/versions/{n}", get(get_version))
        // Highlights and notes (issue 6)
        .merge(annotations::routes())
        // Imports (issue 8)
        .route("/import", post(imports::start))
        .route("/import/jobs", get(imports::list))
        .route("/import/jobs/{id}", get(imports::get))
        .route("/import/jobs/{id}/retry", post(imports::retry))
        .fallback(|| async { ErrorBody::new("not_found", "no such API route") })
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES));
    let mut app = Router::new().nest("/api", api_routes).route("/photos/{hash}", get(photo));
    app = match ui_dir.filter(|d| d.join("index.html").is_file()) {
        Some(dir) => app.fallback_service(ServeDir::new(&dir).fallback(ServeFile::new(dir.join("index.html")))),
        None => app.fallback(|| async {
            axum::response::Html("<!doctype html><title>Quire</title><p>The Quire API is running. The web UI has not been built: run <code>npm --prefix ui ci &amp;&amp; npm --prefix ui run build</code>.</p>")
        }),
    };
    app.layer(middleware::from_fn_with_state(state.clone(), crate::auth::guard)).with_state(state)
}

/// Query-string form of [`ListQuery`]: every field optional.
#[derive(Deserialize, Default)]
struct ListParams {
    state: Option<ArticleState>,
    favourite: Option<bool>,
    tag: Option<String>,
    site: Option<String>,
    has_highlights: Option<bool>,
    sort: Option<SortKey>,
    limit: Option<u32>,
    offset: Option<u32>,
}

impl From<ListParams> for ListQuery {
    fn from(p: ListParams) -> Self {
        ListQuery {
            state: p.state,
            favourite: p.favourite,
            tag: p.tag,
            site: p.site,
            has_highlights: p.has_highlights,
            sort: p.sort,
            limit: p.limit,
            offset: p.offset,
        }
    }
}

async fn list_articles(State(s): State<AppState>, Query(p): Query<ListParams>) -> ApiResult<Json<Vec<ArticleSummary>>> {
    let q = ListQuery::from(p);
    blocking(move || s.api.list_articles(&q)).await.map(Json)
}

#[derive(Serialize)]
struct Count {
    total: u32,
}

/// `GET /api/articles/count?…` with the list's filters: `{"total": N}`.
async fn count_articles(State(s): State<AppState>, Query(p): Query<ListParams>) -> ApiResult<Json<Count>> {
    let q = ListQuery::from(p);
    blocking(move || s.api.count_articles(&q)).await.map(|total| Json(Count { total }))
}

async fn list_sites(State(s): State<AppState>) -> ApiResult<Json<Vec<SiteCount>>> {
    blocking(move || s.api.list_sites()).await.map(Json)
}

async fn add_article(
    State(s): State<AppState>,
    body: Result<Json<AddRequest>, axum::extract::rejection::JsonRejection>,
) -> ApiResult<(StatusCode, Json<ArticleSummary>)> {
    let Json(req) = body.map_err(|e| ErrorBody::new("invalid_input", e.body_text()))?;
    blocking(move || s.api.add_article(&req)).await.map(|a| (StatusCode::CREATED, Json(a)))
}

async fn get_article(State(s): State<AppState>, Path(id): Path<String>) -> ApiResult<Json<ArticleDetail>> {
    blocking(move || s.api.get_article(&id)).await.map(Json)
}

async fn update_article(
    State(s): State<AppState>,
    Path(id): Path<String>,
    body: Result<Json<ArticlePatch>, axum::extract::rejection::JsonRejection>,
) -> ApiResult<Json<ArticleSummary>> {
    let Json(patch) = body.map_err(|e| ErrorBody::new("invalid_input", e.body_text()))?;
    blocking(move || s.api.update_article(&id, &patch)).await.map(Json)
}

async fn delete_article(State(s): State<AppState>, Path(id): Path<String>) -> ApiResult<StatusCode> {
    blocking(move || s.api.delete_article(&id)).await.map(|()| StatusCode::NO_CONTENT)
}

async fn restore_article(State(s): State<AppState>, Path(id): Path<String>) -> ApiResult<Json<ArticleSummary>> {
    blocking(move || s.api.restore_article(&id)).await.map(Json)
}

#[derive(Deserialize)]
struct TagsBody {
    tags: Vec<String>,
}

async fn set_tags(
    State(s): State<AppState>,
    Path(id): Path<String>,
    body: Result<Json<TagsBody>, axum::extract::rejection::JsonRejection>,
) -> ApiResult<Json<ArticleSummary>> {
    let Json(body) = body.map_err(|e| ErrorBody::new("invalid_input", e.body_text()))?;
    blocking(move || s.api.set_tags(&id, &body.tags)).await.map(Json)
}

#[derive(Deserialize)]
struct SearchParams {
    q: Option<String>,
    limit: Option<u32>,
    // Search (issue 8): paging.
    offset: Option<u32>,
}

async fn search(State(s): State<AppState>, Query(p): Query<SearchParams>) -> ApiResult<Json<Vec<SearchHit>>> {
    let q = SearchQuery { q: p.q.unwrap_or_default(), limit: p.limit, offset: p.offset };
    blocking(move || s.api.search(&q)).await.map(Json)
}

async fn list_tags(State(s): State<AppState>) -> ApiResult<Json<Vec<TagCount>>> {
    blocking(move || s.api.list_tags()).await.map(Json)
}

#[derive(Deserialize, Default)]
struct PhotoParams {
    size: Option<String>,
}

/// `/photos/<hash>[?size=thumb|display|original]`, the display size by default.
/// Every rendition is derived from content named by the hash, so it never
/// changes and is cached for good.
async fn photo(
    State(s): State<AppState>,
    Path(hash): Path<String>,
    Query(p): Query<PhotoParams>,
) -> ApiResult<Response> {
    let (media_type, bytes) = blocking(move || s.api.photo_sized(&hash, p.size.as_deref())).await?;
    Ok((
        [
            (header::CONTENT_TYPE, media_type),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable".to_string()),
        ],
        bytes,
    )
        .into_response())
}

// Photos (issue 5)

/// `?caption=&url=&date=&file_name=` of `POST /api/photos`.
#[derive(Deserialize, Default)]
struct AddPhotoParams {
    caption: Option<String>,
    url: Option<String>,
    date: Option<String>,
    file_name: Option<String>,
}

/// `POST /api/photos`: the body is the image file itself (`content-type:
/// image/*`, at most [`MAX_BODY_BYTES`]); saves it as a photo item.
async fn add_photo(
    State(s): State<AppState>,
    headers: HeaderMap,
    Query(p): Query<AddPhotoParams>,
    body: axum::body::Bytes,
) -> ApiResult<(StatusCode, Json<ArticleSummary>)> {
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if !content_type.to_ascii_lowercase().starts_with("image/") {
        return Err(ErrorBody::new(
            "invalid_input",
            format!("a photo is sent as its image bytes with content-type image/*, not {content_type:?}"),
        ));
    }
    let req = AddPhotoRequest { caption: p.caption, url: p.url, date: p.date, file_name: p.file_name };
    let summary = blocking(move || s.api.add_photo(body.to_vec(), &req)).await?;
    Ok((StatusCode::CREATED, Json(summary)))
}

async fn retry_photos(State(s): State<AppState>) -> ApiResult<Json<PhotoRetry>> {
    blocking(move || s.api.retry_photos(None)).await.map(Json)
}

async fn retry_article_photos(State(s): State<AppState>, Path(id): Path<String>) -> ApiResult<Json<PhotoRetry>> {
    blocking(move || s.api.retry_photos(Some(&id))).await.map(Json)
}

async fn health() -> Json<serde_json::Value> {
    Json(serde_json::json!({ "ok": true, "app": "quire", "version": env!("CARGO_PKG_VERSION") }))
}

// Browser clipping (issue 7): clips, pairing, tokens, versions.

/// A JSON body, or the reason it is not one: 413 `too_large` past the cap.
fn json_body<T>(body: Result<Json<T>, axum::extract::rejection::JsonRejection>) -> ApiResult<T> {
    body.map(|Json(v)| v).map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ErrorBody::new("too_large", format!("the request is larger than {} MB", MAX_BODY_BYTES / 1024 / 1024))
        } else {
            ErrorBody::new("invalid_input", e.body_text())
        }
    })
}

/// `POST /api/clip`: answers once the article is committed; its photos are
/// stored afterwards, in the background.
async fn clip(
    State(s): State<AppState>,
    body: Result<Json<ClipRequest>, axum::extract::rejection::JsonRejection>,
) -> ApiResult<(StatusCode, Json<ClipOutcome>)> {
    let req = json_body(body)?;
    let api = s.api.clone();
    let (outcome, provided) = blocking(move || api.clip(req)).await?;
    let article_id = outcome.article.id.clone();
    tokio::spawn(s.photo_queue.clone().store_photos(s.api.clone(), article_id, provided));
    Ok((StatusCode::CREATED, Json(outcome)))
}

#[derive(Deserialize)]
struct PairBody {
    name: String,
}

async fn request_pairing(
    State(s): State<AppState>,
    body: Result<Json<PairBody>, axum::extract::rejection::JsonRejection>,
) -> ApiResult<(StatusCode, Json<PairingTicket>)> {
    let body = json_body(body)?;
    s.api.request_pairing(&body.name).map(|t| (StatusCode::CREATED, Json(t)))
}

async fn poll_pairing(
    State(s): State<AppState>,
    Path(pairing_id): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Json<PairingStatus>> {
    let secret = headers.get("x-pairing-secret").and_then(|v| v.to_str().ok()).unwrap_or("");
    s.api.poll_pairing(&pairing_id, secret).map(Json)
}

async fn list_pairings(State(s): State<AppState>) -> ApiResult<Json<Vec<PairingRequest>>> {
    blocking(move || s.api.list_pairings()).await.map(Json)
}

async fn approve_pairing(State(s): State<AppState>, Path(pairing_id): Path<String>) -> ApiResult<StatusCode> {
    blocking(move || s.api.approve_pairing(&pairing_id)).await.map(|()| StatusCode::NO_CONTENT)
}

async fn deny_pairing(State(s): State<AppState>, Path(pairing_id): Path<String>) -> ApiResult<StatusCode> {
    s.api.deny_pairing(&pairing_id).map(|()| StatusCode::NO_CONTENT)
}

async fn list_tokens(State(s): State<AppState>) -> ApiResult<Json<Vec<TokenInfo>>> {
    blocking(move || s.api.list_tokens()).await.map(Json)
}

async fn revoke_token(State(s): State<AppState>, Path(id): Path<String>) -> ApiResult<StatusCode> {
    blocking(move || s.api.revoke_token(&id)).await.map(|()| StatusCode::NO_CONTENT)
}

async fn list_versions(State(s): State<AppState>, Path(id): Path<String>) -> ApiResult<Json<Vec<ArticleVersionInfo>>> {
    blocking(move || s.api.list_versions(&id)).await.map(Json)
}

async fn get_version(State(s): State<AppState>, Path((id, n)): Path<(String, u32)>) -> ApiResult<Json<ArticleVersion>> {
    blocking(move || s.api.get_version(&id, n)).await.map(Json)
}

/// Binds 127.0.0.1:`port` (0 picks a free port) and returns the listener and
/// the address actually bound, so the caller can print it before serving.
pub async fn bind(port: u16) -> std::io::Result<(tokio::net::TcpListener, SocketAddr)> {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    let addr = listener.local_addr()?;
    Ok((listener, addr))
}

/// Serves until the process is stopped: on `listener` (127.0.0.1) and, where
/// the machine has IPv6 loopback, on `[::1]` at the same port, so a browser
/// that resolves `localhost` to `::1` reaches Quire too. Both share one router
/// (one session secret, one set of pairings).
pub async fn serve(listener: tokio::net::TcpListener, api: Api, ui_dir: Option<PathBuf>) -> std::io::Result<()> {
    let port = listener.local_addr()?.port();
    let app = router(api, port, ui_dir);
    match tokio::net::TcpListener::bind(("::1", port)).await {
        Ok(v6) => {
            let (a, b) = tokio::join!(axum::serve(listener, app.clone()), axum::serve(v6, app));
            a.and(b)
        }
        // No IPv6 loopback here (or the port is taken there): 127.0.0.1 alone.
        Err(_) => axum::serve(listener, app).await,
    }
}

// Imports (issue 8)
mod imports {
    //! `POST /api/import` takes the export file as the request body (its name
    //! in `?name=`), streamed to a temporary file under a 1 GB cap, never held
    //! in memory; it answers 202 `{job_id}` once every row is stored or queued.

    use std::io::Write;

    use axum::Json;
    use axum::body::Body;
    use axum::extract::{Path, Query, State};
    use axum::http::{HeaderMap, StatusCode, header};
    use http_body_util::BodyExt;
    use serde::Deserialize;

    use super::{ApiResult, AppState, blocking};
    use crate::ErrorBody;
    use crate::dto::{ImportJob, ImportStarted};

    /// The largest export file accepted over HTTP.
    pub const MAX_IMPORT_BYTES: u64 = 1024 * 1024 * 1024;

    #[derive(Deserialize, Default)]
    pub struct StartParams {
        name: Option<String>,
    }

    fn too_large() -> ErrorBody {
        ErrorBody::new("file_too_large", format!("the file is larger than {} MB", MAX_IMPORT_BYTES / 1024 / 1024))
    }

    pub async fn start(
        State(s): State<AppState>,
        Query(p): Query<StartParams>,
        headers: HeaderMap,
        body: Body,
    ) -> ApiResult<(StatusCode, Json<ImportStarted>)> {
        let declared = headers.get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
        if declared.is_some_and(|n| n > MAX_IMPORT_BYTES) {
            return Err(too_large());
        }
        let io = |e: std::io::Error| ErrorBody::new("io", format!("cannot store the uploaded file: {e}"));
        let mut file = tempfile::NamedTempFile::new().map_err(io)?;
        let mut body = body;
        let mut written: u64 = 0;
        while let Some(frame) = body.frame().await {
            let frame = frame.map_err(|e| ErrorBody::new("invalid_input", format!("the upload broke off: {e}")))?;
            if let Ok(chunk) = frame.into_data() {
                written += chunk.len() as u64;
                if written > MAX_IMPORT_BYTES {
                    return Err(too_large());
                }
                file.write_all(&chunk).map_err(io)?;
            }
        }
        if written == 0 {
            return Err(ErrorBody::new("invalid_input", "send the export file as the request body"));
        }
        file.flush().map_err(io)?;
        let name = p.name.filter(|n| !n.trim().is_empty()).unwrap_or_else(|| "upload".into());
        let started = blocking(move || {
            let result = s.api.import_file(file.path(), &name);
            drop(file);
            result
        })
        .await?;
        Ok((StatusCode::ACCEPTED, Json(started)))
    }

    pub async fn list(State(s): State<AppState>) -> ApiResult<Json<Vec<ImportJob>>> {
        blocking(move || s.api.import_jobs()).await.map(Json)
    }

    pub async fn get(State(s): State<AppState>, Path(id): Path<String>) -> ApiResult<Json<ImportJob>> {
        blocking(move || s.api.import_job(&id)).await.map(Json)
    }

    pub async fn retry(State(s): State<AppState>, Path(id): Path<String>) -> ApiResult<Json<ImportJob>> {
        blocking(move || s.api.retry_import(Some(&id))).await.map(Json)
    }
}
