//! Clips from the browser extension (`POST /api/clip`): the rendered page,
//! or a selection of it, or one image, with the bytes of the images the
//! browser already had, so photos need not be fetched again.
//!
//! The article is committed before the call returns; photos are stored
//! afterwards by the caller (see [`PhotoQueue`]), preferring the posted bytes.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use base64::Engine;
use quire_core::{ArticleSummary, Page};
use serde::{Deserialize, Serialize};
use tokio::sync::Semaphore;

use crate::{Api, ErrorBody};

/// An image the browser had loaded: its address and bytes.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct ClipImage {
    pub url: String,
    #[serde(default)]
    pub content_type: Option<String>,
    pub data_base64: String,
}

/// What the extension posts.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct ClipRequest {
    /// The page's address (http or https).
    pub url: String,
    /// The rendered DOM; empty when clipping one image.
    pub html: String,
    #[serde(default)]
    pub title: String,
    /// HTML of the selection, when only that is clipped.
    #[serde(default)]
    #[ts(optional)]
    pub selection: Option<String>,
    #[serde(default)]
    #[ts(optional)]
    pub images: Option<Vec<ClipImage>>,
    /// One image clipped on its own ("Clip image"), saved as a photo item.
    #[serde(default)]
    #[ts(optional)]
    pub image: Option<ClipImage>,
    #[serde(default)]
    #[ts(optional)]
    pub caption: Option<String>,
}

/// Whether the clip added an article or updated the one from the same address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ClipStatus {
    Saved,
    Updated,
}

/// The answer to a clip, sent once the article is committed.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct ClipOutcome {
    pub status: ClipStatus,
    pub article: ArticleSummary,
}

/// Image bytes posted with a clip, by address, for storing its photos.
pub type ProvidedImages = HashMap<String, Vec<u8>>;

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn decode_image(image: &ClipImage) -> Result<Vec<u8>, ErrorBody> {
    base64::engine::general_purpose::STANDARD
        .decode(image.data_base64.trim())
        .map_err(|e| ErrorBody::new("invalid_input", format!("image {} is not valid base64: {e}", image.url)))
}

impl Api {
    /// Saves a clip; returns once the article is committed, with the posted
    /// image bytes still to be stored (see [`PhotoQueue::store_photos`]).
    pub fn clip(&self, req: ClipRequest) -> Result<(ClipOutcome, ProvidedImages), ErrorBody> {
        let url = quire_core::fetch::parse_web_url(&req.url)?;
        if let Some(image) = &req.image {
            let bytes = decode_image(image)?;
            let name = url::Url::parse(&image.url)
                .ok()
                .and_then(|u| u.path_segments()?.next_back().map(str::to_owned))
                .filter(|n| !n.is_empty())
                .unwrap_or_else(|| "image".into());
            let caption = req.caption.as_deref().or(Some(req.title.as_str()).filter(|t| !t.trim().is_empty()));
            let outcome = self.library().add_photo(bytes, &name, Some(&url), caption, None)?;
            return Ok((ClipOutcome { status: ClipStatus::Saved, article: outcome.article }, HashMap::new()));
        }
        let selection = req.selection.as_deref().filter(|s| !s.trim().is_empty());
        let html = match selection {
            Some(sel) => format!(
                "<!doctype html><html><head><meta charset=utf-8><title>{}</title></head><body><article>{sel}</article></body></html>",
                escape(&req.title)
            ),
            None if req.html.trim().is_empty() => {
                return Err(ErrorBody::new("invalid_input", "the clip has no html (and no image)"));
            }
            None => req.html,
        };
        let mut provided = HashMap::new();
        for image in req.images.iter().flatten() {
            provided.insert(image.url.clone(), decode_image(image)?);
        }
        let page = Page {
            bytes: html.into_bytes(),
            url: Some(url),
            content_type: Some("text/html; charset=utf-8".into()),
            file_name: None,
        };
        let outcome = self.library().add_page(&page)?;
        let status = if outcome.created { ClipStatus::Saved } else { ClipStatus::Updated };
        Ok((ClipOutcome { status, article: outcome.article }, provided))
    }
}

/// Stores clipped articles' photos in the background, at most
/// [`PhotoQueue::TOTAL`] at once and [`PhotoQueue::PER_HOST`] per site, so a
/// burst of clips neither floods one site nor the machine.
#[derive(Debug)]
pub struct PhotoQueue {
    total: Arc<Semaphore>,
    hosts: Mutex<HashMap<String, Arc<Semaphore>>>,
}

impl PhotoQueue {
    pub const TOTAL: usize = 8;
    pub const PER_HOST: usize = 2;

    #[allow(clippy::new_without_default)]
    pub fn new() -> PhotoQueue {
        PhotoQueue { total: Arc::new(Semaphore::new(Self::TOTAL)), hosts: Mutex::default() }
    }

    fn host_slots(&self, source: &str) -> Arc<Semaphore> {
        let host = url::Url::parse(source).ok().and_then(|u| u.host_str().map(str::to_owned)).unwrap_or_default();
        let mut hosts = self.hosts.lock().unwrap_or_else(|p| p.into_inner());
        hosts.retain(|_, s| Arc::strong_count(s) > 1);
        hosts.entry(host).or_insert_with(|| Arc::new(Semaphore::new(Self::PER_HOST))).clone()
    }

    /// Stores the article's waiting photos, each from `provided` bytes when
    /// the clip carried them, else fetched. Must run on a Tokio runtime.
    pub async fn store_photos(self: Arc<Self>, api: Api, article_id: String, mut provided: ProvidedImages) {
        let lookup = api.clone();
        let id = article_id.clone();
        let sources = match tokio::task::spawn_blocking(move || lookup.library().pending_photo_sources(&id)).await {
            Ok(Ok(s)) => s,
            _ => return,
        };
        let mut tasks = tokio::task::JoinSet::new();
        for source in sources {
            let bytes = provided.remove(&source);
            let host = self.host_slots(&source);
            let total = self.total.clone();
            let (api, id) = (api.clone(), article_id.clone());
            tasks.spawn(async move {
                let (Ok(_host), Ok(_total)) = (host.acquire_owned().await, total.acquire_owned().await) else {
                    return;
                };
                let _ = tokio::task::spawn_blocking(move || api.library().store_photo_from(&id, &source, bytes)).await;
            });
        }
        while tasks.join_next().await.is_some() {}
    }
}
