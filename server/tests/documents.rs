//! The documents store: content checked at the boundary, stored under random ids outside the
//! web root, read back and deleted.

use server::documents::{open, store_upload, DocumentId, DocumentStoreError};

const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0, 16, b'J', b'F', b'I', b'F', 0, 1];
const EXE: &[u8] = b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff";

#[tokio::test]
async fn local_store_round_trip_and_boundary_checks() {
    let data = tempfile::tempdir().unwrap();
    let store = open(None, data.path()).unwrap();
    assert_eq!(store.kind(), "local");

    let (id, kind) = store_upload(store.as_ref(), JPEG.to_vec(), Some("身份证正面.jpg"))
        .await
        .unwrap();
    assert_eq!(kind, domain::document::DocumentType::Jpeg);
    assert_eq!(store.get(&id).await.unwrap().as_deref(), Some(JPEG));
    // Stored under the random id inside the data directory, not under the resident's name.
    let on_disk = data
        .path()
        .join("documents")
        .join(&id.as_str()[..2])
        .join(id.as_str());
    assert!(on_disk.exists());
    assert!(walk(data.path()).iter().all(|p| !p.contains("身份证")));

    // An executable renamed .jpg is refused before anything is written.
    let before = walk(data.path()).len();
    let err = store_upload(store.as_ref(), EXE.to_vec(), Some("photo.jpg"))
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        DocumentStoreError::Rejected(domain::document::DocumentError::Disguised)
    ));
    let err = store_upload(
        store.as_ref(),
        vec![0xFF; 11 * 1024 * 1024],
        Some("big.jpg"),
    )
    .await
    .unwrap_err();
    assert!(matches!(
        err,
        DocumentStoreError::Rejected(domain::document::DocumentError::TooLarge { .. })
    ));
    assert_eq!(
        walk(data.path()).len(),
        before,
        "nothing stored for rejected uploads"
    );

    assert!(store.delete(&id).await.unwrap());
    assert!(!store.delete(&id).await.unwrap());
    assert_eq!(store.get(&id).await.unwrap(), None);
    assert_eq!(store.get(&DocumentId::random()).await.unwrap(), None);
}

#[test]
fn store_configuration_is_validated() {
    let data = tempfile::tempdir().unwrap();
    assert!(open(Some("ftp://x"), data.path()).is_err());
    // S3 needs an endpoint and credentials.
    assert!(open(Some("s3://bucket"), data.path()).is_err());
    let dir = data.path().join("elsewhere");
    let store = open(Some(&format!("file:{}", dir.display())), data.path()).unwrap();
    assert_eq!(store.kind(), "local");
    assert!(dir.exists());
}

fn walk(root: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path.display().to_string());
            }
        }
    }
    out
}

/// A real S3-protocol server on loopback (moto's server mode, installed from PyPI by
/// scripts/setup.sh), stopped when dropped.
struct S3Server {
    child: std::process::Child,
    endpoint: String,
}

impl S3Server {
    fn start() -> Option<Self> {
        let binary = std::env::var("PORTAL_MOTO_SERVER").ok().or_else(|| {
            let home = std::env::var("HOME").ok()?;
            let cache =
                std::env::var("PORTAL_CACHE_DIR").unwrap_or(format!("{home}/.cache/civil-portal"));
            Some(format!("{cache}/tools/moto/bin/moto_server"))
        })?;
        if !std::path::Path::new(&binary).exists() {
            return None;
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .ok()?
            .local_addr()
            .ok()?
            .port();
        let child = std::process::Command::new(binary)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .ok()?;
        let server = S3Server {
            child,
            endpoint: format!("http://127.0.0.1:{port}"),
        };
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Some(server);
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        None
    }
}

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test]
async fn s3_store_round_trip_against_an_s3_compatible_server() {
    let Some(s3) = S3Server::start() else {
        eprintln!(
            "SKIPPED s3 store test: moto_server not installed (scripts/setup.sh installs it)"
        );
        return;
    };
    let client = reqwest::Client::new();
    let created = client
        .put(format!("{}/portal-docs", s3.endpoint))
        .send()
        .await
        .unwrap();
    assert!(
        created.status().is_success(),
        "bucket created: {}",
        created.status()
    );

    let config = server::documents::S3Config::from_url(
        &format!(
            "s3://portal-docs?endpoint={}&region=cn-north-1",
            s3.endpoint
        ),
        "AKIDEXAMPLE".into(),
        "test-secret".into(),
    )
    .unwrap();
    let store = server::documents::S3Store::new(config).unwrap();
    use server::documents::DocumentStore;
    assert_eq!(store.kind(), "s3");
    let (id, _) = store_upload(&store, JPEG.to_vec(), Some("scan.jpg"))
        .await
        .unwrap();
    assert_eq!(store.get(&id).await.unwrap().as_deref(), Some(JPEG));
    assert!(store.delete(&id).await.unwrap());
    assert_eq!(store.get(&id).await.unwrap(), None);
    assert!(!store.delete(&id).await.unwrap());
    let err = store_upload(&store, EXE.to_vec(), Some("x.jpg"))
        .await
        .unwrap_err();
    assert!(matches!(err, DocumentStoreError::Rejected(_)));
}
