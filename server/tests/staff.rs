//! The staff workspace over real HTTP, on SQLite and PostgreSQL (issue 7): sign-in with a
//! password and a TOTP code, throttling and lockout; jurisdiction enforced on every server
//! function; the workflow's refusals; the simplified procedure; the hash-chained audit trail;
//! cross-site requests refused; the public notice.

mod common;

use common::staff::*;
use common::{same_origin, TestDb, TestServer};

async fn a_clerk_never_reaches_a_case_of_another_street(db: TestDb) {
    let staff = staff_service(&db).await;
    create(&staff, "clerk.qingnian", "intake", "340303002").await;
    create(&staff, "clerk.weierlu", "intake", "340303003").await;
    create(&staff, "reviewer.bengshan", "reviewer", "340303").await;
    let s = TestServer::start(db).await;
    let ours = submit(
        &s,
        &application("340303002", "340303"),
        "staff-key-000000001",
    )
    .await;
    let theirs = submit(
        &s,
        &application("340303003", "340303"),
        "staff-key-000000002",
    )
    .await;
    let qingnian = sign_in(&s, "clerk.qingnian").await;

    // List: only our street's case.
    let r = call(&s, &qingnian, "cases", serde_json::json!({})).await;
    assert_eq!(r.status(), 200);
    let list: serde_json::Value = r.json().await.unwrap();
    let numbers: Vec<&str> = list["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["number"].as_str().unwrap())
        .collect();
    assert_eq!(numbers, [ours.as_str()]);
    // Filtering by the other street's township finds nothing either.
    let r = call(
        &s,
        &qingnian,
        "cases",
        serde_json::json!({ "filter": { "township": "340303003" } }),
    )
    .await;
    let list: serde_json::Value = r.json().await.unwrap();
    assert!(list["rows"].as_array().unwrap().is_empty());
    // Open: not found (its existence is not revealed).
    let r = call(
        &s,
        &qingnian,
        "case",
        serde_json::json!({ "number": theirs }),
    )
    .await;
    assert_eq!(r.status(), 404);
    // Export: only our case.
    let r = call(&s, &qingnian, "export", serde_json::json!({})).await;
    assert_eq!(r.status(), 200);
    let csv: String = r.json().await.unwrap();
    assert!(csv.contains(&ours) && !csv.contains(&theirs));
    // Act: refused, nothing changes.
    let (status, _) = act(
        &s,
        &qingnian,
        &theirs,
        serde_json::json!({ "action": "accept" }),
    )
    .await;
    assert_eq!(status, 404);
    // The page routes say the same.
    let r = s
        .client
        .get(s.url(&format!("/staff/cases/{theirs}")))
        .header("cookie", format!("staff_session={qingnian}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let reviewer = sign_in(&s, "reviewer.bengshan").await;
    assert_eq!(stage_of(&s, &reviewer, &theirs).await, "submitted");
    // The county reviewer sees both.
    let r = call(&s, &reviewer, "cases", serde_json::json!({})).await;
    let list: serde_json::Value = r.json().await.unwrap();
    assert_eq!(list["rows"].as_array().unwrap().len(), 2);
    // Without a session, nothing at all.
    let r = same_origin(s.client.post(s.url("/api/staff/cases")))
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    s.stop().await;
}

async fn forbidden_steps_are_refused_and_the_simplified_path_needs_agreement(db: TestDb) {
    let staff = staff_service(&db).await;
    create(&staff, "clerk.qingnian", "intake", "340303002").await;
    create(&staff, "reviewer.bengshan", "reviewer", "340303").await;
    create(&staff, "approver.bengshan", "approver", "340303").await;
    create(&staff, "clerk.zhixiang", "intake", "441721100").await;
    create(&staff, "reviewer.yangxi", "reviewer", "441721").await;
    let s = TestServer::start(db).await;
    let consistent = submit(
        &s,
        &application("340303002", "340303"),
        "staff-key-000000011",
    )
    .await;
    let differing = submit(
        &s,
        &application("340303002", "340303"),
        "staff-key-000000012",
    )
    .await;
    let elsewhere = submit(
        &s,
        &application("441721100", "441721"),
        "staff-key-000000013",
    )
    .await;
    let clerk = sign_in(&s, "clerk.qingnian").await;
    let reviewer = sign_in(&s, "reviewer.bengshan").await;
    let approver = sign_in(&s, "approver.bengshan").await;

    // Approving a case just submitted: the approver may approve, but not in this stage.
    let (status, body) = act(
        &s,
        &approver,
        &consistent,
        serde_json::json!({ "action": "approve", "amount": "500", "pay_from": "2099-01" }),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(
        body["Invalid"]["errors"][0]["message_id"],
        "err-case-wrong-stage"
    );
    // A reviewer cannot accept (intake's step), a clerk cannot approve: 403.
    assert_eq!(
        act(
            &s,
            &reviewer,
            &consistent,
            serde_json::json!({ "action": "accept" })
        )
        .await
        .0,
        403
    );
    assert_eq!(
        act(
            &s,
            &clerk,
            &consistent,
            serde_json::json!({ "action": "approve", "amount": "1", "pay_from": "2099-01" })
        )
        .await
        .0,
        403
    );
    // Malformed actions get field errors, never a 500.
    let (status, body) = act(
        &s,
        &clerk,
        &consistent,
        serde_json::json!({ "action": "drop table applications" }),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    let (status, _) = act(
        &s,
        &clerk,
        &consistent,
        serde_json::json!({ "action": "not_accept", "text": "" }),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(stage_of(&s, &clerk, &consistent).await, "submitted");

    for n in [&consistent, &differing] {
        assert_eq!(
            act(&s, &clerk, n, serde_json::json!({ "action": "accept" }))
                .await
                .0,
            200
        );
    }
    // Accepting twice: the second is refused (the stage moved).
    assert_eq!(
        act(
            &s,
            &clerk,
            &consistent,
            serde_json::json!({ "action": "accept" })
        )
        .await
        .0,
        422
    );
    // 蚌山区 runs the simplified procedure: declared 300 a person, verified 310 (within 10 %).
    let verify = |income: &str| serde_json::json!({ "action": "record_verification", "verified_income": income, "verified_assets_ok": "yes" });
    assert_eq!(act(&s, &reviewer, &consistent, verify("310")).await.0, 200);
    assert_eq!(stage_of(&s, &reviewer, &consistent).await, "opinion");
    // Verified 400 is not 基本一致: the home visit and the appraisal are required.
    assert_eq!(act(&s, &reviewer, &differing, verify("400")).await.0, 200);
    assert_eq!(stage_of(&s, &reviewer, &differing).await, "home_visit");
    // 阳西 has no simplified procedure: consistent figures still go to the home visit.
    let yangxi_clerk = sign_in(&s, "clerk.zhixiang").await;
    let yangxi = sign_in(&s, "reviewer.yangxi").await;
    assert_eq!(
        act(
            &s,
            &yangxi_clerk,
            &elsewhere,
            serde_json::json!({ "action": "accept" })
        )
        .await
        .0,
        200
    );
    assert_eq!(act(&s, &yangxi, &elsewhere, verify("300")).await.0, 200);
    assert_eq!(stage_of(&s, &yangxi, &elsewhere).await, "home_visit");

    // Opinion, publication, and approval refused while the notice runs.
    assert_eq!(
        act(
            &s,
            &clerk,
            &consistent,
            serde_json::json!({ "action": "propose_approval", "amount": "560" })
        )
        .await
        .0,
        200
    );
    assert_eq!(
        act(
            &s,
            &clerk,
            &consistent,
            serde_json::json!({ "action": "publish" })
        )
        .await
        .0,
        200
    );
    let (status, body) = act(
        &s,
        &approver,
        &consistent,
        serde_json::json!({ "action": "approve", "amount": "560", "pay_from": "2099-01" }),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(
        body["Invalid"]["errors"][0]["message_id"],
        "err-case-notice-running"
    );
    // The public notice shows the masked name and nothing identifying.
    let html = s
        .client
        .get(s.url("/notices"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("张*三") && html.contains("青年社区") && html.contains("560"));
    for secret in [
        "张小三",
        "13800138000",
        &id_number("340303", "19700101", "001"),
        "妻子患病",
    ] {
        assert!(!html.contains(secret), "{secret} on the public notice");
    }
    // The resident was notified of acceptance and of the notice (SMS and in-portal).
    let storage = s.storage().await;
    let notes = storage.portal_messages(&consistent).await.unwrap();
    let templates: Vec<&str> = notes.iter().map(|n| n.template.as_str()).collect();
    assert_eq!(templates, ["notify-accepted", "notify-in_notice"]);
    s.stop().await;
}

async fn sign_in_needs_the_code_and_locks_after_five_failures(db: TestDb) {
    let staff = staff_service(&db).await;
    create(&staff, "clerk.qingnian", "intake", "340303002").await;
    create(&staff, "clerk.other", "intake", "340303003").await;
    let s = TestServer::start(db).await;
    // The password alone gives a half session that can do nothing.
    let r = post_form(
        &s,
        "/staff",
        None,
        &[("username", "clerk.qingnian"), ("password", PASSWORD)],
    )
    .await;
    let half = cookie_of(&r).unwrap();
    assert_eq!(
        call(&s, &half, "cases", serde_json::json!({}))
            .await
            .status(),
        401
    );
    // A wrong code is refused; a code from two steps ago too.
    let wrong = format!(
        "{:06}",
        (now_code(0).parse::<u32>().unwrap() + 1) % 1_000_000
    );
    assert_eq!(
        post_form(&s, "/staff/code", Some(&half), &[("code", &wrong)])
            .await
            .status(),
        401
    );
    assert_eq!(
        post_form(&s, "/staff/code", Some(&half), &[("code", &now_code(-3))])
            .await
            .status(),
        401
    );
    // The right code completes the sign-in; replaying it for a second sign-in is refused.
    let code = now_code(0);
    let r = post_form(&s, "/staff/code", Some(&half), &[("code", &code)]).await;
    assert_eq!(r.status(), 303);
    let full = cookie_of(&r).unwrap();
    assert_ne!(full, half, "a new token after the second factor");
    assert_eq!(
        call(&s, &full, "cases", serde_json::json!({}))
            .await
            .status(),
        200
    );
    assert_eq!(
        call(&s, &half, "cases", serde_json::json!({}))
            .await
            .status(),
        401
    );
    let r = post_form(
        &s,
        "/staff",
        None,
        &[("username", "clerk.qingnian"), ("password", PASSWORD)],
    )
    .await;
    let again = cookie_of(&r).unwrap();
    assert_eq!(
        post_form(&s, "/staff/code", Some(&again), &[("code", &code)])
            .await
            .status(),
        401
    );

    // Five wrong passwords lock the account: then even the right one is refused.
    for _ in 0..5 {
        let r = post_form(
            &s,
            "/staff",
            None,
            &[
                ("username", "clerk.other"),
                ("password", "wrong-password-123"),
            ],
        )
        .await;
        assert_eq!(r.status(), 401);
    }
    let r = post_form(
        &s,
        "/staff",
        None,
        &[("username", "clerk.other"), ("password", PASSWORD)],
    )
    .await;
    assert_eq!(r.status(), 401);
    assert!(r.text().await.unwrap().contains("锁定"));
    // An unknown user gets the same answer as a wrong password.
    let r = post_form(
        &s,
        "/staff",
        None,
        &[("username", "nobody.here"), ("password", PASSWORD)],
    )
    .await;
    assert_eq!(r.status(), 401);
    // Sign-ins from one address are throttled across accounts.
    let mut throttled = false;
    for _ in 0..30 {
        let r = post_form(
            &s,
            "/staff",
            None,
            &[("username", "nobody.here"), ("password", "x")],
        )
        .await;
        if r.status() == 429 {
            throttled = true;
            break;
        }
    }
    assert!(throttled, "sign-in attempts are throttled per client");
    s.stop().await;
}

async fn cross_site_steps_are_refused(db: TestDb) {
    let staff = staff_service(&db).await;
    create(&staff, "clerk.qingnian", "intake", "340303002").await;
    let s = TestServer::start(db).await;
    let number = submit(
        &s,
        &application("340303002", "340303"),
        "staff-key-000000021",
    )
    .await;
    let clerk = sign_in(&s, "clerk.qingnian").await;
    let body = serde_json::json!({ "number": number, "form": { "action": "accept" } });
    for (name, value) in [
        ("sec-fetch-site", "cross-site"),
        ("origin", "https://evil.example"),
    ] {
        let r = s
            .client
            .post(s.url("/api/staff/act"))
            .header(name, value)
            .header("cookie", format!("staff_session={clerk}"))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403, "{name}: {value}");
    }
    // A page form without the session's CSRF token is refused too.
    let r = post_form(
        &s,
        &format!("/staff/cases/{number}"),
        Some(&clerk),
        &[("action", "accept")],
    )
    .await;
    assert_eq!(r.status(), 403);
    assert_eq!(stage_of(&s, &clerk, &number).await, "submitted");
    s.stop().await;
}

async fn the_audit_chain_detects_an_edited_row(db: TestDb) {
    let staff = staff_service(&db).await;
    create(&staff, "clerk.qingnian", "intake", "340303002").await;
    let url = db.storage_config().effective_database_url();
    let is_postgres = db.is_postgres();
    let s = TestServer::start(db).await;
    let number = submit(
        &s,
        &application("340303002", "340303"),
        "staff-key-000000031",
    )
    .await;
    let clerk = sign_in(&s, "clerk.qingnian").await;
    stage_of(&s, &clerk, &number).await;
    act(
        &s,
        &clerk,
        &number,
        serde_json::json!({ "action": "accept" }),
    )
    .await;
    let (checked, broken) = staff.verify_audit().await.unwrap();
    assert!(
        checked >= 4,
        "account, sign-in steps, view and accept are audited ({checked})"
    );
    assert_eq!(broken, None);
    // The table refuses edits…
    use sqlx::Connection;
    let edit = "UPDATE audit_log SET outcome = 'refused' WHERE action = 'case.accept'";
    let mut conn = sqlx::AnyConnection::connect(&url).await.unwrap();
    assert!(
        sqlx::query(edit).execute(&mut conn).await.is_err(),
        "append-only"
    );
    // …and when someone with database rights removes that guard and edits, the chain shows it.
    let drop_guard = if is_postgres {
        "DROP TRIGGER audit_log_no_update ON audit_log"
    } else {
        "DROP TRIGGER audit_log_no_update"
    };
    sqlx::query(drop_guard).execute(&mut conn).await.unwrap();
    sqlx::query(edit).execute(&mut conn).await.unwrap();
    conn.close().await.unwrap();
    let (_, broken) = staff.verify_audit().await.unwrap();
    assert!(broken.is_some(), "the edited row breaks the chain");
    s.stop().await;
}

on_both_databases!(
    a_clerk_never_reaches_a_case_of_another_street,
    forbidden_steps_are_refused_and_the_simplified_path_needs_agreement,
    sign_in_needs_the_code_and_locks_after_five_failures,
    cross_site_steps_are_refused,
    the_audit_chain_detects_an_edited_row,
);
