//! What the extract fuzz target checks, shared by the libFuzzer target, the
//! stable `replay` binary and quire-extract's own test suite (which includes
//! `check.rs` by path and replays `corpus/extract/`).

pub mod check;
