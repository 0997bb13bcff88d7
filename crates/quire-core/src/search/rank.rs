//! `quire_bm25`, FTS5's bm25 with the inverse document frequencies supplied
//! by the caller instead of counted by a full scan.
//!
//! FTS5's own `bm25()` counts, once per query, how many rows match each
//! phrase (`xQueryPhrase` over the whole doclist) before it scores the first
//! row. That count ignores `LIMIT` and rowid ranges, so a bounded scan of the
//! 500 newest matches of a word in most of 100,000 articles still walked all
//! of them (27 ms of a 33 ms search), and a phrase or prefix walked them with
//! positions. Scoring a row needs only that row's hits and length, which FTS5
//! has at hand; the frequencies come from [`super`], estimated from a bounded
//! sample of the newest matches. With one phrase (most queries) the IDF is a
//! constant factor and the order is exactly bm25's.
//!
//! `quire_bm25(table, n, w1 … wn, idf1 … idfm)`: `n` column weights, then one
//! IDF per phrase of the MATCH expression in order (missing ones count 0, so
//! the phrases of a `NOT` need none). Lower is better, as with `bm25()`.

use std::ffi::c_int;

use rusqlite::Connection;
use rusqlite::ffi;

const K1: f64 = 1.2;
const B: f64 = 0.75;

/// Registers `quire_bm25` on `conn` (through the `fts5_api` pointer SQLite
/// hands out to `SELECT fts5(?)`; rusqlite has no FTS5 auxiliary functions).
pub fn register(conn: &Connection) -> rusqlite::Result<()> {
    // SAFETY: `handle()` is the live connection; the statement is finalised
    // before returning; `api` is SQLite's own static object for this connection.
    unsafe {
        let db = conn.handle();
        let mut stmt: *mut ffi::sqlite3_stmt = std::ptr::null_mut();
        let rc = ffi::sqlite3_prepare_v2(db, c"SELECT fts5(?1)".as_ptr(), -1, &mut stmt, std::ptr::null_mut());
        if rc != ffi::SQLITE_OK {
            return Err(rusqlite::Error::SqliteFailure(ffi::Error::new(rc), Some("fts5 api".into())));
        }
        let mut api: *mut ffi::fts5_api = std::ptr::null_mut();
        ffi::sqlite3_bind_pointer(
            stmt,
            1,
            (&mut api as *mut *mut ffi::fts5_api).cast(),
            c"fts5_api_ptr".as_ptr(),
            None,
        );
        ffi::sqlite3_step(stmt);
        ffi::sqlite3_finalize(stmt);
        let Some(create) = api.as_ref().and_then(|a| a.xCreateFunction) else {
            return Err(rusqlite::Error::SqliteFailure(ffi::Error::new(ffi::SQLITE_ERROR), Some("no fts5 api".into())));
        };
        let rc = create(api, c"quire_bm25".as_ptr(), std::ptr::null_mut(), Some(quire_bm25), None);
        if rc != ffi::SQLITE_OK {
            return Err(rusqlite::Error::SqliteFailure(ffi::Error::new(rc), Some("quire_bm25".into())));
        }
    }
    Ok(())
}

unsafe extern "C" fn quire_bm25(
    api: *const ffi::Fts5ExtensionApi,
    fts: *mut ffi::Fts5Context,
    ctx: *mut ffi::sqlite3_context,
    n_val: c_int,
    values: *mut *mut ffi::sqlite3_value,
) {
    // SAFETY: SQLite calls this with a valid API table, context and `n_val` values.
    unsafe {
        match score(&*api, fts, std::slice::from_raw_parts(values, n_val.max(0) as usize)) {
            Ok(s) => ffi::sqlite3_result_double(ctx, s),
            Err(rc) => ffi::sqlite3_result_error_code(ctx, rc),
        }
    }
}

unsafe fn score(
    api: &ffi::Fts5ExtensionApi,
    fts: *mut ffi::Fts5Context,
    args: &[*mut ffi::sqlite3_value],
) -> Result<f64, c_int> {
    let check = |rc: c_int| if rc == ffi::SQLITE_OK { Ok(()) } else { Err(rc) };
    let missing = ffi::SQLITE_MISUSE;
    // SAFETY: the API functions are SQLite's, called on the row being visited.
    unsafe {
        let arg = |i: usize| args.get(i).map(|v| ffi::sqlite3_value_double(*v)).unwrap_or(0.0);
        let n_weights = arg(0).max(0.0) as usize;
        let n_phrases = api.xPhraseCount.ok_or(missing)?(fts).max(0) as usize;
        let mut freq = vec![0.0f64; n_phrases];
        let mut n_inst: c_int = 0;
        check(api.xInstCount.ok_or(missing)?(fts, &mut n_inst))?;
        let inst = api.xInst.ok_or(missing)?;
        for i in 0..n_inst {
            let (mut phrase, mut column, mut offset) = (0, 0, 0);
            check(inst(fts, i, &mut phrase, &mut column, &mut offset))?;
            let w = if (column as usize) < n_weights { arg(1 + column as usize) } else { 1.0 };
            if let Some(f) = freq.get_mut(phrase as usize) {
                *f += w;
            }
        }
        let mut tokens: c_int = 0;
        check(api.xColumnSize.ok_or(missing)?(fts, -1, &mut tokens))?;
        let avgdl = average_length(api, fts)?;
        let length = K1 * (1.0 - B + B * f64::from(tokens) / avgdl);
        let score: f64 =
            freq.iter().enumerate().map(|(i, f)| arg(1 + n_weights + i) * (f * (K1 + 1.0)) / (f + length)).sum();
        Ok(-score)
    }
}

/// The table's average row length in tokens, read once per query (FTS5 does
/// not cache it between calls) and kept with the query's cursor.
unsafe fn average_length(api: &ffi::Fts5ExtensionApi, fts: *mut ffi::Fts5Context) -> Result<f64, c_int> {
    let missing = ffi::SQLITE_MISUSE;
    // SAFETY: the auxiliary data slot holds only what this function put there: a boxed f64.
    unsafe {
        let kept = api.xGetAuxdata.ok_or(missing)?(fts, 0) as *const f64;
        if let Some(avgdl) = kept.as_ref() {
            return Ok(*avgdl);
        }
        let (mut rows, mut total) = (0i64, 0i64);
        let rc = api.xRowCount.ok_or(missing)?(fts, &mut rows);
        if rc != ffi::SQLITE_OK {
            return Err(rc);
        }
        let rc = api.xColumnTotalSize.ok_or(missing)?(fts, -1, &mut total);
        if rc != ffi::SQLITE_OK {
            return Err(rc);
        }
        let avgdl = if rows > 0 && total > 0 { total as f64 / rows as f64 } else { 1.0 };
        let rc = api.xSetAuxdata.ok_or(missing)?(fts, Box::into_raw(Box::new(avgdl)).cast(), Some(free_f64));
        if rc != ffi::SQLITE_OK {
            return Err(rc);
        }
        Ok(avgdl)
    }
}

unsafe extern "C" fn free_f64(p: *mut std::ffi::c_void) {
    // SAFETY: `p` came from `Box::into_raw` in `average_length`.
    unsafe { drop(Box::from_raw(p as *mut f64)) }
}

/// bm25's inverse document frequency of a phrase found in `hits` of `rows` rows
/// (never below FTS5's floor, so a word in most rows still counts a little).
pub fn idf(hits: f64, rows: f64) -> f64 {
    ((rows - hits + 0.5) / (hits + 0.5)).ln().max(1e-6)
}
