//! Applications for assistance over real HTTP, on SQLite and PostgreSQL: stored whole in one
//! transaction or not at all, exactly once per idempotency key, and tracked by number and
//! access code without telling a wrong code from an unknown number.

mod common;

use common::{same_origin, TestDb, TestServer};
use domain::application::{ApplicationForm, SignatureForm, COMMITMENT_VERSION};
use domain::household::{HouseholdForm, IncomeForm, MemberForm};
use domain::FormErrors;

const SUBMIT: &str = "/api/applications/submit";
const TRACK: &str = "/api/applications/track";

fn member(relation: &str, name: &str, id: &str, work: &str) -> MemberForm {
    MemberForm {
        relation: relation.into(),
        name: name.into(),
        id_number: id.into(),
        work_status: work.into(),
        ..Default::default()
    }
}

fn signature(signer: &str, guardian: &str, name: &str) -> SignatureForm {
    SignatureForm {
        signer: signer.into(),
        guardian: guardian.into(),
        typed_name: name.into(),
        strokes: "120,80 200,160 300,120;340,200 460,220 520,180".into(),
    }
}

/// A 阳西 family: two adults who sign for themselves, a child the father signs for.
fn application() -> ApplicationForm {
    let mut father = member("applicant", "李明", "441721197503010011", "unemployed");
    father.income = vec![IncomeForm {
        kind: "wage".into(),
        amount: "1200".into(),
        period: "monthly".into(),
    }];
    let mut child = member("child", "李小华", "44172120120901001X", "student");
    child.school_stage = "compulsory".into();
    ApplicationForm {
        programs: vec!["dibao".into(), "temporary".into()],
        region: "441721".into(),
        township: "441721100".into(),
        community: "城东社区".into(),
        area: "urban".into(),
        apply_at: "hukou".into(),
        mobile: "13800138000".into(),
        household: HouseholdForm {
            members: vec![
                father,
                member("spouse", "王芳", "441721197708080021", "unable_to_work"),
                child,
            ],
            ..Default::default()
        },
        hardship: "丈夫失业，妻子因病不能工作，孩子上初中。".into(),
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

fn pii_key() -> [u8; 32] {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD
        .decode(common::TEST_PII_KEY)
        .unwrap()
        .try_into()
        .unwrap()
}

fn key(n: u32) -> String {
    format!("apply-key-{n:08}-abcdefgh")
}

async fn submit(s: &TestServer, form: &ApplicationForm, key: &str) -> reqwest::Response {
    same_origin(s.client.post(s.url(SUBMIT)))
        .json(&serde_json::json!({ "form": form, "idempotency_key": key }))
        .send()
        .await
        .unwrap()
}

async fn counts(s: &TestServer) -> [i64; 4] {
    s.storage().await.application_row_counts().await.unwrap()
}

fn field_errors(body: &serde_json::Value) -> FormErrors {
    serde_json::from_value(body["Invalid"].clone()).expect("an Invalid error with field errors")
}

async fn a_complete_application_is_stored_once_in_one_transaction(db: TestDb) {
    let s = TestServer::start(db).await;
    let r = submit(&s, &application(), &key(1)).await;
    assert_eq!(r.status(), 200);
    let first: serde_json::Value = r.json().await.unwrap();
    let number = first["number"].as_str().unwrap().to_owned();
    assert!(number.starts_with("SQ") && number.len() == 17, "{number}");
    let code = first["access_code"].as_str().unwrap().to_owned();
    assert_eq!(code.len(), 8);
    assert_eq!(first["working_days"], 30);
    // Application, three signatures, no documents, one "submitted" event.
    assert_eq!(counts(&s).await, [1, 3, 0, 1]);

    // Every signature records the text version and the hash of the exact text shown.
    let storage = s.storage().await;
    let texts = storage.application_signature_texts(&number).await.unwrap();
    let roles: Vec<&str> = texts.iter().map(|t| t.1.as_str()).collect();
    assert_eq!(roles, ["self", "self", "guardian"]);
    assert!(texts
        .iter()
        .all(|t| t.2 == COMMITMENT_VERSION && t.3.len() == 64));
    // The page residents read shows exactly the text whose fingerprint the signatures hold.
    let page = s
        .client
        .get(s.url("/apply/commitments"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    for title in [
        "《社会救助申请告知书》",
        "《承诺书》",
        "《申请救助家庭经济状况核对授权书》",
    ] {
        assert!(html.contains(title), "{title}");
    }
    assert!(html.contains(&format!(r#"data-sha256="{}""#, texts[0].3)));

    // A double tap or a network retry: the same confirmation, the same code, nothing new.
    let again: serde_json::Value = submit(&s, &application(), &key(1))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again, first);
    assert_eq!(counts(&s).await, [1, 3, 0, 1]);

    // The same key with different content is a conflict, not a second application.
    let mut changed = application();
    changed.hardship.push('！');
    assert_eq!(submit(&s, &changed, &key(1)).await.status(), 409);
    assert_eq!(counts(&s).await, [1, 3, 0, 1]);

    // Nothing personal is in clear in the database: the payload decrypts to the names and ID
    // numbers and does not contain them; the access code is kept only as a keyed hash.
    let (blob, eligibility) = storage
        .application_ciphertexts(&number)
        .await
        .unwrap()
        .unwrap();
    let vault = server::pii::PiiVault::new(&pii_key());
    let payload = vault.decrypt("application.payload", &blob).unwrap();
    assert!(payload.contains("李明") && payload.contains("441721197503010011"));
    assert!(!String::from_utf8_lossy(&blob).contains("441721197503010011"));
    // The eligibility record re-ran the engine on the submitted household: 低保 for three at
    // 阳西's 858, with the household's own income in its reasons, so it is encrypted too.
    let record: serde_json::Value = serde_json::from_str(
        &vault
            .decrypt("application.eligibility", &eligibility)
            .unwrap(),
    )
    .unwrap();
    let dibao = record["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["program"] == "dibao")
        .unwrap();
    assert_eq!(dibao["outcome"]["outcome"], "eligible");
    assert_eq!(dibao["outcome"]["amount"]["monthly"], 137_400);
    assert!(
        record["parameters"]["values"]["dibao.standard.urban"]["citation"]["title"]
            .as_str()
            .unwrap()
            .contains("阳西县")
    );
    assert!(!String::from_utf8_lossy(&eligibility).contains("dibao"));
    let tracked = storage.tracked_application(&number).await.unwrap().unwrap();
    assert_ne!(tracked.access_code_hash, code);
    assert!(!tracked.access_code_hash.contains(&code));
    s.stop().await;
}

async fn invalid_applications_get_field_errors_and_store_nothing(db: TestDb) {
    let s = TestServer::start(db).await;
    let mut missing_signature = application();
    missing_signature.signatures[1] = SignatureForm::default();
    let mut bad_id = application();
    bad_id.household.members[1].id_number = "441721197708080022".into();
    let mut wrong_name = application();
    wrong_name.signatures[0].typed_name = "李名".into();
    let mut dot = application();
    dot.signatures[1].strokes = "300,200".into();
    let cases = [
        (
            missing_signature,
            "signatures[1].typed_name",
            "err-app-signature-missing",
        ),
        (bad_id, "members[1].id_number", "err-id-wrong-check-digit"),
        (
            wrong_name,
            "signatures[0].typed_name",
            "err-app-signature-name-mismatch",
        ),
        (dot, "signatures[1].strokes", "err-app-signature-not-drawn"),
    ];
    for (n, (form, field, message)) in cases.into_iter().enumerate() {
        let r = submit(&s, &form, &key(10 + n as u32)).await;
        assert_eq!(r.status(), 422, "{field}");
        let errors = field_errors(&r.json().await.unwrap());
        let e = errors
            .for_field(field)
            .unwrap_or_else(|| panic!("{field}: {errors:?}"));
        assert_eq!(e.message_id, message, "{field}");
    }
    // Hostile payloads: unreadable JSON, a huge field, a missing key: 4xx, never 500.
    let r = same_origin(s.client.post(s.url(SUBMIT)))
        .header("content-type", "application/json")
        .body("{\"form\": [1,2,3]")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    // Beyond the 256 KiB an application may take: refused from the headers.
    assert_eq!(announced_status(&s, SUBMIT, 300 * 1024).await, 413);
    // Within it but absurd: the field's own message.
    let mut huge = application();
    huge.hardship = "难".repeat(24_000);
    let r = submit(&s, &huge, &key(20)).await;
    assert_eq!(r.status(), 422);
    let mut long = application();
    long.hardship = "难".repeat(1001);
    let r = submit(&s, &long, &key(21)).await;
    assert_eq!(r.status(), 422);
    let errors = field_errors(&r.json().await.unwrap());
    assert_eq!(
        errors.for_field("hardship").unwrap().message_id,
        "err-app-hardship-too-long"
    );
    let r = submit(&s, &application(), "short").await;
    assert_eq!(r.status(), 422);
    assert_eq!(counts(&s).await, [0, 0, 0, 0]);
    s.stop().await;
}

const UPLOAD: &str = "/api/documents";
const JPEG: &[u8] = &[
    0xFF, 0xD8, 0xFF, 0xE0, 0, 16, b'J', b'F', b'I', b'F', 0, 1, 1, 0,
];
const EXE: &[u8] = b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff";

async fn upload(s: &TestServer, name: &str, bytes: Vec<u8>) -> reqwest::Response {
    same_origin(s.client.post(s.url(UPLOAD)))
        .header("x-file-name", name)
        .body(bytes)
        .send()
        .await
        .unwrap()
}

/// The status of a POST whose headers announce `length` bytes, sent over a raw connection
/// without the body (a client streaming the body would race the server's early refusal).
async fn announced_status(s: &TestServer, path: &str, length: usize) -> u16 {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let url = s.url(path);
    let authority = url
        .trim_start_matches("http://")
        .split('/')
        .next()
        .unwrap()
        .to_owned();
    let mut stream = tokio::net::TcpStream::connect(&authority).await.unwrap();
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: {authority}\r\nSec-Fetch-Site: same-origin\r\n\
         Content-Type: image/jpeg\r\nContent-Length: {length}\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).await.unwrap();
    std::str::from_utf8(&head[9..12]).unwrap().parse().unwrap()
}

async fn documents_are_checked_by_content_and_claimed_by_one_application_only(db: TestDb) {
    let s = TestServer::start(db).await;
    let storage = s.storage().await;
    // An executable renamed .jpg, an empty file and one over 10 MB: field errors, nothing kept.
    for (name, bytes, status, message) in [
        (
            "%E8%BA%AB%E4%BB%BD%E8%AF%81.jpg",
            EXE.to_vec(),
            422,
            Some("err-document-disguised"),
        ),
        ("empty.pdf", Vec::new(), 422, Some("err-document-empty")),
        (
            "huge.jpg",
            [JPEG, &vec![0u8; 10 * 1024 * 1024][..]].concat(),
            422,
            Some("err-document-too-large"),
        ),
    ] {
        let r = upload(&s, name, bytes).await;
        assert_eq!(r.status(), status, "{name}");
        if let Some(message) = message {
            let errors = field_errors(&r.json().await.unwrap());
            assert_eq!(
                errors.for_field("document").unwrap().message_id,
                message,
                "{name}"
            );
        }
    }
    // Announced beyond the limit: refused from the headers, before the body is read.
    assert_eq!(announced_status(&s, UPLOAD, 11 * 1024 * 1024).await, 413);
    assert_eq!(storage.count_uploads().await.unwrap(), 0);

    // A photo of the 户口簿 is accepted and attached to the application that names it.
    let r = upload(&s, "hukou.jpg", JPEG.to_vec()).await;
    assert_eq!(r.status(), 200);
    let id = r.json::<serde_json::Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut form = application();
    form.documents = vec![id.clone()];
    assert_eq!(submit(&s, &form, &key(40)).await.status(), 200);
    assert_eq!(counts(&s).await, [1, 3, 1, 1]);

    // The same upload cannot be claimed by a second application: the whole second application
    // is rolled back (application, signatures and event rows included).
    form.hardship.push_str("另一份申请。");
    let r = submit(&s, &form, &key(41)).await;
    assert_eq!(r.status(), 422);
    let errors = field_errors(&r.json().await.unwrap());
    assert_eq!(
        errors.for_field("documents").unwrap().message_id,
        "err-app-document-unknown"
    );
    assert_eq!(counts(&s).await, [1, 3, 1, 1]);

    // References that the upload service never issues, or a reference twice: field errors.
    for documents in [vec!["../../etc/passwd".to_owned()], vec![id.clone(), id]] {
        let mut form = application();
        form.documents = documents;
        let r = submit(&s, &form, &key(42)).await;
        assert_eq!(r.status(), 422);
        let errors = field_errors(&r.json().await.unwrap());
        assert_eq!(
            errors.for_field("documents").unwrap().message_id,
            "err-app-document-reference"
        );
    }
    assert_eq!(counts(&s).await, [1, 3, 1, 1]);

    // A month later the housekeeping sweep removes unclaimed uploads only: the claimed one
    // (and its file) stays with its application.
    let store =
        server::documents::LocalDirectoryStore::new(s.db().data_dir.path().join("documents"))
            .unwrap();
    let month = 31 * 24 * 3600 * 1000;
    let swept = server::maintenance::sweep(&storage, &store, server::storage::now_ms() + month)
        .await
        .unwrap();
    assert_eq!(swept.uploads, 0);
    assert_eq!(storage.count_uploads().await.unwrap(), 1);
    s.stop().await;
}

async fn track(s: &TestServer, number: &str, code: &str) -> reqwest::Response {
    same_origin(s.client.post(s.url(TRACK)))
        .form(&[("number", number), ("access_code", code)])
        .send()
        .await
        .unwrap()
}

async fn tracking_needs_the_code_and_a_wrong_code_looks_like_an_unknown_number(db: TestDb) {
    let s = TestServer::start(db).await;
    let receipt: serde_json::Value = submit(&s, &application(), &key(30))
        .await
        .json()
        .await
        .unwrap();
    let number = receipt["number"].as_str().unwrap();
    let code = receipt["access_code"].as_str().unwrap();

    let r = track(&s, &number.to_lowercase(), &format!(" {code} ")).await;
    assert_eq!(r.status(), 200);
    let t: serde_json::Value = r.json().await.unwrap();
    assert_eq!(t["status"], "submitted");
    assert_eq!(t["programs"], serde_json::json!(["dibao", "temporary"]));
    assert_eq!(t["events"][0][0], "submitted");
    assert!(t.get("household").is_none() && !t.to_string().contains("李明"));

    let wrong_code = track(&s, number, "AAAAAAAA").await;
    let unknown = track(&s, "SQ20261123-ZZZZZZ", code).await;
    assert_eq!(wrong_code.status(), 422);
    assert_eq!(unknown.status(), 422);
    assert_eq!(
        wrong_code.text().await.unwrap(),
        unknown.text().await.unwrap(),
        "a wrong code and an unknown number are indistinguishable"
    );

    // Guessing codes for one application is throttled: five lookups per 15 minutes, the
    // right code included once the bucket is empty.
    let mut statuses = Vec::new();
    for _ in 0..6 {
        statuses.push(track(&s, number, "BBBBBBBB").await.status().as_u16());
    }
    assert!(statuses.contains(&429), "{statuses:?}");
    assert_eq!(track(&s, number, code).await.status(), 429);
    s.stop().await;
}

async fn save(s: &TestServer, form: &ApplicationForm, code: Option<&str>) -> reqwest::Response {
    same_origin(s.client.post(s.url("/api/applications/draft/save")))
        .json(&serde_json::json!({ "form": form, "resume_code": code }))
        .send()
        .await
        .unwrap()
}

async fn resume(s: &TestServer, code: &str, id: &str) -> reqwest::Response {
    same_origin(s.client.post(s.url("/api/applications/draft/resume")))
        .form(&[("resume_code", code), ("id_number", id)])
        .send()
        .await
        .unwrap()
}

async fn a_saved_draft_resumes_with_its_code_and_the_applicants_id_number(db: TestDb) {
    let s = TestServer::start(db).await;
    // Half done: nobody has signed yet, no hardship statement.
    let mut draft = application();
    draft.signatures.clear();
    draft.hardship.clear();
    let r = save(&s, &draft, None).await;
    assert_eq!(r.status(), 200);
    let saved: serde_json::Value = r.json().await.unwrap();
    let code = saved["resume_code"].as_str().unwrap().to_owned();
    assert_eq!(code.len(), 8);

    // On another device: the same answers back.
    let r = resume(&s, &code.to_lowercase(), "441721197503010011").await;
    assert_eq!(r.status(), 200);
    let back: ApplicationForm = r.json().await.unwrap();
    assert_eq!(back, draft);

    // Saving again with the code keeps the code; the newer answers win.
    draft.hardship = "丈夫失业。".into();
    let again: serde_json::Value = save(&s, &draft, Some(&code)).await.json().await.unwrap();
    assert_eq!(again["resume_code"], code.as_str());
    let back: ApplicationForm = resume(&s, &code, "441721197503010011")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(back.hardship, "丈夫失业。");

    // Another applicant cannot take over the code: they get a code of their own.
    let mut other = application();
    other.household.members[0].id_number = "441721197708080021".into();
    let theirs: serde_json::Value = save(&s, &other, Some(&code)).await.json().await.unwrap();
    assert_ne!(theirs["resume_code"], code.as_str());

    // A wrong ID number and a wrong code get one and the same answer.
    let wrong_id = resume(&s, &code, "441721197708080021").await;
    let wrong_code = resume(&s, "ZZZZZZZZ", "441721197503010011").await;
    assert_eq!(wrong_id.status(), 422);
    assert_eq!(
        wrong_id.text().await.unwrap(),
        wrong_code.text().await.unwrap()
    );

    // A draft must name its applicant by a valid ID number.
    let mut nameless = application();
    nameless.household.members[0].id_number = "123".into();
    let r = save(&s, &nameless, None).await;
    assert_eq!(r.status(), 422);
    let errors = field_errors(&r.json().await.unwrap());
    assert!(errors.for_field("members[0].id_number").is_some());
    s.stop().await;
}

async fn a_large_household_with_drawn_signatures_fits_the_application_limit(db: TestDb) {
    let s = TestServer::start(db).await;
    // Six adults, each signature near the drawing limit: about 70 KB of JSON, over the 64 KiB
    // that ordinary posts get, within the 256 KiB an application gets.
    let stroke: String = (0..1_450)
        .map(|k| format!("{},{}", 100 + k % 800, 50 + (k * 7) % 300))
        .collect::<Vec<_>>()
        .join(" ");
    let mut form = application();
    form.household.members.truncate(2);
    form.signatures.truncate(2);
    let adults = [
        ("李强", "441721197001010011", "sibling"),
        ("李娟", "441721197202020021", "sibling"),
        ("王军", "441721195003030033", "parent"),
        ("赵兰", "441721195204040043", "parent"),
    ];
    for (name, id, relation) in adults {
        form.household
            .members
            .push(member(relation, name, id, "farming"));
        form.signatures.push(signature("self", "", name));
    }
    for sig in &mut form.signatures {
        sig.strokes = stroke.clone();
    }
    let body =
        serde_json::to_vec(&serde_json::json!({ "form": &form, "idempotency_key": key(50) }))
            .unwrap();
    assert!(body.len() > 64 * 1024, "{}", body.len());
    let r = submit(&s, &form, &key(50)).await;
    let status = r.status();
    assert_eq!(status, 200, "{}", r.text().await.unwrap());
    assert_eq!(counts(&s).await, [1, 6, 0, 1]);
    s.stop().await;
}

/// Posts the application pages' form (what a browser without JavaScript sends).
async fn post_form(s: &TestServer, path: &str, pairs: &[(String, String)]) -> reqwest::Response {
    same_origin(s.client.post(s.url(path)))
        .form(pairs)
        .send()
        .await
        .unwrap()
}

/// The value of the first `name="…" value="…"` input in a page.
fn input_value(html: &str, name: &str) -> Option<String> {
    let at = html.find(&format!("name=\"{name}\" value=\""))?;
    let rest = &html[at + name.len() + 15..];
    Some(rest[..rest.find('"')?].to_owned())
}

/// The text of the element with `id`.
fn element_text(html: &str, id: &str) -> Option<String> {
    let at = html.find(&format!("id=\"{id}\""))?;
    let rest = &html[at..];
    let start = rest.find('>')? + 1;
    let end = rest[start..].find('<')?;
    Some(rest[start..start + end].trim().to_owned())
}

async fn the_application_pages_check_submit_once_save_and_resume_as_form_posts(db: TestDb) {
    let s = TestServer::start(db).await;
    let mut pairs = application().to_pairs();

    // A missing signature: the form again with the error, 422, nothing stored.
    let mut unsigned = pairs.clone();
    for (k, v) in &mut unsigned {
        if k == "signatures[1].strokes" {
            v.clear();
        }
    }
    unsigned.push(("action".into(), "check".into()));
    let r = post_form(&s, "/apply/form", &unsigned).await;
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(html.contains("class=\"error-summary\""), "{html}");
    assert!(html.contains("href=\"#field-signatures[1].strokes\""));
    assert_eq!(counts(&s).await, [0, 0, 0, 0]);

    // Complete: the check-answers page, with an idempotency key for the submission.
    pairs.push(("action".into(), "check".into()));
    let r = post_form(&s, "/apply/form", &pairs).await;
    assert_eq!(r.status(), 200);
    let html = r.text().await.unwrap();
    let key = input_value(&html, "idempotency_key").expect("an idempotency key");
    assert!(domain::IdempotencyKey::parse(&key).is_ok(), "{key}");
    pairs.retain(|(k, _)| k != "action");
    pairs.push(("idempotency_key".into(), key));

    // Submitted once; the same post again (a double tap, a retry) is the same application.
    let r = post_form(&s, "/apply/submit", &pairs).await;
    assert_eq!(r.status(), 200);
    let html = r.text().await.unwrap();
    let number = element_text(&html, "application-number").expect("the number");
    let code = element_text(&html, "access-code").expect("the access code");
    assert!(number.starts_with("SQ"), "{number}");
    assert_eq!(counts(&s).await, [1, 3, 0, 1]);
    let again = post_form(&s, "/apply/submit", &pairs)
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(
        element_text(&again, "application-number"),
        Some(number.clone())
    );
    assert_eq!(element_text(&again, "access-code"), Some(code.clone()));
    assert_eq!(counts(&s).await, [1, 3, 0, 1]);
    assert_eq!(track(&s, &number, &code).await.status(), 200);

    // A hostile body is a 400, not a page and not a 500.
    let long = vec![("mobile".to_owned(), "9".repeat(500))];
    assert_eq!(post_form(&s, "/apply/form", &long).await.status(), 400);
    let bad_key = vec![("idempotency_key".to_owned(), "<script>".to_owned())];
    assert_eq!(post_form(&s, "/apply/submit", &bad_key).await.status(), 400);

    // Save for later: a resume code; resumed with the applicant's ID number.
    let mut draft = application();
    draft.hardship = "还没写完".into();
    let mut pairs = draft.to_pairs();
    pairs.push(("action".into(), "save".into()));
    let r = post_form(&s, "/apply/form", &pairs).await;
    assert_eq!(r.status(), 200);
    let html = r.text().await.unwrap();
    let at = html.find("data-resume-code=\"").expect("a resume code") + 18;
    let resume_code = html[at..at + html[at..].find('"').unwrap()].to_owned();
    // Only a kiosk offers the hand-off to a phone.
    assert!(!html.contains("data-handoff-qr"));

    // The same save on a kiosk: a QR code and the address it holds, the resume page with this
    // draft's code; opening it on a phone fills the code in, and the ID number is still asked.
    let r = same_origin(s.client.post(s.url("/apply/form")))
        .header("cookie", "kiosk=1")
        .form(
            &[
                pairs.clone(),
                vec![("resume_code".into(), resume_code.clone())],
            ]
            .concat(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let html = r.text().await.unwrap();
    let handoff = format!("{}?code={resume_code}", s.url("/apply/resume"));
    assert!(html.contains("data-handoff-qr"), "{html}");
    assert!(html.contains("<svg"));
    let shown = html.split("data-handoff-url").nth(1).and_then(|t| {
        let t = &t[t.find('>')? + 1..];
        Some(t[..t.find('<')?].trim())
    });
    assert_eq!(shown, Some(handoff.as_str()), "{html}");
    let page = s.client.get(&handoff).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let page = page.text().await.unwrap();
    assert_eq!(resume_field(&page).as_deref(), Some(resume_code.as_str()));
    assert!(!page.contains("441721197503010011"));
    // Whatever else an address carries is dropped, not reflected.
    let hostile = s
        .client
        .get(s.url("/apply/resume?code=%22%3E%3Cscript%3Ealert(1)%3C/script%3E"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(
        resume_field(&hostile).as_deref(),
        Some("SCRIPTALERT1SCRIPT")
    );
    assert!(!hostile.contains("<script>alert"));

    let resumed = post_form(
        &s,
        "/apply/resume",
        &[
            ("resume_code".into(), resume_code.to_lowercase()),
            ("id_number".into(), "441721197503010011".into()),
        ],
    )
    .await;
    assert_eq!(resumed.status(), 200);
    let html = resumed.text().await.unwrap();
    assert!(html.contains("还没写完"));
    assert_eq!(input_value(&html, "resume_code"), Some(resume_code));
    let wrong = post_form(
        &s,
        "/apply/resume",
        &[
            ("resume_code".into(), "AAAAAAAAAA".into()),
            ("id_number".into(), "441721197503010011".into()),
        ],
    )
    .await;
    assert_eq!(wrong.status(), 422);
    // The code stays filled in, so a mistyped ID number means retyping only that.
    let wrong = wrong.text().await.unwrap();
    assert_eq!(resume_field(&wrong).as_deref(), Some("AAAAAAAAAA"));
    s.stop().await;
}

/// The value the resume page's code field is filled with.
fn resume_field(html: &str) -> Option<String> {
    let rest = &html[html.find("id=\"field-resume_code\"")?..];
    let rest = &rest[..rest.find('>')?];
    let at = rest.find("value=\"")? + 7;
    Some(rest[at..at + rest[at..].find('"')?].to_owned())
}

async fn residence_applications_only_where_the_place_takes_them(db: TestDb) {
    let s = TestServer::start(db).await;
    let mut form = application();
    form.apply_at = "residence".into();
    form.residence_permit = "532823202301000123".into();
    // 阳西 has no such parameter: the place of residence is refused on its field.
    let r = submit(&s, &form, &key(60)).await;
    assert_eq!(r.status(), 422);
    let errors = field_errors(&r.json().await.unwrap());
    assert_eq!(
        errors.for_field("apply_at").map(|e| e.message_id.as_str()),
        Some("err-app-residence-not-offered")
    );
    assert_eq!(counts(&s).await, [0, 0, 0, 0]);
    // 勐腊 takes them (seed 001 篇五, dated 2023).
    form.region = "532823".into();
    form.township = "532823101".into();
    form.area = "rural".into();
    let r = submit(&s, &form, &key(61)).await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    assert_eq!(counts(&s).await, [1, 3, 0, 1]);
    s.stop().await;
}

on_both_databases!(
    residence_applications_only_where_the_place_takes_them,
    the_application_pages_check_submit_once_save_and_resume_as_form_posts,
    a_saved_draft_resumes_with_its_code_and_the_applicants_id_number,
    a_large_household_with_drawn_signatures_fits_the_application_limit,
    a_complete_application_is_stored_once_in_one_transaction,
    documents_are_checked_by_content_and_claimed_by_one_application_only,
    invalid_applications_get_field_errors_and_store_nothing,
    tracking_needs_the_code_and_a_wrong_code_looks_like_an_unknown_number,
);
