//! The fuzz corpus replayed on stable Rust in every test run, with the fuzz
//! target's own checks (`fuzz/src/check.rs`): inputs the fuzzer found
//! interesting, or that once failed, stay fixed.

#[path = "../../../../fuzz/src/check.rs"]
pub(crate) mod check;

#[test]
fn fuzz_corpus_replays_clean() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/corpus/extract");
    let mut replayed = 0;
    for entry in std::fs::read_dir(&dir).expect("the fuzz corpus is in the repository") {
        let path = entry.expect("corpus entry").path();
        let data = std::fs::read(&path).expect("corpus file is readable");
        let result = std::panic::catch_unwind(|| check::check(&data));
        assert!(result.is_ok(), "{} fails the fuzz checks", path.display());
        replayed += 1;
    }
    assert!(replayed >= 10, "the seed corpus has at least ten inputs, found {replayed}");
}
