//! Who may call the loopback server, checked on every request before routing.
//!
//! - `Host` must name this machine (127.0.0.1, localhost, [::1] with our port):
//!   a web page that re-points its own DNS name at 127.0.0.1 (DNS rebinding)
//!   still sends its own name as `Host` and is refused.
//! - `Origin`, when present, must be this server's own (the web UI) or a
//!   browser extension's (`chrome-extension://`, `moz-extension://`). Web pages
//!   elsewhere get 403 and never a CORS header; extensions get CORS for exactly
//!   their origin, and only with a token.
//! - `/api/*` and `/photos/*` need `Authorization: Bearer TOKEN`, or the
//!   `quire_session` cookie the UI receives with its page (HttpOnly,
//!   SameSite=Strict, so no other site's page can make the browser send it).
//!   The cookie is honoured only without an extension `Origin`: extensions with
//!   host permissions can carry cookies, and they must use a token.
//! - Approving pairings takes the cookie, never a token: a paired extension
//!   cannot approve a second, forged one.
//! - `GET /api/health` and the pairing request and poll need nothing.

use axum::Json;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::ErrorBody;
use crate::http::AppState;
use crate::pairing::constant_time_eq;

/// The cookie that admits Quire's own web UI.
pub const SESSION_COOKIE: &str = "quire_session";

/// Where a request says it comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Origin {
    /// No `Origin` header: a script, the CLI, or a same-origin `GET`.
    None,
    /// This server's own pages: the web UI.
    Own,
    /// A browser extension; the exact origin, echoed in CORS headers.
    Extension(String),
}

fn loopback_hosts(port: u16) -> [String; 3] {
    [format!("127.0.0.1:{port}"), format!("localhost:{port}"), format!("[::1]:{port}")]
}

fn classify_origin(headers: &HeaderMap, port: u16) -> Result<Origin, String> {
    let Some(origin) = headers.get(header::ORIGIN) else { return Ok(Origin::None) };
    let origin = origin.to_str().unwrap_or("").trim();
    if loopback_hosts(port).iter().any(|h| origin.eq_ignore_ascii_case(&format!("http://{h}"))) {
        return Ok(Origin::Own);
    }
    let is_extension = ["chrome-extension://", "moz-extension://"].iter().any(|scheme| {
        origin
            .strip_prefix(scheme)
            .is_some_and(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
    });
    if is_extension {
        Ok(Origin::Extension(origin.to_string()))
    } else {
        Err(format!("requests from {origin} are not allowed"))
    }
}

fn bearer(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim().to_string())
}

fn has_session(headers: &HeaderMap, session: &str) -> bool {
    headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(';')).any(|pair| {
        pair.trim()
            .strip_prefix(SESSION_COOKIE)
            .and_then(|rest| rest.strip_prefix('='))
            .is_some_and(|value| constant_time_eq(value.as_bytes(), session.as_bytes()))
    })
}

fn refuse(status: StatusCode, code: &str, message: impl Into<String>) -> Response {
    (status, Json(ErrorBody::new(code, message))).into_response()
}

/// The middleware: checks `Host`, `Origin` and credentials, answers CORS
/// preflights from extensions, and sets the UI's session cookie.
pub(crate) async fn guard(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let headers = req.headers().clone();
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("");
    if !loopback_hosts(state.port).iter().any(|h| h.eq_ignore_ascii_case(host)) {
        return refuse(
            StatusCode::FORBIDDEN,
            "forbidden",
            format!("requests must be addressed to this machine (Host {host:?} refused)"),
        );
    }
    let origin = match classify_origin(&headers, state.port) {
        Ok(o) => o,
        Err(message) => return refuse(StatusCode::FORBIDDEN, "forbidden", message),
    };
    let path = req.uri().path().to_string();
    let mut response = if req.method() == Method::OPTIONS && matches!(origin, Origin::Extension(_)) {
        StatusCode::NO_CONTENT.into_response()
    } else {
        match check(&state, &headers, &origin, req.method(), &path).await {
            Ok(()) => next.run(req).await,
            Err(refusal) => refusal,
        }
    };
    let h = response.headers_mut();
    if let Origin::Extension(o) = &origin
        && let Ok(value) = HeaderValue::from_str(o)
    {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
        h.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static("authorization, content-type, x-pairing-secret"),
        );
        h.insert(header::ACCESS_CONTROL_ALLOW_METHODS, HeaderValue::from_static("GET, POST, DELETE"));
        h.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
    }
    h.append(header::VARY, HeaderValue::from_static("Origin"));
    let is_page = h.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|t| t.starts_with("text/html"));
    let own_page =
        !matches!(origin, Origin::Extension(_)) && !path.starts_with("/api/") && !path.starts_with("/photos/");
    if is_page && own_page {
        let cookie = format!("{SESSION_COOKIE}={}; HttpOnly; SameSite=Strict; Path=/", state.session);
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            h.append(header::SET_COOKIE, value);
        }
    }
    h.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    h.insert(
        "content-security-policy",
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
        ),
    );
    response
}

/// Whether this caller may make this request; the refusal to send if not.
async fn check(
    state: &AppState,
    headers: &HeaderMap,
    origin: &Origin,
    method: &Method,
    path: &str,
) -> Result<(), Response> {
    let open =
        path == "/api/health" || (path == "/api/pair" && method == Method::POST) || path.starts_with("/api/pair/");
    if open || !(path.starts_with("/api/") || path.starts_with("/photos/")) {
        return Ok(());
    }
    let ui_session = !matches!(origin, Origin::Extension(_)) && has_session(headers, &state.session);
    if path == "/api/pairings" || path.starts_with("/api/pairings/") {
        return if ui_session && bearer(headers).is_none() {
            Ok(())
        } else {
            Err(refuse(StatusCode::FORBIDDEN, "forbidden", "pairings are approved in Quire itself, not with a token"))
        };
    }
    if let Some(token) = bearer(headers) {
        let api = state.api.clone();
        let valid = tokio::task::spawn_blocking(move || api.check_token(&token)).await;
        return match valid {
            Ok(Ok(true)) => Ok(()),
            Ok(Ok(false)) => Err(unauthorized()),
            Ok(Err(e)) => Err(e.into_response()),
            Err(e) => Err(ErrorBody::new("internal", e.to_string()).into_response()),
        };
    }
    if ui_session { Ok(()) } else { Err(unauthorized()) }
}

fn unauthorized() -> Response {
    refuse(
        StatusCode::UNAUTHORIZED,
        "unauthorized",
        "a token is needed: pair the extension in Quire, or run `quire token create --name NAME` for a script",
    )
}
