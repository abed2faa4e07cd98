//! Marriage registration booking (issue 8), on SQLite and PostgreSQL:
//!
//! - 200 couples racing for a slot of 5 places: exactly 5 holds, 195 "slot full" answers, and
//!   the counter never above capacity; the same couple booking twice at once gets one;
//! - the whole resident journey over HTTP (steps, hold, confirm, QR, .ics, manage, cancel),
//!   with the refusals the issue names (one day short of 22; 领证 inside the cooling-off
//!   period) and hostile input storing nothing;
//! - the registration desk: the roster shows the booking, check-in by code marks it arrived,
//!   scope and CSRF hold, every action is audited.

mod common;

use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;

use app::error::AppError;
use app::locale::Locale;
use app::pages::marriage::Values;
use app::ports::RequestCtx;
use common::marriage::{desk, office};
use common::staff::{cookie_of, create, id_number, now_code, post_form, staff_service, PASSWORD};
use common::{TestDb, TestServer, TEST_PII_KEY};
use domain::Date;
use server::storage::Storage;

fn ctx(n: u32) -> RequestCtx {
    RequestCtx {
        locale: Locale::ZhCn,
        client_ip: Some(IpAddr::V4(Ipv4Addr::from(0x0a00_0000 + n))),
        request_id: format!("test-{n}"),
        today: app::ports::china_today(),
        staff_token: None,
    }
}

/// Couple `i`: a man born 1990-01-01 and a woman born 1992-02-02, both of 蚌山区, with
/// sequence numbers that make every person distinct (odd 17th digit: male).
fn couple(i: usize) -> Vec<(String, String)> {
    let man = id_number("340303", "19900101", &format!("{:03}", 2 * i + 1));
    let woman = id_number("340303", "19920202", &format!("{:03}", 2 * i + 2));
    vec![
        ("service".into(), "marriage".into()),
        ("party_a.document_kind".into(), "resident_id".into()),
        ("party_a.document_number".into(), man),
        ("party_a.name".into(), "王大明".into()),
        ("party_b.document_kind".into(), "resident_id".into()),
        ("party_b.document_number".into(), woman),
        ("party_b.name".into(), "李小红".into()),
        ("mobile".into(), "13900139000".into()),
    ]
}

fn is_field_error(e: &AppError, field: &str, id: &str) -> bool {
    matches!(e, AppError::Invalid(errors)
        if errors.errors.iter().any(|f| f.field == field && f.message_id == id))
}

async fn two_hundred_couples_race_for_five_places(db: TestDb) {
    let (storage, desk) = desk(&db).await;
    let office = office(&storage, 5).await;
    let mut prepared = Vec::new();
    for i in 0..200 {
        let c = ctx(i as u32);
        let checked = desk.precheck(&c, &Values(couple(i))).await.unwrap();
        prepared.push((c, checked));
    }
    let dates = desk
        .dates(&prepared[0].0, &prepared[0].1, &office)
        .await
        .unwrap();
    let date = Date::parse(&dates[0].date).unwrap();
    let (_, slots) = desk
        .chosen_date(&prepared[0].0, &prepared[0].1, &office, &dates[0].date)
        .await
        .unwrap();
    let slot = slots[0].start.clone();
    assert_eq!(slots[0].remaining, 5);

    let barrier = Arc::new(tokio::sync::Barrier::new(prepared.len()));
    let tasks: Vec<_> = prepared
        .into_iter()
        .map(|(c, checked)| {
            let desk = desk.clone();
            let office = office.clone();
            let barrier = barrier.clone();
            let slot = slot.clone();
            tokio::spawn(async move {
                barrier.wait().await;
                desk.hold(&c, &checked, &office, date, &slot, None).await
            })
        })
        .collect();
    let mut held = 0;
    let mut full = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(_) => held += 1,
            Err(e) if is_field_error(&e, "slot", "err-booking-slot-full") => full += 1,
            Err(e) => panic!("unexpected answer: {e:?}"),
        }
    }
    assert_eq!((held, full), (5, 195));
    let counts = storage
        .marriage_slot_counts(
            office.id,
            "marriage",
            &date.to_string(),
            &date.to_string(),
            app::ports::now_ms(),
        )
        .await
        .unwrap();
    assert_eq!(counts.len(), 1);
    assert_eq!((counts[0].taken, counts[0].capacity), (5, 5));
    db.cleanup().await;
}

async fn the_same_couple_twice_at_once_gets_one(db: TestDb) {
    let (storage, desk) = desk(&db).await;
    let office = office(&storage, 4).await;
    let c = ctx(1);
    let checked = Arc::new(desk.precheck(&c, &Values(couple(7))).await.unwrap());
    let dates = desk.dates(&c, &checked, &office).await.unwrap();
    let date = Date::parse(&dates[0].date).unwrap();
    let (_, slots) = desk
        .chosen_date(&c, &checked, &office, &dates[0].date)
        .await
        .unwrap();
    // Ten tabs at once, each on a different slot of the day.
    let barrier = Arc::new(tokio::sync::Barrier::new(10));
    let tasks: Vec<_> = slots
        .iter()
        .take(10)
        .enumerate()
        .map(|(k, s)| {
            let (desk, office, barrier, checked) = (
                desk.clone(),
                office.clone(),
                barrier.clone(),
                checked.clone(),
            );
            let slot = s.start.clone();
            tokio::spawn(async move {
                barrier.wait().await;
                desk.hold(&ctx(100 + k as u32), &checked, &office, date, &slot, None)
                    .await
            })
        })
        .collect();
    let mut ok = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(_) => ok += 1,
            Err(e) => assert!(
                is_field_error(&e, "slot", "err-booking-already-booked"),
                "{e:?}"
            ),
        }
    }
    assert_eq!(ok, 1);
    // The pre-check now tells them too, before any office is shown.
    let again = desk.precheck(&c, &Values(couple(7))).await.unwrap_err();
    assert!(is_field_error(
        &again,
        "party_a.document_number",
        "err-booking-already-booked"
    ));
    db.cleanup().await;
}

async fn reschedule_and_reminders_go_through_the_outbox(db: TestDb) {
    let (storage, desk) = desk(&db).await;
    let office = office(&storage, 4).await;
    let c = ctx(3);
    let checked = desk.precheck(&c, &Values(couple(11))).await.unwrap();
    let dates = desk.dates(&c, &checked, &office).await.unwrap();
    let day = Date::parse(&dates[0].date).unwrap();
    let (_, slots) = desk
        .chosen_date(&c, &checked, &office, &dates[0].date)
        .await
        .unwrap();
    let token = desk
        .hold(&c, &checked, &office, day, &slots[0].start, None)
        .await
        .unwrap();
    let row = desk
        .confirm(&c, &token)
        .await
        .unwrap()
        .expect("a live hold confirms");
    assert_eq!(row.status, "booked");
    // Confirming twice changes nothing.
    assert!(desk.confirm(&c, &token).await.unwrap().is_none());

    // Moved to the next slot of the same day: one place each, as before.
    desk.reschedule(&c, &row, &checked, day, &slots[1].start)
        .await
        .unwrap();
    let counts = storage
        .marriage_slot_counts(
            office.id,
            "marriage",
            &day.to_string(),
            &day.to_string(),
            app::ports::now_ms(),
        )
        .await
        .unwrap();
    let taken: Vec<_> = counts.iter().map(|c| c.taken).collect();
    assert_eq!(taken, [0, 1]);

    // The day before, at noon China time, the reminder is queued — once, however often the
    // sweep runs.
    let noon_before = (day.to_days() - 1) * 86_400_000 + 4 * 3_600_000;
    assert_eq!(desk.queue_reminders(noon_before).await.unwrap(), 1);
    assert_eq!(desk.queue_reminders(noon_before).await.unwrap(), 0);
    let sent = storage
        .marriage_notification_templates(&row.code)
        .await
        .unwrap();
    assert_eq!(
        sent,
        [
            "sms-marriage-booked",
            "sms-marriage-rescheduled",
            "sms-marriage-reminder"
        ]
    );

    // A hold nobody confirms gives its place back once it expires.
    let other = desk.precheck(&ctx(4), &Values(couple(12))).await.unwrap();
    desk.hold(&ctx(4), &other, &office, day, &slots[2].start, None)
        .await
        .unwrap();
    let later = app::ports::now_ms() + server::marriage::HOLD_MS + 1;
    assert_eq!(
        storage.release_expired_marriage_holds(later).await.unwrap(),
        1
    );
    let counts = storage
        .marriage_slot_counts(
            office.id,
            "marriage",
            &day.to_string(),
            &day.to_string(),
            app::ports::now_ms(),
        )
        .await
        .unwrap();
    assert_eq!(counts.iter().map(|c| c.taken).sum::<i64>(), 1);
    db.cleanup().await;
}

/// Couple 13 with the parties the other way round (each partner booking on their own phone).
fn swapped(i: usize) -> Vec<(String, String)> {
    let c = couple(i);
    let get = |k: &str| c.iter().find(|(key, _)| key == k).unwrap().1.clone();
    vec![
        ("service".into(), "divorce_application".into()),
        ("party_a.document_kind".into(), "resident_id".into()),
        (
            "party_a.document_number".into(),
            get("party_b.document_number"),
        ),
        ("party_a.name".into(), get("party_b.name")),
        ("party_b.document_kind".into(), "resident_id".into()),
        (
            "party_b.document_number".into(),
            get("party_a.document_number"),
        ),
        ("party_b.name".into(), get("party_a.name")),
        ("mobile".into(), "13900139000".into()),
    ]
}

async fn races_between_partners_and_between_cancel_and_move_stay_consistent(db: TestDb) {
    let (storage, desk) = desk(&db).await;
    let office = office(&storage, 4).await;
    // Both partners apply for the divorce at once, each naming themselves first, on different
    // slots: one hold, one "already booked", never an error.
    let mut straight = couple(13);
    straight[0].1 = "divorce_application".into();
    let a = Arc::new(desk.precheck(&ctx(20), &Values(straight)).await.unwrap());
    let b = Arc::new(desk.precheck(&ctx(21), &Values(swapped(13))).await.unwrap());
    let dates = desk.dates(&ctx(20), &a, &office).await.unwrap();
    let day = Date::parse(&dates[0].date).unwrap();
    let (_, slots) = desk
        .chosen_date(&ctx(20), &a, &office, &dates[0].date)
        .await
        .unwrap();
    let mut outcomes = Vec::new();
    for round in 0..5 {
        let (s1, s2) = (
            slots[2 * round].start.clone(),
            slots[2 * round + 1].start.clone(),
        );
        let (d1, d2, o1, o2, a1, b1) = (
            desk.clone(),
            desk.clone(),
            office.clone(),
            office.clone(),
            a.clone(),
            b.clone(),
        );
        let t1 = tokio::spawn(async move { d1.hold(&ctx(20), &a1, &o1, day, &s1, None).await });
        let t2 = tokio::spawn(async move { d2.hold(&ctx(21), &b1, &o2, day, &s2, None).await });
        let (r1, r2) = (t1.await.unwrap(), t2.await.unwrap());
        let held: Vec<String> = [r1, r2]
            .into_iter()
            .filter_map(|r| match r {
                Ok(token) => Some(token),
                Err(e) => {
                    assert!(
                        is_field_error(&e, "slot", "err-booking-already-booked"),
                        "{e:?}"
                    );
                    None
                }
            })
            .collect();
        assert_eq!(held.len(), 1, "round {round}");
        // Give it back for the next round.
        desk.release_hold(&ctx(20), &held[0]).await.unwrap();
        outcomes.push(held);
    }
    let taken = |storage: Arc<Storage>| async move {
        storage
            .marriage_slot_counts(
                office.id,
                "divorce_application",
                &day.to_string(),
                &day.to_string(),
                app::ports::now_ms(),
            )
            .await
            .unwrap()
            .iter()
            .map(|c| c.taken)
            .sum::<i64>()
    };
    assert_eq!(
        taken(storage.clone()).await,
        0,
        "every released hold gave its place back"
    );

    // One partner cancels while the other moves the booking: either order, the counters
    // match what is booked afterwards.
    for round in 0..5 {
        let token = desk
            .hold(&ctx(20), &a, &office, day, &slots[0].start, None)
            .await
            .unwrap();
        let row = desk.confirm(&ctx(20), &token).await.unwrap().unwrap();
        let (d1, d2, r1, r2, a1) = (
            desk.clone(),
            desk.clone(),
            row.clone(),
            row.clone(),
            a.clone(),
        );
        let to = slots[1 + round].start.clone();
        let cancel = tokio::spawn(async move { d1.cancel(&ctx(20), &r1).await });
        let mv = tokio::spawn(async move { d2.reschedule(&ctx(21), &r2, &a1, day, &to).await });
        let (c, m) = (cancel.await.unwrap(), mv.await.unwrap());
        assert!(c.is_ok(), "{c:?}");
        if let Err(e) = &m {
            assert!(
                is_field_error(e, "code", "err-booking-not-cancellable"),
                "{e:?}"
            );
        }
        let now = storage
            .marriage_booking_by_id(row.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(now.status, "cancelled");
        assert_eq!(
            taken(storage.clone()).await,
            0,
            "round {round}: no place leaked or doubled"
        );
    }
    db.cleanup().await;
}

async fn holds_are_idempotent_and_past_days_do_not_block(db: TestDb) {
    let (storage, desk) = desk(&db).await;
    let office = office(&storage, 4).await;
    let c = ctx(30);
    let checked = Arc::new(desk.precheck(&c, &Values(couple(30))).await.unwrap());
    let dates = desk.dates(&c, &checked, &office).await.unwrap();
    let day = Date::parse(&dates[0].date).unwrap();
    let (_, slots) = desk
        .chosen_date(&c, &checked, &office, &dates[0].date)
        .await
        .unwrap();
    // A double tap: the same form's key, posted twice at once, is one hold.
    let key = server::marriage::new_hold_key();
    let (d1, d2, o1, o2, c1, c2, k1, k2, s1, s2) = (
        desk.clone(),
        desk.clone(),
        office.clone(),
        office.clone(),
        checked.clone(),
        checked.clone(),
        key.clone(),
        key.clone(),
        slots[0].start.clone(),
        slots[0].start.clone(),
    );
    let t1 = tokio::spawn(async move { d1.hold(&ctx(30), &c1, &o1, day, &s1, Some(&k1)).await });
    let t2 = tokio::spawn(async move { d2.hold(&ctx(30), &c2, &o2, day, &s2, Some(&k2)).await });
    let (r1, r2) = (t1.await.unwrap().unwrap(), t2.await.unwrap().unwrap());
    assert_eq!(r1, r2);
    // And again later ("Back", then the same page posted again).
    let r3 = desk
        .hold(&c, &checked, &office, day, &slots[0].start, Some(&key))
        .await
        .unwrap();
    assert_eq!(r3, r1);
    let counts = storage
        .marriage_slot_counts(
            office.id,
            "marriage",
            &day.to_string(),
            &day.to_string(),
            app::ports::now_ms(),
        )
        .await
        .unwrap();
    assert_eq!(counts[0].taken, 1);

    // A booking whose day has passed, never marked by the desk, no longer blocks its couple.
    let other = desk.precheck(&ctx(31), &Values(couple(31))).await.unwrap();
    let yesterday = app::ports::china_today().add_days(-1).unwrap();
    let past = server::storage::NewHold {
        slot: server::storage::SlotKey {
            office_id: office.id,
            date: yesterday.to_string(),
            start_minute: 9 * 60,
            service: "marriage".into(),
        },
        capacity: 4,
        code: domain::booking::BookingCode::generate([3, 1, 4, 1, 5, 9])
            .as_str()
            .to_owned(),
        token_hash: "p".repeat(64),
        party_a_index: other.party_indexes.0.clone(),
        party_b_index: other.party_indexes.1.clone(),
        person_indexes: other.person_indexes.clone(),
        payload_ciphertext: vec![0],
        names_masked: String::new(),
        received_on: None,
        locale: "zh-CN".into(),
        hold_expires_at: app::ports::now_ms() + 60_000,
        now: app::ports::now_ms(),
        today: yesterday.to_string(),
    };
    storage.hold_marriage_slot(&past).await.unwrap();
    storage
        .confirm_marriage_hold(&past.token_hash, app::ports::now_ms(), |_| None)
        .await
        .unwrap();
    let again = desk.precheck(&ctx(31), &Values(couple(31))).await.unwrap();
    desk.hold(&ctx(31), &again, &office, day, &slots[1].start, None)
        .await
        .unwrap();

    // Reminders go out in the daytime only: not at one in the morning of the day before.
    let one_am_before = (day.to_days() - 1) * 86_400_000 - 7 * 3_600_000;
    assert_eq!(desk.queue_reminders(one_am_before).await.unwrap(), 0);
    db.cleanup().await;
}

// ---- over HTTP ------------------------------------------------------------------------------

async fn post(s: &TestServer, path: &str, pairs: &[(String, String)]) -> (u16, String, String) {
    let r = common::same_origin(s.client.post(s.url(path)))
        .form(pairs)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let location = r
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (status, r.text().await.unwrap(), location)
}

fn with(mut pairs: Vec<(String, String)>, extra: &[(&str, &str)]) -> Vec<(String, String)> {
    for (k, v) in extra {
        pairs.retain(|(key, _)| key != k);
        pairs.push(((*k).to_owned(), (*v).to_owned()));
    }
    pairs
}

/// The first enabled radio's value for `name` in a page.
fn first_choice(html: &str, name: &str) -> Option<String> {
    let needle = format!("name=\"{name}\" value=\"");
    html.match_indices(&needle).find_map(|(i, _)| {
        let rest = &html[i + needle.len()..];
        let value = &rest[..rest.find('"')?];
        let tag_end = rest.find('>')?;
        (!rest[..tag_end].contains("disabled")).then(|| value.to_owned())
    })
}

fn all_choices(html: &str, name: &str) -> Vec<String> {
    let needle = format!("name=\"{name}\" value=\"");
    html.match_indices(&needle)
        .filter_map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            let value = &rest[..rest.find('"')?];
            let tag_end = rest.find('>')?;
            (!rest[..tag_end].contains("disabled")).then(|| value.to_owned())
        })
        .collect()
}

fn booking_code(html: &str) -> String {
    let marker = "data-testid=\"booking-code\"";
    let Some(i) = html.find(marker) else {
        panic!(
            "the booking code is shown: {}",
            &html[html.find("<main").unwrap_or(0)..]
        );
    };
    let i = i + html[i..].find('>').unwrap() + 1;
    html[i..i + 11].to_owned()
}

async fn a_couple_books_confirms_and_cancels_over_http(db: TestDb) {
    let s = TestServer::start(db).await;
    let storage = s.storage().await;
    let office = office(&storage, 4).await;
    let pairs = couple(3);

    let (status, body, _) = post(
        &s,
        "/marriage",
        &with(pairs.clone(), &[("action", "parties")]),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("已通过预约前检查"));
    let (status, body, _) = post(
        &s,
        "/marriage",
        &with(pairs.clone(), &[("action", "search"), ("q", "蚌山")]),
    )
    .await;
    assert_eq!(status, 200);
    assert!(
        body.contains("蚌山区民政局婚姻登记处"),
        "the search by region name finds the office"
    );
    let id = office.id.to_string();
    let (status, body, _) = post(
        &s,
        "/marriage",
        &with(pairs.clone(), &[("action", "office"), ("office", &id)]),
    )
    .await;
    assert_eq!(status, 200);
    let date = first_choice(&body, "date").expect("a bookable date");
    let (status, body, _) = post(
        &s,
        "/marriage",
        &with(
            pairs.clone(),
            &[("action", "date"), ("office", &id), ("date", &date)],
        ),
    )
    .await;
    assert_eq!(status, 200);
    let slot = first_choice(&body, "slot").expect("a free slot");
    let (status, _, location) = post(
        &s,
        "/marriage",
        &with(
            pairs.clone(),
            &[
                ("action", "slot"),
                ("office", &id),
                ("date", &date),
                ("slot", &slot),
            ],
        ),
    )
    .await;
    assert_eq!(status, 303);
    assert!(location.starts_with("/marriage/hold/"), "{location}");
    let token = location.trim_start_matches("/marriage/hold/").to_owned();

    let hold = s.client.get(s.url(&location)).send().await.unwrap();
    assert_eq!(hold.status(), 200);
    assert_eq!(hold.headers()["cache-control"], "no-store");
    assert!(hold.text().await.unwrap().contains("请确认预约"));
    let (status, _, location) = post(
        &s,
        &format!("/marriage/hold/{token}"),
        &[("action".into(), "confirm".into())],
    )
    .await;
    assert_eq!(
        (status, location.as_str()),
        (303, format!("/marriage/booking/{token}").as_str())
    );
    let page = s
        .client
        .get(s.url(&location))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let code = booking_code(&page);
    assert!(page.contains("<svg"), "the QR code is on the page");
    assert!(
        page.contains("不需要户口簿"),
        "what to bring follows the 2025 条例"
    );
    assert!(
        !page.contains(&pairs[2].1),
        "the full ID number is never shown back"
    );

    let ics = s
        .client
        .get(s.url(&format!("{location}/booking.ics")))
        .send()
        .await
        .unwrap();
    assert_eq!(
        ics.headers()["content-type"],
        "text/calendar; charset=utf-8"
    );
    let ics = ics.text().await.unwrap();
    assert!(ics.contains("BEGIN:VEVENT"));
    assert!(ics.contains(&format!(
        "DTSTART;TZID=Asia/Shanghai:{}T{}00",
        date.replace('-', ""),
        slot.replace(':', "")
    )));

    // Manage with the code and the other party's document.
    let woman = pairs[5].1.clone();
    let manage = |action: &str| {
        vec![
            ("code".to_owned(), code.clone()),
            ("document_number".to_owned(), woman.clone()),
            ("action".to_owned(), action.to_owned()),
        ]
    };
    let (status, body, _) = post(&s, "/marriage/manage", &manage("find")).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("取消这个预约"));
    let wrong = vec![
        ("code".to_owned(), code.clone()),
        ("document_number".to_owned(), pairs[2].1.replace('0', "1")),
        ("action".to_owned(), "cancel".to_owned()),
    ];
    let (status, body, _) = post(&s, "/marriage/manage", &wrong).await;
    assert_eq!(status, 422, "a wrong document finds nothing: {body}");
    // Move it to another day of the same office, then cancel it.
    let (_, body, _) = post(&s, "/marriage/manage", &manage("find")).await;
    let other_day = all_choices(&body, "date")
        .into_iter()
        .find(|d| *d != date)
        .expect("another bookable day");
    let with_date = |action: &str| {
        let mut p = manage(action);
        p.push(("date".to_owned(), other_day.clone()));
        p
    };
    let (status, body, _) = post(&s, "/marriage/manage", &with_date("dates")).await;
    assert_eq!(status, 200, "{body}");
    let new_slot = first_choice(&body, "slot").expect("a free slot that day");
    let mut moving = with_date("reschedule");
    moving.push(("slot".to_owned(), new_slot.clone()));
    let (status, body, _) = post(&s, "/marriage/manage", &moving).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("已改约"));
    assert!(body.contains(&other_day));
    let moved = storage
        .marriage_slot_counts(
            office.id,
            "marriage",
            &other_day,
            &other_day,
            app::ports::now_ms(),
        )
        .await
        .unwrap();
    assert_eq!(moved.iter().map(|c| c.taken).sum::<i64>(), 1);
    let (status, body, _) = post(&s, "/marriage/manage", &manage("cancel")).await;
    assert_eq!(status, 200);
    assert!(body.contains("预约已取消"));
    for day in [&date, &other_day] {
        let counts = storage
            .marriage_slot_counts(office.id, "marriage", day, day, app::ports::now_ms())
            .await
            .unwrap();
        assert!(
            counts.iter().all(|c| c.taken == 0),
            "the places are free again"
        );
    }
    let sent = storage
        .marriage_notification_templates(&code.replace('-', ""))
        .await
        .unwrap();
    assert_eq!(
        sent,
        [
            "sms-marriage-booked",
            "sms-marriage-rescheduled",
            "sms-marriage-cancelled"
        ]
    );
    // The couple can book again.
    let (status, _, _) = post(&s, "/marriage", &with(pairs, &[("action", "parties")])).await;
    assert_eq!(status, 200);
    s.stop().await;
}

async fn refusals_are_explained_and_store_nothing(db: TestDb) {
    let s = TestServer::start(db).await;
    let storage = s.storage().await;
    let office = office(&storage, 4).await;
    let id = office.id.to_string();

    // Find the first bookable date with an adult couple, then a man whose 22nd birthday is
    // the day after it.
    let (_, body, _) = post(
        &s,
        "/marriage",
        &with(couple(1), &[("action", "office"), ("office", &id)]),
    )
    .await;
    let date = first_choice(&body, "date").unwrap();
    let d = Date::parse(&date).unwrap();
    let birthday = d.add_days(1).unwrap();
    let born = format!(
        "{:04}{:02}{:02}",
        birthday.year() - 22,
        birthday.month(),
        birthday.day()
    );
    let young = with(
        couple(2),
        &[(
            "party_a.document_number",
            &id_number("340303", &born, "011"),
        )],
    );
    let (status, body, _) = post(
        &s,
        "/marriage",
        &with(young.clone(), &[("action", "office"), ("office", &id)]),
    )
    .await;
    assert_eq!(status, 200);
    assert!(
        body.contains(&format!("{birthday} 满 22 周岁")),
        "the date he comes of age is explained"
    );
    let (status, body, _) = post(
        &s,
        "/marriage",
        &with(
            young,
            &[("action", "date"), ("office", &id), ("date", &date)],
        ),
    )
    .await;
    assert_eq!(status, 422);
    assert!(
        body.contains(&format!(
            "登记当天还不满法定婚龄 22 周岁，{birthday} 起可以登记"
        )),
        "{body}"
    );

    // 领证 inside the cooling-off period: received today, so nothing in the window is allowed.
    let today = app::ports::china_today().to_string();
    let divorce = with(
        couple(4),
        &[
            ("service", "divorce_certificate"),
            ("received_on", &today),
            ("action", "parties"),
        ],
    );
    let (status, body, _) = post(&s, "/marriage", &divorce).await;
    assert_eq!(status, 422);
    assert!(body.contains("离婚冷静期还没有结束"), "{body}");

    // Hostile and malformed posts: 4xx, never 500, and no booking stored.
    let hostile = with(
        couple(5),
        &[
            ("party_a.name", "<script>alert(1)</script>"),
            ("action", "slot"),
            ("office", &id),
            ("date", &date),
            ("slot", "09:00"),
        ],
    );
    let (status, body, _) = post(&s, "/marriage", &hostile).await;
    assert_eq!(status, 422);
    assert!(!body.contains("<script>alert"));
    // An unknown office, a time the office has no slot at, a day far outside the window.
    for (office, day, slot) in [
        ("99999999", date.as_str(), "09:00"),
        (id.as_str(), date.as_str(), "03:00"),
        (id.as_str(), "2099-01-01", "09:00"),
    ] {
        let pairs = with(
            couple(5),
            &[
                ("action", "slot"),
                ("office", office),
                ("date", day),
                ("slot", slot),
            ],
        );
        let (status, _, _) = post(&s, "/marriage", &pairs).await;
        assert_eq!(status, 422, "{office} {day} {slot}");
    }
    let big = "x".repeat(70 * 1024);
    let r = common::same_origin(s.client.post(s.url("/marriage")))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("service=marriage&q={big}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    let r = common::same_origin(s.client.post(s.url("/marriage")))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("%%%")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let counts = storage
        .marriage_slot_counts(office.id, "marriage", &date, &date, app::ports::now_ms())
        .await
        .unwrap();
    assert!(counts.iter().all(|c| c.taken == 0), "nothing was booked");
    // A NUL in the office search and a document number in Chinese characters: answered, not
    // crashed on.
    let (status, _, _) = post(
        &s,
        "/marriage",
        &with(couple(6), &[("action", "search"), ("q", "蚌\u{0}山")]),
    )
    .await;
    assert_eq!(status, 200);
    let odd = vec![
        (
            "code".to_owned(),
            domain::booking::BookingCode::generate([1, 1, 1, 1, 1, 1]).to_string(),
        ),
        (
            "document_number".to_owned(),
            "A一二三四五六七八九".to_owned(),
        ),
        ("action".to_owned(), "find".to_owned()),
    ];
    let (status, _, _) = post(&s, "/marriage/manage", &odd).await;
    assert!(status == 422 || status == 404, "{status}");

    // Guessing the document that goes with a code: ten tries per code in 15 minutes.
    let code = domain::booking::BookingCode::generate([7, 7, 7, 7, 7, 7]).to_string();
    let mut statuses = Vec::new();
    for k in 0..11 {
        let guess = vec![
            ("code".to_owned(), code.clone()),
            (
                "document_number".to_owned(),
                id_number("340303", "19900101", &format!("{:03}", 500 + k)),
            ),
            ("action".to_owned(), "find".to_owned()),
        ];
        statuses.push(post(&s, "/marriage/manage", &guess).await.0);
    }
    assert_eq!(statuses[..10], [422; 10]);
    assert_eq!(statuses[10], 429);

    // An unknown or malformed token is a 404 page, not an error.
    let r = s
        .client
        .get(s.url(&format!("/marriage/hold/{}", "a".repeat(64))))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let r = s
        .client
        .get(s.url("/marriage/booking/..%2F.."))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    s.stop().await;
}

// ---- the desk -------------------------------------------------------------------------------

async fn sign_in_any(s: &TestServer, username: &str) -> String {
    let r = post_form(
        s,
        "/staff",
        None,
        &[("username", username), ("password", PASSWORD)],
    )
    .await;
    assert_eq!(r.status(), 303);
    let half = cookie_of(&r).unwrap();
    let r = post_form(s, "/staff/code", Some(&half), &[("code", &now_code(0))]).await;
    assert_eq!(r.status(), 303);
    cookie_of(&r).unwrap()
}

fn csrf_of(html: &str) -> String {
    let marker = "name=\"csrf\" value=\"";
    let i = html.find(marker).unwrap() + marker.len();
    html[i..i + 32].to_owned()
}

async fn the_desk_checks_a_couple_in_by_code(db: TestDb) {
    let staff = staff_service(&db).await;
    create(&staff, "registrar.t", "registrar", "340303").await;
    create(&staff, "registrar.other", "registrar", "340304").await;
    create(&staff, "intake.t", "intake", "340303002").await;
    let (storage, desk) = desk(&db).await;
    let office = office(&storage, 4).await;
    // A booking for today (residents book from tomorrow; the desk works on the day itself).
    let today = app::ports::china_today();
    let c = ctx(9);
    let checked = desk.precheck(&c, &Values(couple(9))).await.unwrap();
    let hold = server::storage::NewHold {
        slot: server::storage::SlotKey {
            office_id: office.id,
            date: today.to_string(),
            start_minute: 9 * 60,
            service: "marriage".into(),
        },
        capacity: 4,
        code: domain::booking::BookingCode::generate([9, 8, 7, 6, 5, 4])
            .as_str()
            .to_owned(),
        token_hash: "t".repeat(64),
        party_a_index: checked.party_indexes.0.clone(),
        party_b_index: checked.party_indexes.1.clone(),
        person_indexes: checked.person_indexes.clone(),
        payload_ciphertext: server::pii::PiiVault::load(Some(TEST_PII_KEY), db.data_dir.path())
            .unwrap()
            .encrypt("marriage.booking", r#"{"parties":[{"name":"王大明","document_kind":"resident_id","document_number":"340303199001010199","country":"","sex":"male","birth_date":"1990-01-01"}],"mobile":"13900139000"}"#),
        names_masked: "王*明".into(),
        received_on: None,
        locale: "zh-CN".into(),
        hold_expires_at: app::ports::now_ms() + 60_000,
        now: app::ports::now_ms(),
        today: today.to_string(),
    };
    let code = domain::booking::BookingCode::parse(&hold.code).unwrap();
    assert!(matches!(
        storage.hold_marriage_slot(&hold).await.unwrap(),
        server::storage::HoldOutcome::Held { .. }
    ));
    assert!(storage
        .confirm_marriage_hold(&hold.token_hash, app::ports::now_ms(), |_| None)
        .await
        .unwrap()
        .is_some());

    let s = TestServer::start(db).await;
    let cookie = sign_in_any(&s, "registrar.t").await;
    let roster = |cookie: String| {
        let url = s.url(&format!(
            "/staff/marriage?office={}&date={today}",
            office.id
        ));
        let client = s.client.clone();
        async move {
            let r = client
                .get(url)
                .header("cookie", format!("staff_session={cookie}"))
                .send()
                .await
                .unwrap();
            (r.status().as_u16(), r.text().await.unwrap())
        }
    };
    let (status, page) = roster(cookie.clone()).await;
    assert_eq!(status, 200);
    assert!(
        page.contains(&code.to_string()),
        "the roster shows the booking"
    );
    assert!(page.contains("王大明"));
    let csrf = csrf_of(&page);
    let office_id = office.id.to_string();
    let typed = code.as_str().to_lowercase();
    // Without the session's token nothing happens.
    let r = post_form(
        &s,
        "/staff/marriage/check-in",
        Some(&cookie),
        &[("office", &office_id), ("code", &typed)],
    )
    .await;
    assert_eq!(r.status(), 403);
    let r = post_form(
        &s,
        "/staff/marriage/check-in",
        Some(&cookie),
        &[("csrf", &csrf), ("office", &office_id), ("code", &typed)],
    )
    .await;
    assert_eq!(r.status(), 303);
    let row = storage
        .marriage_booking_by_code(code.as_str())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.status, "arrived");
    assert_eq!(row.handled_by.as_deref(), Some("registrar.t"));
    let (_, page) = roster(cookie.clone()).await;
    assert!(page.contains("已到场办理"));
    // Twice is refused with the reason; a mistyped code is caught by its check character.
    let r = post_form(
        &s,
        "/staff/marriage/check-in",
        Some(&cookie),
        &[("csrf", &csrf), ("office", &office_id), ("code", &typed)],
    )
    .await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("已经签到"));
    let mut wrong = code.as_str().to_owned();
    let last = if wrong.ends_with('2') { '3' } else { '2' };
    wrong.replace_range(9..10, &last.to_string());
    let r = post_form(
        &s,
        "/staff/marriage/check-in",
        Some(&cookie),
        &[("csrf", &csrf), ("office", &office_id), ("code", &wrong)],
    )
    .await;
    assert_eq!(r.status(), 422);

    // Closing tomorrow cancels tomorrow's booking and tells the couple, in one step.
    let tomorrow = today.add_days(1).unwrap();
    let other = desk.precheck(&ctx(10), &Values(couple(10))).await.unwrap();
    let second = server::storage::NewHold {
        slot: server::storage::SlotKey {
            date: tomorrow.to_string(),
            ..hold.slot.clone()
        },
        code: domain::booking::BookingCode::generate([1, 2, 3, 4, 5, 6])
            .as_str()
            .to_owned(),
        token_hash: "u".repeat(64),
        party_a_index: other.party_indexes.0.clone(),
        party_b_index: other.party_indexes.1.clone(),
        person_indexes: other.person_indexes.clone(),
        ..hold.clone()
    };
    storage.hold_marriage_slot(&second).await.unwrap();
    storage
        .confirm_marriage_hold(&second.token_hash, app::ports::now_ms(), |_| None)
        .await
        .unwrap();
    let close = |reason: &'static str| {
        let (s, cookie, csrf, office_id) = (&s, cookie.clone(), csrf.clone(), office_id.clone());
        let date = tomorrow.to_string();
        async move {
            post_form(
                s,
                "/staff/marriage/close-day",
                Some(&cookie),
                &[
                    ("csrf", &csrf),
                    ("office", &office_id),
                    ("closure.date", &date),
                    ("closure.reason", reason),
                ],
            )
            .await
        }
    };
    assert_eq!(close("").await.status(), 422, "a reason is required");
    assert_eq!(close("设备检修").await.status(), 303);
    let closed = storage
        .marriage_booking_by_code(&second.code)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(closed.status, "office_closed");
    assert_eq!(
        storage
            .marriage_notification_templates(&second.code)
            .await
            .unwrap(),
        ["sms-marriage-office-closed"]
    );
    let r = close("设备检修").await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("已经停办"));

    // Another county's registrar cannot see this office; an intake clerk has no desk.
    let other = sign_in_any(&s, "registrar.other").await;
    let (status, _) = roster(other).await;
    assert_eq!(status, 404);
    let intake = sign_in_any(&s, "intake.t").await;
    let (status, _) = roster(intake).await;
    assert_eq!(status, 403);

    // The audit trail has the roster views and the check-in, with no names in it.
    let audit = storage.audit_rows(None, None, 500).await.unwrap();
    assert!(audit
        .iter()
        .any(|r| r.entry.action == "marriage.check_in" && r.entry.outcome == "arrived"));
    assert!(audit
        .iter()
        .any(|r| r.entry.action == "marriage.roster.view"));
    assert!(audit.iter().all(|r| !r.entry.detail.contains("王大明")));
    s.stop().await;
}

on_both_databases!(
    two_hundred_couples_race_for_five_places,
    races_between_partners_and_between_cancel_and_move_stay_consistent,
    holds_are_idempotent_and_past_days_do_not_block,
    reschedule_and_reminders_go_through_the_outbox,
    the_same_couple_twice_at_once_gets_one,
    a_couple_books_confirms_and_cancels_over_http,
    refusals_are_explained_and_store_nothing,
    the_desk_checks_a_couple_in_by_code,
);
