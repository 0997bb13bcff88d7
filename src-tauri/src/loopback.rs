//! The loopback server inside the desktop app (issue 7): the same router as
//! `quire serve` (`quire_api::http`, on 127.0.0.1 and [::1]), sharing the app's `Api`, so the browser
//! extension clips into the open library. It serves no web UI (the window
//! talks over IPC), so nothing here ever sets the UI's session cookie:
//! pairings are approved in the window, through Tauri commands.

use quire_api::Api;

/// Quire's port, then the fallbacks the extension also tries, in order.
pub const PORTS: [u16; 4] = [7839, 7840, 7841, 7842];

/// Binds the first free port of [`PORTS`] on 127.0.0.1 and serves until the
/// app exits. Runs on Tauri's async runtime (Tokio).
pub async fn serve(api: Api) {
    for port in PORTS {
        match quire_api::http::bind(port).await {
            Ok((listener, addr)) => {
                eprintln!("quire-desktop: clipping server on http://{addr}");
                if let Err(error) = quire_api::http::serve(listener, api, None).await {
                    eprintln!("quire-desktop: the clipping server stopped: {error}");
                }
                return;
            }
            Err(error) => eprintln!("quire-desktop: port {port} unavailable ({error}); trying the next"),
        }
    }
    eprintln!("quire-desktop: no port of {PORTS:?} was free; the browser extension cannot reach Quire");
}
