//! The staff workspace's oversight pages and the resident's answer to a 补正 request, over
//! real HTTP on SQLite and PostgreSQL (issue 7): account management within a jurisdiction,
//! enrolment by QR code and the forced change of a temporary password, the audit browser and
//! its chain check, the notification outbox, the reports and their CSV/XLSX downloads.

mod common;

use common::staff::*;
use common::{same_origin, TestDb, TestServer};
use server::staff::auth;

/// The session's CSRF token, read from a staff page's forms.
fn csrf_of(html: &str) -> String {
    let at = html
        .find("name=\"csrf\" value=\"")
        .expect("a form with a CSRF token")
        + 19;
    html[at..].split('"').next().unwrap().to_owned()
}

async fn get(s: &TestServer, path: &str, cookie: &str) -> reqwest::Response {
    s.client
        .get(s.url(path))
        .header("cookie", format!("staff_session={cookie}"))
        .send()
        .await
        .unwrap()
}

async fn page(s: &TestServer, path: &str, cookie: &str) -> (u16, String) {
    let r = get(s, path, cookie).await;
    (r.status().as_u16(), r.text().await.unwrap())
}

/// Signs in with a password only, then enrols the second factor from the QR page's secret:
/// the complete session's cookie.
async fn enrol(s: &TestServer, username: &str, password: &str) -> String {
    let r = post_form(
        s,
        "/staff",
        None,
        &[("username", username), ("password", password)],
    )
    .await;
    assert_eq!(r.status(), 303, "password step for {username}");
    let half = cookie_of(&r).unwrap();
    let (status, html) = page(s, "/staff/code", &half).await;
    assert_eq!(status, 200);
    assert!(html.contains("<svg"), "the QR code is drawn");
    let at = html.find("data-secret=\"").expect("the secret is shown") + 13;
    let secret = auth::base32_decode(html[at..].split('"').next().unwrap()).unwrap();
    let code = format!("{:06}", auth::totp_at(&secret, app::ports::now_ms() / 1000));
    let r = post_form(s, "/staff/code", Some(&half), &[("code", &code)]).await;
    assert_eq!(r.status(), 303, "enrolment code for {username}");
    cookie_of(&r).unwrap()
}

async fn queue_status(s: &TestServer, cookie: &str) -> u16 {
    call(s, cookie, "cases", serde_json::json!({}))
        .await
        .status()
        .as_u16()
}

async fn accounts_are_managed_within_the_jurisdiction(db: TestDb) {
    let staff = staff_service(&db).await;
    create(&staff, "admin.bengshan", "admin", "340303").await;
    create(&staff, "clerk.qingnian", "intake", "340303002").await;
    create(&staff, "reviewer.longzihu", "reviewer", "340302").await;
    let s = TestServer::start(db).await;
    let admin = sign_in(&s, "admin.bengshan").await;

    // An administrator's first page is the accounts, and it lists only their county's.
    let r = get(&s, "/staff/queue", &admin).await;
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/staff/accounts");
    let (status, html) = page(&s, "/staff/accounts", &admin).await;
    assert_eq!(status, 200);
    assert!(html.contains("clerk.qingnian"));
    assert!(
        !html.contains("reviewer.longzihu"),
        "another county's account"
    );
    let csrf = csrf_of(&html);

    // Creating: outside the county, a taken name and a missing token are refused.
    let create_form = |username: &'static str, role: &'static str, j: &'static str| {
        vec![
            ("username", username),
            ("display_name", "王新"),
            ("role", role),
            ("jurisdiction", j),
            ("password", "temporary-pass-1"),
        ]
    };
    let mut outside = create_form("new.reviewer", "reviewer", "340302");
    outside.push(("csrf", &csrf));
    let r = post_form(&s, "/staff/accounts", Some(&admin), &outside).await;
    assert_eq!(r.status(), 422);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("只能在您自己的辖区内开设账号"));
    let mut taken = create_form("clerk.qingnian", "intake", "340303002");
    taken.push(("csrf", &csrf));
    let r = post_form(&s, "/staff/accounts", Some(&admin), &taken).await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("已被使用"));
    let mut unknown = create_form("new.clerk", "intake", "340303999");
    unknown.push(("csrf", &csrf));
    let r = post_form(&s, "/staff/accounts", Some(&admin), &unknown).await;
    assert_eq!(r.status(), 422, "a township not in the national list");
    let no_token = create_form("new.clerk", "intake", "340303002");
    let r = post_form(&s, "/staff/accounts", Some(&admin), &no_token).await;
    assert_eq!(r.status(), 403);
    let (_, html) = page(&s, "/staff/accounts", &admin).await;
    assert!(!html.contains("new.clerk") && !html.contains("new.reviewer"));

    let mut good = create_form("new.clerk", "intake", "340303002");
    good.push(("csrf", &csrf));
    let r = post_form(&s, "/staff/accounts", Some(&admin), &good).await;
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/staff/accounts?created=new.clerk");

    // The new member enrols by QR code, then must replace the temporary password before
    // anything else works.
    let clerk = enrol(&s, "new.clerk", "temporary-pass-1").await;
    let r = get(&s, "/staff/queue", &clerk).await;
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/staff/password");
    assert_eq!(queue_status(&s, &clerk).await, 403);
    let (status, html) = page(&s, "/staff/password", &clerk).await;
    assert_eq!(status, 200);
    assert!(html.contains("password-forced"));
    let token = csrf_of(&html);
    let change = |current: &'static str, new: &'static str, confirm: &'static str| {
        vec![
            ("current_password", current),
            ("new_password", new),
            ("confirm_password", confirm),
        ]
    };
    for (form, message) in [
        (
            change("wrong-password-1", "my-own-password-2", "my-own-password-2"),
            "当前密码不正确",
        ),
        (
            change("temporary-pass-1", "my-own-password-2", "my-own-password-3"),
            "confirm_password",
        ),
        (
            change("temporary-pass-1", "temporary-pass-1", "temporary-pass-1"),
            "new_password",
        ),
    ] {
        let mut form = form;
        form.push(("csrf", &token));
        let r = post_form(&s, "/staff/password", Some(&clerk), &form).await;
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains(message), "{message}");
    }
    let mut form = change("temporary-pass-1", "my-own-password-2", "my-own-password-2");
    let r = post_form(&s, "/staff/password", Some(&clerk), &form).await;
    assert_eq!(r.status(), 403, "no CSRF token, no change");
    form.push(("csrf", &token));
    let r = post_form(&s, "/staff/password", Some(&clerk), &form).await;
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/staff/queue");
    assert_eq!(queue_status(&s, &clerk).await, 200);

    // Actions: not on another county's account, not on one's own, not by a case worker.
    let act_on = |name: &str| format!("/staff/accounts/{name}");
    let r = post_form(
        &s,
        &act_on("reviewer.longzihu"),
        Some(&admin),
        &[("action", "disable"), ("csrf", &csrf)],
    )
    .await;
    assert_eq!(r.status(), 404);
    let r = post_form(
        &s,
        &act_on("admin.bengshan"),
        Some(&admin),
        &[("action", "disable"), ("csrf", &csrf)],
    )
    .await;
    assert_eq!(r.status(), 403);
    assert_eq!(get(&s, "/staff/accounts", &clerk).await.status(), 403);
    let r = post_form(
        &s,
        &act_on("new.clerk"),
        Some(&admin),
        &[("action", "promote"), ("csrf", &csrf)],
    )
    .await;
    assert_eq!(r.status(), 422);

    // Disabling ends the member's sessions and refuses sign-in; enabling restores it.
    let r = post_form(
        &s,
        &act_on("new.clerk"),
        Some(&admin),
        &[("action", "disable"), ("csrf", &csrf)],
    )
    .await;
    assert_eq!(r.status(), 303);
    assert_eq!(queue_status(&s, &clerk).await, 401);
    let r = post_form(
        &s,
        "/staff",
        None,
        &[("username", "new.clerk"), ("password", "my-own-password-2")],
    )
    .await;
    assert_eq!(r.status(), 401);
    post_form(
        &s,
        &act_on("new.clerk"),
        Some(&admin),
        &[("action", "enable"), ("csrf", &csrf)],
    )
    .await;

    // Five wrong passwords lock the account; the administrator unlocks it.
    for _ in 0..5 {
        post_form(
            &s,
            "/staff",
            None,
            &[
                ("username", "clerk.qingnian"),
                ("password", "wrong-password-9"),
            ],
        )
        .await;
    }
    let (_, html) = page(&s, "/staff/accounts", &admin).await;
    assert!(html.contains("已锁定"));
    let r = post_form(
        &s,
        &act_on("clerk.qingnian"),
        Some(&admin),
        &[("action", "unlock"), ("csrf", &csrf)],
    )
    .await;
    assert_eq!(r.status(), 303);
    let qingnian = sign_in(&s, "clerk.qingnian").await;

    // Guessing the current password on an open session counts toward the lockout, and a
    // locked account's session ends: five wrong guesses, then back to the sign-in page.
    let (_, html) = page(&s, "/staff/password", &qingnian).await;
    let token = csrf_of(&html);
    let mut guess = change("guess-password-1", "my-own-password-2", "my-own-password-2");
    guess.push(("csrf", &token));
    for _ in 0..5 {
        let r = post_form(&s, "/staff/password", Some(&qingnian), &guess).await;
        assert_eq!(r.status(), 422);
    }
    let r = post_form(&s, "/staff/password", Some(&qingnian), &guess).await;
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/staff");
    assert_eq!(queue_status(&s, &qingnian).await, 401);

    // A reset sets a temporary password and removes the second factor: enrol again, change
    // the password again.
    let r = post_form(
        &s,
        &act_on("new.clerk"),
        Some(&admin),
        &[
            ("action", "reset"),
            ("password", "second-temporary-3"),
            ("csrf", &csrf),
        ],
    )
    .await;
    assert_eq!(r.status(), 303);
    let clerk = enrol(&s, "new.clerk", "second-temporary-3").await;
    assert_eq!(queue_status(&s, &clerk).await, 403);

    // On a temporary password the member can still sign out.
    let (_, html) = page(&s, "/staff/password", &clerk).await;
    let token = csrf_of(&html);
    let r = post_form(&s, "/staff/sign-out", Some(&clerk), &[("csrf", &token)]).await;
    assert_eq!(r.status(), 303);
    assert_eq!(queue_status(&s, &clerk).await, 401);

    // Peers: another county administrator's account is out of reach, and a county
    // administrator cannot open another county-level administrator.
    create(&staff, "admin.peer", "admin", "340303").await;
    let r = post_form(
        &s,
        &act_on("admin.peer"),
        Some(&admin),
        &[
            ("action", "reset"),
            ("password", "takeover-pass-123"),
            ("csrf", &csrf),
        ],
    )
    .await;
    assert_eq!(r.status(), 403, "no take-over of a peer administrator");
    let mut peer = create_form("admin.second", "admin", "340303");
    peer.push(("csrf", &csrf));
    let r = post_form(&s, "/staff/accounts", Some(&admin), &peer).await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("市级或省级管理员"));

    // Every account change is in the trail.
    let storage = s.storage().await;
    let rows = storage.audit_rows(None, None, 500).await.unwrap();
    for action in [
        "account.create",
        "account.disable",
        "account.enable",
        "account.unlock",
        "account.reset",
        "account.password-change",
    ] {
        assert!(
            rows.iter()
                .any(|r| r.entry.action == action && r.entry.actor != "@cli"),
            "{action} audited"
        );
    }
    assert!(
        !rows.iter().any(|r| r.entry.detail.contains("temporary")),
        "passwords never reach the trail"
    );
    s.stop().await;
}

async fn the_audit_browser_is_for_administrators_of_the_jurisdiction(db: TestDb) {
    let staff = staff_service(&db).await;
    create(&staff, "admin.bengshan", "admin", "340303").await;
    create(&staff, "admin.longzihu", "admin", "340302").await;
    create(&staff, "clerk.qingnian", "intake", "340303002").await;
    let s = TestServer::start(db).await;
    let number = submit(
        &s,
        &application("340303002", "340303"),
        "audit-browser-key-000001",
    )
    .await;
    let clerk = sign_in(&s, "clerk.qingnian").await;
    let (status, _) = act(
        &s,
        &clerk,
        &number,
        serde_json::json!({ "action": "accept" }),
    )
    .await;
    assert_eq!(status, 200);

    let admin = sign_in(&s, "admin.bengshan").await;
    let (status, html) = page(&s, "/staff/audit", &admin).await;
    assert_eq!(status, 200);
    assert!(html.contains(&number) && html.contains("case.accept"));
    let (_, html) = page(&s, &format!("/staff/audit?subject={number}"), &admin).await;
    assert!(html.contains("case.accept"));
    assert!(!html.contains("sign-in.password"), "filtered by subject");
    let (_, html) = page(&s, "/staff/audit?actor=clerk.qingnian", &admin).await;
    assert!(html.contains("case.accept"));

    // Another county's administrator sees nothing of this case or this clerk.
    let other = sign_in(&s, "admin.longzihu").await;
    let (_, html) = page(&s, "/staff/audit", &other).await;
    assert!(!html.contains(&number) && !html.contains("clerk.qingnian"));

    // Case workers cannot read the trail; hostile filters get field errors, not a 500.
    assert_eq!(get(&s, "/staff/audit", &clerk).await.status(), 403);
    for query in [
        "subject=%27%20OR%201%3D1%20--",
        "before=-1",
        "actor=%E5%BC%A0",
    ] {
        let r = get(&s, &format!("/staff/audit?{query}"), &admin).await;
        assert_eq!(r.status(), 422, "{query}");
    }

    // Paging: 50 a page, then an "older" link that continues below the last row.
    for _ in 0..50 {
        stage_of(&s, &clerk, &number).await; // each view is an audit row
    }
    let (_, html) = page(&s, "/staff/audit", &admin).await;
    let at = html.find("id=\"audit-older\"").expect("an older page");
    let href_at = html[..at].rfind("href=\"").unwrap() + 6;
    let href = html[href_at..]
        .split('"')
        .next()
        .unwrap()
        .replace("&amp;", "&");
    let (status, older) = page(&s, &href, &admin).await;
    assert_eq!(status, 200);
    assert!(older.contains("sign-in.password"));

    // The chain check runs from the page (CSRF-checked) and is itself recorded.
    let token = csrf_of(&html);
    let r = post_form(&s, "/staff/audit/verify", Some(&admin), &[]).await;
    assert_eq!(r.status(), 403);
    let r = post_form(&s, "/staff/audit/verify", Some(&admin), &[("csrf", &token)]).await;
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("data-ok=\"true\""));
    let storage = s.storage().await;
    let rows = storage.audit_rows(None, None, 5).await.unwrap();
    assert!(rows.iter().any(|r| r.entry.action == "audit.verify"));
    s.stop().await;
}

async fn reports_and_notifications_stay_within_the_jurisdiction(db: TestDb) {
    let staff = staff_service(&db).await;
    create(&staff, "clerk.qingnian", "intake", "340303002").await;
    create(&staff, "reviewer.bengshan", "reviewer", "340303").await;
    create(&staff, "approver.bengshan", "approver", "340303").await;
    create(&staff, "admin.bengshan", "admin", "340303").await;
    let s = TestServer::start(db).await;
    let ours = submit(
        &s,
        &application("340303002", "340303"),
        "report-key-00000001",
    )
    .await;
    let theirs = submit(
        &s,
        &application("340303003", "340303"),
        "report-key-00000002",
    )
    .await;
    let clerk = sign_in(&s, "clerk.qingnian").await;
    let reviewer = sign_in(&s, "reviewer.bengshan").await;
    let approver = sign_in(&s, "approver.bengshan").await;

    // Ours is accepted, verified, proposed for rejection and rejected the same day: decided
    // in 0 working days. Theirs stays submitted.
    for (cookie, form) in [
        (&clerk, serde_json::json!({ "action": "accept" })),
        (
            &reviewer,
            serde_json::json!({ "action": "record_verification", "verified_income": "310",
                                 "verified_assets_ok": "yes", "single_registration": "no",
                                 "complaint": "no" }),
        ),
        (
            &clerk,
            serde_json::json!({ "action": "propose_rejection", "text": "收入超过标准。" }),
        ),
        (
            &approver,
            serde_json::json!({ "action": "reject", "text": "收入超过标准。" }),
        ),
    ] {
        let (status, body) = act(&s, cookie, &ours, form).await;
        assert_eq!(status, 200, "{body}");
    }

    // The clerk's report counts only their street; the county reviewer's counts both.
    let (status, html) = page(&s, "/staff/reports", &clerk).await;
    assert_eq!(status, 200);
    assert!(html.contains("共1件"), "clerk sees one case");
    assert!(html.contains("<svg") && html.contains("青年街道"));
    assert!(!html.contains("纬二路"));
    let (_, html) = page(&s, "/staff/reports", &reviewer).await;
    assert!(html.contains("共2件"));
    assert!(html.contains("纬二路"));
    // A period before both applications: nothing.
    let (_, html) = page(
        &s,
        "/staff/reports?from=2020-01-01&to=2020-12-31",
        &reviewer,
    )
    .await;
    assert!(html.contains("共0件"));
    // Administrators read reports too (counts only, no personal data).
    let admin = sign_in(&s, "admin.bengshan").await;
    assert_eq!(get(&s, "/staff/reports", &admin).await.status(), 200);

    // Downloads: the same figures as CSV (one table) and XLSX (all three).
    let r = get(&s, "/staff/reports/export.csv?table=program", &reviewer).await;
    assert_eq!(r.status(), 200);
    let csv = r.text().await.unwrap();
    assert!(csv.starts_with('\u{feff}'));
    // 低保: 2 cases, 1 open, 0 approved, 1 refused, 0 overdue, 0.0 days on average, 0 longest.
    assert!(csv.contains(",2,1,0,1,0,0.0,0\r\n"), "{csv}");
    // By step: theirs is still at submission; ours passed through it in 0 working days and
    // is now rejected.
    let r = get(&s, "/staff/reports/export.csv?table=stage", &reviewer).await;
    let csv = r.text().await.unwrap();
    let line = |stage: &str| {
        csv.lines()
            .find(|l| l.starts_with(stage))
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(line("已提交"), "已提交,1,1,0.0", "{csv}");
    assert_eq!(line("不予批准"), "不予批准,1,0,", "{csv}");
    let r = get(&s, "/staff/reports/export.csv?table=township", &clerk).await;
    let csv = r.text().await.unwrap();
    assert!(csv.contains("青年街道") && !csv.contains("纬二路"), "{csv}");
    let r = get(&s, "/staff/reports/export.xlsx", &reviewer).await;
    assert_eq!(r.status(), 200);
    assert!(r.bytes().await.unwrap().starts_with(b"PK"));
    assert_eq!(
        get(&s, "/staff/reports/export.csv?table=secrets", &reviewer)
            .await
            .status(),
        404
    );
    for query in ["from=2026-12-31&to=2026-01-01", "from=yesterday"] {
        let r = get(&s, &format!("/staff/reports?{query}"), &reviewer).await;
        assert_eq!(r.status(), 422, "{query}");
        let r = get(
            &s,
            &format!("/staff/reports/export.xlsx?{query}"),
            &reviewer,
        )
        .await;
        assert_eq!(r.status(), 422, "{query}");
    }
    assert_eq!(get(&s, "/staff/reports", "nonsense").await.status(), 303);

    // The outbox: the clerk sees their street's messages (masked mobile), not the other's.
    let (status, html) = page(&s, "/staff/notifications", &clerk).await;
    assert_eq!(status, 200);
    assert!(html.contains(&ours) && !html.contains(&theirs));
    assert!(html.contains("138****8000") && !html.contains("13800138000"));
    assert_eq!(get(&s, "/staff/notifications", &admin).await.status(), 403);

    let storage = s.storage().await;
    let rows = storage.audit_rows(None, None, 50).await.unwrap();
    assert_eq!(
        rows.iter()
            .filter(|r| r.entry.action == "report.export")
            .count(),
        4
    );
    s.stop().await;
}

async fn a_resident_answers_a_supplement_request_online(db: TestDb) {
    let staff = staff_service(&db).await;
    create(&staff, "clerk.qingnian", "intake", "340303002").await;
    let s = TestServer::start(db).await;
    let r = same_origin(s.client.post(s.url("/api/applications/submit")))
        .json(&serde_json::json!({
            "form": application("340303002", "340303"),
            "idempotency_key": "supplement-key-00000001",
        }))
        .send()
        .await
        .unwrap();
    let body: serde_json::Value = r.json().await.unwrap();
    let number = body["number"].as_str().unwrap().to_owned();
    let code = body["access_code"].as_str().unwrap().to_owned();
    let clerk = sign_in(&s, "clerk.qingnian").await;
    let (status, _) = act(
        &s,
        &clerk,
        &number,
        serde_json::json!({ "action": "request_supplement", "text": "请补交近三个月工资流水。" }),
    )
    .await;
    assert_eq!(status, 200);

    let reply = |code: &str, note: &str, documents: Vec<String>| {
        same_origin(s.client.post(s.url("/api/applications/supplement")))
            .json(&serde_json::json!({
                "number": number, "access_code": code,
                "reply": { "note": note, "documents": documents },
            }))
            .send()
    };
    // A wrong code gets the lookup's answer; an empty reply is refused; neither moves it.
    // A well-formed reference that no upload has: only the access code decides the answer.
    let unknown = || vec!["0123456789abcdef0123456789abcdef".to_owned()];
    let r = reply("WRONGCODE", "已补交", unknown()).await.unwrap();
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("access_code"));
    // A note alone is not an answer: the clock stays paused until documents come.
    for note in ["  ", "材料明天送到民政办"] {
        let r = reply(&code, note, vec![]).await.unwrap();
        assert_eq!(r.status(), 422);
        assert!(r.text().await.unwrap().contains("err-app-supplement-empty"));
    }
    let r = reply(&code, "见附件", unknown()).await.unwrap();
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("err-app-document-unknown"));
    let r = reply(&code, "见附件", vec!["not-an-upload".into()])
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert_eq!(stage_of(&s, &clerk, &number).await, "supplement_requested");

    // Without JavaScript: the page shows the form's error and keeps the note.
    let r = same_origin(s.client.post(s.url("/track/supplement")))
        .form(&[
            ("number", number.as_str()),
            ("access_code", code.as_str()),
            ("note", "\u{202e}隐藏"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("id=\"track-reply\"") && html.contains("field-note-error"),
        "{html}"
    );

    // A real upload and a note: the case returns to where it was, with the document.
    let jpeg = [
        0xFF, 0xD8, 0xFF, 0xE0, 0, 16, b'J', b'F', b'I', b'F', 0, 1, 1, 0,
    ];
    let r = same_origin(s.client.post(s.url("/api/documents")))
        .header("x-file-name", "wage.jpg")
        .body(jpeg.to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let id = r.json::<serde_json::Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = reply(&code, "已上传工资流水。", vec![id.clone()])
        .await
        .unwrap();
    let status = r.status();
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["status"], "submitted");
    let case = call(&s, &clerk, "case", serde_json::json!({ "number": number })).await;
    let case: serde_json::Value = case.json().await.unwrap();
    assert_eq!(case["stage"], "submitted");
    assert!(case["documents"].to_string().contains(&id));
    assert!(case["history"].to_string().contains("已上传工资流水"));
    // The clerk opens the resident's photo (a view of personal data: audited); a document of
    // no such reference is a 404. Then a note, with the session's token only.
    let r = get(&s, &format!("/staff/cases/{number}/documents/{id}"), &clerk).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "image/jpeg");
    assert_eq!(r.headers()["cache-control"], "no-store");
    assert_eq!(r.bytes().await.unwrap().as_ref(), &jpeg[..]);
    let other = "ffffffffffffffffffffffffffffffff";
    let r = get(
        &s,
        &format!("/staff/cases/{number}/documents/{other}"),
        &clerk,
    )
    .await;
    assert_eq!(r.status(), 404);
    let (_, html) = page(&s, &format!("/staff/cases/{number}"), &clerk).await;
    let token = csrf_of(&html);
    let notes = format!("/staff/cases/{number}/notes");
    let r = post_form(&s, &notes, Some(&clerk), &[("note", "已电话联系申请人。")]).await;
    assert_eq!(r.status(), 403);
    let r = post_form(
        &s,
        &notes,
        Some(&clerk),
        &[("note", "已电话联系申请人。"), ("csrf", &token)],
    )
    .await;
    assert_eq!(r.status(), 303);
    let r = post_form(&s, &notes, Some(&clerk), &[("note", ""), ("csrf", &token)]).await;
    assert_eq!(r.status(), 422, "an empty note");
    let case = call(&s, &clerk, "case", serde_json::json!({ "number": number })).await;
    let case: serde_json::Value = case.json().await.unwrap();
    assert_eq!(case["notes"].as_array().unwrap().len(), 1);
    assert_eq!(case["notes"][0]["body"], "已电话联系申请人。");

    // Answering again is refused: nothing is waiting any more.
    let r = reply(&code, "再补一份", unknown()).await.unwrap();
    assert_eq!(r.status(), 422);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("err-app-supplement-not-requested"));
    let storage = s.storage().await;
    let rows = storage.audit_rows(Some(&number), None, 50).await.unwrap();
    for (action, actor) in [
        ("case.supplemented", "@resident"),
        ("case.document-view", "clerk.qingnian"),
        ("case.note", "clerk.qingnian"),
    ] {
        assert!(
            rows.iter()
                .any(|r| r.entry.action == action && r.entry.actor == actor),
            "{action} by {actor}"
        );
    }
    assert!(
        !rows.iter().any(|r| r.entry.detail.contains("电话")),
        "a note's text stays out of the trail"
    );
    s.stop().await;
}

async fn sms_go_through_the_configured_gateway_and_failures_are_retried(db: TestDb) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, Mutex};

    // A gateway on loopback: the first request fails with 503, later ones succeed.
    let seen: Arc<Mutex<Vec<(String, String, serde_json::Value)>>> = Arc::default();
    let calls = Arc::new(AtomicUsize::new(0));
    let gateway = {
        let (seen, calls) = (seen.clone(), calls.clone());
        axum::Router::new().route(
            "/sms",
            axum::routing::post(
                move |headers: axum::http::HeaderMap, body: axum::Json<serde_json::Value>| {
                    let (seen, calls) = (seen.clone(), calls.clone());
                    async move {
                        let header = |k: &str| {
                            headers
                                .get(k)
                                .and_then(|v| v.to_str().ok())
                                .unwrap_or_default()
                                .to_owned()
                        };
                        seen.lock().unwrap().push((
                            header("authorization"),
                            header("idempotency-key"),
                            body.0,
                        ));
                        if calls.fetch_add(1, Ordering::SeqCst) == 0 {
                            axum::http::StatusCode::SERVICE_UNAVAILABLE
                        } else {
                            axum::http::StatusCode::OK
                        }
                    }
                },
            ),
        )
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let gateway_task = tokio::spawn(async move {
        axum::serve(listener, gateway).await.unwrap();
    });

    let vault =
        server::pii::PiiVault::load(Some(common::TEST_PII_KEY), db.data_dir.path()).unwrap();
    let staff = staff_service(&db).await;
    create(&staff, "clerk.qingnian", "intake", "340303002").await;
    let s = TestServer::start(db).await;
    let number = submit(
        &s,
        &application("340303002", "340303"),
        "gateway-key-00000001",
    )
    .await;
    let clerk = sign_in(&s, "clerk.qingnian").await;
    let (status, _) = act(
        &s,
        &clerk,
        &number,
        serde_json::json!({ "action": "accept" }),
    )
    .await;
    assert_eq!(status, 200);

    let storage = s.storage().await;
    let sender = server::staff::notify::configured_sender(
        Some(&format!("http://{address}/sms")),
        Some("gateway-token".into()),
    )
    .unwrap();
    let now = app::ports::now_ms();
    // First sweep: the portal message is delivered, the SMS fails and waits 30 s.
    let delivered = server::staff::notify::deliver_pending(&storage, &vault, &sender, now)
        .await
        .unwrap();
    assert_eq!(delivered, 1);
    let rows = storage.notifications_in_scope("340303", 10).await.unwrap();
    let sms = rows.iter().find(|n| n.channel == "sms").unwrap();
    assert_eq!((sms.status.as_str(), sms.attempts), ("pending", 1));
    // Nothing is due again before the pause is over.
    let delivered = server::staff::notify::deliver_pending(&storage, &vault, &sender, now + 1_000)
        .await
        .unwrap();
    assert_eq!(delivered, 0);
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    let delivered = server::staff::notify::deliver_pending(&storage, &vault, &sender, now + 31_000)
        .await
        .unwrap();
    assert_eq!(delivered, 1);
    let rows = storage.notifications_in_scope("340303", 10).await.unwrap();
    let sms = rows.iter().find(|n| n.channel == "sms").unwrap();
    assert_eq!((sms.status.as_str(), sms.attempts), ("sent", 2));

    // What the gateway got: the full mobile (decrypted only to send), the text in Chinese,
    // the token, and the same idempotency key on the retry.
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 2);
    for (auth, key, body) in &seen {
        assert_eq!(auth, "Bearer gateway-token");
        assert_eq!(key, &format!("notification-{}", sms.id));
        assert_eq!(body["to"], "13800138000");
        assert!(body["text"].as_str().unwrap().contains(&number));
    }
    // The staff page shows it sent, with the mobile masked.
    let (status, html) = page(&s, "/staff/notifications", &clerk).await;
    assert_eq!(status, 200);
    assert!(html.contains("data-status=\"sent\"") && html.contains("138****8000"));
    gateway_task.abort();
    s.stop().await;
}

async fn the_queue_pages_and_finds_overdue_cases_in_the_database(db: TestDb) {
    let url = db.storage_config().effective_database_url();
    let staff = staff_service(&db).await;
    create(&staff, "clerk.qingnian", "intake", "340303002").await;
    let s = TestServer::start(db).await;
    let mut numbers = Vec::new();
    for k in 0..3 {
        let key = format!("queue-paging-key-{k:04}");
        numbers.push(submit(&s, &application("340303002", "340303"), &key).await);
    }
    let clerk = sign_in(&s, "clerk.qingnian").await;
    for number in &numbers[..2] {
        let (status, _) = act(
            &s,
            &clerk,
            number,
            serde_json::json!({ "action": "accept" }),
        )
        .await;
        assert_eq!(status, 200);
    }
    // The first accepted case's time limit ended long ago.
    use sqlx::Connection;
    let mut conn = sqlx::AnyConnection::connect(&url).await.unwrap();
    sqlx::query("UPDATE applications SET deadline = '2020-01-06' WHERE number = $1")
        .bind(&numbers[0])
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();

    // Pages come from the database, oldest first.
    let storage = s.storage().await;
    let query = |offset| server::storage::CaseQuery {
        limit: 2,
        offset,
        ..Default::default()
    };
    let first = storage.cases_in_scope("340303", &query(0)).await.unwrap();
    let second = storage.cases_in_scope("340303", &query(2)).await.unwrap();
    let listed: Vec<&str> = first
        .iter()
        .chain(&second)
        .map(|r| r.number.as_str())
        .collect();
    assert_eq!(
        listed,
        numbers.iter().map(String::as_str).collect::<Vec<_>>()
    );

    // "Overdue" is decided by the query: only the case past its deadline, with the
    // working days it is over.
    let r = call(
        &s,
        &clerk,
        "cases",
        serde_json::json!({ "filter": { "overdue": "yes" } }),
    )
    .await;
    let list: serde_json::Value = r.json().await.unwrap();
    let rows = list["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "{list}");
    assert_eq!(rows[0]["number"], numbers[0].as_str());
    assert_eq!(rows[0]["overdue"], true);
    assert!(rows[0]["days_left"].as_i64().unwrap() < 0);
    let (status, html) = page(&s, "/staff/queue?overdue=yes", &clerk).await;
    assert_eq!(status, 200);
    assert!(html.contains(&numbers[0]) && !html.contains(&numbers[1]));
    assert!(html.contains("queue__row--overdue"));

    // Page numbers are parsed: a second page of three cases is empty; nonsense is a 422.
    let r = call(
        &s,
        &clerk,
        "cases",
        serde_json::json!({ "filter": { "page": "2" } }),
    )
    .await;
    let list: serde_json::Value = r.json().await.unwrap();
    assert_eq!(list["rows"].as_array().unwrap().len(), 0);
    assert_eq!(list["has_next"], false);
    for bad in ["0", "-1", "x", "99999999999"] {
        let r = call(
            &s,
            &clerk,
            "cases",
            serde_json::json!({ "filter": { "page": bad } }),
        )
        .await;
        assert_eq!(r.status(), 422, "{bad}");
    }
    s.stop().await;
}

async fn bulk_publication_publishes_each_case_it_may(db: TestDb) {
    let staff = staff_service(&db).await;
    create(&staff, "clerk.qingnian", "intake", "340303002").await;
    create(&staff, "reviewer.bengshan", "reviewer", "340303").await;
    let s = TestServer::start(db).await;
    let clerk = sign_in(&s, "clerk.qingnian").await;
    let reviewer = sign_in(&s, "reviewer.bengshan").await;
    let mut ready = Vec::new();
    for k in 0..2 {
        let key = format!("bulk-publish-key-{k:04}");
        let number = submit(&s, &application("340303002", "340303"), &key).await;
        for (cookie, form) in [
            (&clerk, serde_json::json!({ "action": "accept" })),
            (
                &reviewer,
                serde_json::json!({ "action": "record_verification", "verified_income": "300",
                                     "verified_assets_ok": "yes" }),
            ),
            (
                &clerk,
                serde_json::json!({ "action": "propose_approval", "amount": "560" }),
            ),
        ] {
            let (status, body) = act(&s, cookie, &number, form).await;
            assert_eq!(status, 200, "{body}");
        }
        ready.push(number);
    }
    let not_ready = submit(
        &s,
        &application("340303002", "340303"),
        "bulk-publish-key-0009",
    )
    .await;
    let (_, html) = page(&s, "/staff/queue", &clerk).await;
    assert!(html.contains("publish-form"));
    let token = csrf_of(&html);
    let mut form: Vec<(&str, &str)> = ready.iter().map(|n| ("numbers", n.as_str())).collect();
    form.push(("numbers", &not_ready));
    form.push(("numbers", "SQ20990101-NOSUCHNO"));
    // Without the token nothing is published.
    let r = post_form(&s, "/staff/publish", Some(&clerk), &form).await;
    assert_eq!(r.status(), 403);
    assert_eq!(stage_of(&s, &clerk, &ready[0]).await, "awaiting_notice");
    form.push(("csrf", &token));
    let r = post_form(&s, "/staff/publish", Some(&clerk), &form).await;
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/staff/queue?published=2");
    for number in &ready {
        assert_eq!(stage_of(&s, &clerk, number).await, "in_notice");
    }
    assert_eq!(stage_of(&s, &clerk, &not_ready).await, "submitted");
    let (_, html) = page(&s, "/staff/queue?published=2", &clerk).await;
    assert!(html.contains("已公示2件"));
    let notices = s.client.get(s.url("/notices")).send().await.unwrap();
    let html = notices.text().await.unwrap();
    assert_eq!(html.matches("class=\"notice-entry\"").count(), 2);
    s.stop().await;
}

on_both_databases!(
    accounts_are_managed_within_the_jurisdiction,
    the_audit_browser_is_for_administrators_of_the_jurisdiction,
    reports_and_notifications_stay_within_the_jurisdiction,
    a_resident_answers_a_supplement_request_online,
    sms_go_through_the_configured_gateway_and_failures_are_retried,
    the_queue_pages_and_finds_overdue_cases_in_the_database,
    bulk_publication_publishes_each_case_it_may,
);
