//! Boots the real server on port 0 with a fresh SQLite file, for integration tests.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use server::config::{ServeConfig, StorageConfig};
use server::storage::Storage;
use tokio::sync::oneshot;

/// A fixed key so tests can reason about ciphertexts; never used outside tests.
pub const TEST_PII_KEY: &str = "dGVzdC1vbmx5LXBpaS1rZXktMzItYnl0ZXMtbG9uZyE=";

pub struct TestServer {
    pub addr: SocketAddr,
    pub base: String,
    pub data_dir: tempfile::TempDir,
    pub client: reqwest::Client,
    shutdown: Option<oneshot::Sender<()>>,
    handle: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
}

impl TestServer {
    pub async fn start() -> Self {
        let data_dir = tempfile::tempdir().expect("temp dir");
        let config = ServeConfig {
            listen: "127.0.0.1:0".parse().unwrap(),
            storage: StorageConfig {
                data_dir: data_dir.path().to_path_buf(),
                database_url: None,
            },
            site_root: data_dir.path().join("site"),
            pii_key: Some(TEST_PII_KEY.to_owned()),
            trust_proxy_headers: false,
            secure_cookies: false,
        };
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
            data_dir,
            client,
            shutdown: Some(tx),
            handle: Some(handle),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn sqlite_path(&self) -> PathBuf {
        self.data_dir.path().join(server::config::SQLITE_FILE)
    }

    /// A second connection to the server's database, to check what was (not) stored.
    pub async fn storage(&self) -> Arc<dyn Storage> {
        server::storage::connect(&StorageConfig {
            data_dir: self.data_dir.path().to_path_buf(),
            database_url: None,
        })
        .await
        .expect("storage connects")
    }

    /// Stops the server gracefully and waits for it.
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
    }
}

/// Headers a same-origin browser fetch would send to a server function.
pub fn same_origin(builder: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
    builder.header("sec-fetch-site", "same-origin")
}
