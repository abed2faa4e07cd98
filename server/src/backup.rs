//! Backup and restore of the embedded SQLite database (`server backup`, `server restore`).
//!
//! A backup is taken while the portal serves: `VACUUM INTO` reads one consistent snapshot (a
//! single read transaction under WAL) and writes it to a new file, so neither residents nor
//! staff are stopped, and a submission is in the copy either whole or not at all. The copy is
//! checked (`PRAGMA integrity_check`, migrations present) before it is given its final name.
//!
//! A restore replaces the data directory's database with a checked backup. It refuses while
//! the database looks in use (its `-wal` or `-shm` file exists: a server holds it open, or
//! one was killed and has not been started since), refuses a backup written by a newer
//! version, and never deletes the database it replaces: that file is kept beside it.
//!
//! What a backup does not hold: the PII keys (`pii.key` and `pii-data.keys`, or `PORTAL_PII_KEY`
//! and `PORTAL_PII_DATA_KEYS`), which are kept apart on purpose (a stolen backup alone reveals no
//! ID or phone number), and uploaded documents (the `documents` directory or the object store).
//! docs/OPERATIONS.md says how to keep them all, and how to back up PostgreSQL with `pg_dump`.

use std::fs::{self, File};
use std::path::{Path, PathBuf};

use sqlx::{Connection, Row};

use crate::config::{StorageConfig, SQLITE_FILE};
use crate::storage::{Backend, Storage, StorageError};

/// What a checked database file holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupSummary {
    pub path: PathBuf,
    pub bytes: u64,
    /// The newest migration applied to it.
    pub schema_version: i64,
    pub applications: i64,
    pub bookings: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("backups of PostgreSQL are taken with pg_dump (see docs/OPERATIONS.md); this command handles the embedded SQLite database")]
    Postgres,
    #[error("{0} exists already; a backup never overwrites a file")]
    Exists(PathBuf),
    #[error("{0} is in use (its -wal or -shm file exists): stop every server using this data directory first; after a crash, start and stop the server once (or run `server migrate`) so SQLite closes it cleanly")]
    InUse(PathBuf),
    #[error("{path} is not a sound portal database: {reason}")]
    Unsound { path: PathBuf, reason: String },
    #[error("{path} was written by a newer version of the portal (schema {found}, this version knows up to {known}); restore it with that version")]
    Newer {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> BackupError + '_ {
    move |source| BackupError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Writes a consistent copy of the open SQLite database to `out` (a new file) and checks it.
pub async fn backup(storage: &Storage, out: &Path) -> Result<BackupSummary, BackupError> {
    if storage.backend() == Backend::Postgres {
        return Err(BackupError::Postgres);
    }
    if out.exists() {
        return Err(BackupError::Exists(out.to_path_buf()));
    }
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::create_dir_all(dir).map_err(io(dir))?;
    }
    // Written under a temporary name, so a backup cut short never looks finished.
    let partial = with_suffix(out, ".partial");
    let _ = fs::remove_file(&partial);
    let written = storage.vacuum_into(&partial.to_string_lossy()).await;
    let checked = match written {
        Ok(()) => check(&partial).await,
        Err(e) => Err(e.into()),
    };
    let summary = match checked {
        Ok(s) => s,
        Err(e) => {
            let _ = fs::remove_file(&partial);
            return Err(e);
        }
    };
    File::open(&partial)
        .and_then(|f| f.sync_all())
        .map_err(io(&partial))?;
    fs::rename(&partial, out).map_err(io(out))?;
    sync_dir(out);
    Ok(BackupSummary {
        path: out.to_path_buf(),
        ..summary
    })
}

/// Replaces the database of `storage` (SQLite in its data directory) with the backup at
/// `from`, after checking it. Returns the restored database's summary and where the replaced
/// database was kept (`None` when there was none).
pub async fn restore(
    storage: &StorageConfig,
    from: &Path,
) -> Result<(BackupSummary, Option<PathBuf>), BackupError> {
    if storage
        .database_url
        .as_deref()
        .is_some_and(|u| !u.trim().is_empty() && !u.trim().starts_with("sqlite:"))
    {
        return Err(BackupError::Postgres);
    }
    let target = sqlite_path(storage);
    for suffix in ["-wal", "-shm"] {
        if with_suffix(&target, suffix).exists() {
            return Err(BackupError::InUse(target));
        }
    }
    let summary = check(from).await?;
    let known = known_schema_version();
    if summary.schema_version > known {
        return Err(BackupError::Newer {
            path: from.to_path_buf(),
            found: summary.schema_version,
            known,
        });
    }
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        fs::create_dir_all(dir).map_err(io(dir))?;
    }
    let incoming = with_suffix(&target, ".restoring");
    fs::copy(from, &incoming).map_err(io(&incoming))?;
    File::open(&incoming)
        .and_then(|f| f.sync_all())
        .map_err(io(&incoming))?;
    let kept = if target.exists() {
        let stamp = crate::storage::now_ms();
        let kept = with_suffix(&target, &format!(".before-restore-{stamp}"));
        fs::rename(&target, &kept).map_err(io(&kept))?;
        Some(kept)
    } else {
        None
    };
    fs::rename(&incoming, &target).map_err(io(&target))?;
    sync_dir(&target);
    Ok((
        BackupSummary {
            path: target,
            ..summary
        },
        kept,
    ))
}

/// Opens a database file read-only and checks it is a whole portal database.
pub async fn check(path: &Path) -> Result<BackupSummary, BackupError> {
    let unsound = |reason: String| BackupError::Unsound {
        path: path.to_path_buf(),
        reason,
    };
    let bytes = fs::metadata(path).map_err(io(path))?.len();
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .immutable(true);
    let mut conn = sqlx::sqlite::SqliteConnection::connect_with(&options)
        .await
        .map_err(|e| unsound(e.to_string()))?;
    let result = async {
        let verdict: String = sqlx::query("PRAGMA integrity_check")
            .fetch_one(&mut conn)
            .await?
            .try_get(0)?;
        if verdict != "ok" {
            return Ok(Err(verdict));
        }
        let version: Option<i64> =
            sqlx::query("SELECT MAX(version) FROM _sqlx_migrations WHERE success")
                .fetch_one(&mut conn)
                .await?
                .try_get(0)?;
        let count = |table: &'static str| format!("SELECT COUNT(*) FROM {table}");
        let applications: i64 = sqlx::query(&count("applications"))
            .fetch_one(&mut conn)
            .await?
            .try_get(0)?;
        let bookings: i64 = sqlx::query(&count("marriage_bookings"))
            .fetch_one(&mut conn)
            .await?
            .try_get(0)?;
        Ok::<_, sqlx::Error>(Ok((version.unwrap_or(0), applications, bookings)))
    }
    .await;
    conn.close().await.ok();
    match result {
        Ok(Ok((schema_version, applications, bookings))) => Ok(BackupSummary {
            path: path.to_path_buf(),
            bytes,
            schema_version,
            applications,
            bookings,
        }),
        Ok(Err(verdict)) => Err(unsound(verdict)),
        // Not a database, or not the portal's (no migrations table, no applications).
        Err(e) => Err(unsound(e.to_string())),
    }
}

/// The newest migration this version of the portal knows.
pub fn known_schema_version() -> i64 {
    crate::storage::sqlite_migrations()
        .map(|m| m.version)
        .max()
        .unwrap_or(0)
}

fn sqlite_path(storage: &StorageConfig) -> PathBuf {
    match storage.database_url.as_deref().map(str::trim) {
        Some(url) if !url.is_empty() => {
            let rest = url.trim_start_matches("sqlite:").trim_start_matches("//");
            PathBuf::from(rest.split('?').next().unwrap_or(rest))
        }
        _ => storage.data_dir.join(SQLITE_FILE),
    }
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// Makes a rename durable: the directory entry is flushed too (best effort: not every
/// filesystem lets a directory be opened).
fn sync_dir(path: &Path) {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_database_file_follows_the_configuration() {
        let config = |url: Option<&str>| StorageConfig {
            data_dir: PathBuf::from("/srv/portal"),
            database_url: url.map(str::to_owned),
        };
        assert_eq!(
            sqlite_path(&config(None)),
            PathBuf::from("/srv/portal/portal.sqlite3")
        );
        assert_eq!(
            sqlite_path(&config(Some("sqlite:///var/db/p.sqlite3?mode=rwc"))),
            PathBuf::from("/var/db/p.sqlite3")
        );
        assert_eq!(
            sqlite_path(&config(Some("sqlite://rel/p.db"))),
            PathBuf::from("rel/p.db")
        );
        assert_eq!(
            with_suffix(Path::new("/a/b.sqlite3"), "-wal"),
            PathBuf::from("/a/b.sqlite3-wal")
        );
    }
}
