//! The UI's TypeScript types are generated from the Rust DTOs and committed.
//! This test fails when they drift; run it with `UPDATE_TS=1` to regenerate.

use std::path::Path;

use quire_api::dto::*;
use ts_rs::{Config, TS};

fn check<T: TS + 'static>(dir: &Path, update: bool, stale: &mut Vec<String>) {
    let cfg = Config::new();
    let ts = T::export_to_string(&cfg).expect("exports");
    let path = dir.join(format!("{}.ts", T::ident(&cfg)));
    if update {
        std::fs::write(&path, &ts).expect("write generated type");
    } else if std::fs::read_to_string(&path).ok().as_deref() != Some(ts.as_str()) {
        stale.push(path.display().to_string());
    }
}

#[test]
fn generated_typescript_types_match_the_rust_dtos() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/lib/api/generated");
    let update = std::env::var_os("UPDATE_TS").is_some();
    if update {
        std::fs::create_dir_all(&dir).unwrap();
    }
    let mut stale = Vec::new();
    check::<ArticleState>(&dir, update, &mut stale);
    check::<SortKey>(&dir, update, &mut stale);
    check::<ArticleSummary>(&dir, update, &mut stale);
    check::<ArticleDetail>(&dir, update, &mut stale);
    check::<ListQuery>(&dir, update, &mut stale);
    check::<AddRequest>(&dir, update, &mut stale);
    check::<AddOutcome>(&dir, update, &mut stale);
    check::<ArticlePatch>(&dir, update, &mut stale);
    check::<SearchQuery>(&dir, update, &mut stale);
    check::<SearchHit>(&dir, update, &mut stale);
    check::<TagCount>(&dir, update, &mut stale);
    check::<SiteCount>(&dir, update, &mut stale);
    check::<PhotoRetry>(&dir, update, &mut stale);
    check::<ErrorBody>(&dir, update, &mut stale);
    // Browser clipping (issue 7)
    check::<ClipImage>(&dir, update, &mut stale);
    check::<ClipRequest>(&dir, update, &mut stale);
    check::<ClipStatus>(&dir, update, &mut stale);
    check::<ClipOutcome>(&dir, update, &mut stale);
    check::<PairingTicket>(&dir, update, &mut stale);
    check::<PairingRequest>(&dir, update, &mut stale);
    check::<PairingState>(&dir, update, &mut stale);
    check::<PairingStatus>(&dir, update, &mut stale);
    check::<TokenInfo>(&dir, update, &mut stale);
    check::<ArticleVersionInfo>(&dir, update, &mut stale);
    check::<ArticleVersion>(&dir, update, &mut stale);
    // Highlights and notes (issue 6)
    check::<HighlightColor>(&dir, update, &mut stale);
    check::<Highlight>(&dir, update, &mut stale);
    check::<NewHighlight>(&dir, update, &mut stale);
    check::<Anchor>(&dir, update, &mut stale);
    check::<HighlightPatch>(&dir, update, &mut stale);
    check::<Note>(&dir, update, &mut stale);
    check::<NewNote>(&dir, update, &mut stale);
    check::<NotePatch>(&dir, update, &mut stale);
    check::<ArticleAnnotations>(&dir, update, &mut stale);
    check::<HighlightSort>(&dir, update, &mut stale);
    check::<HighlightQuery>(&dir, update, &mut stale);
    check::<LibraryHighlight>(&dir, update, &mut stale);
    check::<AnnotationKind>(&dir, update, &mut stale);
    check::<AnnotationQuery>(&dir, update, &mut stale);
    check::<LibraryAnnotation>(&dir, update, &mut stale);
    check::<ExportSelection>(&dir, update, &mut stale);
    // Imports (issue 8)
    check::<ImportJob>(&dir, update, &mut stale);
    check::<ImportFailure>(&dir, update, &mut stale);
    check::<ImportStarted>(&dir, update, &mut stale);
    // Photos (issue 5)
    check::<ItemKind>(&dir, update, &mut stale);
    check::<PhotoStatus>(&dir, update, &mut stale);
    check::<ArticlePhoto>(&dir, update, &mut stale);
    check::<AddPhotoRequest>(&dir, update, &mut stale);
    assert!(
        stale.is_empty(),
        "TypeScript types out of date; run `UPDATE_TS=1 cargo test -p quire-api --test typescript`: {stale:?}"
    );
}
