//! What the benches share: the words generated articles are made of, so that
//! every bench's library reads alike and searches find realistic hit counts.

/// Topic words: a few in every article, so a search for one finds many.
pub const TOPIC_WORDS: &[&str] = &[
    "harbour",
    "tide",
    "storm",
    "election",
    "budget",
    "energy",
    "river",
    "forest",
    "market",
    "vaccine",
    "satellite",
    "novel",
    "museum",
    "railway",
    "glacier",
    "festival",
    "parliament",
    "drought",
    "harvest",
    "startup",
    "orbit",
    "archive",
    "language",
    "climate",
];
