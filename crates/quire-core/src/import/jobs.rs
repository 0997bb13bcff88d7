//! Import jobs and their fetch worker.
//!
//! A job is persisted in `import_jobs`, its rows in `import_items`, so an
//! import survives quit and crash: whatever worker starts next (`quire serve`,
//! the desktop app, `quire import --wait`, `quire jobs retry`) picks up every
//! `pending` row. The worker is polite: at most one request at a time to a
//! host and a delay between two requests to it; a transient failure is
//! retried with exponential backoff; a permanent one (404, not a web page) or
//! one past the last attempt is marked `failed` with its reason, and its
//! placeholder article stays in the library, flagged `needs_fetch`, for a
//! later `retry`.

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use rusqlite::{Connection, OptionalExtension, params};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::error::{Error, Result};
use crate::fetch_error::FetchError;
use crate::ids::{now, timestamp};
use crate::library::Library;
use crate::{fetch, ingest};

#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

/// An import job as front ends show it: counts, progress, time left, failures.
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize, ts_rs::TS))]
#[derive(Debug, Clone, PartialEq)]
pub struct ImportJob {
    pub id: String,
    /// The imported file's name.
    pub source_name: String,
    pub format: String,
    /// `staging` (rows being written), `fetching` (pages queued), `done`.
    pub state: String,
    pub created_at: String,
    pub finished_at: Option<String>,
    /// Rows in the file, rejected ones included.
    pub total: u32,
    pub imported: u32,
    pub updated: u32,
    pub duplicates: u32,
    /// Rows stored as placeholders to fetch.
    pub queued: u32,
    /// Rows that could not be read (see `rejected_rows`).
    pub rejected: u32,
    /// Fetch queue: waiting (including those waiting for a retry), fetched, given up on.
    pub pending: u32,
    pub fetched: u32,
    pub failed: u32,
    /// Estimated seconds until the queue is done; none before the first fetch.
    pub eta_seconds: Option<u32>,
    /// Why each failed (or retrying) fetch failed.
    pub failures: Vec<ImportFailure>,
    /// "row N: reason" for each row that could not be read.
    pub rejected_rows: Vec<String>,
}

/// The answer to starting an import: the job to follow.
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize, ts_rs::TS))]
#[derive(Debug, Clone, PartialEq)]
pub struct ImportStarted {
    pub job_id: String,
}

/// A row whose page could not be fetched (yet).
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize, ts_rs::TS))]
#[derive(Debug, Clone, PartialEq)]
pub struct ImportFailure {
    pub row: u32,
    pub url: String,
    pub article_id: Option<String>,
    pub error: String,
    pub attempts: u32,
    /// Whether the worker will try again by itself (else: `retry`).
    pub will_retry: bool,
}

/// How the fetch worker treats the web.
#[derive(Debug, Clone)]
pub struct FetchPolicy {
    /// The pause between two requests to one host.
    pub per_host_delay: Duration,
    /// The first retry's wait; each further one doubles it.
    pub backoff: Duration,
    /// Attempts before a row is marked failed.
    pub max_attempts: u32,
    /// Requests in flight at once (to different hosts).
    pub parallel: usize,
}

impl Default for FetchPolicy {
    fn default() -> Self {
        FetchPolicy {
            per_host_delay: Duration::from_secs(2),
            backoff: Duration::from_secs(30),
            max_attempts: 4,
            parallel: 4,
        }
    }
}

/// What one run of the worker did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FetchRun {
    pub fetched: u64,
    pub failed: u64,
    pub retrying: u64,
}

/// Marks the job done once nothing of it is pending, else fetching.
pub(crate) fn settle(c: &Connection, job_id: &str) -> Result<()> {
    let pending: bool = c.query_row(
        "SELECT EXISTS (SELECT 1 FROM import_items WHERE job_id = ?1 AND status = 'pending')",
        [job_id],
        |r| r.get(0),
    )?;
    if pending {
        c.execute("UPDATE import_jobs SET state = 'fetching', finished_at = NULL WHERE id = ?1", [job_id])?;
    } else {
        c.execute(
            "UPDATE import_jobs SET state = 'done', finished_at = coalesce(finished_at, ?2) WHERE id = ?1",
            params![job_id, now()],
        )?;
    }
    Ok(())
}

const JOB_COLUMNS: &str = "j.id, j.source_name, j.format, j.state, j.created_at, j.finished_at, j.total, j.imported, \
    j.updated, j.duplicates, j.queued, j.rejected, j.report, \
    (SELECT count(*) FROM import_items i WHERE i.job_id = j.id AND i.status = 'pending'), \
    (SELECT count(*) FROM import_items i WHERE i.job_id = j.id AND i.status = 'fetched'), \
    (SELECT count(*) FROM import_items i WHERE i.job_id = j.id AND i.status = 'failed')";

fn job_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ImportJob> {
    let report: String = r.get(12)?;
    Ok(ImportJob {
        id: r.get(0)?,
        source_name: r.get(1)?,
        format: r.get(2)?,
        state: r.get(3)?,
        created_at: r.get(4)?,
        finished_at: r.get(5)?,
        total: r.get(6)?,
        imported: r.get(7)?,
        updated: r.get(8)?,
        duplicates: r.get(9)?,
        queued: r.get(10)?,
        rejected: r.get(11)?,
        pending: r.get(13)?,
        fetched: r.get(14)?,
        failed: r.get(15)?,
        eta_seconds: None,
        failures: Vec::new(),
        rejected_rows: report.lines().map(str::to_owned).collect(),
    })
}

/// Every job, newest first, with its failures.
pub fn list(c: &Connection) -> Result<Vec<ImportJob>> {
    let mut jobs: Vec<ImportJob> = c
        .prepare(&format!("SELECT {JOB_COLUMNS} FROM import_jobs j ORDER BY j.created_at DESC, j.id DESC LIMIT 100"))?
        .query_map([], job_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    for job in &mut jobs {
        complete(c, job)?;
    }
    Ok(jobs)
}

/// One job by id.
pub fn get(c: &Connection, id: &str) -> Result<ImportJob> {
    let mut job = c
        .query_row(&format!("SELECT {JOB_COLUMNS} FROM import_jobs j WHERE j.id = ?1"), [id], job_from_row)
        .optional()?
        .ok_or_else(|| Error::NotFound(format!("import job {id}")))?;
    complete(c, &mut job)?;
    Ok(job)
}

/// Fills in the failures and the time-left estimate.
fn complete(c: &Connection, job: &mut ImportJob) -> Result<()> {
    job.failures = c
        .prepare(
            "SELECT row_number, url, article_id, last_error, attempts, status FROM import_items
             WHERE job_id = ?1 AND last_error IS NOT NULL AND status IN ('failed', 'pending') ORDER BY row_number LIMIT 1000",
        )?
        .query_map([&job.id], |r| {
            Ok(ImportFailure {
                row: r.get(0)?,
                url: r.get(1)?,
                article_id: r.get(2)?,
                error: r.get(3)?,
                attempts: r.get(4)?,
                will_retry: r.get::<_, String>(5)? == "pending",
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let processed = job.fetched + job.failed;
    if job.pending > 0 && processed > 0 {
        let started = OffsetDateTime::parse(&job.created_at, &Rfc3339).ok();
        if let Some(started) = started {
            let elapsed = (OffsetDateTime::now_utc() - started).as_seconds_f64().max(0.0);
            job.eta_seconds = Some((elapsed / f64::from(processed) * f64::from(job.pending)).ceil() as u32);
        }
    }
    Ok(())
}

/// Puts failed rows (of one job, or all) back in the queue; returns how many.
pub fn retry_failed(c: &Connection, job_id: Option<&str>) -> Result<u64> {
    let n = c.execute(
        "UPDATE import_items SET status = 'pending', attempts = 0, next_attempt_at = NULL, updated_at = ?2
         WHERE status = 'failed' AND (?1 IS NULL OR job_id = ?1)",
        params![job_id, now()],
    )?;
    c.execute(
        "UPDATE import_jobs SET state = 'fetching', finished_at = NULL
         WHERE id IN (SELECT DISTINCT job_id FROM import_items WHERE status = 'pending')",
        [],
    )?;
    Ok(n as u64)
}

/// A pending row the worker has claimed.
struct Claim {
    job_id: String,
    row: i64,
    url: String,
    host: String,
    article_id: Option<String>,
    attempts: u32,
}

/// Which hosts have a request in flight, and when each may be asked again.
#[derive(Default)]
struct Hosts {
    busy: HashSet<String>,
    next_at: HashMap<String, Instant>,
}

/// Works through the fetch queue. With `until_idle`, returns once nothing is
/// pending (waiting out backoffs); otherwise runs until `stop` is set,
/// looking for new work every second. `progress` gets (rows fetched or
/// failed so far in this run, rows pending when it started).
pub fn run_worker(
    lib: &Library,
    policy: &FetchPolicy,
    until_idle: bool,
    stop: &AtomicBool,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<FetchRun> {
    let hosts = Mutex::new(Hosts::default());
    let run = Mutex::new(FetchRun::default());
    let initial: i64 =
        lib.read(|c| Ok(c.query_row("SELECT count(*) FROM import_items WHERE status = 'pending'", [], |r| r.get(0))?))?;
    let initial = initial as u64;
    let failure: Mutex<Option<Error>> = Mutex::new(None);
    std::thread::scope(|scope| {
        for _ in 0..policy.parallel.max(1) {
            scope.spawn(|| {
                if let Err(e) = worker_thread(lib, policy, until_idle, stop, &hosts, &run, initial, progress) {
                    stop.store(true, Ordering::SeqCst);
                    *failure.lock().unwrap_or_else(|p| p.into_inner()) = Some(e);
                }
            });
        }
    });
    if let Some(e) = failure.into_inner().unwrap_or_else(|p| p.into_inner()) {
        return Err(e);
    }
    Ok(run.into_inner().unwrap_or_else(|p| p.into_inner()))
}

#[allow(clippy::too_many_arguments)]
fn worker_thread(
    lib: &Library,
    policy: &FetchPolicy,
    until_idle: bool,
    stop: &AtomicBool,
    hosts: &Mutex<Hosts>,
    run: &Mutex<FetchRun>,
    initial: u64,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<()> {
    while !stop.load(Ordering::SeqCst) {
        let claim = {
            let mut h = hosts.lock().unwrap_or_else(|p| p.into_inner());
            let candidates = lib.read(|c| due(c, &timestamp(OffsetDateTime::now_utc())))?;
            let now = Instant::now();
            let pick = candidates
                .into_iter()
                .find(|c| !h.busy.contains(&c.host) && h.next_at.get(&c.host).is_none_or(|at| *at <= now));
            if let Some(c) = &pick {
                h.busy.insert(c.host.clone());
            }
            pick
        };
        let Some(claim) = claim else {
            if until_idle {
                let pending: bool = lib.read(|c| {
                    Ok(c.query_row("SELECT EXISTS (SELECT 1 FROM import_items WHERE status = 'pending')", [], |r| {
                        r.get(0)
                    })?)
                })?;
                if !pending {
                    return Ok(());
                }
            }
            std::thread::sleep(if until_idle { Duration::from_millis(50) } else { Duration::from_secs(1) });
            continue;
        };
        let outcome = process(lib, policy, &claim);
        {
            let mut h = hosts.lock().unwrap_or_else(|p| p.into_inner());
            h.busy.remove(&claim.host);
            h.next_at.insert(claim.host.clone(), Instant::now() + policy.per_host_delay);
        }
        let mut r = run.lock().unwrap_or_else(|p| p.into_inner());
        match outcome? {
            Processed::Fetched => r.fetched += 1,
            Processed::Failed => r.failed += 1,
            Processed::Retrying => r.retrying += 1,
        }
        progress(r.fetched + r.failed, initial);
    }
    Ok(())
}

/// For each host, its first due pending row (one per host, so that a host
/// with thousands of rows does not starve the others).
fn due(c: &Connection, now: &str) -> Result<Vec<Claim>> {
    let mut stmt = c.prepare_cached(
        "SELECT job_id, min(row_number), url, host, article_id, attempts FROM import_items
         WHERE status = 'pending' AND coalesce(next_attempt_at, '') <= ?1 GROUP BY host",
    )?;
    let rows = stmt.query_map([now], |r| {
        Ok(Claim {
            job_id: r.get(0)?,
            row: r.get(1)?,
            url: r.get(2)?,
            host: r.get(3)?,
            article_id: r.get(4)?,
            attempts: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

enum Processed {
    Fetched,
    Failed,
    Retrying,
}

/// Fetches one row's page and stores it into its placeholder, or records why not.
fn process(lib: &Library, policy: &FetchPolicy, claim: &Claim) -> Result<Processed> {
    let wanted: bool = match &claim.article_id {
        Some(id) => lib.read(|c| {
            Ok(c.query_row(
                "SELECT EXISTS (SELECT 1 FROM articles WHERE id = ?1 AND needs_fetch = 1 AND deleted_at IS NULL)",
                [id],
                |r| r.get(0),
            )?)
        })?,
        None => false,
    };
    if !wanted {
        // Stored meanwhile (a later import with content, or a fetch by another job), or deleted.
        lib.write(|tx| {
            mark(tx, claim, "stored", None, None)?;
            settle(tx, &claim.job_id)
        })?;
        return Ok(Processed::Fetched);
    }
    let article_id = claim.article_id.clone().unwrap_or_default();
    let fetched = fetch::parse_web_url(&claim.url)
        .and_then(|u| fetch::fetch_page(&u))
        .and_then(|page| ingest::extract_page(&page).map(|x| (page, x)));
    match fetched {
        Ok((page, extraction)) => {
            lib.write(|tx| {
                super::stage::store_into_placeholder(tx, &article_id, &page, &extraction)?;
                mark(tx, claim, "fetched", None, None)?;
                settle(tx, &claim.job_id)
            })?;
            Ok(Processed::Fetched)
        }
        Err(e) => {
            let attempts = claim.attempts + 1;
            let permanent = is_permanent(&e);
            let give_up = permanent || attempts >= policy.max_attempts;
            let retry_at = (!give_up).then(|| {
                let wait = policy.backoff.saturating_mul(1 << (attempts - 1).min(16));
                timestamp(OffsetDateTime::now_utc() + wait)
            });
            let status = if give_up { "failed" } else { "pending" };
            lib.write(|tx| {
                mark(tx, claim, status, Some(&e.to_string()), retry_at.as_deref())?;
                settle(tx, &claim.job_id)
            })?;
            Ok(if give_up { Processed::Failed } else { Processed::Retrying })
        }
    }
}

/// Failures that trying again will not fix: the page is gone or is not a page.
fn is_permanent(e: &Error) -> bool {
    match e {
        Error::Fetch { reason, .. } => ["answered 404", "answered 410", "answered 401", "answered 403", "answered 451"]
            .iter()
            .any(|s| reason.contains(s)),
        Error::NotHtml(_) | Error::InvalidUrl { .. } => true,
        // Typed fetch failures (issue 7): gone, refused, or not a page; a
        // paywall or an oversized page will not change by asking again soon.
        Error::Page { kind, .. } => match kind {
            FetchError::HttpStatus { status } => matches!(status, 401 | 403 | 404 | 410 | 451),
            FetchError::NotHtml { .. }
            | FetchError::Paywall { .. }
            | FetchError::PaywallMarked { .. }
            | FetchError::TooLarge { .. } => true,
            FetchError::Dns { .. }
            | FetchError::Timeout { .. }
            | FetchError::Tls { .. }
            | FetchError::Redirects { .. } => false,
        },
        _ => false,
    }
}

fn mark(c: &Connection, claim: &Claim, status: &str, error: Option<&str>, retry_at: Option<&str>) -> Result<()> {
    let attempted = error.is_some() || status == "fetched";
    c.execute(
        "UPDATE import_items SET status = ?3, attempts = attempts + ?4, last_error = coalesce(?5, CASE WHEN ?3 = 'pending' THEN last_error END),
             next_attempt_at = ?6, updated_at = ?7
         WHERE job_id = ?1 AND row_number = ?2",
        params![claim.job_id, claim.row, status, i64::from(attempted), error, retry_at, now()],
    )?;
    Ok(())
}
