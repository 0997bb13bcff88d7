//! The HTTP routes of highlights, page notes and their export (issue 6),
//! nested under `/api` by [`super::router`].

use axum::Json;
use axum::Router;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch, post};
use quire_core::{
    AnnotationKind, AnnotationQuery, ArticleAnnotations, ExportSelection, Highlight, HighlightColor, HighlightPatch,
    HighlightQuery, HighlightSort, LibraryAnnotation, LibraryHighlight, NewHighlight, NewNote, Note, NotePatch,
};
use serde::Deserialize;

use super::{ApiResult, AppState, blocking};
use crate::ErrorBody;
use crate::annotations::export_format;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/articles/{id}/annotations", get(article_annotations))
        .route("/articles/{id}/highlights", post(add_highlight))
        .route("/highlights", get(library_highlights))
        .route("/annotations", get(library_annotations))
        .route("/highlights/{id}", patch(update_highlight).delete(delete_highlight))
        .route("/articles/{id}/notes", post(add_note))
        .route("/notes/{id}", patch(update_note).delete(delete_note))
        .route("/articles/{id}/export", get(export_article))
        .route("/export", get(export_library))
        .route("/export/selection", post(export_selection))
}

fn body<T>(b: Result<Json<T>, JsonRejection>) -> ApiResult<T> {
    b.map(|Json(t)| t).map_err(|e| ErrorBody::new("invalid_input", e.body_text()))
}

async fn article_annotations(State(s): State<AppState>, Path(id): Path<String>) -> ApiResult<Json<ArticleAnnotations>> {
    blocking(move || s.api.article_annotations(&id)).await.map(Json)
}

async fn add_highlight(
    State(s): State<AppState>,
    Path(id): Path<String>,
    b: Result<Json<NewHighlight>, JsonRejection>,
) -> ApiResult<(StatusCode, Json<Highlight>)> {
    let new = body(b).map_err(|e| ErrorBody::new("invalid_highlight", e.message))?;
    blocking(move || s.api.add_highlight(&id, &new)).await.map(|h| (StatusCode::CREATED, Json(h)))
}

async fn update_highlight(
    State(s): State<AppState>,
    Path(id): Path<String>,
    b: Result<Json<HighlightPatch>, JsonRejection>,
) -> ApiResult<Json<Highlight>> {
    let patch = body(b).map_err(|e| ErrorBody::new("invalid_highlight", e.message))?;
    blocking(move || s.api.update_highlight(&id, &patch)).await.map(Json)
}

async fn delete_highlight(State(s): State<AppState>, Path(id): Path<String>) -> ApiResult<StatusCode> {
    blocking(move || s.api.delete_highlight(&id)).await.map(|()| StatusCode::NO_CONTENT)
}

async fn add_note(
    State(s): State<AppState>,
    Path(id): Path<String>,
    b: Result<Json<NewNote>, JsonRejection>,
) -> ApiResult<(StatusCode, Json<Note>)> {
    let new = body(b)?;
    blocking(move || s.api.add_note(&id, &new)).await.map(|n| (StatusCode::CREATED, Json(n)))
}

async fn update_note(
    State(s): State<AppState>,
    Path(id): Path<String>,
    b: Result<Json<NotePatch>, JsonRejection>,
) -> ApiResult<Json<Note>> {
    let patch = body(b)?;
    blocking(move || s.api.update_note(&id, &patch)).await.map(Json)
}

async fn delete_note(State(s): State<AppState>, Path(id): Path<String>) -> ApiResult<StatusCode> {
    blocking(move || s.api.delete_note(&id)).await.map(|()| StatusCode::NO_CONTENT)
}

/// Query-string form of [`HighlightQuery`]; the colour arrives as text so
/// that an unknown one is an `invalid_highlight`, not a bare rejection.
#[derive(Deserialize, Default)]
struct HighlightParams {
    q: Option<String>,
    color: Option<String>,
    tag: Option<String>,
    article: Option<String>,
    sort: Option<String>,
    limit: Option<u32>,
    offset: Option<u32>,
    /// Only for `/annotations`.
    kind: Option<String>,
}

/// The colour and sort of a listing's query string.
fn color_and_sort(p: &HighlightParams) -> ApiResult<(Option<HighlightColor>, Option<HighlightSort>)> {
    let color = match p.color.as_deref().filter(|c| !c.is_empty()) {
        None => None,
        Some(c) => Some(HighlightColor::parse(c).ok_or_else(|| {
            ErrorBody::new("invalid_highlight", format!("no colour {c:?}: use yellow, green, blue, pink or purple"))
        })?),
    };
    let sort = match p.sort.as_deref().filter(|c| !c.is_empty()) {
        None => None,
        Some("date") => Some(HighlightSort::Date),
        Some("article") => Some(HighlightSort::Article),
        Some(other) => return Err(ErrorBody::new("invalid_input", format!("no sort {other:?}: use date or article"))),
    };
    Ok((color, sort))
}

async fn library_highlights(
    State(s): State<AppState>,
    Query(p): Query<HighlightParams>,
) -> ApiResult<Json<Vec<LibraryHighlight>>> {
    let (color, sort) = color_and_sort(&p)?;
    let q = HighlightQuery {
        q: p.q.filter(|q| !q.trim().is_empty()),
        color,
        tag: p.tag,
        article: p.article,
        sort,
        limit: p.limit,
        offset: p.offset,
    };
    blocking(move || s.api.library_highlights(&q)).await.map(Json)
}

/// `GET /api/annotations`: [`HighlightParams`] plus `kind` (`highlight` or `note`).
async fn library_annotations(
    State(s): State<AppState>,
    Query(p): Query<HighlightParams>,
) -> ApiResult<Json<Vec<LibraryAnnotation>>> {
    let (color, sort) = color_and_sort(&p)?;
    let kind = match p.kind.as_deref().filter(|k| !k.is_empty()) {
        None => None,
        Some("highlight") => Some(AnnotationKind::Highlight),
        Some("note") => Some(AnnotationKind::Note),
        Some(other) => {
            return Err(ErrorBody::new("invalid_input", format!("no kind {other:?}: use highlight or note")));
        }
    };
    let q = AnnotationQuery {
        q: p.q.filter(|q| !q.trim().is_empty()),
        kind,
        color,
        tag: p.tag,
        article: p.article,
        sort,
        limit: p.limit,
        offset: p.offset,
    };
    blocking(move || s.api.library_annotations(&q)).await.map(Json)
}

#[derive(Deserialize, Default)]
struct ExportParams {
    format: Option<String>,
}

fn file_response(media_type: &'static str, text: String) -> Response {
    ([(header::CONTENT_TYPE, media_type)], text).into_response()
}

async fn export_article(
    State(s): State<AppState>,
    Path(id): Path<String>,
    Query(p): Query<ExportParams>,
) -> ApiResult<Response> {
    let format = export_format(p.format.as_deref().unwrap_or("markdown"))?;
    let text = blocking(move || s.api.export_article(&id, format.as_str())).await?;
    Ok(file_response(format.media_type(), text))
}

async fn export_library(State(s): State<AppState>, Query(p): Query<ExportParams>) -> ApiResult<Response> {
    let format = export_format(p.format.as_deref().unwrap_or("w3c-jsonld"))?;
    let text = blocking(move || s.api.export_library(format.as_str())).await?;
    Ok(file_response(format.media_type(), text))
}

/// `POST /api/export/selection?format=...` with an [`ExportSelection`] body:
/// the chosen highlights and notes as one file.
async fn export_selection(
    State(s): State<AppState>,
    Query(p): Query<ExportParams>,
    b: Result<Json<ExportSelection>, JsonRejection>,
) -> ApiResult<Response> {
    let format = export_format(p.format.as_deref().unwrap_or("markdown"))?;
    let selection = body(b)?;
    let text = blocking(move || s.api.export_selection(format.as_str(), &selection)).await?;
    Ok(file_response(format.media_type(), text))
}
