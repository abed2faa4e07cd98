//! Identity documents, names and mobile numbers posted straight to a server function: the
//! server answers with exactly the field errors the browser computes with the same `domain`
//! parser, and stores nothing.

mod common;

use common::{same_origin, TestDb, TestServer};
use domain::marriage::{Parties, PartiesForm, PartyForm};

const PARTIES: &str = "/api/marriage/parties";

/// Appends the MOD 11-2 check character.
fn id(body: &str) -> String {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body
        .bytes()
        .zip(W)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    format!("{body}{}", b"10X98765432"[(sum % 11) as usize] as char)
}

fn party(kind: &str, number: &str, name: &str) -> PartyForm {
    PartyForm {
        document_kind: kind.into(),
        document_number: number.into(),
        name: name.into(),
        ..PartyForm::default()
    }
}

fn valid() -> PartiesForm {
    PartiesForm {
        service: "marriage".into(),
        party_a: party("resident_id", &id("44010320041201131"), "李雷"),
        party_b: party("resident_id", &id("44010320060615122"), "韩梅梅"),
        mobile: "13800138000".into(),
    }
}

async fn post(s: &TestServer, form: &PartiesForm) -> reqwest::Response {
    same_origin(s.client.post(s.url(PARTIES)))
        .json(&serde_json::json!({ "form": form }))
        .send()
        .await
        .unwrap()
}

async fn invalid_documents_names_and_mobiles_get_the_browser_errors(db: TestDb) {
    let s = TestServer::start(db).await;
    let today = app::ports::china_today();
    let mut cases = Vec::new();
    for number in [
        "",
        "11010519491231002",      // 17 characters
        "110105194912310021",     // wrong check digit
        &id("99010519491231002"), // no such province
        &id("11010519490230002"), // 30 February
        &id("11010520991231002"), // born in the future
        "11010519491231002Y",     // invalid character
    ] {
        let mut f = valid();
        f.party_a.document_number = number.to_owned();
        cases.push(f);
    }
    for name in ["", "张", "张three", "Bob\u{202E}", "·张三", "<script>"] {
        let mut f = valid();
        f.party_b.name = name.to_owned();
        cases.push(f);
    }
    for mobile in ["", "12345", "12812345678", "138-1234-567a"] {
        let mut f = valid();
        f.mobile = mobile.to_owned();
        cases.push(f);
    }
    let mut other_documents = valid();
    other_documents.party_b = party("hk_macao_permit", "X1234567", "陈大文");
    cases.push(other_documents);
    let mut same = valid();
    same.party_b = same.party_a.clone();
    cases.push(same);

    for form in &cases {
        let browser = Parties::parse(form, today).expect_err("every case is invalid");
        let r = post(&s, form).await;
        assert_eq!(r.status(), 422, "{form:?}");
        let body: serde_json::Value = r.json().await.unwrap();
        let server: domain::FormErrors = serde_json::from_value(body["Invalid"].clone()).unwrap();
        assert_eq!(server, browser, "{form:?}");
    }
    s.stop().await;
}

async fn valid_parties_are_confirmed_masked_and_malformed_json_is_a_400(db: TestDb) {
    let s = TestServer::start(db).await;
    let r = post(&s, &valid()).await;
    assert_eq!(r.status(), 200);
    let body: serde_json::Value = r.json().await.unwrap();
    let full = id("44010320041201131");
    assert_eq!(body["party_a"], format!("4401**********{}", &full[14..]));
    assert_eq!(body["needs_designated_office"], false);
    let text = body.to_string();
    assert!(!text.contains(&full), "no full ID number echoed");

    for bad in ["{", r#"{"form": 5}"#, r#"{"form": {"party_a": 7}}"#, "null"] {
        let r = same_origin(s.client.post(s.url(PARTIES)))
            .header("content-type", "application/json")
            .body(bad)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 400, "{bad}");
    }
    s.stop().await;
}

on_both_databases!(
    invalid_documents_names_and_mobiles_get_the_browser_errors,
    valid_parties_are_confirmed_masked_and_malformed_json_is_a_400,
);
