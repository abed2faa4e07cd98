//! The contact slice end to end over HTTP: the server function and the no-JavaScript form post.

mod common;

use common::{same_origin, TestDb, TestServer};
use domain::{ContactForm, ContactMessage, FormErrors};

const SUBMIT: &str = "/api/contact/submit";

fn form(name: &str, mobile: &str, message: &str, key: &str) -> Vec<(&'static str, String)> {
    vec![
        ("name", name.to_owned()),
        ("mobile", mobile.to_owned()),
        ("message", message.to_owned()),
        ("idempotency_key", key.to_owned()),
    ]
}

fn base64_key() -> [u8; 32] {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(common::TEST_PII_KEY)
        .unwrap()
        .try_into()
        .unwrap()
}

fn key(n: u32) -> String {
    format!("test-key-{n:08}-abcdefgh")
}

async fn count(s: &TestServer) -> i64 {
    s.storage().await.count_contact_messages().await.unwrap()
}

/// The error body of a server function: `{"Invalid":{"errors":[...]}}`.
fn field_errors(body: &serde_json::Value) -> FormErrors {
    serde_json::from_value(body["Invalid"].clone()).expect("an Invalid error with field errors")
}

async fn invalid_fields_get_422_with_exactly_the_browser_errors_and_nothing_is_stored(db: TestDb) {
    let s = TestServer::start(db).await;
    let cases = [
        ("", "", "", key(1)),
        ("张", "12345", "hi", key(2)),
        ("Bob\u{202E}", "+86 128 1234 5678", " ", key(3)),
        ("张三", "1381234567a", &"字".repeat(1001), key(4)),
        ("<script>", "13812345678", "ok", "short".to_owned()),
    ];
    for (name, mobile, message, key) in cases {
        let r = same_origin(s.client.post(s.url(SUBMIT)))
            .form(&form(name, mobile, message, &key))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422, "{name:?} {mobile:?}");
        let body: serde_json::Value = r.json().await.unwrap();
        let got = field_errors(&body);
        // The browser's island runs this very parse; the server must answer identically.
        let browser = ContactMessage::try_from(&ContactForm {
            name: name.into(),
            mobile: mobile.into(),
            message: message.into(),
            idempotency_key: key.clone(),
        })
        .unwrap_err();
        assert_eq!(got, browser);
        assert!(!got.is_empty());
    }
    assert_eq!(count(&s).await, 0, "nothing stored");
    s.stop().await;
}

async fn malformed_and_hostile_payloads_are_4xx_and_store_nothing(db: TestDb) {
    let s = TestServer::start(db).await;
    // Missing fields become empty strings and get their field's own message.
    let r = same_origin(s.client.post(s.url(SUBMIT)))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("mobile=12")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let errors = field_errors(&r.json().await.unwrap());
    let fields: Vec<_> = errors.errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["name", "mobile", "message", "idempotency_key"]);

    // Bodies that are not a form at all.
    for (content_type, body) in [
        ("application/json", r#"{"name":"张三"}"#.to_owned()),
        (
            "application/x-www-form-urlencoded",
            "name=%ZZ%&&&=".to_owned(),
        ),
        (
            "application/x-www-form-urlencoded",
            "name[]=a&name[]=b".to_owned(),
        ),
        ("text/plain", "\u{0}\u{1}binary".to_owned()),
    ] {
        let r = same_origin(s.client.post(s.url(SUBMIT)))
            .header("content-type", content_type)
            .body(body.clone())
            .send()
            .await
            .unwrap();
        assert!(
            r.status().is_client_error(),
            "{content_type} {body:?} → {}",
            r.status()
        );
    }

    // Oversized body.
    let huge = "a".repeat(200 * 1024);
    let r = same_origin(s.client.post(s.url(SUBMIT)))
        .form(&form("张三", "13812345678", &huge, &key(9)))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    assert_eq!(count(&s).await, 0);
    s.stop().await;
}

async fn a_valid_message_is_stored_once_with_the_mobile_encrypted(db: TestDb) {
    let s = TestServer::start(db).await;
    let payload = form(
        "阿依古丽·买买提",
        "+86 139-0000-1111",
        "请问低保怎么申请？",
        &key(10),
    );
    let first = same_origin(s.client.post(s.url(SUBMIT)))
        .form(&payload)
        .send()
        .await
        .unwrap();
    assert_eq!(first.status(), 200);
    let first: serde_json::Value = first.json().await.unwrap();
    let reference = first["reference"].as_str().unwrap().to_owned();
    assert!(
        domain::ContactReference::parse(&reference).is_some(),
        "{reference}"
    );

    // A retry or double tap with the same key returns the first result and stores nothing new.
    for _ in 0..3 {
        let again: serde_json::Value = same_origin(s.client.post(s.url(SUBMIT)))
            .form(&payload)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(again["reference"], reference.as_str());
    }
    assert_eq!(count(&s).await, 1);

    // The same key with other content is refused.
    let conflict = same_origin(s.client.post(s.url(SUBMIT)))
        .form(&form(
            "阿依古丽·买买提",
            "13900001111",
            "另一条留言",
            &key(10),
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(conflict.status(), 409);
    assert_eq!(count(&s).await, 1);

    // Stored encrypted: the ciphertext decrypts to the number and does not contain it.
    let storage = s.storage().await;
    let blob = storage
        .contact_mobile_ciphertext(&reference)
        .await
        .unwrap()
        .expect("row stored");
    assert!(!blob.windows(11).any(|w| w == b"13900001111"));
    let key: [u8; 32] = base64_key();
    let vault = server::pii::PiiVault::new(&key);
    assert_eq!(
        vault.decrypt("contact.mobile", &blob).unwrap(),
        "13900001111"
    );
    storage.close().await;
    // On SQLite, nowhere in the database files either (main file and WAL).
    if !s.db().is_postgres() {
        for suffix in ["", "-wal"] {
            let path = s
                .db()
                .data_dir
                .path()
                .join(format!("{}{suffix}", server::config::SQLITE_FILE));
            if let Ok(bytes) = std::fs::read(&path) {
                assert!(
                    !bytes.windows(11).any(|w| w == b"13900001111"),
                    "{} has the number in clear",
                    path.display()
                );
            }
        }
    }
    s.stop().await;
}

async fn concurrent_double_submits_store_one_message(db: TestDb) {
    let s = TestServer::start(db).await;
    let payload = form("张三", "13812345678", "同时提交", &key(20));
    let requests = (0..20).map(|_| {
        same_origin(s.client.post(s.url(SUBMIT)))
            .form(&payload)
            .send()
    });
    let responses = futures::future::join_all(requests).await;
    let mut references = std::collections::BTreeSet::new();
    for r in responses {
        let r = r.unwrap();
        assert_eq!(r.status(), 200);
        let body: serde_json::Value = r.json().await.unwrap();
        references.insert(body["reference"].as_str().unwrap().to_owned());
    }
    assert_eq!(references.len(), 1);
    assert_eq!(count(&s).await, 1);
    s.stop().await;
}

async fn cross_site_submissions_are_refused(db: TestDb) {
    let s = TestServer::start(db).await;
    let payload = form("张三", "13812345678", "你好", &key(30));
    let r = s
        .client
        .post(s.url(SUBMIT))
        .header("sec-fetch-site", "cross-site")
        .form(&payload)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let r = s
        .client
        .post(s.url("/contact"))
        .header("origin", "https://evil.example")
        .form(&payload)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    assert_eq!(count(&s).await, 0);
    s.stop().await;
}

async fn the_html_form_post_re_renders_errors_and_redirects_on_success(db: TestDb) {
    let s = TestServer::start(db).await;
    let r = s
        .client
        .post(s.url("/contact"))
        .header("origin", &s.base)
        .form(&form(
            "张三",
            "1381234",
            "<script>alert(1)</script>",
            &key(40),
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(html.contains("error-summary"), "summary rendered");
    assert!(html.contains("手机号码应为 11 位数字"));
    assert!(html.contains(r#"value="1381234""#), "input kept");
    assert!(!html.contains("<script>alert(1)</script>"), "input escaped");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert_eq!(count(&s).await, 0);

    let r = s
        .client
        .post(s.url("/contact"))
        .header("origin", &s.base)
        .form(&form("张三", "13812345678", "你好", &key(41)))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let location = r.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.starts_with("/contact/sent?ref=LX"), "{location}");
    assert_eq!(count(&s).await, 1);

    let sent = s.client.get(s.url(&location)).send().await.unwrap();
    let html = sent.text().await.unwrap();
    let reference = location.trim_start_matches("/contact/sent?ref=");
    assert!(html.contains(reference));

    // A forged reference is not echoed.
    let forged = s
        .client
        .get(s.url("/contact/sent?ref=%3Cscript%3E"))
        .send()
        .await
        .unwrap();
    assert!(!forged.text().await.unwrap().contains("<script>"));
    s.stop().await;
}

on_both_databases!(
    invalid_fields_get_422_with_exactly_the_browser_errors_and_nothing_is_stored,
    malformed_and_hostile_payloads_are_4xx_and_store_nothing,
    a_valid_message_is_stored_once_with_the_mobile_encrypted,
    concurrent_double_submits_store_one_message,
    cross_site_submissions_are_refused,
    the_html_form_post_re_renders_errors_and_redirects_on_success,
);

async fn a_client_sending_many_new_messages_is_throttled_but_replays_are_free(db: TestDb) {
    let s = TestServer::start(db).await;
    for n in 0..5 {
        let payload = form("张三", "13812345678", &format!("第{n}条"), &key(100 + n));
        for _ in 0..2 {
            // A double tap: the replay costs no token.
            let r = same_origin(s.client.post(s.url(SUBMIT)))
                .form(&payload)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 200, "message {n}");
        }
    }
    let r = same_origin(s.client.post(s.url(SUBMIT)))
        .form(&form("张三", "13812345678", "第六条", &key(200)))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 429);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body, serde_json::json!("RateLimited"));
    assert_eq!(count(&s).await, 5, "the throttled message was not stored");
    s.stop().await;
}

async fn browsers_accepting_compression_still_get_the_real_status(db: TestDb) {
    let s = TestServer::start(db).await;
    let r = same_origin(s.client.post(s.url(SUBMIT)))
        .header("accept-encoding", "gzip, deflate, br")
        .form(&form("", "12345", "", &key(300)))
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        422,
        "a compressed error body must not hide the status"
    );
    // A request id sent by the client is replaced by the server's own.
    let r = s
        .client
        .get(s.url("/healthz"))
        .header("x-request-id", "forged-id")
        .send()
        .await
        .unwrap();
    assert_ne!(r.headers()["x-request-id"], "forged-id");
    s.stop().await;
}

on_both_databases!(
    a_client_sending_many_new_messages_is_throttled_but_replays_are_free,
    browsers_accepting_compression_still_get_the_real_status,
);
