//! Crash safety (issue 10): the real server binary is killed with SIGKILL in the middle of a
//! submission load, restarted on the same data directory or database, and every submission it
//! acknowledged is there, whole and once — on SQLite and on PostgreSQL.
//!
//! Why: a resident who saw an application number must be able to rely on it. The server
//! answers only after the transaction that holds the application, its signatures, its first
//! timeline event and its idempotency record has committed, so a process that dies at any
//! instant may lose only work it never acknowledged, and never leaves half of an application.
//! SIGKILL gives the process no chance to flush, roll back or shut down: what survives is
//! exactly what the database made durable (on SQLite the WAL the process wrote before dying,
//! on PostgreSQL what its server committed; the connections of the dead process are dropped
//! and their open transactions rolled back).
//!
//! The test proves, after the restart:
//! - every acknowledged application decrypts to exactly the form that was sent, has all its
//!   signatures and its `submitted` event, and is tracked by its number and access code;
//!   every acknowledged contact message holds the name, mobile number and text sent;
//! - nothing anywhere is half-written or doubled: every stored application (acknowledged or
//!   caught in flight) has all its rows and is a distinct submitted form, and every
//!   idempotency record carries its response;
//! - retrying every submission with its idempotency key (what a client does after a dropped
//!   connection) returns the first receipt for acknowledged ones and leaves exactly one
//!   record per submission, whether or not the kill caught it before its commit;
//! - the restarted server takes new submissions.

mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::os::unix::process::ExitStatusExt;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::staff::id_number;
use common::{same_origin, TestDb, TEST_PII_KEY};
use domain::application::{ApplicationForm, SignatureForm, COMMITMENT_VERSION};
use domain::household::{HouseholdForm, IncomeForm, MemberForm};
use sqlx::Row;

const SUBMIT: &str = "/api/applications/submit";
const TRACK: &str = "/api/applications/track";
const CONTACT: &str = "/api/contact/submit";
const WORKERS: usize = 8;
/// Applications acknowledged before the kill.
const ACKNOWLEDGED_BEFORE_KILL: usize = 30;
/// Signatures per application (see [`application`]).
const SIGNATURES: i64 = 3;
const WAIT: Duration = Duration::from_secs(120);

/// The server binary as a child process; SIGKILLed when dropped, so a failing test leaves none.
struct ServerProcess {
    child: Child,
    base: String,
}

impl ServerProcess {
    /// `server serve` on a free port over the test database; returns once `/healthz` answers.
    async fn start(db: &TestDb) -> Self {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_server"));
        // Only what this test says: no configuration inherited from the environment.
        for (name, _) in std::env::vars() {
            if name.starts_with("PORTAL_") || name == "DATABASE_URL" || name == "LEPTOS_SITE_ROOT" {
                cmd.env_remove(name);
            }
        }
        cmd.env("PORTAL_PII_KEY", TEST_PII_KEY)
            .arg("--data-dir")
            .arg(db.data_dir.path())
            .args(["--log-level", "warn"]);
        if let Some(url) = &db.url {
            cmd.arg("--database-url").arg(url);
        }
        cmd.args(["serve", "--listen", "127.0.0.1:0", "--trust-proxy-headers"])
            .arg("--site-root")
            .arg(db.data_dir.path().join("site"))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        let mut child = cmd.spawn().expect("the server binary starts");
        let stdout = child.stdout.take().expect("piped stdout");
        let mut server = ServerProcess {
            child,
            base: String::new(),
        };
        // The server prints the address it bound; keep draining its stdout afterwards.
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let started = Instant::now();
        while server.base.is_empty() {
            let line = tokio::time::timeout(WAIT, rx.recv())
                .await
                .expect("the server prints its address in time")
                .expect("the server exited before listening");
            if let Some(rest) = line.strip_prefix("Portal is running at ") {
                server.base = rest
                    .split_whitespace()
                    .next()
                    .unwrap()
                    .trim_end_matches('/')
                    .into();
            }
        }
        let client = reqwest::Client::new();
        loop {
            assert!(started.elapsed() < WAIT, "/healthz never answered");
            let health = client.get(server.url("/healthz")).send().await;
            if health.is_ok_and(|r| r.status() == 200) {
                return server;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// SIGKILL (what `Child::kill` sends on Unix) and reap the process.
    fn kill(&mut self) {
        self.child.kill().expect("SIGKILL delivered");
        let status = self.child.wait().expect("the killed server is reaped");
        assert_eq!(status.signal(), Some(9), "died of SIGKILL: {status:?}");
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What one submission sent: an application, or (every fourth) a contact message.
#[derive(Debug, Clone)]
enum Sent {
    Application(Box<ApplicationForm>),
    Contact {
        name: String,
        mobile: String,
        message: String,
    },
}

#[derive(Debug, Clone)]
struct Attempt {
    n: usize,
    key: String,
    sent: Sent,
}

impl Attempt {
    fn new(n: usize) -> Self {
        let key = format!("crash-safety-{n:06}-key");
        let sent = if n % 4 == 3 {
            Sent::Contact {
                name: "张三".into(),
                mobile: format!("139{:08}", n),
                message: format!("第{n}条留言：村口路灯坏了。"),
            }
        } else {
            Sent::Application(Box::new(application(n)))
        };
        Attempt { n, key, sent }
    }

    /// A client address of its own (the server trusts `X-Forwarded-For` here), so the
    /// per-client submission limits never refuse the load.
    fn client_ip(&self) -> String {
        format!("10.77.{}.{}", self.n / 250, self.n % 250 + 1)
    }

    /// Posts the submission; `Ok` only with a complete 2xx answer (the receipt).
    async fn send(
        &self,
        client: &reqwest::Client,
        base: &str,
    ) -> Result<serde_json::Value, String> {
        let request = match &self.sent {
            Sent::Application(form) => client
                .post(format!("{base}{SUBMIT}"))
                .json(&serde_json::json!({ "form": form, "idempotency_key": self.key })),
            Sent::Contact {
                name,
                mobile,
                message,
            } => client.post(format!("{base}{CONTACT}")).form(&[
                ("name", name.as_str()),
                ("mobile", mobile.as_str()),
                ("message", message.as_str()),
                ("idempotency_key", self.key.as_str()),
            ]),
        };
        let response = same_origin(request)
            .header("x-forwarded-for", self.client_ip())
            .send()
            .await
            .map_err(|e| format!("connection: {e}"))?;
        let status = response.status();
        let body = response.text().await.map_err(|e| format!("body: {e}"))?;
        if !status.is_success() {
            return Err(format!("HTTP {status}: {body}"));
        }
        serde_json::from_str(&body).map_err(|e| format!("receipt {body:?}: {e}"))
    }
}

/// A 阳西 family of three (the child signed for by the father); the three ID numbers are
/// distinct for every `n`, so every submission is a different application.
fn application(n: usize) -> ApplicationForm {
    let (day, k) = (1 + (n / 450) % 28, n % 450);
    let people = [
        ("applicant", "李明", "197503", 2 * k + 1, "unemployed"),
        ("spouse", "王芳", "197708", 2 * k + 2, "unable_to_work"),
        ("child", "李小华", "201209", 2 * k + 1, "student"),
    ];
    let mut members: Vec<MemberForm> = people
        .into_iter()
        .map(|(relation, name, born, seq, work)| MemberForm {
            relation: relation.into(),
            name: name.into(),
            id_number: id_number("441721", &format!("{born}{day:02}"), &format!("{seq:03}")),
            work_status: work.into(),
            ..Default::default()
        })
        .collect();
    members[0].income = vec![IncomeForm {
        kind: "wage".into(),
        amount: format!("{}", 1000 + n),
        period: "monthly".into(),
    }];
    members[2].school_stage = "compulsory".into();
    let signature = |signer: &str, guardian: &str, name: &str| SignatureForm {
        signer: signer.into(),
        guardian: guardian.into(),
        typed_name: name.into(),
        strokes: format!(
            "120,80 200,160 300,{};340,200 460,220 520,180",
            100 + n % 200
        ),
    };
    ApplicationForm {
        programs: vec!["dibao".into(), "temporary".into()],
        region: "441721".into(),
        township: "441721100".into(),
        community: "城东社区".into(),
        area: "urban".into(),
        apply_at: "hukou".into(),
        mobile: "13800138000".into(),
        household: HouseholdForm {
            members,
            ..Default::default()
        },
        hardship: format!("第{n}份申请：丈夫失业，妻子因病不能工作，孩子上初中。"),
        notice_read: "yes".into(),
        commitment_version: COMMITMENT_VERSION.into(),
        signatures: vec![
            signature("self", "", "李明"),
            signature("self", "", "王芳"),
            signature("guardian", "0", "李明"),
        ],
        ..Default::default()
    }
}

fn vault() -> server::pii::PiiVault {
    use base64::Engine;
    let key: [u8; 32] = base64::engine::general_purpose::STANDARD
        .decode(TEST_PII_KEY)
        .unwrap()
        .try_into()
        .unwrap();
    server::pii::PiiVault::new(&key)
}

#[derive(Default)]
struct Load {
    next: AtomicUsize,
    in_flight: AtomicUsize,
    acked_applications: AtomicUsize,
    killed: AtomicBool,
    attempts: Mutex<Vec<Attempt>>,
    /// (attempt number, receipt) of every complete 2xx answer.
    acked: Mutex<BTreeMap<usize, serde_json::Value>>,
    /// Failures before the kill: a valid submission must not fail under load.
    errors: Mutex<Vec<String>>,
}

impl Load {
    fn assert_no_errors(&self) {
        let errors = self.errors.lock().unwrap();
        assert!(
            errors.is_empty(),
            "submissions failed under load: {errors:?}"
        );
    }
}

async fn worker(load: Arc<Load>, base: String) {
    let client = reqwest::Client::builder().timeout(WAIT).build().unwrap();
    while !load.killed.load(Ordering::SeqCst) {
        let attempt = Attempt::new(load.next.fetch_add(1, Ordering::SeqCst));
        load.attempts.lock().unwrap().push(attempt.clone());
        load.in_flight.fetch_add(1, Ordering::SeqCst);
        let outcome = attempt.send(&client, &base).await;
        load.in_flight.fetch_sub(1, Ordering::SeqCst);
        match outcome {
            Ok(receipt) => {
                if matches!(attempt.sent, Sent::Application(_)) {
                    load.acked_applications.fetch_add(1, Ordering::SeqCst);
                }
                load.acked.lock().unwrap().insert(attempt.n, receipt);
            }
            // In flight at the kill: allowed to fail, and never counted as acknowledged.
            Err(_) if load.killed.load(Ordering::SeqCst) => break,
            Err(e) => {
                load.errors
                    .lock()
                    .unwrap()
                    .push(format!("#{}: {e}", attempt.n));
                break;
            }
        }
    }
}

async fn acknowledged_submissions_survive_sigkill_whole_and_once(db: TestDb) {
    let mut server = ServerProcess::start(&db).await;
    let load = Arc::new(Load::default());
    let workers: Vec<_> = (0..WORKERS)
        .map(|_| tokio::spawn(worker(load.clone(), server.base.clone())))
        .collect();
    let started = Instant::now();
    loop {
        load.assert_no_errors();
        if load.acked_applications.load(Ordering::SeqCst) >= ACKNOWLEDGED_BEFORE_KILL {
            break;
        }
        assert!(
            started.elapsed() < WAIT,
            "the load never reached {ACKNOWLEDGED_BEFORE_KILL}"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    // The flag first: from here a failed request is one the kill interrupted.
    load.killed.store(true, Ordering::SeqCst);
    let in_flight_at_kill = load.in_flight.load(Ordering::SeqCst);
    server.kill();
    for w in workers {
        w.await.expect("worker");
    }
    let attempts = load.attempts.lock().unwrap().clone();
    let acked = load.acked.lock().unwrap().clone();
    load.assert_no_errors();
    let unacked: Vec<&Attempt> = attempts
        .iter()
        .filter(|a| !acked.contains_key(&a.n))
        .collect();
    let backend = ["SQLite", "PostgreSQL"][usize::from(db.is_postgres())];
    eprintln!(
        "{backend}: {} submissions acknowledged ({} applications), {} in flight at the kill, \
         {} never answered",
        acked.len(),
        load.acked_applications.load(Ordering::SeqCst),
        in_flight_at_kill,
        unacked.len()
    );
    assert!(
        !unacked.is_empty(),
        "the kill came while submissions were in flight"
    );

    // Restart on the same data directory / database.
    let server = ServerProcess::start(&db).await;
    let storage = db.storage().await;
    let pool = sqlx::AnyPool::connect(&db.storage_config().effective_database_url())
        .await
        .expect("a second connection to the database");
    let vault = vault();
    let client = reqwest::Client::new();

    // Nothing half-written or doubled, the in-flight ones the kill caught after their commit
    // included: each stored application has all its rows and is a distinct one of the forms
    // sent, and every idempotency record carries its response.
    let sent_forms: BTreeMap<String, &ApplicationForm> = attempts
        .iter()
        .filter_map(|a| match &a.sent {
            Sent::Application(f) => Some((f.household.members[0].id_number.clone(), f.as_ref())),
            Sent::Contact { .. } => None,
        })
        .collect();
    let rows = sqlx::query(
        "SELECT a.number,
           (SELECT COUNT(*) FROM application_signatures WHERE application_number = a.number) AS s,
           (SELECT COUNT(*) FROM application_events WHERE application_number = a.number) AS e
         FROM applications a",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let mut stored_numbers = BTreeMap::new();
    for row in &rows {
        let number: String = row.get("number");
        assert_eq!(
            row.get::<i64, _>("s"),
            SIGNATURES,
            "{number}: all signatures"
        );
        assert_eq!(row.get::<i64, _>("e"), 1, "{number}: its submitted event");
        let (payload, _) = storage
            .application_ciphertexts(&number)
            .await
            .unwrap()
            .unwrap();
        let payload = vault.decrypt("application.payload", &payload).unwrap();
        let stored: ApplicationForm = serde_json::from_str(&payload).unwrap();
        let applicant = stored.household.members[0].id_number.clone();
        assert_eq!(
            sent_forms.get(&applicant),
            Some(&&stored),
            "{number} is a form sent"
        );
        if let Some(other) = stored_numbers.insert(applicant, number.clone()) {
            panic!("one submission stored twice: {other} and {number}");
        }
    }
    for scope in ["application.submit", "contact"] {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n, COUNT(response) AS answered FROM idempotency_records
              WHERE scope = $1",
        )
        .bind(scope)
        .fetch_one(&pool)
        .await
        .unwrap();
        assert_eq!(
            row.get::<i64, _>("n"),
            row.get::<i64, _>("answered"),
            "{scope}"
        );
    }

    // Every acknowledged submission is there under the number or reference it was given, as
    // sent; applications are tracked with their access code.
    for (i, attempt) in attempts
        .iter()
        .filter(|a| acked.contains_key(&a.n))
        .enumerate()
    {
        let receipt = &acked[&attempt.n];
        match &attempt.sent {
            Sent::Application(form) => {
                let number = receipt["number"].as_str().expect("a number");
                let applicant = &form.household.members[0].id_number;
                assert_eq!(
                    stored_numbers.get(applicant).map(String::as_str),
                    Some(number)
                );
                let tracked = storage.tracked_application(number).await.unwrap().unwrap();
                assert_eq!(receipt["submitted_on"], tracked.submitted_on.as_str());
                let r = same_origin(client.post(server.url(TRACK)))
                    .header(
                        "x-forwarded-for",
                        format!("10.88.{}.{}", i / 250, i % 250 + 1),
                    )
                    .form(&[
                        ("number", number),
                        ("access_code", receipt["access_code"].as_str().unwrap()),
                    ])
                    .send()
                    .await
                    .unwrap();
                assert_eq!(r.status(), 200, "{number} tracked with its code");
                let t: serde_json::Value = r.json().await.unwrap();
                assert_eq!(t["status"], "submitted");
            }
            Sent::Contact {
                name,
                mobile,
                message,
            } => {
                let reference = receipt["reference"].as_str().expect("a reference");
                let blob = storage.contact_mobile_ciphertext(reference).await.unwrap();
                let blob = blob.unwrap_or_else(|| panic!("acknowledged {reference} is missing"));
                assert_eq!(&vault.decrypt("contact.mobile", &blob).unwrap(), mobile);
                let row =
                    sqlx::query("SELECT name, message FROM contact_messages WHERE reference = $1")
                        .bind(reference)
                        .fetch_one(&pool)
                        .await
                        .unwrap();
                assert_eq!(&row.get::<String, _>("name"), name);
                assert_eq!(&row.get::<String, _>("message"), message);
            }
        }
    }

    // A client that lost its connection retries with the same key: acknowledged submissions
    // get their first receipt; the others are stored exactly once, committed before the kill
    // or now.
    let contacts_before = storage.count_contact_messages().await.unwrap() as usize;
    let stored = rows.len() + contacts_before;
    eprintln!(
        "{backend} restarted: {stored} submissions stored, {} committed but never acknowledged",
        stored - acked.len()
    );
    for attempt in &attempts {
        let receipt = attempt
            .send(&client, &server.base)
            .await
            .unwrap_or_else(|e| panic!("retry of #{}: {e}", attempt.n));
        if let Some(first) = acked.get(&attempt.n) {
            assert_eq!(&receipt, first, "#{} replayed", attempt.n);
        }
    }
    let applications = sent_forms.len() as i64;
    let counts = storage.application_row_counts().await.unwrap();
    assert_eq!(
        counts,
        [applications, SIGNATURES * applications, 0, applications],
        "one whole application per submission after the retries"
    );
    let contacts = (attempts.len() - sent_forms.len()) as i64;
    assert_eq!(storage.count_contact_messages().await.unwrap(), contacts);

    // The restarted server takes new submissions.
    let fresh = Attempt::new((attempts.len() / 4 + 1) * 4);
    let receipt = fresh
        .send(&client, &server.base)
        .await
        .expect("a new submission");
    let number = receipt["number"].as_str().unwrap();
    assert!(storage.tracked_application(number).await.unwrap().is_some());
    assert_eq!(
        storage.application_row_counts().await.unwrap()[0],
        applications + 1
    );

    drop(server);
    pool.close().await;
    storage.close().await;
    db.cleanup().await;
}

on_both_databases!(acknowledged_submissions_survive_sigkill_whole_and_once);
