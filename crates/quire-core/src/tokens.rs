//! Access tokens for the loopback API (browser extension, scripts).
//!
//! A token is 32 random bytes shown once, when issued; the library keeps only
//! its blake3 hash, so a copied library file does not hand out access. Tokens
//! are looked up by hash and the hashes then compared in constant time.
//! Revoking keeps the row (with `revoked_at`) so that a list can say when.

use rusqlite::{Connection, OptionalExtension, params};

use crate::error::{Error, Result};
use crate::ids::{new_id, now, timestamp};
use crate::library::Library;

/// How the token's text starts, so that a leaked one is recognisable.
const TOKEN_PREFIX: &str = "quire_";
/// `last_used_at` is refreshed at most this often, so that reads stay reads.
const LAST_USED_RESOLUTION: time::Duration = time::Duration::seconds(60);

/// One issued token, as listed (never the token itself).
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize, ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenInfo {
    pub id: String,
    pub name: String,
    pub created_at: String,
    pub last_used_at: Option<String>,
}

/// A token just issued: its listing and the secret, shown this once.
#[derive(Debug, Clone)]
pub struct IssuedToken {
    pub info: TokenInfo,
    pub token: String,
}

/// `n` bytes from the operating system's secure random source, as hex.
pub fn random_hex(n: usize) -> String {
    let mut bytes = vec![0u8; n];
    // The OS source only fails on exotic platforms with no entropy at all;
    // there, no secret can be made and refusing to run is the safe outcome.
    getrandom::fill(&mut bytes).expect("the operating system's random source is available");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn hash(token: &str) -> blake3::Hash {
    blake3::hash(token.as_bytes())
}

impl Library {
    /// Issues a new token named `name` (who or what it is for).
    pub fn create_token(&self, name: &str) -> Result<IssuedToken> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 200 {
            return Err(Error::Invalid("a token needs a name of 1 to 200 characters".into()));
        }
        let token = format!("{TOKEN_PREFIX}{}", random_hex(32));
        let info = TokenInfo { id: new_id(), name: name.to_string(), created_at: now(), last_used_at: None };
        self.write(|tx| {
            tx.execute(
                "INSERT INTO tokens (id, name, token_hash, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)",
                params![info.id, info.name, hash(&token).to_hex().as_str(), info.created_at],
            )?;
            Ok(())
        })?;
        Ok(IssuedToken { info, token })
    }

    /// Tokens not revoked, oldest first.
    pub fn list_tokens(&self) -> Result<Vec<TokenInfo>> {
        self.read(|c| {
            let mut stmt = c.prepare(
                "SELECT id, name, created_at, last_used_at FROM tokens WHERE revoked_at IS NULL ORDER BY created_at, id",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok(TokenInfo { id: r.get(0)?, name: r.get(1)?, created_at: r.get(2)?, last_used_at: r.get(3)? })
            })?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        })
    }

    /// Revokes the token with this id; from now on it is refused.
    pub fn revoke_token(&self, id: &str) -> Result<()> {
        self.write(|tx| {
            let at = now();
            let n = tx.execute(
                "UPDATE tokens SET revoked_at = ?2, updated_at = ?2 WHERE id = ?1 AND revoked_at IS NULL",
                params![id.trim(), at],
            )?;
            if n == 0 {
                return Err(Error::NotFound(format!("token {}", id.trim())));
            }
            Ok(())
        })
    }

    /// The id of the live token `token`, if it is one, noting that it was used.
    pub fn check_token(&self, token: &str) -> Result<Option<String>> {
        if !token.starts_with(TOKEN_PREFIX) || token.len() > 200 {
            return Ok(None);
        }
        let wanted = hash(token);
        let found = self.read(|c| find(c, &wanted))?;
        let Some((id, last_used)) = found else { return Ok(None) };
        let stale_before = timestamp(time::OffsetDateTime::now_utc() - LAST_USED_RESOLUTION);
        if last_used.is_none_or(|t| t < stale_before) {
            self.write(|tx| {
                tx.execute("UPDATE tokens SET last_used_at = ?2 WHERE id = ?1", params![id, now()])?;
                Ok(())
            })?;
        }
        Ok(Some(id))
    }
}

/// (id, last_used_at) of the live token whose hash is `wanted`.
fn find(c: &Connection, wanted: &blake3::Hash) -> Result<Option<(String, Option<String>)>> {
    let row: Option<(String, String, Option<String>)> = c
        .query_row(
            "SELECT id, token_hash, last_used_at FROM tokens WHERE token_hash = ?1 AND revoked_at IS NULL",
            [wanted.to_hex().as_str()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    // blake3::Hash's equality is constant-time.
    Ok(row
        .filter(|(_, stored, _)| blake3::Hash::from_hex(stored).is_ok_and(|h| h == *wanted))
        .map(|(id, _, t)| (id, t)))
}
