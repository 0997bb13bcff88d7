//! Global ids and timestamps for rows of user data.
//!
//! Every row a person owns is identified by a UUIDv7, never by SQLite's rowid:
//! rowids are local to one file, while a library synchronised across machines
//! through changesets needs ids that are unique everywhere and sort by time.

use time::OffsetDateTime;
use time::macros::format_description;

/// A new globally unique, time-ordered id.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// Now, as RFC 3339 UTC with exactly three fraction digits, so that times
/// sort correctly as text ("…:23Z" would sort after "…:23.068Z").
pub fn now() -> String {
    timestamp(OffsetDateTime::now_utc())
}

/// `at` in the same fixed-width form as [`now`].
pub fn timestamp(at: OffsetDateTime) -> String {
    let format = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3]Z");
    at.to_offset(time::UtcOffset::UTC).format(&format).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn timestamps_have_a_fixed_width_so_they_sort_as_text() {
        let t = super::now();
        assert_eq!(t.len(), "2026-11-27T20:57:23.068Z".len(), "{t}");
        assert!(t.ends_with('Z'));
    }
}
