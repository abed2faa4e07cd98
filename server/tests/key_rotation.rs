//! Rotating the key that encrypts personal data at rest (`server pii-key`, crate::rekey;
//! docs/OPERATIONS.md, "Keys and secrets"), on SQLite and PostgreSQL:
//!
//! - after `rotate`, every encrypted value of every column is under the new key, and the
//!   master key alone opens none of them;
//! - a server on the rotated database still tracks an application by its number and access
//!   code (lookups keep working) and shows its data;
//! - an instance without the new key refuses to start, so it never writes with the old one;
//! - a second `rewrap` finds nothing to do;
//! - the real binary's `pii-key status` and `rotate` do the same from the command line.

mod common;

use std::path::Path;

use common::staff::{act, application, create, id_number, sign_in, staff_service, submit};
use common::{same_origin, TestDb, TestServer, TEST_PII_KEY};
use server::pii::{self, PiiVault};
use server::rekey;

async fn contact(s: &TestServer) {
    let r = same_origin(s.client.post(s.url("/api/contact/submit")))
        .form(&[
            ("name", "张三"),
            ("mobile", "13812345678"),
            ("message", "请问低保怎么申请"),
            ("idempotency_key", "rotation-contact-abcdefgh"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
}

async fn track(s: &TestServer, number: &str, code: &str) -> serde_json::Value {
    let r = same_origin(s.client.post(s.url("/api/applications/track")))
        .form(&[("number", number), ("access_code", code)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "tracking {number}");
    r.json().await.unwrap()
}

async fn payload(db: &TestDb, number: &str) -> Vec<u8> {
    let storage = db.storage().await;
    let (payload, _) = storage
        .application_ciphertexts(number)
        .await
        .unwrap()
        .expect("the application is stored");
    payload
}

async fn rotation_reencrypts_everything_and_lookups_survive(db: TestDb) {
    // Data under the master key, as every database before its first rotation.
    let s = TestServer::start(db).await;
    let mut form = application("340303002", "340303");
    form.household.members[0].id_number = id_number("340303", "19700101", "101");
    form.household.members[1].id_number = id_number("340303", "19720202", "102");
    let r = same_origin(s.client.post(s.url("/api/applications/submit")))
        .json(&serde_json::json!({ "form": form, "idempotency_key": "rotation-app-abcdefgh" }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let receipt: serde_json::Value = r.json().await.unwrap();
    let number = receipt["number"].as_str().unwrap().to_owned();
    let code = receipt["access_code"].as_str().unwrap().to_owned();
    let mut other = application("340303002", "340303");
    other.household.members[0].id_number = id_number("340303", "19700101", "103");
    other.household.members[1].id_number = id_number("340303", "19720202", "104");
    submit(&s, &other, "rotation-app2-abcdefgh").await;
    contact(&s).await;
    // A case taken in and verified: its events carry encrypted details (the verified income).
    let staff = staff_service(s.db()).await;
    create(&staff, "rotation.clerk", "intake", "340303002").await;
    create(&staff, "rotation.reviewer", "reviewer", "340303").await;
    let clerk = sign_in(&s, "rotation.clerk").await;
    let reviewer = sign_in(&s, "rotation.reviewer").await;
    let accept = serde_json::json!({ "action": "accept" });
    assert_eq!(act(&s, &clerk, &number, accept).await.0, 200);
    let verify = serde_json::json!({
        "action": "record_verification", "verified_income": "310", "verified_assets_ok": "yes"
    });
    assert_eq!(act(&s, &reviewer, &number, verify).await.0, 200);
    let before = track(&s, &number, &code).await;
    let db = s.stop_keeping_db().await;

    let storage = db.storage().await;
    let master = PiiVault::load(Some(TEST_PII_KEY), db.data_dir.path()).unwrap();
    let old_payload = payload(&db, &number).await;
    assert!(master.decrypt("application.payload", &old_payload).is_ok());

    // Rotate: a new data key first in the ring file, every value encrypted again.
    assert_eq!(pii::add_data_key_to_file(db.data_dir.path()).unwrap(), 1);
    let ring = PiiVault::load(Some(TEST_PII_KEY), db.data_dir.path()).unwrap();
    // Three rows a transaction: the four signatures take two batches, the second starting
    // between the two of one application.
    let reports = rekey::rewrap_in_batches(&storage, &ring, 3).await.unwrap();
    let rows = |table: &str, column: &str| {
        reports
            .iter()
            .find(|r| r.table == table && r.column == column)
            .unwrap()
            .rows
    };
    assert_eq!(rows("applications", "payload_ciphertext"), 2);
    assert_eq!(rows("applications", "eligibility_ciphertext"), 2);
    assert_eq!(
        rows("application_signatures", "strokes_ciphertext"),
        4,
        "two signatures each, walked by (number, member) in batches"
    );
    assert_eq!(rows("contact_messages", "mobile_ciphertext"), 1);
    assert_eq!(rows("staff_users", "totp_secret_ciphertext"), 2);
    assert_eq!(
        rows("idempotency_records", "response"),
        2,
        "the stored answers of both submissions hold their access codes"
    );
    assert!(rows("application_events", "detail_ciphertext") >= 1);
    for r in &reports {
        assert_eq!(r.unreadable, 0, "{r:?}");
        assert_eq!(r.rewrapped, r.rows, "{r:?}");
        assert_eq!(r.by_generation, vec![r.rows, 0], "{r:?}");
    }

    let new_payload = payload(&db, &number).await;
    assert_ne!(new_payload, old_payload);
    assert!(
        master.decrypt("application.payload", &new_payload).is_err(),
        "the master key alone no longer opens the data"
    );
    assert_eq!(
        ring.decrypt("application.payload", &new_payload).unwrap(),
        master.decrypt("application.payload", &old_payload).unwrap(),
        "the same data under the new key"
    );
    let again = rekey::rewrap(&storage, &ring).await.unwrap();
    assert!(
        again
            .iter()
            .all(|r| r.rewrapped == 0 && r.under_older_keys() == 0),
        "{again:?}"
    );

    // An instance without the new key is refused before it can write with the old one.
    let mut config = common::serve_config(&db);
    config.pii_data_keys = Some(String::new());
    let refused = server::Server::bind(config).await;
    let message = refused
        .err()
        .expect("a server without the ring is refused")
        .to_string();
    assert!(message.contains("re-encrypted"), "{message}");

    // The rotated database serves: lookups by access code and the decrypted data.
    let s = TestServer::start(db).await;
    let after = track(&s, &number, &code).await;
    assert_eq!(after, before);
    s.stop().await;
}

on_both_databases!(rotation_reencrypts_everything_and_lookups_survive);

fn run(data_dir: &Path, args: &[&str]) -> (bool, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_server"))
        .args(args)
        .env("PORTAL_DATA_DIR", data_dir)
        .env("PORTAL_PII_KEY", TEST_PII_KEY)
        .env_remove("PORTAL_PII_DATA_KEYS")
        .env_remove("DATABASE_URL")
        .output()
        .expect("the server binary runs");
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_line_rotates_and_reports() {
    let s = TestServer::start(TestDb::sqlite().await).await;
    contact(&s).await;
    let db = s.stop_keeping_db().await;
    db.storage().await.close().await;
    let dir = db.data_dir.path();

    let (ok, said) = run(dir, &["pii-key", "status"]);
    assert!(ok, "{said}");
    assert!(
        said.contains("contact_messages.mobile_ciphertext: 1 values, 1 under the newest key"),
        "{said}"
    );
    assert!(
        said.contains("holding data: the master-derived key"),
        "{said}"
    );

    for rotation in 1..=2 {
        let (ok, said) = run(dir, &["pii-key", "rotate"]);
        assert!(ok, "{said}");
        assert!(said.contains(&format!("({rotation} data keys)")), "{said}");
        assert!(said.contains("1 encrypted again now"), "{said}");
        assert!(said.contains("holding data: data key 1"), "{said}");
    }
    let (ok, said) = run(dir, &["pii-key", "status"]);
    assert!(ok, "{said}");
    assert!(
        said.contains("keys in the ring: 3; holding data: data key 1"),
        "{said}"
    );

    // A ring given in the environment is not the command's to change.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_server"))
        .args(["pii-key", "rotate"])
        .env("PORTAL_DATA_DIR", dir)
        .env("PORTAL_PII_KEY", TEST_PII_KEY)
        .env(
            "PORTAL_PII_DATA_KEYS",
            std::fs::read_to_string(dir.join(pii::DATA_KEYS_FILE)).unwrap(),
        )
        .env_remove("DATABASE_URL")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("PORTAL_PII_DATA_KEYS"));
    db.cleanup().await;
}
