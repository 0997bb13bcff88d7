//! The loopback HTTP API (`quire serve`), plus the built web UI.
//!
//! Bound to 127.0.0.1 only. Every request's `Host` must be a loopback name
//! (against DNS rebinding), and a request that carries an `Origin` must come
//! from this server's own origin: web pages elsewhere get no access and no CORS.

use std::net::SocketAddr;
use std::path::PathBuf;

use axum::Json;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Path, Query, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use serde::Deserialize;
use tower_http::services::{ServeDir, ServeFile};

use crate::dto::*;
use crate::{Api, ErrorBody};

/// Clipped pages can be large; past this a body is refused with 413.
pub const MAX_BODY_BYTES: usize = 32 * 1024 * 1024;

#[derive(Clone)]
struct AppState {
    api: Api,
    port: u16,
}

impl IntoResponse for ErrorBody {
    fn into_response(self) -> Response {
        let status = match self.code.as_str() {
            "not_found" => StatusCode::NOT_FOUND,
            "invalid_url" | "not_html" | "invalid_input" | "ambiguous_id" => StatusCode::BAD_REQUEST,
            "fetch_failed" => StatusCode::BAD_GATEWAY,
            "forbidden" => StatusCode::FORBIDDEN,
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
    let state = AppState { api, port };
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
        .route("/health", get(health))
        .fallback(|| async { ErrorBody::new("not_found", "no such API route") })
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES));
    let mut app = Router::new().nest("/api", api_routes).route("/photos/{hash}", get(photo));
    app = match ui_dir.filter(|d| d.join("index.html").is_file()) {
        Some(dir) => app.fallback_service(ServeDir::new(&dir).fallback(ServeFile::new(dir.join("index.html")))),
        None => app.fallback(|| async {
            axum::response::Html("<!doctype html><title>Quire</title><p>The Quire API is running. The web UI has not been built: run <code>npm --prefix ui ci &amp;&amp; npm --prefix ui run build</code>.</p>")
        }),
    };
    app.layer(middleware::from_fn_with_state(state.clone(), guard)).with_state(state)
}

/// Refuses requests that did not come from this machine's own pages or tools.
async fn guard(State(state): State<AppState>, headers: HeaderMap, req: Request, next: Next) -> Response {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
    let loopback_hosts =
        [format!("127.0.0.1:{}", state.port), format!("localhost:{}", state.port), format!("[::1]:{}", state.port)];
    if !loopback_hosts.iter().any(|h| h.eq_ignore_ascii_case(host)) {
        return forbidden(format!("requests must be addressed to this machine (Host {host:?} refused)"));
    }
    if let Some(origin) = headers.get(header::ORIGIN) {
        let origin = origin.to_str().unwrap_or("");
        if !loopback_hosts.iter().any(|h| origin.eq_ignore_ascii_case(&format!("http://{h}"))) {
            return forbidden(format!("requests from {origin} are not allowed"));
        }
    }
    let mut response = next.run(req).await;
    let h = response.headers_mut();
    h.insert("x-content-type-options", header::HeaderValue::from_static("nosniff"));
    h.insert(
        "content-security-policy",
        header::HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
        ),
    );
    response
}

fn forbidden(message: String) -> Response {
    (StatusCode::FORBIDDEN, Json(ErrorBody::new("forbidden", message))).into_response()
}

/// Query-string form of [`ListQuery`]: every field optional.
#[derive(Deserialize, Default)]
struct ListParams {
    state: Option<ArticleState>,
    favourite: Option<bool>,
    tag: Option<String>,
    site: Option<String>,
    sort: Option<SortKey>,
    limit: Option<u32>,
    offset: Option<u32>,
}

async fn list_articles(State(s): State<AppState>, Query(p): Query<ListParams>) -> ApiResult<Json<Vec<ArticleSummary>>> {
    let q = ListQuery {
        state: p.state,
        favourite: p.favourite,
        tag: p.tag,
        site: p.site,
        sort: p.sort,
        limit: p.limit,
        offset: p.offset,
    };
    blocking(move || s.api.list_articles(&q)).await.map(Json)
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
}

async fn search(State(s): State<AppState>, Query(p): Query<SearchParams>) -> ApiResult<Json<Vec<SearchHit>>> {
    let q = SearchQuery { q: p.q.unwrap_or_default(), limit: p.limit };
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
    Json(serde_json::json!({ "version": env!("CARGO_PKG_VERSION") }))
}

/// Binds 127.0.0.1:`port` (0 picks a free port) and returns the listener and
/// the address actually bound, so the caller can print it before serving.
pub async fn bind(port: u16) -> std::io::Result<(tokio::net::TcpListener, SocketAddr)> {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    let addr = listener.local_addr()?;
    Ok((listener, addr))
}

/// Serves until the process is stopped.
pub async fn serve(listener: tokio::net::TcpListener, api: Api, ui_dir: Option<PathBuf>) -> std::io::Result<()> {
    let port = listener.local_addr()?.port();
    axum::serve(listener, router(api, port, ui_dir)).await
}
