//! Test harness: every storage and integration test runs on a fresh SQLite file and, when
//! `TEST_DATABASE_URL` points at a PostgreSQL server, on a fresh PostgreSQL schema that is
//! dropped afterwards (also when the test fails), so tests run in parallel and leave nothing.

#![allow(dead_code)]

pub mod marriage;
pub mod staff;

use std::net::SocketAddr;
use std::sync::Arc;

use server::config::{ServeConfig, StorageConfig};
use server::storage::Storage;
use sqlx::Connection;
use tokio::sync::oneshot;

/// A fixed key so tests can decrypt what they stored; never used outside tests.
pub const TEST_PII_KEY: &str = "dGVzdC1vbmx5LXBpaS1rZXktMzItYnl0ZXMtbG9uZyE=";

/// Runs each named `async fn(TestDb)` once on SQLite and once on PostgreSQL.
#[macro_export]
macro_rules! on_both_databases {
    ($($test:ident),+ $(,)?) => { $(
        mod $test {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$test($crate::common::TestDb::sqlite().await).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                match $crate::common::TestDb::postgres().await {
                    Some(db) => super::$test(db).await,
                    None => $crate::common::report_postgres_skipped(stringify!($test)),
                }
            }
        }
    )+ };
}

pub fn report_postgres_skipped(test: &str) {
    eprintln!("SKIPPED {test} on PostgreSQL: TEST_DATABASE_URL is not set");
}

/// A fresh, empty database for one test.
pub struct TestDb {
    pub data_dir: tempfile::TempDir,
    /// `None` for SQLite in `data_dir` (the server's default).
    pub url: Option<String>,
    postgres: Option<PostgresSchema>,
}

struct PostgresSchema {
    admin_url: String,
    schema: String,
    dropped: bool,
}

impl TestDb {
    pub async fn sqlite() -> Self {
        TestDb {
            data_dir: tempfile::tempdir().expect("temp dir"),
            url: None,
            postgres: None,
        }
    }

    /// A new schema in the `TEST_DATABASE_URL` database; `None` when the variable is unset.
    pub async fn postgres() -> Option<Self> {
        let admin_url = std::env::var("TEST_DATABASE_URL")
            .ok()
            .filter(|u| !u.trim().is_empty())?;
        let schema = format!("test_{}", uuid::Uuid::new_v4().simple());
        let mut conn = sqlx::PgConnection::connect(&admin_url)
            .await
            .expect("TEST_DATABASE_URL is reachable");
        sqlx::query(&format!("CREATE SCHEMA {schema}"))
            .execute(&mut conn)
            .await
            .expect("create test schema");
        conn.close().await.ok();
        let separator = if admin_url.contains('?') { '&' } else { '?' };
        let url = format!("{admin_url}{separator}options=-c%20search_path%3D{schema}");
        Some(TestDb {
            data_dir: tempfile::tempdir().expect("temp dir"),
            url: Some(url),
            postgres: Some(PostgresSchema {
                admin_url,
                schema,
                dropped: false,
            }),
        })
    }

    pub fn is_postgres(&self) -> bool {
        self.postgres.is_some()
    }

    pub fn storage_config(&self) -> StorageConfig {
        StorageConfig {
            data_dir: self.data_dir.path().to_path_buf(),
            database_url: self.url.clone(),
        }
    }

    /// A connection pool to this database with migrations applied.
    pub async fn storage(&self) -> Arc<Storage> {
        let storage = server::storage::connect(&self.storage_config())
            .await
            .expect("storage connects");
        storage.migrate().await.expect("migrations apply");
        storage
    }

    /// Drops the PostgreSQL schema (SQLite files go with the temp dir).
    pub async fn cleanup(mut self) {
        if let Some(pg) = self.postgres.as_mut() {
            drop_schema(&pg.admin_url, &pg.schema).await;
            pg.dropped = true;
        }
    }
}

async fn drop_schema(admin_url: &str, schema: &str) {
    if let Ok(mut conn) = sqlx::PgConnection::connect(admin_url).await {
        let _ = sqlx::query(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE"))
            .execute(&mut conn)
            .await;
        conn.close().await.ok();
    }
}

impl Drop for TestDb {
    /// A failed test never reaches `cleanup`: drop its schema from a helper thread.
    fn drop(&mut self) {
        if let Some(pg) = self.postgres.take() {
            if !pg.dropped {
                let _ = std::thread::spawn(move || {
                    if let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()
                    {
                        rt.block_on(drop_schema(&pg.admin_url, &pg.schema));
                    }
                })
                .join();
            }
        }
    }
}

/// The real server on port 0 over a [`TestDb`].
pub struct TestServer {
    pub addr: SocketAddr,
    pub base: String,
    pub client: reqwest::Client,
    pub db: Option<TestDb>,
    shutdown: Option<oneshot::Sender<()>>,
    handle: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
}

impl TestServer {
    pub async fn start(db: TestDb) -> Self {
        let config = serve_config(&db);
        Self::launch(config, Some(db)).await
    }

    /// A second server on the same database (another instance behind the load balancer); it
    /// does not own the database: stop it before the owner, whose `stop` drops the schema.
    pub async fn start_sharing(db: &TestDb) -> Self {
        Self::launch(serve_config(db), None).await
    }

    async fn launch(config: ServeConfig, db: Option<TestDb>) -> Self {
        let server = server::Server::bind(config).await.expect("server binds");
        let addr = server.local_addr();
        let (tx, rx) = oneshot::channel::<()>();
        let handle = tokio::spawn(server.run(async move {
            let _ = rx.await;
        }));
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        TestServer {
            addr,
            base: format!("http://{addr}"),
            client,
            db,
            shutdown: Some(tx),
            handle: Some(handle),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn db(&self) -> &TestDb {
        self.db.as_ref().expect("database present until stop")
    }

    /// A second connection to the server's database, to check what was (not) stored.
    pub async fn storage(&self) -> Arc<Storage> {
        self.db().storage().await
    }

    /// Stops the server gracefully and hands its database back instead of removing it.
    pub async fn stop_keeping_db(mut self) -> TestDb {
        let db = self.db.take().expect("a server that owns its database");
        self.stop().await;
        db
    }

    /// Stops the server gracefully, waits for it, and removes its database (if it owns it).
    pub async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(handle) = self.handle.take() {
            handle
                .await
                .expect("server task")
                .expect("server ran cleanly");
        }
        if let Some(db) = self.db.take() {
            db.cleanup().await;
        }
    }
}

/// The configuration `TestServer::start` uses.
pub fn serve_config(db: &TestDb) -> ServeConfig {
    ServeConfig {
        listen: "127.0.0.1:0".parse().unwrap(),
        storage: db.storage_config(),
        site_root: db.data_dir.path().join("site"),
        pii_key: Some(TEST_PII_KEY.to_owned()),
        pii_data_keys: None,
        trust_proxy_headers: false,
        secure_cookies: false,
        documents: None,
        test_clock: false,
        sms_gateway_url: None,
        sms_gateway_token: None,
        public_url: None,
    }
}

/// Headers a same-origin browser fetch would send to a server function.
pub fn same_origin(builder: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
    builder.header("sec-fetch-site", "same-origin")
}
