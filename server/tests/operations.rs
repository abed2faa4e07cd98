//! Operating the portal (issue 10, docs/OPERATIONS.md):
//!
//! - every instance must hold the PII key the database's data is encrypted with: a server
//!   given another key refuses to start, on SQLite and PostgreSQL;
//!
//! `server backup` and `server restore` on the embedded SQLite database:
//!
//! - a backup taken while submissions keep arriving is a sound database holding every
//!   submission acknowledged before it started, and only whole ones;
//! - restored into a new data directory, a server on it tracks those applications with their
//!   numbers and codes, and keeps taking new ones;
//! - the commands refuse what would lose data: overwriting a file, restoring over a database
//!   in use, restoring a file that is not a sound portal database, or a PostgreSQL URL (which
//!   is backed up with pg_dump; docs/OPERATIONS.md);
//! - the real binary's `backup` and `restore` subcommands do the same from the command line;
//! - closing the storage closes every connection, so a restore right after it goes ahead.

mod common;

use std::path::Path;

use common::staff::{application, id_number};
use common::{same_origin, TestDb, TestServer};
use domain::application::ApplicationForm;
use server::backup::{self, BackupError};
use server::config::StorageConfig;

/// Household `i` of 蚌山区: two adults no other household shares.
fn household(i: usize) -> ApplicationForm {
    let mut form = application("340303002", "340303");
    form.household.members[0].id_number =
        id_number("340303", "19700101", &format!("{:03}", 2 * i + 1));
    form.household.members[1].id_number =
        id_number("340303", "19720202", &format!("{:03}", 2 * i + 2));
    form
}

/// Submits household `i` as a client of its own (the per-client limit is a household's, not
/// a test's); returns (number, access code) when acknowledged.
async fn submit(s: &TestServer, i: usize) -> Option<(String, String)> {
    let r = same_origin(s.client.post(s.url("/api/applications/submit")))
        .json(&serde_json::json!({
            "form": household(i),
            "idempotency_key": format!("backup-test-{i:06}-abcdefgh"),
        }))
        .send()
        .await
        .ok()?;
    if r.status() != 200 {
        return None;
    }
    let body: serde_json::Value = r.json().await.ok()?;
    Some((
        body["number"].as_str()?.to_owned(),
        body["access_code"].as_str()?.to_owned(),
    ))
}

async fn tracked_status(s: &TestServer, number: &str, code: &str) -> (u16, String) {
    let r = same_origin(s.client.post(s.url("/api/applications/track")))
        .form(&[("number", number), ("access_code", code)])
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let body: serde_json::Value = r.json().await.unwrap_or_default();
    (
        status,
        body["status"].as_str().unwrap_or_default().to_owned(),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_while_serving_restores_into_a_working_portal() {
    let s = TestServer::start(TestDb::sqlite().await).await;
    // Every submission comes from 127.0.0.1, and a client may submit ten an hour: the test
    // stays within nine.
    let mut before = Vec::new();
    for i in 0..3 {
        before.push(submit(&s, i).await.expect("acknowledged"));
    }
    // More submissions race the backup; each is in the copy whole or not at all.
    let storage = s.storage().await;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("nightly").join("portal-backup.sqlite3");
    let (racing, summary) = tokio::join!(
        async {
            let mut acked = Vec::new();
            for i in 3..8 {
                acked.extend(submit(&s, i).await);
            }
            acked
        },
        backup::backup(&storage, &out)
    );
    let summary = summary.expect("backup written");
    assert_eq!(summary.path, out);
    assert!(summary.bytes > 0);
    assert_eq!(summary.schema_version, backup::known_schema_version());
    assert!(
        (3..=8).contains(&summary.applications),
        "{} applications in the copy",
        summary.applications
    );
    assert!(!racing.is_empty());
    assert!(!dir
        .path()
        .join("nightly/portal-backup.sqlite3.partial")
        .exists());

    // A backup never overwrites.
    assert!(matches!(
        backup::backup(&storage, &out).await,
        Err(BackupError::Exists(_))
    ));
    storage.close().await;
    s.stop().await;

    // Restored into a fresh data directory, the portal knows the applications.
    let restored = TestDb::sqlite().await;
    let (r, kept) = backup::restore(&restored.storage_config(), &out)
        .await
        .expect("restored");
    assert_eq!(kept, None, "nothing to replace in a new data directory");
    assert_eq!(r.applications, summary.applications);
    let s = TestServer::start(restored).await;
    for (number, code) in &before {
        assert_eq!(
            tracked_status(&s, number, code).await,
            (200, "submitted".to_owned())
        );
    }
    // Whole or absent: a racing submission in the copy tracks; the rest are unknown (422,
    // like a wrong code), never half there.
    let mut in_copy = before.len() as i64;
    for (number, code) in &racing {
        match tracked_status(&s, number, code).await {
            (200, status) => {
                assert_eq!(status, "submitted");
                in_copy += 1;
            }
            (status, _) => assert_eq!(status, 422),
        }
    }
    assert_eq!(in_copy, summary.applications);
    // And it carries on.
    assert!(submit(&s, 20).await.is_some());
    s.stop().await;
}

/// `Storage::close` closes every connection even when some are on their way back to the pool
/// at that moment (sqlx's own `close` can miss those): on SQLite, the last connection to close
/// removes the `-wal` file, and `restore` treats a database with one as in use.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn closing_right_after_queries_leaves_no_connection_open() {
    for round in 0..40 {
        let db = TestDb::sqlite().await;
        let storage = db.storage().await;
        let queries: Vec<_> = (0..8)
            .map(|_| {
                let storage = storage.clone();
                tokio::spawn(async move { storage.ping().await })
            })
            .collect();
        for q in queries {
            q.await.expect("task").expect("ping");
        }
        // Each finished query's connection is now being handed back by a task of its own.
        storage.close().await;
        let wal = db.data_dir.path().join("portal.sqlite3-wal");
        assert!(
            !wal.exists(),
            "round {round}: a connection stayed open after close"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restore_refuses_what_would_lose_data() {
    let source = TestDb::sqlite().await;
    let storage = source.storage().await;
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.sqlite3");
    backup::backup(&storage, &good).await.expect("backup");
    storage.close().await;

    // Over a database in use: a running server's pool keeps the -wal file.
    let target = TestDb::sqlite().await;
    let live = target.storage().await;
    assert!(matches!(
        backup::restore(&target.storage_config(), &good).await,
        Err(BackupError::InUse(_))
    ));
    live.close().await;
    // Once closed, the restore goes ahead and keeps the replaced database.
    let (_, kept) = backup::restore(&target.storage_config(), &good)
        .await
        .expect("restored over a closed database");
    let kept = kept.expect("the replaced database is kept");
    assert!(kept.exists());
    assert!(backup::check(&kept).await.is_ok());

    // Not a database, a truncated one, and an empty SQLite file: refused, nothing touched.
    let garbage = dir.path().join("garbage.sqlite3");
    std::fs::write(&garbage, b"not a database at all").unwrap();
    let truncated = dir.path().join("truncated.sqlite3");
    let bytes = std::fs::read(&good).unwrap();
    std::fs::write(&truncated, &bytes[..bytes.len() / 3]).unwrap();
    let fresh = TestDb::sqlite().await;
    for bad in [&garbage, &truncated] {
        assert!(
            matches!(
                backup::restore(&fresh.storage_config(), bad).await,
                Err(BackupError::Unsound { .. })
            ),
            "{}",
            bad.display()
        );
    }
    assert!(!fresh.data_dir.path().join("portal.sqlite3").exists());

    // PostgreSQL is pg_dump's job.
    let pg = StorageConfig {
        data_dir: dir.path().to_path_buf(),
        database_url: Some("postgres://postgres@127.0.0.1:5432/postgres".into()),
    };
    assert!(matches!(
        backup::restore(&pg, &good).await,
        Err(BackupError::Postgres)
    ));
    if let Some(db) = TestDb::postgres().await {
        let storage = db.storage().await;
        assert!(matches!(
            backup::backup(&storage, &dir.path().join("pg.sqlite3")).await,
            Err(BackupError::Postgres)
        ));
        storage.close().await;
        db.cleanup().await;
    }
}

fn run(data_dir: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_server"))
        .args(args)
        .env("PORTAL_DATA_DIR", data_dir)
        .env_remove("DATABASE_URL")
        .output()
        .expect("the server binary runs")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_line_backs_up_and_restores() {
    let db = TestDb::sqlite().await;
    db.storage().await.close().await;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("b.sqlite3");
    let out_arg = out.to_string_lossy().into_owned();

    let backed = run(db.data_dir.path(), &["backup", "--out", &out_arg]);
    let said = String::from_utf8_lossy(&backed.stdout);
    assert!(
        backed.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&backed.stderr)
    );
    assert!(said.contains("backup written"), "{said}");
    let again = run(db.data_dir.path(), &["backup", "--out", &out_arg]);
    assert!(
        !again.status.success(),
        "a second backup to the same file is refused"
    );

    let target = tempfile::tempdir().unwrap();
    let restored = run(target.path(), &["restore", "--from", &out_arg]);
    let said = String::from_utf8_lossy(&restored.stdout);
    assert!(
        restored.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&restored.stderr)
    );
    assert!(target.path().join("portal.sqlite3").exists());
    let migrated = run(target.path(), &["migrate"]);
    assert!(migrated.status.success());
}

fn serve_config(db: &TestDb, key: &str, https: bool) -> server::config::ServeConfig {
    server::config::ServeConfig {
        listen: "127.0.0.1:0".parse().unwrap(),
        storage: db.storage_config(),
        site_root: db.data_dir.path().join("site"),
        pii_key: Some(key.to_owned()),
        pii_data_keys: None,
        trust_proxy_headers: https,
        secure_cookies: https,
        documents: None,
        test_clock: false,
        sms_gateway_url: None,
        sms_gateway_token: None,
        public_url: None,
    }
}

/// A server with a configuration of the test's own (`TestServer` has the default one).
struct Running {
    stop: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<anyhow::Result<()>>,
}

impl Running {
    /// Starts it; returns its base URL.
    async fn start(config: server::config::ServeConfig) -> (String, Running) {
        let server = server::Server::bind(config).await.expect("binds");
        let base = format!("http://{}", server.local_addr());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(server.run(async move {
            let _ = stopped.await;
        }));
        (base, Running { stop, task })
    }

    async fn stop(self) {
        let _ = self.stop.send(());
        self.task.await.unwrap().unwrap();
    }
}

/// Behind a TLS-terminating proxy (`--secure-cookies`), pages, API answers, errors and files
/// all carry HSTS, beside the headers every response has.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn over_https_every_response_carries_hsts() {
    let db = TestDb::sqlite().await;
    let (base, running) = Running::start(serve_config(&db, common::TEST_PII_KEY, true)).await;
    let client = reqwest::Client::new();
    for path in [
        "/",
        "/eligibility",
        "/no-such-page",
        "/healthz",
        "/api/regions",
        "/favicon.svg",
    ] {
        let r = client.get(format!("{base}{path}")).send().await.unwrap();
        let h = r.headers();
        assert_eq!(
            h.get("strict-transport-security")
                .map(|v| v.to_str().unwrap()),
            Some("max-age=31536000"),
            "{path}"
        );
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert!(h.contains_key("content-security-policy"), "{path}");
    }
    running.stop().await;
}

/// The first start records the key's check value; a start with another key is refused (and
/// one with the same key is not), so a misconfigured instance never writes unreadable data.
async fn a_server_with_another_pii_key_refuses_to_start(db: TestDb) {
    let config = |key: &str| serve_config(&db, key, false);
    let first = server::Server::bind(config(common::TEST_PII_KEY))
        .await
        .expect("the first instance starts");
    let same = server::Server::bind(config(common::TEST_PII_KEY))
        .await
        .expect("a second instance with the same key starts");
    // Another valid 32-byte key.
    let other = "b3RoZXIta2V5LW9mLWV4YWN0bHktdGhpcnR5LXR3byE=";
    let refused = server::Server::bind(config(other)).await;
    let message = refused.err().expect("another key is refused").to_string();
    assert!(message.contains("PII key"), "{message}");
    drop((first, same));
    db.cleanup().await;
}

on_both_databases!(a_server_with_another_pii_key_refuses_to_start);

/// The built front-end files are linked under a content version and cached for a year there;
/// another version (a page from an instance of another build) and the plain `/pkg/` paths are
/// revalidated instead; precompressed twins are served to browsers that take them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn built_files_are_served_under_their_content_version() {
    let db = TestDb::sqlite().await;
    let pkg = db.data_dir.path().join("site").join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::write(pkg.join("portal.css"), "body{color:#0b0c0c}").unwrap();
    std::fs::write(pkg.join("portal.js"), "export default function(){}").unwrap();
    std::fs::write(pkg.join("portal.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(
        pkg.join("portal.css.br"),
        b"\x0b\x09\x80body{color:#0b0c0c}\x03",
    )
    .unwrap();
    let version = server::web::assets::version(&db.data_dir.path().join("site")).unwrap();

    let (base, running) = Running::start(serve_config(&db, common::TEST_PII_KEY, false)).await;
    let client = reqwest::Client::new();

    let page = client
        .get(format!("{base}/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains(&format!("href=\"/v/{version}/pkg/portal.css\"")),
        "stylesheet"
    );
    assert!(
        page.contains(&format!("/v/{version}/pkg/portal.js")),
        "module preload"
    );

    let get = |path: String, encoding: Option<&'static str>| {
        let mut r = client.get(format!("{base}{path}"));
        if let Some(e) = encoding {
            r = r.header("accept-encoding", e);
        }
        r.send()
    };
    let current = get(format!("/v/{version}/pkg/portal.css"), None)
        .await
        .unwrap();
    assert_eq!(current.status(), 200);
    assert_eq!(
        current.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(current.text().await.unwrap(), "body{color:#0b0c0c}");
    let compressed = get(format!("/v/{version}/pkg/portal.css"), Some("br"))
        .await
        .unwrap();
    assert_eq!(compressed.headers()["content-encoding"], "br");
    assert_eq!(
        compressed.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );

    let other = get("/v/0123456789abcdef/pkg/portal.css".into(), None)
        .await
        .unwrap();
    assert_eq!(other.status(), 200);
    assert_eq!(other.headers()["cache-control"], "no-cache");
    let plain = get("/pkg/portal.css".into(), None).await.unwrap();
    assert_eq!(plain.status(), 200);
    assert_eq!(plain.headers()["cache-control"], "no-cache");

    // Nothing outside pkg/, however the path is spelled.
    std::fs::write(db.data_dir.path().join("site").join("secret.txt"), "no").unwrap();
    for escape in [
        "%2e%2e/secret.txt",
        "..%2fsecret.txt",
        "%2e%2e%2fsecret.txt",
    ] {
        let r = get(format!("/v/{version}/pkg/{escape}"), None)
            .await
            .unwrap();
        assert!(r.status().is_client_error(), "{escape}: {}", r.status());
    }
    let missing = get(format!("/v/{version}/pkg/nope.js"), None)
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    assert!(
        !missing.headers().contains_key("cache-control"),
        "a 404 is not cached for a year"
    );

    running.stop().await;
}
