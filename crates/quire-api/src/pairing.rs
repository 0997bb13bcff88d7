//! Pairing a browser extension with this library.
//!
//! The extension asks (`request`), learning a pairing id, a secret only it
//! knows and a short code; the person compares the code in the extension with
//! the one in the app's approval prompt and approves or denies; the extension
//! polls with its secret and collects the token once. Pairings live in memory
//! only and expire after [`PAIRING_LIFETIME`]: a restart forgets them, which
//! just means asking again.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use quire_core::Library;
use serde::{Deserialize, Serialize};

use crate::ErrorBody;

/// How long a request waits for approval, and an approved token for collection.
pub const PAIRING_LIFETIME: Duration = Duration::from_secs(5 * 60);
/// More waiting requests than this are refused: nobody approves that many.
const MAX_PENDING: usize = 16;
/// Codes are read aloud and compared by eye: no 0/O, 1/I/L.
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/// What the extension learns when it asks to pair (`POST /api/pair`).
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct PairingTicket {
    pub pairing_id: String,
    /// Known only to the requester; proves a poll comes from it.
    pub secret: String,
    /// Six characters the person compares in the extension and the app.
    pub code: String,
}

/// A request waiting for the person's answer, as the approval prompt shows it.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct PairingRequest {
    pub pairing_id: String,
    /// The name the extension gave (e.g. "Chromium on laptop").
    pub name: String,
    pub code: String,
    /// Seconds left before the request expires.
    pub expires_in: u32,
}

/// Where a pairing stands, as the extension's poll sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum PairingState {
    Pending,
    Approved,
    Denied,
    Expired,
}

/// The answer to a poll (`GET /api/pair/{pairing_id}`): the token comes once.
#[derive(Debug, Clone, Serialize, Deserialize, ts_rs::TS)]
pub struct PairingStatus {
    pub status: PairingState,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub token: Option<String>,
}

struct Pairing {
    name: String,
    secret_hash: [u8; 32],
    code: String,
    asked_at: Instant,
    state: PairingState,
    /// The issued token until the extension collects it.
    token: Option<String>,
    /// The issued token's id, to revoke it if it is never collected.
    token_id: Option<String>,
}

/// The pairings of one running app or server.
#[derive(Default)]
pub struct Pairings {
    inner: Mutex<HashMap<String, Pairing>>,
    /// Ids of tokens approved but never collected before expiry, to revoke.
    abandoned: Mutex<Vec<String>>,
}

impl std::fmt::Debug for Pairings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pairings").finish_non_exhaustive()
    }
}

fn digest(secret: &str) -> [u8; 32] {
    *blake3::hash(secret.as_bytes()).as_bytes()
}

/// Equality that takes the same time wherever the inputs differ.
pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn new_code() -> String {
    let hex = quire_core::tokens::random_hex(6);
    hex.as_bytes()
        .chunks(2)
        .map(|pair| {
            let byte = u8::from_str_radix(std::str::from_utf8(pair).unwrap_or("0"), 16).unwrap_or(0);
            CODE_ALPHABET[byte as usize % CODE_ALPHABET.len()] as char
        })
        .collect()
}

impl Pairings {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Pairing>> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Marks expired requests, and forgets them a lifetime later. A token
    /// approved but not collected in time is set aside for revoking.
    fn expire(&self, map: &mut HashMap<String, Pairing>) {
        for p in map.values_mut() {
            if p.asked_at.elapsed() >= PAIRING_LIFETIME && p.state != PairingState::Denied {
                p.state = PairingState::Expired;
                if p.token.take().is_some()
                    && let Some(id) = p.token_id.take()
                {
                    self.abandoned.lock().unwrap_or_else(|e| e.into_inner()).push(id);
                }
            }
        }
        map.retain(|_, p| p.asked_at.elapsed() < PAIRING_LIFETIME * 2);
    }

    /// Revokes the tokens approved for pairings that expired uncollected.
    pub fn revoke_abandoned(&self, library: &Library) -> Result<(), ErrorBody> {
        let ids = std::mem::take(&mut *self.abandoned.lock().unwrap_or_else(|e| e.into_inner()));
        for id in ids {
            library.revoke_token(&id)?;
        }
        Ok(())
    }

    /// A new request to pair from `name`.
    pub fn request(&self, name: &str) -> Result<PairingTicket, ErrorBody> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 100 {
            return Err(ErrorBody::new("invalid_input", "give a name of 1 to 100 characters for this browser"));
        }
        let mut map = self.lock();
        self.expire(&mut map);
        if map.values().filter(|p| p.state == PairingState::Pending).count() >= MAX_PENDING {
            return Err(ErrorBody::new("too_many", "too many pairing requests are waiting; answer them first"));
        }
        let ticket = PairingTicket {
            pairing_id: quire_core::tokens::random_hex(16),
            secret: quire_core::tokens::random_hex(32),
            code: new_code(),
        };
        map.insert(
            ticket.pairing_id.clone(),
            Pairing {
                name: name.to_string(),
                secret_hash: digest(&ticket.secret),
                code: ticket.code.clone(),
                asked_at: Instant::now(),
                state: PairingState::Pending,
                token: None,
                token_id: None,
            },
        );
        Ok(ticket)
    }

    /// The requests waiting for an answer, oldest first.
    pub fn pending(&self) -> Vec<PairingRequest> {
        let mut map = self.lock();
        self.expire(&mut map);
        let mut list: Vec<(Instant, PairingRequest)> = map
            .iter()
            .filter(|(_, p)| p.state == PairingState::Pending)
            .map(|(id, p)| {
                let left = PAIRING_LIFETIME.saturating_sub(p.asked_at.elapsed());
                (
                    p.asked_at,
                    PairingRequest {
                        pairing_id: id.clone(),
                        name: p.name.clone(),
                        code: p.code.clone(),
                        expires_in: left.as_secs() as u32,
                    },
                )
            })
            .collect();
        list.sort_by_key(|(at, _)| *at);
        list.into_iter().map(|(_, r)| r).collect()
    }

    /// Approves a waiting request, issuing its token in `library`.
    pub fn approve(&self, library: &Library, pairing_id: &str) -> Result<(), ErrorBody> {
        let name = {
            let mut map = self.lock();
            self.expire(&mut map);
            let p = waiting(&mut map, pairing_id)?;
            p.name.clone()
        };
        let issued = library.create_token(&format!("{name} (browser extension)"))?;
        let mut map = self.lock();
        match map.get_mut(pairing_id) {
            Some(p) if p.state == PairingState::Pending => {
                p.state = PairingState::Approved;
                p.token = Some(issued.token);
                p.token_id = Some(issued.info.id);
                Ok(())
            }
            _ => {
                // Denied or expired meanwhile: the token must not outlive it.
                library.revoke_token(&issued.info.id)?;
                Err(ErrorBody::new("not_found", "that pairing request is no longer waiting"))
            }
        }
    }

    /// Denies a waiting request.
    pub fn deny(&self, pairing_id: &str) -> Result<(), ErrorBody> {
        let mut map = self.lock();
        self.expire(&mut map);
        waiting(&mut map, pairing_id)?.state = PairingState::Denied;
        Ok(())
    }

    /// The requester's poll: refused unless `secret` is the one it was given.
    /// An approved pairing hands its token over once and then forgets it.
    pub fn poll(&self, pairing_id: &str, secret: &str) -> Result<PairingStatus, ErrorBody> {
        let mut map = self.lock();
        self.expire(&mut map);
        let p = map.get_mut(pairing_id).ok_or_else(|| ErrorBody::new("not_found", "no such pairing request"))?;
        if !constant_time_eq(&p.secret_hash, &digest(secret)) {
            return Err(ErrorBody::new("forbidden", "this is not the secret of that pairing request"));
        }
        let token = p.token.take();
        if token.is_some() {
            p.token_id = None;
        }
        Ok(PairingStatus { status: p.state, token })
    }
}

fn waiting<'a>(map: &'a mut HashMap<String, Pairing>, id: &str) -> Result<&'a mut Pairing, ErrorBody> {
    match map.get_mut(id) {
        Some(p) if p.state == PairingState::Pending => Ok(p),
        _ => Err(ErrorBody::new("not_found", "that pairing request is no longer waiting")),
    }
}
