//! Shared by the staff workspace's test files: a test application, staff accounts with a
//! known TOTP secret, sign-in over HTTP and the staff server functions.

use std::sync::Arc;

use domain::application::{ApplicationForm, SignatureForm, COMMITMENT_VERSION};
use domain::household::{HouseholdForm, IncomeForm, MemberForm};
use server::staff::{auth, StaffService};

use super::{same_origin, TestDb, TestServer, TEST_PII_KEY};

pub const PASSWORD: &str = "correct-horse-battery-7";
pub const SECRET: &[u8] = b"integration-test-secret!";

/// A 蚌山区 family of two adults applying at 青年街道 (or another street), declaring 600 yuan
/// a month of wages in all: 300 per person.
pub fn application(township: &str, region: &str) -> ApplicationForm {
    let member = |relation: &str, name: &str, id: &str, work: &str| MemberForm {
        relation: relation.into(),
        name: name.into(),
        id_number: id.into(),
        work_status: work.into(),
        ..Default::default()
    };
    let mut applicant = member(
        "applicant",
        "张小三",
        &id_number(region, "19700101", "001"),
        "employed",
    );
    applicant.income = vec![IncomeForm {
        kind: "wage".into(),
        amount: "600".into(),
        period: "monthly".into(),
    }];
    let sign = |name: &str| SignatureForm {
        signer: "self".into(),
        guardian: String::new(),
        typed_name: name.into(),
        strokes: "120,80 200,160 300,120".into(),
    };
    ApplicationForm {
        programs: vec!["dibao".into()],
        region: region.into(),
        township: township.into(),
        community: "青年社区".into(),
        area: "urban".into(),
        apply_at: "hukou".into(),
        mobile: "13800138000".into(),
        household: HouseholdForm {
            members: vec![
                applicant,
                member(
                    "spouse",
                    "李四",
                    &id_number(region, "19720202", "002"),
                    "unable_to_work",
                ),
            ],
            ..Default::default()
        },
        hardship: "妻子患病，收入不足。".into(),
        notice_read: "yes".into(),
        commitment_version: COMMITMENT_VERSION.into(),
        signatures: vec![sign("张小三"), sign("李四")],
        ..Default::default()
    }
}

/// A valid GB 11643 number for a region, birth date and sequence.
pub fn id_number(region: &str, birth: &str, seq: &str) -> String {
    let body = format!("{region}{birth}{seq}");
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body
        .bytes()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    let check = b"10X98765432"[(sum % 11) as usize] as char;
    format!("{body}{check}")
}

pub async fn staff_service(db: &TestDb) -> Arc<StaffService> {
    let vault =
        Arc::new(server::pii::PiiVault::load(Some(TEST_PII_KEY), db.data_dir.path()).unwrap());
    let (_, staff) = server::services::build(db.storage().await, vault).unwrap();
    staff
}

pub async fn create(staff: &StaffService, username: &str, role: &str, jurisdiction: &str) {
    let account = domain::staff::StaffAccountForm {
        username: username.into(),
        display_name: "测试员".into(),
        role: role.into(),
        jurisdiction: jurisdiction.into(),
        password: PASSWORD.into(),
    }
    .parse()
    .unwrap();
    staff
        .create_account(&account, Some(SECRET), false, None)
        .await
        .unwrap();
}

pub fn cookie_of(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix("staff_session="))
        .map(|v| v.split(';').next().unwrap_or_default().to_owned())
}

pub async fn post_form(
    s: &TestServer,
    path: &str,
    cookie: Option<&str>,
    pairs: &[(&str, &str)],
) -> reqwest::Response {
    let mut request = same_origin(s.client.post(s.url(path))).form(pairs);
    if let Some(c) = cookie {
        request = request.header("cookie", format!("staff_session={c}"));
    }
    request.send().await.unwrap()
}

pub fn now_code(offset_steps: i64) -> String {
    let now = app::ports::now_ms() / 1000 + offset_steps * auth::TOTP_STEP_SECONDS;
    format!("{:06}", auth::totp_at(SECRET, now))
}

/// Password, then the current code: the complete session's cookie.
pub async fn sign_in(s: &TestServer, username: &str) -> String {
    let r = post_form(
        s,
        "/staff",
        None,
        &[("username", username), ("password", PASSWORD)],
    )
    .await;
    assert_eq!(r.status(), 303, "password step for {username}");
    let half = cookie_of(&r).unwrap();
    let r = post_form(s, "/staff/code", Some(&half), &[("code", &now_code(0))]).await;
    assert_eq!(r.status(), 303, "code step for {username}");
    assert_eq!(r.headers()["location"], "/staff/queue");
    cookie_of(&r).unwrap()
}

pub async fn call(
    s: &TestServer,
    cookie: &str,
    endpoint: &str,
    body: serde_json::Value,
) -> reqwest::Response {
    same_origin(s.client.post(s.url(&format!("/api/staff/{endpoint}"))))
        .header("cookie", format!("staff_session={cookie}"))
        .json(&body)
        .send()
        .await
        .unwrap()
}

pub async fn submit(s: &TestServer, form: &ApplicationForm, key: &str) -> String {
    let r = same_origin(s.client.post(s.url("/api/applications/submit")))
        .json(&serde_json::json!({ "form": form, "idempotency_key": key }))
        .send()
        .await
        .unwrap();
    let status = r.status();
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(status, 200, "{body}");
    body["number"].as_str().unwrap().to_owned()
}

pub async fn act(
    s: &TestServer,
    cookie: &str,
    number: &str,
    form: serde_json::Value,
) -> (u16, serde_json::Value) {
    let r = call(
        s,
        cookie,
        "act",
        serde_json::json!({ "number": number, "form": form }),
    )
    .await;
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or_default())
}

pub async fn stage_of(s: &TestServer, cookie: &str, number: &str) -> String {
    let r = call(s, cookie, "case", serde_json::json!({ "number": number })).await;
    assert_eq!(r.status(), 200);
    let v: serde_json::Value = r.json().await.unwrap();
    v["stage"].as_str().unwrap().to_owned()
}
