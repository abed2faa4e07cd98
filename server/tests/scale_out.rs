//! Scale-out (issue 10): two server instances on one database behave as one portal.
//!
//! Every guarantee the portal gives — no slot overbooked, one application per submission,
//! one session per sign-in, each scheduled job done once — is decided by the database, not by
//! a process's memory. These tests prove it by putting two real `server::Server`s on one
//! database (port 0, real HTTP) and firing requests at both at once, released together by a
//! barrier so they really overlap:
//!
//! - 40 couples racing through both instances for a slot of 5 places: exactly 5 holds, 35
//!   "slot full" answers, each hold confirmed through both instances at once, 5 places
//!   taken; one couple posting through both at once gets one booking;
//! - the same submission (same idempotency key) through both: one application; the same key
//!   with different content: one application and a conflict; a new key is, by the portal's
//!   rules, a new application (the household may apply again; staff see both);
//! - a staff session signed in on one instance acts (JSON API and CSRF-checked form) on the
//!   other, the same step raced through both is taken once, and signing out on one ends the
//!   session on the other;
//! - the periodic work each instance runs (expired holds released, tomorrow's reminders
//!   queued) and the durable job queue (`storage::jobs`), run from two connection pools at
//!   once, is done once;
//! - outbox delivery from two instances hands each notification to the sender once (each is
//!   claimed with a lease before sending: `Storage::claim_notification`; this test found the
//!   double send it now guards against).
//!
//! The periodic loops are not reachable over HTTP, so two `Storage` pools stand for two
//! instances there. There is no "notice expiry" job to run: a public notice's period is a
//! date filter on each read (`cases_in_notice`), so instances cannot disagree about it.
//!
//! Everything runs on SQLite too: several processes on one SQLite file is a valid (small)
//! deployment, and its single writer must give the same answers.

mod common;

use std::collections::{BTreeMap, HashSet};
use std::net::{IpAddr, Ipv4Addr};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use app::locale::Locale;
use app::pages::marriage::Values;
use app::ports::RequestCtx;
use common::marriage::{desk, office};
use common::staff::{act, application, call, create, id_number, sign_in, staff_service, stage_of};
use common::{same_origin, TestDb, TestServer, TEST_PII_KEY};
use domain::application::ApplicationForm;
use domain::Date;
use server::marriage::MarriageDesk;
use server::staff::notify::{deliver_pending, Sender};
use server::storage::{NotificationRow, OfficeRow, Storage};
use tokio::sync::Barrier;

fn ctx(n: u32) -> RequestCtx {
    RequestCtx {
        locale: Locale::ZhCn,
        client_ip: Some(IpAddr::V4(Ipv4Addr::from(0x0a00_0000 + n))),
        request_id: format!("scale-{n}"),
        today: app::ports::china_today(),
        staff_token: None,
    }
}

/// Couple `i` of 蚌山区: every person distinct (odd 17th digit: male).
fn couple(i: usize) -> Vec<(String, String)> {
    let man = id_number("340303", "19900101", &format!("{:03}", 2 * i + 1));
    let woman = id_number("340303", "19920202", &format!("{:03}", 2 * i + 2));
    [
        ("service", "marriage".to_owned()),
        ("party_a.document_kind", "resident_id".into()),
        ("party_a.document_number", man),
        ("party_a.name", "王大明".into()),
        ("party_b.document_kind", "resident_id".into()),
        ("party_b.document_number", woman),
        ("party_b.name", "李小红".into()),
        ("mobile", "13900139000".into()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

fn with(mut pairs: Vec<(String, String)>, extra: &[(&str, &str)]) -> Vec<(String, String)> {
    for (k, v) in extra {
        pairs.retain(|(key, _)| key != k);
        pairs.push(((*k).to_owned(), (*v).to_owned()));
    }
    pairs
}

async fn taken(storage: &Storage, office: &OfficeRow, date: &str) -> BTreeMap<i64, i64> {
    let counts = storage
        .marriage_slot_counts(office.id, "marriage", date, date, app::ports::now_ms())
        .await
        .unwrap();
    counts.iter().map(|c| (c.start_minute, c.taken)).collect()
}

/// A same-origin form post to one instance, with a staff session cookie if given.
fn form<T: serde::Serialize + ?Sized>(
    s: &TestServer,
    path: &str,
    cookie: Option<&str>,
    pairs: &T,
) -> reqwest::RequestBuilder {
    let request = same_origin(s.client.post(s.url(path))).form(pairs);
    match cookie {
        Some(c) => request.header("cookie", format!("staff_session={c}")),
        None => request,
    }
}

fn submit(s: &TestServer, form: &ApplicationForm, key: &str) -> reqwest::RequestBuilder {
    same_origin(s.client.post(s.url("/api/applications/submit")))
        .json(&serde_json::json!({ "form": form, "idempotency_key": key }))
}

/// Status, body and `location` of an answer.
#[derive(Debug)]
struct Answer(u16, String, String);

impl Answer {
    fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.1).unwrap_or_default()
    }
}

async fn send(request: reqwest::RequestBuilder) -> Answer {
    let r = request.send().await.unwrap();
    let status = r.status().as_u16();
    let location = r
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    Answer(status, r.text().await.unwrap(), location)
}

/// Sends all requests at once: each waits at a barrier, so they really overlap.
async fn at_once(requests: Vec<reqwest::RequestBuilder>) -> Vec<Answer> {
    let barrier = Arc::new(Barrier::new(requests.len()));
    let tasks: Vec<_> = requests
        .into_iter()
        .map(|request| {
            let barrier = barrier.clone();
            tokio::spawn(async move {
                barrier.wait().await;
                send(request).await
            })
        })
        .collect();
    let mut out = Vec::new();
    for t in tasks {
        out.push(t.await.unwrap());
    }
    out
}

/// The enabled radio values for `name` in a page.
fn choices(html: &str, name: &str) -> Vec<String> {
    let needle = format!("name=\"{name}\" value=\"");
    html.match_indices(&needle)
        .filter_map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            let value = &rest[..rest.find('"')?];
            (!rest[..rest.find('>')?].contains("disabled")).then(|| value.to_owned())
        })
        .collect()
}

/// "09:30" → 570, as slots are stored.
fn minute_of(slot: &str) -> i64 {
    let (h, m) = slot.split_once(':').unwrap();
    h.parse::<i64>().unwrap() * 60 + m.parse::<i64>().unwrap()
}

const SLOT_FULL: &str = "这个时段已经约满";
const ALREADY_BOOKED: &str = "您已经预约了这项业务";

async fn bookings_through_two_instances_never_overbook(db: TestDb) {
    let a = TestServer::start(db).await;
    let b = TestServer::start_sharing(a.db()).await;
    let storage = a.storage().await;
    let office = office(&storage, 5).await;
    let id = office.id.to_string();
    let step = |i: usize, extra: &[(&str, &str)]| with(with(couple(i), &[("office", &id)]), extra);

    // A day and two of its slots, as a couple would find them (on instance A).
    let page = send(form(
        &a,
        "/marriage",
        None,
        &step(0, &[("action", "office")]),
    ))
    .await;
    assert_eq!(page.0, 200, "{}", page.1);
    let date = choices(&page.1, "date").remove(0);
    let day = step(0, &[("action", "date"), ("date", &date)]);
    let slots = choices(&send(form(&a, "/marriage", None, &day)).await.1, "slot");
    let (first, second) = (&slots[0], &slots[1]);
    let slot_form =
        |i: usize, slot: &str| step(i, &[("action", "slot"), ("date", &date), ("slot", slot)]);

    // 40 couples, alternately on A and B, all choosing the first slot at once.
    let racing = (1..=40)
        .map(|i| form([&a, &b][i % 2], "/marriage", None, &slot_form(i, first)))
        .collect();
    let mut holds = Vec::new();
    for Answer(status, body, location) in at_once(racing).await {
        match status {
            303 => holds.push(location),
            422 => assert!(body.contains(SLOT_FULL), "the refusal says why"),
            other => panic!("unexpected answer {other}: {body}"),
        }
    }
    assert_eq!(holds.len(), 5, "exactly the slot's places are held");

    // Each hold confirmed through both instances at once (a double tap the load balancer
    // split): both answers lead to the booking, which is booked once.
    let confirm = [("action", "confirm")];
    let confirming = holds
        .iter()
        .flat_map(|h| [form(&a, h, None, &confirm), form(&b, h, None, &confirm)])
        .collect();
    let answers = at_once(confirming).await;
    for (answer, hold) in answers.iter().zip(holds.iter().flat_map(|h| [h, h])) {
        assert_eq!(answer.0, 303, "{}", answer.1);
        assert_eq!(
            answer.2,
            hold.replace("/marriage/hold/", "/marriage/booking/")
        );
    }
    let (_, checker) = desk(a.db()).await;
    for hold in &holds {
        let token = hold.trim_start_matches("/marriage/hold/");
        let row = checker.by_token(&ctx(0), token).await.unwrap().unwrap();
        assert_eq!(row.status, "booked");
    }
    assert_eq!(taken(&storage, &office, &date).await[&minute_of(first)], 5);

    // One couple on two phones, one on A and one on B, at once: one booking; the other
    // phone is told the couple already has one.
    let answers = at_once(vec![
        form(&a, "/marriage", None, &slot_form(50, second)),
        form(&b, "/marriage", None, &slot_form(50, second)),
    ])
    .await;
    let mut statuses: Vec<_> = answers.iter().map(|x| x.0).collect();
    statuses.sort_unstable();
    assert_eq!(statuses, [303, 422]);
    assert!(answers.iter().any(|x| x.1.contains(ALREADY_BOOKED)));

    // The same slot form (same hold key) through both at once: one hold. The second request
    // either finds the hold by its key or is told about it.
    let key = uuid::Uuid::new_v4().simple().to_string();
    let same = with(slot_form(51, second), &[("hold_key", &key)]);
    let answers = at_once(vec![
        form(&a, "/marriage", None, &same),
        form(&b, "/marriage", None, &same),
    ])
    .await;
    let tokens: HashSet<_> = answers
        .iter()
        .filter(|x| x.0 == 303)
        .map(|x| &x.2)
        .collect();
    assert_eq!(tokens.len(), 1, "one hold, whoever answered");
    for x in answers.iter().filter(|x| x.0 != 303) {
        assert!(x.0 == 422 && x.1.contains(ALREADY_BOOKED), "{}", x.1);
    }
    // Once it exists, the same form again (a retry after a lost answer, through either
    // instance) is sent to that hold rather than refused for it.
    for s in [&a, &b] {
        let again = send(form(s, "/marriage", None, &same)).await;
        assert_eq!(again.0, 303, "{}", again.1);
        assert!(tokens.contains(&again.2));
    }
    let now_taken = taken(&storage, &office, &date).await;
    assert_eq!(
        (now_taken[&minute_of(first)], now_taken[&minute_of(second)]),
        (5, 2)
    );
    b.stop().await;
    a.stop().await;
}

async fn applications_and_staff_sessions_span_both_instances(db: TestDb) {
    let staff = staff_service(&db).await;
    create(&staff, "clerk.qingnian", "intake", "340303002").await;
    let a = TestServer::start(db).await;
    let b = TestServer::start_sharing(a.db()).await;
    let storage = a.storage().await;
    let app_form = application("340303002", "340303");
    let applications = || async { storage.application_row_counts().await.unwrap()[0] };

    // A retried submission, the retries landing on both instances at once: one application,
    // and every answer is the same receipt.
    let retries = (0..6)
        .map(|i| submit([&a, &b][i % 2], &app_form, "scale-out-key-0000001"))
        .collect();
    let answers = at_once(retries).await;
    assert!(answers.iter().all(|x| x.0 == 200), "{answers:?}");
    assert!(answers.iter().all(|x| x.json() == answers[0].json()));
    let first = answers[0].json()["number"].as_str().unwrap().to_owned();
    assert_eq!(applications().await, 1);

    // The same key with different content on the other instance: one is stored, the other
    // is a conflict, never a second application.
    let mut changed = app_form.clone();
    changed.hardship.push('！');
    let answers = at_once(vec![
        submit(&a, &app_form, "scale-out-key-0000002"),
        submit(&b, &changed, "scale-out-key-0000002"),
    ])
    .await;
    let mut statuses: Vec<_> = answers.iter().map(|x| x.0).collect();
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 409], "{answers:?}");
    assert_eq!(applications().await, 2);

    // A new key is a new submission: the portal does not refuse a household's second
    // application (staff decide on both), so each of two keys is stored exactly once.
    let answers = at_once(vec![
        submit(&a, &app_form, "scale-out-key-0000003"),
        submit(&b, &app_form, "scale-out-key-0000004"),
    ])
    .await;
    assert!(answers.iter().all(|x| x.0 == 200), "{answers:?}");
    let (x, y) = (answers[0].json(), answers[1].json());
    assert_ne!(x["number"], y["number"]);
    let other = x["number"].as_str().unwrap().to_owned();
    assert_eq!(applications().await, 4);

    // Signed in on A, the session works on B: a case step through the JSON API …
    let clerk = sign_in(&a, "clerk.qingnian").await;
    let accept = serde_json::json!({ "action": "accept" });
    let (status, body) = act(&b, &clerk, &first, accept.clone()).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(stage_of(&a, &clerk, &first).await, "accepted");
    // … and a form post checked against the CSRF token of a page A rendered.
    let page = a
        .client
        .get(a.url(&format!("/staff/cases/{first}")))
        .header("cookie", format!("staff_session={clerk}"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let marker = "name=\"csrf\" value=\"";
    let at = page.find(marker).expect("a form with a CSRF token") + marker.len();
    let csrf = page[at..].split('"').next().unwrap().to_owned();
    let notes = format!("/staff/cases/{first}/notes");
    let note = [("note", "已电话联系申请人。"), ("csrf", &csrf)];
    let posted = send(form(&b, &notes, Some(&clerk), &note)).await;
    assert_eq!((posted.0, posted.2), (303, format!("/staff/cases/{first}")));

    // The same step on another case through both instances at once is taken once; the
    // other is told the case has moved on.
    let (x, y) = tokio::join!(
        act(&a, &clerk, &other, accept.clone()),
        act(&b, &clerk, &other, accept.clone())
    );
    let mut statuses = [x.0, y.0];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 422], "{x:?} {y:?}");
    assert_eq!(stage_of(&b, &clerk, &other).await, "accepted");

    // Signed out on A: the cookie is refused on B, for reading and for writing.
    let out = send(form(
        &a,
        "/staff/sign-out",
        Some(&clerk),
        &[("csrf", &csrf)],
    ))
    .await;
    assert_eq!(out.0, 303);
    let cases = call(&b, &clerk, "cases", serde_json::json!({})).await;
    assert_eq!(cases.status(), 401);
    let posted = send(form(&b, &notes, Some(&clerk), &note)).await;
    assert_eq!(
        (posted.0, posted.2.as_str()),
        (303, "/staff"),
        "sent to sign in"
    );
    assert_eq!(storage.case_notes(&first).await.unwrap().len(), 1);
    b.stop().await;
    a.stop().await;
}

/// Confirmed bookings (and unconfirmed holds) for the periodic work to act on, made through
/// instance A's desk: `(day, booking codes)`.
async fn bookings(
    desk: &MarriageDesk,
    office: &OfficeRow,
    booked: usize,
    held: usize,
) -> (Date, Vec<String>) {
    let c = ctx(0);
    let checked = desk.precheck(&c, &Values(couple(100))).await.unwrap();
    let dates = desk.dates(&c, &checked, office).await.unwrap();
    let day = Date::parse(&dates[0].date).unwrap();
    let (_, slots) = desk
        .chosen_date(&c, &checked, office, &dates[0].date)
        .await
        .unwrap();
    let mut codes = Vec::new();
    for i in 0..booked + held {
        let c = ctx(i as u32);
        let checked = desk.precheck(&c, &Values(couple(200 + i))).await.unwrap();
        let slot = &slots[i / 4].start;
        let token = desk
            .hold(&c, &checked, office, day, slot, None)
            .await
            .unwrap();
        if i < booked {
            codes.push(desk.confirm(&c, &token).await.unwrap().unwrap().code);
        }
    }
    (day, codes)
}

/// Runs `job` from two instances at once.
async fn from_both<T, F, Fut>(a: T, b: T, job: F) -> (Fut::Output, Fut::Output)
where
    F: Fn(T) -> Fut,
    Fut: std::future::Future + Send + 'static,
    Fut::Output: Send + 'static,
{
    let barrier = Arc::new(Barrier::new(2));
    let run = |x: T| {
        let (barrier, work) = (barrier.clone(), job(x));
        tokio::spawn(async move {
            barrier.wait().await;
            work.await
        })
    };
    let (ta, tb) = (run(a), run(b));
    (ta.await.unwrap(), tb.await.unwrap())
}

async fn periodic_work_from_two_instances_is_done_once(db: TestDb) {
    let (storage_a, desk_a) = desk(&db).await;
    let (storage_b, desk_b) = desk(&db).await;
    let office = office(&storage_a, 4).await;
    let (day, codes) = bookings(&desk_a, &office, 6, 3).await;

    // Expired holds: both sweeps see the three, each is given back once.
    let later = app::ports::now_ms() + server::marriage::HOLD_MS + 1;
    let (x, y) = from_both(storage_a.clone(), storage_b.clone(), |s| async move {
        s.release_expired_marriage_holds(later).await.unwrap()
    })
    .await;
    assert_eq!(x + y, 3, "released {x} + {y}");
    let left: i64 = taken(&storage_a, &office, &day.to_string())
        .await
        .values()
        .sum();
    assert_eq!(left, 6, "the confirmed bookings keep their places");

    // Tomorrow's reminders, queued by both sweeps at noon the day before: one each.
    let noon_before = (day.to_days() - 1) * 86_400_000 + 4 * 3_600_000;
    let (x, y) = from_both(desk_a.clone(), desk_b.clone(), |d| async move {
        d.queue_reminders(noon_before).await.unwrap()
    })
    .await;
    assert_eq!(x + y, 6, "queued {x} + {y}");
    for code in &codes {
        let sent = storage_b
            .marriage_notification_templates(code)
            .await
            .unwrap();
        assert_eq!(sent, ["sms-marriage-booked", "sms-marriage-reminder"]);
    }

    // The durable job queue: two workers draining it at once run every job exactly once.
    let now = app::ports::now_ms();
    let mut ids = Vec::new();
    for n in 0..30 {
        ids.push(
            storage_a
                .enqueue_job("scale-out", &format!("job {n}"), now, 3)
                .await
                .unwrap(),
        );
    }
    let (x, y) = from_both(
        (storage_a.clone(), "instance-a"),
        (storage_b.clone(), "instance-b"),
        |(s, worker)| async move {
            let lease = std::time::Duration::from_secs(60);
            let mut ran = Vec::new();
            while let Some(job) = s.claim_job("scale-out", worker, lease).await.unwrap() {
                assert!(s.complete_job(job.id, worker).await.unwrap());
                ran.push(job.id);
            }
            ran
        },
    )
    .await;
    let mut ran: Vec<i64> = x.into_iter().chain(y).collect();
    ran.sort_unstable();
    assert_eq!(ran, ids, "every job once, none twice");
    assert_eq!(storage_b.job_counts("scale-out").await.unwrap().done, 30);
    db.cleanup().await;
}

/// One instance's sender: counts what it is handed. On its first notification it waits
/// until the other instance has also started sending or has finished its sweep, so that
/// both sweeps overlap however the scheduler runs them (no sleeps).
struct CountingSender {
    instance: usize,
    gate: Arc<Gate>,
    sent: Arc<Mutex<BTreeMap<i64, usize>>>,
}

#[derive(Default)]
struct Gate {
    arrived: [AtomicBool; 2],
    count: AtomicUsize,
    notify: tokio::sync::Notify,
}

impl Gate {
    fn arrive(&self, instance: usize) {
        if !self.arrived[instance].swap(true, Ordering::SeqCst) {
            self.count.fetch_add(1, Ordering::SeqCst);
            self.notify.notify_waiters();
        }
    }

    async fn both(&self) {
        loop {
            let notified = self.notify.notified();
            if self.count.load(Ordering::SeqCst) == 2 {
                return;
            }
            notified.await;
        }
    }
}

#[async_trait::async_trait]
impl Sender for CountingSender {
    async fn send(&self, n: &NotificationRow, _: Option<&str>) -> Result<&'static str, String> {
        self.gate.arrive(self.instance);
        self.gate.both().await;
        *self.sent.lock().unwrap().entry(n.id).or_default() += 1;
        Ok("sent")
    }
}

/// The outbox, delivered by two instances at once: each notification handed to the SMS
/// sender exactly once.
async fn the_outbox_is_delivered_once_by_two_instances(db: TestDb) {
    let (storage_a, desk_a) = desk(&db).await;
    let storage_b = db.storage().await;
    let office = office(&storage_a, 4).await;
    bookings(&desk_a, &office, 4, 0).await;
    let now = app::ports::now_ms();
    let pending: Vec<i64> = storage_a
        .pending_notifications(now, 1000)
        .await
        .unwrap()
        .iter()
        .map(|n| n.id)
        .collect();
    assert_eq!(pending.len(), 4, "one SMS per booking");
    let gate = Arc::new(Gate::default());
    let sent = Arc::new(Mutex::new(BTreeMap::new()));
    let vault =
        Arc::new(server::pii::PiiVault::load(Some(TEST_PII_KEY), db.data_dir.path()).unwrap());
    let instance = |instance: usize, storage: Arc<Storage>| {
        let sender: Arc<dyn Sender> = Arc::new(CountingSender {
            instance,
            gate: gate.clone(),
            sent: sent.clone(),
        });
        (storage, sender, gate.clone(), vault.clone(), instance)
    };
    from_both(
        instance(0, storage_a.clone()),
        instance(1, storage_b.clone()),
        |(storage, sender, gate, vault, instance)| async move {
            let delivered = deliver_pending(&storage, &vault, &sender, now)
                .await
                .unwrap();
            gate.arrive(instance);
            delivered
        },
    )
    .await;
    let sent = sent.lock().unwrap().clone();
    let expected: BTreeMap<i64, usize> = pending.iter().map(|id| (*id, 1)).collect();
    assert_eq!(
        sent, expected,
        "notification id → times handed to the sender"
    );
    assert!(storage_a
        .pending_notifications(now, 1000)
        .await
        .unwrap()
        .is_empty());
    db.cleanup().await;
}

on_both_databases!(
    bookings_through_two_instances_never_overbook,
    applications_and_staff_sessions_span_both_instances,
    periodic_work_from_two_instances_is_done_once,
    the_outbox_is_delivered_once_by_two_instances,
);
