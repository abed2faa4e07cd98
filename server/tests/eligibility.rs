//! The eligibility screener over real HTTP: the no-JavaScript walk through the groups to the
//! server-rendered results, the server functions the island calls, and hostile input. The
//! screener stores nothing, so these run on SQLite only.

mod common;

use common::{same_origin, TestDb, TestServer};
use domain::eligibility::screener::{self, ScreenerForm};
use domain::eligibility::{evaluate, Resolved};

/// A 阳西 urban family of three: the resident (unemployed, 1,200 yuan a month), a spouse who
/// cannot work and a child at school. Per-capita income 400 < 858: 低保 of 858 × 3 − 1,200.
fn family(wage: &str) -> Vec<(String, String)> {
    [
        ("region", "441721"),
        ("area", "urban"),
        ("members[0].birth_date", "1975-03-01"),
        ("members[0].work_status", "unemployed"),
        ("members[0].income[0].kind", "wage"),
        ("members[0].income[0].amount", wage),
        ("members[0].income[0].period", "monthly"),
        ("members[1].relation", "spouse"),
        ("members[1].birth_date", "1977-08-08"),
        ("members[1].work_status", "unable_to_work"),
        ("members[2].relation", "child"),
        ("members[2].birth_date", "2012-09-01"),
        ("members[2].work_status", "student"),
        ("members[2].school_stage", "compulsory"),
        ("facts.emergency", "no"),
        ("facts.heavy_necessary_spending", "no"),
        ("facts.parents", "not_applicable"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect()
}

fn with(mut pairs: Vec<(String, String)>, extra: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    pairs
}

async fn post(s: &TestServer, pairs: &[(String, String)]) -> (u16, String) {
    let r = same_origin(s.client.post(s.url("/eligibility")))
        .form(pairs)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// The group the page shows: the hidden `step` input.
fn step_of(html: &str) -> &str {
    let at = html.find(r#"name="step" value=""#).expect("step input") + 19;
    &html[at..at + html[at..].find('"').unwrap()]
}

#[tokio::test]
async fn the_first_visit_shows_the_place_question_and_the_places_with_local_standards() {
    let s = TestServer::start(TestDb::sqlite().await).await;
    let r = s.client.get(s.url("/eligibility")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let html = r.text().await.unwrap();
    assert_eq!(step_of(&html), "place");
    assert!(html.contains(r#"action="/eligibility""#));
    for place in ["广东省 阳江市 阳西县", "云南省 西双版纳傣族自治州 勐腊县"]
    {
        assert!(html.contains(place), "quick pick {place}");
    }
    s.stop().await;
}

#[tokio::test]
async fn without_javascript_the_server_walks_the_groups_and_decides() {
    let s = TestServer::start(TestDb::sqlite().await).await;
    // Place → people → income → assets → situation (no care group: nobody is 60 or disabled).
    let mut at = "place".to_owned();
    let mut walked = vec![at.clone()];
    let mut html = String::new();
    for _ in 0..6 {
        let pairs = with(family("1200"), &[("step", &at), ("action", "next")]);
        let (status, body) = post(&s, &pairs).await;
        assert_eq!(status, 200, "from {at}");
        at = step_of(&body).to_owned();
        walked.push(at.clone());
        html = body;
        if at == "results" {
            break;
        }
    }
    assert_eq!(
        walked,
        [
            "place",
            "people",
            "income",
            "assets",
            "situation",
            "results"
        ]
    );
    // 低保 eligible, 858 × 3 − 1,200 = 1,374 yuan a month, with the rule it rests on.
    let dibao = section(&html, r#"data-program="dibao""#);
    assert!(dibao.contains(r#"data-outcome="eligible""#), "{dibao}");
    assert!(dibao.contains("1,374.00"), "{dibao}");
    assert!(dibao.contains("阳西县民政局2023年工作总结"), "{dibao}");
    assert!(dibao.contains("社会救助暂行办法"), "{dibao}");
    // The page carries the fingerprint of the outcomes it shows; the island compares it with
    // its own evaluation in wasm (`data-server-agrees`).
    let form =
        ScreenerForm::from_pairs(family("1200").iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .unwrap();
    let r = same_origin(s.client.post(s.url("/api/eligibility/screen")))
        .json(&serde_json::json!({ "answers": form.to_pairs() }))
        .send()
        .await
        .unwrap();
    let result: app::api::eligibility::ScreenResult = r.json().await.unwrap();
    let fingerprint = domain::eligibility::outcomes_fingerprint(&result.outcomes);
    assert!(
        html.contains(&format!(r#"data-server-digest="{fingerprint}""#)),
        "the results carry the fingerprint {fingerprint}"
    );
    // "Apply now" carries every answer: the same form, posted to /apply.
    assert!(html.contains(r#"formaction="/apply""#));
    let pairs = with(family("1200"), &[("from", "eligibility")]);
    let r = same_origin(s.client.post(s.url("/apply")))
        .form(&pairs)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let page = r.text().await.unwrap();
    assert!(page.contains(r#"data-carried-members="3""#), "{page}");
    assert!(page.contains("广东省 阳江市 阳西县"));
    s.stop().await;
}

/// The `<li>` of one program's outcome.
fn section<'a>(html: &'a str, marker: &str) -> &'a str {
    let at = html
        .find(marker)
        .unwrap_or_else(|| panic!("{marker} in page"));
    let end = html[at..]
        .find("</li></ul></li>")
        .map_or(html.len(), |e| at + e);
    &html[at..end]
}

#[tokio::test]
async fn income_at_or_above_the_standard_is_ineligible_with_the_reason_and_its_citation() {
    let s = TestServer::start(TestDb::sqlite().await).await;
    // 2,574 / 3 = 858: equal to the standard is not below it (低于 is strict).
    let pairs = with(
        family("2574"),
        &[("step", "situation"), ("action", "goto:results")],
    );
    let (status, html) = post(&s, &pairs).await;
    assert_eq!(status, 200);
    assert_eq!(step_of(&html), "results");
    let dibao = section(&html, r#"data-program="dibao""#);
    assert!(dibao.contains(r#"data-outcome="ineligible""#), "{dibao}");
    assert!(
        dibao.contains(r#"data-message-id="elig-reason-income-not-below""#),
        "{dibao}"
    );
    assert!(dibao.contains("858.00"), "{dibao}");
    assert!(dibao.contains("阳西县民政局2023年工作总结"), "{dibao}");
    s.stop().await;
}

#[tokio::test]
async fn errors_keep_the_resident_on_the_group_with_every_answer_kept() {
    let s = TestServer::start(TestDb::sqlite().await).await;
    let mut pairs = family("1200");
    pairs.retain(|(k, _)| k != "area");
    for (k, v) in pairs.iter_mut() {
        if k == "members[1].birth_date" {
            *v = "1977-02-30".to_owned();
        }
    }
    let (status, html) = post(
        &s,
        &with(pairs.clone(), &[("step", "place"), ("action", "next")]),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(step_of(&html), "place");
    assert!(html.contains("请选择城市或农村"));
    // Jumping to the results stops at the first group with a problem.
    let pairs = with(
        pairs,
        &[
            ("area", "rural"),
            ("step", "place"),
            ("action", "goto:results"),
        ],
    );
    let (status, html) = post(&s, &pairs).await;
    assert_eq!(status, 422);
    assert_eq!(step_of(&html), "people");
    assert!(html.contains("1977-02-30"), "the typed date is shown again");
    // A region code of the right shape that is not in the national list.
    let pairs = with(family("1200"), &[("step", "place"), ("action", "next")]);
    let pairs: Vec<_> = pairs
        .into_iter()
        .map(|(k, v)| {
            if k == "region" {
                (k, "449999".to_owned())
            } else {
                (k, v)
            }
        })
        .collect();
    let (status, html) = post(&s, &pairs).await;
    assert_eq!(status, 422);
    assert_eq!(step_of(&html), "place");
    s.stop().await;
}

#[tokio::test]
async fn the_region_search_works_without_javascript() {
    let s = TestServer::start(TestDb::sqlite().await).await;
    let pairs = [
        ("step".to_owned(), "place".to_owned()),
        ("region_query".to_owned(), "勐腊".to_owned()),
        ("action".to_owned(), "find_region".to_owned()),
    ];
    let (status, html) = post(&s, &pairs).await;
    assert_eq!(status, 200);
    assert!(html.contains(r#"value="532823""#));
    let pairs = [
        ("region_query".to_owned(), "没有这个地方".to_owned()),
        ("action".to_owned(), "find_region".to_owned()),
    ];
    let (_, html) = post(&s, &pairs).await;
    assert!(html.contains("没有找到“没有这个地方”"));
    s.stop().await;
}

#[tokio::test]
async fn hostile_posts_get_4xx_never_500() {
    let s = TestServer::start(TestDb::sqlite().await).await;
    let long = "9".repeat(100);
    let cases: Vec<Vec<(String, String)>> = vec![
        vec![("members[999].birth_date".into(), "2000-01-01".into())],
        vec![("region".into(), long)],
        vec![("members[0].income[9].amount".into(), "1".into())],
        (0..900)
            .map(|_| ("area".to_owned(), "urban".to_owned()))
            .collect(),
    ];
    for pairs in cases {
        let (status, _) = post(&s, &pairs).await;
        assert_eq!(status, 400);
    }
    // Not a form at all.
    let r = same_origin(s.client.post(s.url("/eligibility")))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(vec![0xff, 0xfe, b'=', 0x00])
        .send()
        .await
        .unwrap();
    assert!(r.status().is_client_error(), "{}", r.status());
    // A cross-site post is refused before anything is read.
    let r = s
        .client
        .post(s.url("/eligibility"))
        .header("sec-fetch-site", "cross-site")
        .form(&family("1200"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    s.stop().await;
}

#[tokio::test]
async fn the_server_functions_answer_as_the_engine_does() {
    let s = TestServer::start(TestDb::sqlite().await).await;
    let text: String = s
        .client
        .get(s.url("/api/eligibility/parameters?region=441721"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let params = Resolved::from_text(&text).expect("the text form decodes");
    assert_eq!(params.region, "441721");
    assert!(params.get("dibao.standard.urban").is_some());

    let found: serde_json::Value = s
        .client
        .get(s.url("/api/eligibility/regions?query=%E9%98%B3%E8%A5%BF"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(found[0]["code"], "441721");

    // The authoritative evaluation equals the engine run on the parameters the browser got.
    let pairs = family("1200");
    let form =
        ScreenerForm::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))).unwrap();
    let r = same_origin(s.client.post(s.url("/api/eligibility/screen")))
        .json(&serde_json::json!({ "answers": form.to_pairs() }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let result: app::api::eligibility::ScreenResult = r.json().await.unwrap();
    let screening = screener::parse(&form, result.date).unwrap();
    assert_eq!(result.outcomes, evaluate(&screening, &params));
    assert_eq!(result.region.label, "广东省 阳江市 阳西县");

    // Bad answers: field errors, 422; an unlisted place: 422; oversized values: 400.
    let mut bad = form.clone();
    bad.household.members[1].birth_date = "tomorrow".into();
    let r = same_origin(s.client.post(s.url("/api/eligibility/screen")))
        .json(&serde_json::json!({ "answers": bad.to_pairs() }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(
        body["Invalid"]["errors"][0]["field"],
        "members[1].birth_date"
    );
    let mut unlisted = form.clone();
    unlisted.region = "449999".into();
    let r = same_origin(s.client.post(s.url("/api/eligibility/screen")))
        .json(&serde_json::json!({ "answers": unlisted.to_pairs() }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let mut huge = form;
    huge.area = "x".repeat(10_000);
    let r = same_origin(s.client.post(s.url("/api/eligibility/screen")))
        .json(&serde_json::json!({ "answers": huge.to_pairs() }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    let r = s
        .client
        .get(s.url("/api/eligibility/parameters?region=12"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    s.stop().await;
}
