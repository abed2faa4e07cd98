//! Hostile input against every endpoint (issue 10): each server function, each no-JavaScript
//! form post and every other state-changing route, and the GET routes that read a path
//! parameter or a query string, receive malformed JSON and form bodies, wrong types, huge
//! values, Unicode edge cases (bidi controls, zero-width characters, combining marks, lone
//! surrogates), SQL and HTML injection strings and CR/LF header injection — anonymously and,
//! for the staff workspace, signed in with a real CSRF token so the payloads reach the parsers.
//!
//! It proves, on SQLite and on PostgreSQL, that
//! - no response is a 5xx (413 for an oversize body, 429 when a rate limit answers first);
//! - no row is stored: every table's row count is the same before and after each endpoint's
//!   battery (rate-limit buckets excepted, see `UNCOUNTED_TABLES`);
//! - nothing hostile is reflected unescaped in an HTML (or any non-JSON) body, and no header
//!   carries an injected `pwned` cookie or value;
//! - every response carries the security headers (`nosniff`, a CSP with
//!   `frame-ancestors 'none'`; HTML also `X-Frame-Options` and `Referrer-Policy`), so the
//!   header checks run as part of the test command;
//! - a cross-site post to any state-changing endpoint is refused with 403.
//!
//! Coverage is derived, not hand-listed, so a new endpoint is attacked without editing this
//! file: server functions come from the server_fn registry at run time (cross-checked against
//! the `#[server]` attributes of `app/src/api/*.rs`, whose argument names and types give the
//! payload templates); routes come from the text of `server/src/web/mod.rs` (`.route(…)` calls,
//! path parameters filled with hostile values) and from the Leptos route list; field names come
//! from every `name="…"` in the pages and islands plus the server functions' arguments. Each
//! derived list is asserted non-empty and to contain known members, so a broken parser cannot
//! silently shrink the suite to nothing.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::staff::{create, sign_in, staff_service};
use common::{TestDb, TestServer};
use futures::stream::{self, StreamExt};
use serde_json::{json, Value};

const ROUTER_SOURCE: &str = include_str!("../src/web/mod.rs");

/// Every file with `#[server]` functions; a registered server function missing from these
/// fails the test (see `server_functions`), so a new API file cannot be overlooked.
const API_SOURCES: &[&str] = &[
    include_str!("../../app/src/api/applications.rs"),
    include_str!("../../app/src/api/contact.rs"),
    include_str!("../../app/src/api/eligibility.rs"),
    include_str!("../../app/src/api/marriage.rs"),
    include_str!("../../app/src/api/staff.rs"),
];

/// Where forms and their field names are written.
const FORM_SOURCES: &[&str] = &[
    include_str!("../../app/src/pages/apply.rs"),
    include_str!("../../app/src/pages/commitments.rs"),
    include_str!("../../app/src/pages/contact.rs"),
    include_str!("../../app/src/pages/eligibility.rs"),
    include_str!("../../app/src/pages/home.rs"),
    include_str!("../../app/src/pages/marriage.rs"),
    include_str!("../../app/src/pages/not_found.rs"),
    include_str!("../../app/src/pages/staff.rs"),
    include_str!("../../app/src/pages/staff_admin.rs"),
    include_str!("../../app/src/pages/staff_marriage.rs"),
    include_str!("../../app/src/pages/track.rs"),
    include_str!("../../app/src/islands/contact_form.rs"),
    include_str!("../../app/src/islands/documents.rs"),
    include_str!("../../app/src/islands/draft.rs"),
    include_str!("../../app/src/islands/kiosk.rs"),
    include_str!("../../app/src/islands/screener.rs"),
    include_str!("../../app/src/islands/signature.rs"),
];

/// Tables whose rows record the attempt itself rather than anything the attacker sent:
/// `rate_limit_buckets` counts requests per client address (that is how the 429s come about),
/// so it must grow under a flood of requests and holds no submitted data.
const UNCOUNTED_TABLES: &[&str] = &["rate_limit_buckets"];

/// Requests in flight at once: enough to keep two cores busy, few enough for CI.
const CONCURRENCY: usize = 8;

const SCRIPT: &str = "<script>alert(1)</script>";
const IMG: &str = "<img src=x onerror=alert(1)>";
const LONG_LEN: usize = 60_000;

/// The hostile strings every field receives (the 60,000-character one is sent field by field,
/// see `long_bodies`, so that it fits the body limit and reaches the parser).
fn hostile_values() -> Vec<(&'static str, String)> {
    vec![
        ("sql-drop", "'; DROP TABLE applications; --".into()),
        ("sql-or", "\" OR 1=1 --".into()),
        (
            "sql-union",
            "1' UNION SELECT username, password_hash FROM staff_users --".into(),
        ),
        ("script", SCRIPT.into()),
        ("img", format!("\">{IMG}")),
        ("js-url", "javascript:alert(1)".into()),
        (
            "bidi",
            "\u{202E}1234\u{2066}abc\u{2067}d\u{2068}e\u{2069}".into(),
        ),
        ("zero-width", "\u{200B}张\u{200D}三\u{FEFF}".into()),
        ("combining", format!("e{}", "\u{301}".repeat(500))),
        ("nul", "a\0b".into()),
        ("crlf", "a\r\nSet-Cookie: pwned=1".into()),
        // An 18-digit ID number and a mobile number in full-width digits (checksum wrong, so
        // an ID field that normalises them still refuses the number).
        (
            "fullwidth-id",
            "４４１７２１１９７００１０１００１０".into(),
        ),
        ("fullwidth-mobile", "１３８００１３８０００".into()),
        ("astral", "👨‍👩‍👧‍👦𝕏𠀀\u{10FFFF}".into()),
        ("traversal", "../../etc/passwd".into()),
        ("huge-number", "99999999999999999999999999999999".into()),
        ("u64-overflow", "18446744073709551616".into()),
        ("negative", "-1".into()),
        ("float", "1e308".into()),
        ("nan", "NaN".into()),
        ("date", "9999-99-99".into()),
        (
            "huge-member-action",
            "remove_member:18446744073709551615".into(),
        ),
        ("format", "%s%n{0}{{}}${jndi:ldap://x}".into()),
        ("blank", "   ".into()),
        ("empty", String::new()),
    ]
}

/// Path parameters, already percent-encoded as a client would put them in the URL.
fn hostile_path_values() -> Vec<String> {
    let mut v: Vec<String> = [
        "%27%3B%20DROP%20TABLE%20applications%3B%20--",
        "1%27%20OR%20%271%27%3D%271",
        "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E",
        "..%2F..%2F..%2F..%2Fetc%2Fpasswd",
        "%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "..%5C..%5Cwindows%5Cwin.ini",
        "%E2%80%AE1234%E2%81%A6x%E2%81%A9",
        "%E2%80%8B%E2%80%8D%EF%BB%BF",
        "e%CC%81%CC%81%CC%81%CC%81",
        "%00",
        "a%0D%0ASet-Cookie:%20pwned=1",
        "%FF%FE%FD",
        "%ZZ",
        "%EF%BC%94%EF%BC%94%EF%BC%91%EF%BC%97",
        "%F0%9F%98%80%F0%A0%80%80",
        "99999999999999999999999999",
        "-1",
        "%20",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    v.push("a".repeat(4_000));
    v
}

/// Query strings no well-formed form produces.
const RAW_QUERIES: &[&str] = &[
    "%ZZ",
    "%FF%FE=%FF",
    "page=18446744073709551616",
    "page=-1&page=2&page=x",
    "&&==&=",
    "members[99999999].name=x",
    "members[18446744073709551616].income[0].amount=1",
    "region=%00&query=%00",
    "q=%E2%80%AE%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "code=a%0D%0ASet-Cookie:%20pwned=1&done=a%0D%0ASet-Cookie:%20pwned=1",
];

/// Keys that get the 60,000-character string one at a time (free-text fields and the ones a
/// handler reads first).
const LONG_KEYS: &[&str] = &[
    "name",
    "message",
    "hardship",
    "note",
    "text",
    "username",
    "password",
    "number",
    "access_code",
    "resume_code",
    "id_number",
    "query",
    "q",
    "region",
    "date",
    "page",
];

// ----------------------------------------------------------------------------------------
// Coverage: endpoints and field names derived from the sources and the registry.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Encoding {
    Json,
    Url,
    GetUrl,
}

#[derive(Clone, Debug)]
struct ServerFnSource {
    path: String,
    encoding: Encoding,
    /// (name, type) of each argument.
    args: Vec<(String, String)>,
}

/// Index of the parenthesis closing the one at `open`.
fn matching_paren(text: &str, open: usize) -> usize {
    let mut depth = 0i32;
    for (i, c) in text[open..].char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return open + i;
                }
            }
            _ => {}
        }
    }
    panic!("unbalanced parenthesis at {open}");
}

/// Splits at commas outside any brackets.
fn split_top_level(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0i32, 0usize);
    for (i, c) in text.char_indices() {
        match c {
            '(' | '<' | '[' | '{' => depth += 1,
            ')' | '>' | ']' | '}' => depth -= 1,
            ',' if depth == 0 => {
                out.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&text[start..]);
    out.into_iter().filter(|s| !s.trim().is_empty()).collect()
}

fn attr_value<'a>(attr: &'a str, key: &str) -> Option<&'a str> {
    let at = attr.find(&format!("{key} = \""))? + key.len() + 4;
    attr[at..].split('"').next()
}

/// The `#[server(prefix, endpoint, input)]` functions of `app/src/api`, with their arguments.
fn server_fn_sources() -> Vec<ServerFnSource> {
    let mut out = Vec::new();
    for source in API_SOURCES {
        let mut rest = *source;
        while let Some(at) = rest.find("#[server(") {
            rest = &rest[at..];
            let attr = &rest[..rest.find(")]").expect("attribute ends")];
            let (Some(prefix), Some(endpoint)) =
                (attr_value(attr, "prefix"), attr_value(attr, "endpoint"))
            else {
                rest = &rest[1..];
                continue;
            };
            let encoding = if attr.contains("GetUrl") {
                Encoding::GetUrl
            } else if attr.contains("Json") {
                Encoding::Json
            } else {
                Encoding::Url
            };
            let fn_at = rest.find("fn ").expect("a function follows");
            let open = fn_at + rest[fn_at..].find('(').unwrap();
            let close = matching_paren(rest, open);
            let args = split_top_level(&rest[open + 1..close])
                .into_iter()
                .map(|a| {
                    let a = a.trim().trim_start_matches("#[server(default)]").trim();
                    let (name, ty) = a.split_once(':').expect("name: type");
                    (name.trim().to_owned(), ty.trim().to_owned())
                })
                .collect();
            out.push(ServerFnSource {
                path: format!("{prefix}/{endpoint}"),
                encoding,
                args,
            });
            rest = &rest[close..];
        }
    }
    out
}

/// A route path written as a constant in `router()`; a new constant fails here loudly.
fn resolve_route_constant(expr: &str) -> &'static str {
    match expr {
        "documents::UPLOAD_PATH" => server::web::documents::UPLOAD_PATH,
        "app::islands::kiosk::RESET_PATH" => app::islands::kiosk::RESET_PATH,
        "app::pages::apply::FORM_PATH" => app::pages::apply::FORM_PATH,
        "app::pages::apply::SUBMIT_PATH" => app::pages::apply::SUBMIT_PATH,
        "app::pages::apply::RESUME_PATH" => app::pages::apply::RESUME_PATH,
        "app::pages::track::TRACK_PATH" => app::pages::track::TRACK_PATH,
        "app::pages::track::SUPPLEMENT_PATH" => app::pages::track::SUPPLEMENT_PATH,
        "app::pages::marriage::MARRIAGE_PATH" => app::pages::marriage::MARRIAGE_PATH,
        "app::pages::marriage::MANAGE_PATH" => app::pages::marriage::MANAGE_PATH,
        "app::pages::staff_marriage::ROSTER_PATH" => app::pages::staff_marriage::ROSTER_PATH,
        "app::pages::staff_marriage::CHECK_IN_PATH" => app::pages::staff_marriage::CHECK_IN_PATH,
        "app::pages::staff_marriage::NO_SHOW_PATH" => app::pages::staff_marriage::NO_SHOW_PATH,
        "app::pages::staff_marriage::CLOSE_DAY_PATH" => app::pages::staff_marriage::CLOSE_DAY_PATH,
        other => panic!("route path constant {other} is unknown to hostile_input.rs: add it"),
    }
}

#[derive(Clone, Debug)]
struct RouteSource {
    path: String,
    get: bool,
    /// POST, PUT, PATCH or DELETE: refused cross-site, attacked with bodies.
    state_changing: Vec<reqwest::Method>,
}

/// Every `.route(PATH, handlers)` in `server/src/web/mod.rs`.
fn router_routes() -> Vec<RouteSource> {
    let mut out = Vec::new();
    let mut rest = ROUTER_SOURCE;
    while let Some(at) = rest.find(".route(") {
        let open = at + ".route".len();
        let close = matching_paren(rest, open);
        let parts = split_top_level(&rest[open + 1..close]);
        let expr: String = parts[0].chars().filter(|c| !c.is_whitespace()).collect();
        let handlers = parts[1];
        let path = match expr.strip_prefix('"') {
            Some(p) => p.trim_end_matches('"').to_owned(),
            None => resolve_route_constant(&expr).to_owned(),
        };
        let mut state_changing = Vec::new();
        for (call, method) in [
            ("post(", reqwest::Method::POST),
            ("put(", reqwest::Method::PUT),
            ("patch(", reqwest::Method::PATCH),
            ("delete(", reqwest::Method::DELETE),
        ] {
            if handlers.contains(call) {
                state_changing.push(method);
            }
        }
        out.push(RouteSource {
            path,
            get: handlers.contains("get("),
            state_changing,
        });
        rest = &rest[close..];
    }
    out
}

/// Field names: every `name="…"` of the pages and islands, the server functions' arguments,
/// and the names the forms build at run time (indexed members, signatures, parties) or that
/// handlers read from query strings.
fn field_names(server_fns: &[ServerFnSource]) -> Vec<String> {
    let mut names = BTreeSet::new();
    for source in FORM_SOURCES {
        for piece in source.split("name=\"").skip(1) {
            let name = piece.split('"').next().unwrap_or_default();
            if !name.is_empty() && !name.contains(['{', ' ', '\\']) {
                names.insert(name.to_owned());
            }
        }
    }
    for f in server_fns {
        for (name, _) in &f.args {
            names.insert(name.clone());
        }
    }
    for party in ["party_a", "party_b"] {
        for field in app::pages::marriage::PARTY_FIELDS {
            names.insert(format!("{party}.{field}"));
        }
        names.insert(format!("{party}.id_number"));
    }
    for extra in [
        "members[0].relation",
        "members[0].name",
        "members[0].id_number",
        "members[0].work_status",
        "members[0].income[0].kind",
        "members[0].income[0].amount",
        "members[0].income[0].period",
        "members[1].age",
        "signatures[0].signer",
        "signatures[0].typed_name",
        "signatures[0].strokes",
        "facts.emergency",
        "assets.deposits",
        "region",
        "area",
        "apply_at",
        "community",
        "commitment_version",
        "service",
        "received_on",
        "lang",
        "theme",
        "page",
        "program",
        "stage",
        "overdue",
        "from",
        "to",
        "q",
        "done",
        "account",
        "created",
        "published",
        "days",
        "actor",
        "kind",
        "format",
    ] {
        names.insert(extra.to_owned());
    }
    names.into_iter().collect()
}

// ----------------------------------------------------------------------------------------
// Payloads.

#[derive(Clone, Debug)]
struct Probe {
    method: reqwest::Method,
    /// Path and query, percent-encoded.
    target: String,
    content_type: Option<&'static str>,
    body: Option<Vec<u8>>,
    cross_site: bool,
    cookie: Option<String>,
    label: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expect {
    /// Anything but a 5xx.
    NoServerError,
    /// 403 (a cross-site state change).
    Forbidden,
    /// 413 (the body is over the endpoint's limit).
    TooLarge,
}

const JSON: Option<&str> = Some("application/json");
const FORM: Option<&str> = Some("application/x-www-form-urlencoded");
const TEXT: Option<&str> = Some("text/plain");
const CONTENT_TYPES: [Option<&str>; 4] = [JSON, FORM, None, TEXT];

/// A well-formed value of an argument type, whose string leaves are then made hostile. A new
/// argument type fails here loudly rather than going untested.
fn template(ty: &str) -> Value {
    let ty: String = ty.chars().filter(|c| !c.is_whitespace()).collect();
    match ty.as_str() {
        "String" | "Option<String>" => json!("x"),
        "ApplicationForm" => {
            serde_json::to_value(common::staff::application("340303002", "340303")).unwrap()
        }
        "PartiesForm" => serde_json::to_value(domain::marriage::PartiesForm::default()).unwrap(),
        "CaseFilter" => serde_json::to_value(app::api::staff::CaseFilter::default()).unwrap(),
        "CaseActionForm" => serde_json::to_value(domain::case::CaseActionForm::default()).unwrap(),
        "domain::application::SupplementReplyForm" | "SupplementReplyForm" => {
            serde_json::to_value(domain::application::SupplementReplyForm::default()).unwrap()
        }
        "Vec<(String,String)>" => json!([
            ["region", "340303"],
            ["area", "urban"],
            ["members[0].relation", "applicant"],
            ["members[0].age", "40"],
            ["members[0].income[0].amount", "600"],
            ["members[99999999].age", "40"],
            ["facts.emergency", "no"],
            ["assets.deposits", "0"]
        ]),
        other => panic!("no payload template for argument type {other}: add one"),
    }
}

/// The template with every string leaf (and every value of a key/value pair) set to `v`.
fn fill(template: &Value, v: &Value) -> Value {
    match template {
        Value::String(_) => v.clone(),
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|item| match item.as_array() {
                    // A (key, value) pair: the key stays meaningful.
                    Some(pair) if pair.len() == 2 && pair[0].is_string() => {
                        json!([pair[0].clone(), v.clone()])
                    }
                    _ => fill(item, v),
                })
                .collect(),
        ),
        Value::Object(map) => {
            Value::Object(map.iter().map(|(k, x)| (k.clone(), fill(x, v))).collect())
        }
        other => other.clone(),
    }
}

fn form_body(pairs: &[(String, String)]) -> Vec<u8> {
    serde_urlencoded::to_string(pairs).unwrap().into_bytes()
}

/// What an endpoint's bodies are built from.
struct BodyPlan<'a> {
    /// The server function's arguments, if it is one.
    args: &'a [(String, String)],
    fields: &'a [String],
    /// The staff session's CSRF token, sent first (handlers read the first value of a key).
    csrf: Option<&'a str>,
    limit: usize,
}

impl BodyPlan<'_> {
    fn pairs(&self, fields: &[String], value: &str) -> Vec<(String, String)> {
        let mut pairs = Vec::new();
        if let Some(token) = self.csrf {
            pairs.push(("csrf".to_owned(), token.to_owned()));
        }
        pairs.extend(fields.iter().map(|f| (f.clone(), value.to_owned())));
        pairs
    }

    /// The arguments as a JSON object, each from its template filled with `v`, plus every
    /// field name set to `v` at the top level.
    fn json_with(&self, v: &Value, flat: bool) -> Value {
        let mut object = serde_json::Map::new();
        if flat {
            for f in self.fields {
                object.insert(f.clone(), v.clone());
            }
        }
        for (name, ty) in self.args {
            object.insert(name.clone(), fill(&template(ty), v));
        }
        Value::Object(object)
    }

    fn bodies(&self) -> Vec<(String, Option<&'static str>, Vec<u8>)> {
        let mut out: Vec<(String, Option<&'static str>, Vec<u8>)> = Vec::new();
        // Structural garbage under every content type.
        let nested = format!("{}{}", "[".repeat(5_000), "]".repeat(5_000));
        let nested_objects = format!("{}1{}", "{\"a\":".repeat(5_000), "}".repeat(5_000));
        let structural: Vec<(&str, Vec<u8>)> = vec![
            ("empty", Vec::new()),
            ("open-brace", b"{".to_vec()),
            ("null", b"null".to_vec()),
            ("array", b"[]".to_vec()),
            ("number", b"42".to_vec()),
            ("string", b"\"x\"".to_vec()),
            ("nested-arrays", nested.into_bytes()),
            ("nested-objects", nested_objects.into_bytes()),
            (
                "invalid-utf8",
                b"\xff\xfe\xfd\xc3\x28name=\xa0\xa1".to_vec(),
            ),
            ("bad-percent", b"name=%ZZ&message=%E0%A4%A&%=%%".to_vec()),
            ("separators", b"=&&=&a&==".to_vec()),
            ("nul", b"\0\0\0".to_vec()),
            (
                "lone-surrogate",
                b"{\"name\":\"\\ud800\",\"form\":\"\\udfff\\ud800\"}".to_vec(),
            ),
        ];
        for (label, body) in structural {
            for ct in CONTENT_TYPES {
                out.push((format!("{label} as {ct:?}"), ct, body.clone()));
            }
        }
        // Every field, every argument: each hostile value.
        for (label, v) in hostile_values() {
            let value = Value::String(v.clone());
            out.push((
                format!("json {label} in every field"),
                JSON,
                serde_json::to_vec(&self.json_with(&value, true)).unwrap(),
            ));
            if !self.args.is_empty() {
                // Only the arguments, so a well-formed shape reaches validation.
                out.push((
                    format!("json {label} in every argument leaf"),
                    JSON,
                    serde_json::to_vec(&self.json_with(&value, false)).unwrap(),
                ));
            }
            out.push((
                format!("form {label} in every field"),
                FORM,
                form_body(&self.pairs(self.fields, &v)),
            ));
        }
        // A lone surrogate in every argument leaf, written by hand (serde cannot produce it).
        if !self.args.is_empty() {
            let marker = "LONE-SURROGATE-MARKER";
            let text = serde_json::to_string(&self.json_with(&json!(marker), false))
                .unwrap()
                .replace(&format!("\"{marker}\""), "\"\\ud800x\\udc00\\udc00\"");
            out.push(("json lone surrogates".into(), JSON, text.into_bytes()));
        }
        // Wrong types: every argument at once, and each argument alone.
        let wrong_types = [
            ("number", json!(1e308)),
            ("negative", json!(-1)),
            ("array", json!(["x", ["y"]])),
            ("object", json!({"a": {"b": "c"}})),
            ("null", Value::Null),
            ("bool", json!(true)),
        ];
        for (label, wrong) in &wrong_types {
            out.push((
                format!("json {label} in every field"),
                JSON,
                serde_json::to_vec(&self.json_with(wrong, true)).unwrap(),
            ));
            out.push((
                format!("json {label} in every argument leaf"),
                JSON,
                serde_json::to_vec(&self.json_with(wrong, false)).unwrap(),
            ));
            for (i, (name, _)) in self.args.iter().enumerate() {
                let mut object = self.json_with(&json!("x"), false);
                object[name] = wrong.clone();
                out.push((
                    format!("json {label} as argument {i} {name}"),
                    JSON,
                    serde_json::to_vec(&object).unwrap(),
                ));
            }
        }
        // A number too large for any integer type, unquoted.
        out.push((
            "json huge literal".into(),
            JSON,
            b"{\"page\":1e400,\"number\":123456789012345678901234567890}".to_vec(),
        ));
        // Repeated keys, huge and odd indices.
        let csrf = self.csrf.map(|t| format!("csrf={t}&")).unwrap_or_default();
        for raw in [
            "name=a&name=b&name=&message=x&message=y&action=save&action=check",
            "members[99999999].name=x&members[99999999].id_number=1",
            "members[18446744073709551616].name=x",
            "members[-1].name=x&members[].name=y&members[=z&[]=w&members]0[.name=v",
            "members[0].income[99999999].amount=1&signatures[99999999].strokes=1,1",
            "party_a.name=x&party_a.name=y&party_b.document_number=1&party_b.document_number=2",
            "action=remove_member%3A99999999&action=remove_member%3A-1",
            "numbers=x&numbers=y&numbers=SQ00000000000000000",
        ] {
            out.push((
                format!("form {raw}"),
                FORM,
                format!("{csrf}{raw}").into_bytes(),
            ));
        }
        out.extend(self.long_bodies());
        out
    }

    /// The 60,000-character string in one field at a time, and bodies just under and just
    /// over the endpoint's limit.
    fn long_bodies(&self) -> Vec<(String, Option<&'static str>, Vec<u8>)> {
        let long = "长".repeat(LONG_LEN / 3) + &"a".repeat(LONG_LEN - LONG_LEN / 3);
        let mut out = Vec::new();
        let mut keys: Vec<String> = LONG_KEYS.iter().map(|k| (*k).to_owned()).collect();
        keys.extend(self.args.iter().map(|(n, _)| n.clone()));
        keys.dedup();
        for key in keys {
            // UTF-8 and percent-encoding make these longer than 60,000 bytes; ones over the
            // limit are expected to be 413 like any oversize body (see `expect_for`).
            let mut object = self.json_with(&json!("x"), false);
            object[&key] = json!(long.clone());
            out.push((
                format!("json long {key}"),
                JSON,
                serde_json::to_vec(&object).unwrap(),
            ));
            let plain = "a".repeat(LONG_LEN);
            out.push((
                format!("form long {key}"),
                FORM,
                form_body(&self.pairs(std::slice::from_ref(&key), &plain)),
            ));
        }
        let prefix = self.csrf.map(|t| format!("csrf={t}&")).unwrap_or_default() + "message=";
        for (label, size) in [
            ("just under", self.limit - 1),
            ("just over", self.limit + 1),
        ] {
            let mut body = prefix.clone().into_bytes();
            body.resize(size, b'a');
            out.push((format!("form {label} the limit"), FORM, body));
            let mut json = b"{\"message\":\"".to_vec();
            json.resize(size - 2, b'a');
            json.extend_from_slice(b"\"}");
            out.push((format!("json {label} the limit"), JSON, json));
        }
        out
    }
}

/// 413 when the body is over the path's limit; otherwise anything but a 5xx.
fn expect_for(path: &str, body: &[u8]) -> Expect {
    if body.len() > server::web::middleware::body_limit(path) {
        Expect::TooLarge
    } else {
        Expect::NoServerError
    }
}

/// Query strings: every field set to each hostile value (in chunks that keep the URL
/// reasonable), the long string one key at a time, and raw malformed queries.
fn hostile_queries(fields: &[String]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (label, v) in hostile_values() {
        let mut chunk: Vec<(String, String)> = Vec::new();
        let mut len = 0;
        for f in fields {
            let encoded = serde_urlencoded::to_string([(f.as_str(), v.as_str())]).unwrap();
            if len + encoded.len() > 12_000 && !chunk.is_empty() {
                out.push((
                    format!("query {label}"),
                    serde_urlencoded::to_string(&chunk).unwrap(),
                ));
                chunk.clear();
                len = 0;
            }
            len += encoded.len() + 1;
            chunk.push((f.clone(), v.clone()));
        }
        out.push((
            format!("query {label}"),
            serde_urlencoded::to_string(&chunk).unwrap(),
        ));
    }
    let long = "a".repeat(LONG_LEN);
    for key in LONG_KEYS {
        out.push((format!("query long {key}"), format!("{key}={long}")));
    }
    for raw in RAW_QUERIES {
        out.push((format!("query {raw}"), (*raw).to_owned()));
    }
    out
}

/// Fills `{param}` and `{*rest}` (axum) and `:param` (Leptos) segments with `value`.
fn fill_path(template: &str, value: &str) -> String {
    template
        .split('/')
        .map(|segment| {
            if (segment.starts_with('{') && segment.ends_with('}')) || segment.starts_with(':') {
                value.to_owned()
            } else {
                segment.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

fn has_params(path: &str) -> bool {
    path.contains('{') || path.split('/').any(|s| s.starts_with(':'))
}

// ----------------------------------------------------------------------------------------
// Sending and checking.

struct Outcome {
    failures: Vec<String>,
    requests: usize,
}

async fn send(s: &TestServer, probe: Probe, expect: Expect) -> Vec<String> {
    let url = s.url(&probe.target);
    let mut request = s.client.request(probe.method.clone(), &url).header(
        "sec-fetch-site",
        if probe.cross_site {
            "cross-site"
        } else {
            "same-origin"
        },
    );
    if probe.cross_site {
        request = request.header("origin", "https://evil.example");
    }
    if let Some(ct) = probe.content_type {
        request = request.header("content-type", ct);
    }
    if let Some(cookie) = &probe.cookie {
        request = request.header("cookie", format!("staff_session={cookie}"));
    }
    if let Some(body) = &probe.body {
        request = request.body(body.clone());
    }
    let retry = request.try_clone();
    let what = format!(
        "{} {} [{}{}]",
        probe.method,
        shorten(&probe.target),
        probe.label,
        if probe.cookie.is_some() {
            ", signed in"
        } else {
            ""
        }
    );
    // A pooled keep-alive connection the server has just closed (it does after a response
    // whose body it did not read, such as an early 413) fails the next request on it before
    // the server sees it: such transport errors are retried on fresh connections.
    let response = match request.send().await {
        Ok(r) => r,
        Err(first) => {
            let fresh = reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .pool_max_idle_per_host(0)
                .build()
                .unwrap();
            let mut last = first;
            let mut answered = None;
            for _ in 0..3 {
                let Some(again) = retry.as_ref().and_then(|r| r.try_clone()) else {
                    break;
                };
                let built = again.build().expect("request builds");
                match fresh.execute(built).await {
                    Ok(r) => {
                        answered = Some(r);
                        break;
                    }
                    Err(e) => last = e,
                }
            }
            match answered {
                Some(r) => r,
                None => {
                    let mut chain = format!("{last}");
                    let mut source = std::error::Error::source(&last);
                    while let Some(e) = source {
                        chain.push_str(&format!(": {e}"));
                        source = e.source();
                    }
                    return vec![format!("{what}: no response: {chain}")];
                }
            }
        }
    };
    let status = response.status();
    let headers = response.headers().clone();
    let body = response.bytes().await.unwrap_or_default();
    let mut failures = Vec::new();
    match expect {
        Expect::NoServerError if status.is_server_error() => {
            failures.push(format!("{what}: status {status}: {}", snippet(&body)));
        }
        Expect::Forbidden if status != 403 => {
            failures.push(format!("{what}: cross-site answered {status}, not 403"));
        }
        Expect::TooLarge if status != 413 => {
            failures.push(format!("{what}: oversize body answered {status}, not 413"));
        }
        _ => {}
    }
    check_headers(&headers, &mut failures, &what);
    let content_type = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let text = String::from_utf8_lossy(&body);
    // JSON is data, not markup: a browser never renders it (nosniff, CSP `default-src
    // 'none'`), and JSON has no escape for `<`. Everything else must not carry the markup.
    if !content_type.starts_with("application/json") {
        // `javascript:` runs from an `href`, `src` or `action`; in an input's `value` (a
        // form shown back with its errors) it is inert text.
        for needle in [
            SCRIPT,
            IMG,
            "href=\"javascript:",
            "src=\"javascript:",
            "action=\"javascript:",
        ] {
            if text.contains(needle) {
                let at = text.find(needle).unwrap();
                let from = text[..at]
                    .char_indices()
                    .rev()
                    .nth(120)
                    .map_or(0, |(i, _)| i);
                failures.push(format!(
                    "{what}: status {status}, {content_type} reflects {needle:?} unescaped: …{}…",
                    text[from..].chars().take(240).collect::<String>()
                ));
            }
        }
    }
    if text.contains("root:x:0:0") || text.contains("[fonts]") {
        failures.push(format!("{what}: path traversal served a system file"));
    }
    failures
}

fn check_headers(headers: &reqwest::header::HeaderMap, failures: &mut Vec<String>, what: &str) {
    for (name, value) in headers {
        let value = String::from_utf8_lossy(value.as_bytes()).to_ascii_lowercase();
        if name.as_str().contains("pwned") || value.contains("pwned") {
            failures.push(format!(
                "{what}: header {name}: {value} carries injected text"
            ));
        }
    }
    let get = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    if get("x-content-type-options").as_deref() != Some("nosniff") {
        failures.push(format!("{what}: no x-content-type-options: nosniff"));
    }
    match get("content-security-policy") {
        Some(csp) if csp.contains("frame-ancestors 'none'") => {}
        other => failures.push(format!(
            "{what}: CSP without frame-ancestors 'none': {other:?}"
        )),
    }
    let html = get("content-type").is_some_and(|ct| ct.to_ascii_lowercase().contains("text/html"));
    if html {
        for required in ["x-frame-options", "referrer-policy"] {
            if get(required).is_none() {
                failures.push(format!("{what}: HTML response without {required}"));
            }
        }
    }
}

fn shorten(target: &str) -> String {
    if target.len() > 120 {
        let cut = (0..=120)
            .rev()
            .find(|i| target.is_char_boundary(*i))
            .unwrap();
        format!("{}…({} bytes)", &target[..cut], target.len())
    } else {
        target.to_owned()
    }
}

fn snippet(body: &[u8]) -> String {
    String::from_utf8_lossy(body).chars().take(300).collect()
}

async fn run_all(s: &TestServer, probes: Vec<(Probe, Expect)>) -> Outcome {
    let requests = probes.len();
    let failures: Vec<Vec<String>> = stream::iter(probes)
        .map(|(probe, expect)| send(s, probe, expect))
        .buffer_unordered(CONCURRENCY)
        .collect()
        .await;
    Outcome {
        failures: failures.into_iter().flatten().collect(),
        requests,
    }
}

// ----------------------------------------------------------------------------------------
// Row counts.

enum Counter {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

impl Counter {
    async fn open(db: &TestDb) -> Self {
        let url = db.storage_config().effective_database_url();
        if db.is_postgres() {
            Counter::Postgres(sqlx::PgPool::connect(&url).await.expect("count connection"))
        } else {
            Counter::Sqlite(
                sqlx::SqlitePool::connect(&url)
                    .await
                    .expect("count connection"),
            )
        }
    }

    /// The tables of the test database (on PostgreSQL the URL's `search_path` is the test
    /// schema, so `current_schema()` is it).
    async fn tables(&self) -> Vec<String> {
        let mut tables: Vec<String> = match self {
            Counter::Sqlite(pool) => sqlx::query_scalar(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
            )
            .fetch_all(pool)
            .await
            .unwrap(),
            Counter::Postgres(pool) => sqlx::query_scalar(
                "SELECT table_name::text FROM information_schema.tables \
                 WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
            )
            .fetch_all(pool)
            .await
            .unwrap(),
        };
        tables.retain(|t| !UNCOUNTED_TABLES.contains(&t.as_str()));
        tables.sort();
        tables
    }

    async fn counts(&self, tables: &[String]) -> BTreeMap<String, i64> {
        let sql = tables
            .iter()
            .map(|t| format!("SELECT CAST('{t}' AS TEXT), COUNT(*) FROM \"{t}\""))
            .collect::<Vec<_>>()
            .join(" UNION ALL ");
        let rows: Vec<(String, i64)> = match self {
            Counter::Sqlite(pool) => sqlx::query_as(&sql).fetch_all(pool).await.unwrap(),
            Counter::Postgres(pool) => sqlx::query_as(&sql).fetch_all(pool).await.unwrap(),
        };
        rows.into_iter().collect()
    }

    async fn close(self) {
        match self {
            Counter::Sqlite(pool) => pool.close().await,
            Counter::Postgres(pool) => pool.close().await,
        }
    }
}

/// Tables whose counts changed, except that `audit_log` may grow by up to `audited` rows.
fn stored_rows(
    before: &BTreeMap<String, i64>,
    after: &BTreeMap<String, i64>,
    audited: usize,
) -> Vec<String> {
    before
        .iter()
        .filter(|(t, n)| {
            let now = after.get(*t).copied().unwrap_or(-1);
            let grown = now - **n;
            !(grown == 0 || (t.as_str() == AUDIT_TABLE && grown > 0 && grown <= audited as i64))
        })
        .map(|(t, n)| format!("{t}: {n} → {}", after.get(t).copied().unwrap_or(-1)))
        .collect()
}

/// The staff audit trail (DESIGN.md §7: "append-only audit log of staff actions and PII
/// reads"). A signed-in member's request is audited by design even when its input is hostile:
/// opening a case that is not found ("an attempt outside the jurisdiction is itself worth
/// knowing", `staff::cases`), exporting the queue or a report (with whatever filter, which
/// the entry records), viewing the audit log or a marriage roster, verifying the chain, a
/// refused case action. So is a failed sign-in step, anonymous by nature (the login rate
/// limit and lockout of §7 rest on it). These rows record who tried what, not the payload as
/// data, and the audit page's rendering of them is itself checked for escaping (its battery
/// runs after the case batteries have written hostile subjects). Anywhere else, and beyond
/// one row per request, growth of the audit log is a finding.
const AUDIT_TABLE: &str = "audit_log";

/// The sign-in steps, whose failed attempts are audited without a session.
const SIGN_IN_ROUTES: &[&str] = &["/staff", "/staff/code"];

// ----------------------------------------------------------------------------------------
// The suite.

/// A staff identity: the session cookie and its CSRF token.
#[derive(Clone)]
struct Staff {
    cookie: String,
    csrf: String,
}

async fn staff_identity(s: &TestServer, username: &str, page: &str) -> Staff {
    let cookie = sign_in(s, username).await;
    let html = s
        .client
        .get(s.url(page))
        .header("cookie", format!("staff_session={cookie}"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let marker = "name=\"csrf\" value=\"";
    let at = html
        .find(marker)
        .unwrap_or_else(|| panic!("{page} has a form with a CSRF token"))
        + marker.len();
    let csrf = html[at..].split('"').next().unwrap().to_owned();
    assert!(!csrf.is_empty());
    Staff { cookie, csrf }
}

/// Which signed-in member attacks a staff endpoint: the one whose role reaches its parsers.
fn staff_for<'a>(path: &str, staff: &'a BTreeMap<&'static str, Staff>) -> &'a Staff {
    let role = if path.starts_with("/staff/marriage") {
        "registrar"
    } else if ["/staff/accounts", "/staff/audit", "/staff/notifications"]
        .iter()
        .any(|p| path.starts_with(p))
    {
        "admin"
    } else {
        "approver"
    };
    &staff[role]
}

/// One endpoint (or endpoint family) and its probes.
struct Battery {
    name: String,
    probes: Vec<(Probe, Expect)>,
    /// Whether anonymous attempts are audited (the sign-in steps).
    sign_in: bool,
}

fn probe(
    method: reqwest::Method,
    target: String,
    label: String,
    content_type: Option<&'static str>,
    body: Option<Vec<u8>>,
    cookie: Option<&Staff>,
) -> Probe {
    Probe {
        method,
        target,
        content_type,
        body,
        cross_site: false,
        cookie: cookie.map(|s| s.cookie.clone()),
        label,
    }
}

fn body_probes(
    method: &reqwest::Method,
    path: &str,
    plan: &BodyPlan<'_>,
    who: Option<&Staff>,
) -> Vec<(Probe, Expect)> {
    plan.bodies()
        .into_iter()
        .map(|(label, ct, body)| {
            let expect = expect_for(path, &body);
            (
                probe(method.clone(), path.to_owned(), label, ct, Some(body), who),
                expect,
            )
        })
        .collect()
}

fn query_probes(path: &str, fields: &[String], who: Option<&Staff>) -> Vec<(Probe, Expect)> {
    hostile_queries(fields)
        .into_iter()
        .map(|(label, query)| {
            (
                probe(
                    reqwest::Method::GET,
                    format!("{path}?{query}"),
                    label,
                    None,
                    None,
                    who,
                ),
                Expect::NoServerError,
            )
        })
        .collect()
}

fn cross_site_probe(method: &reqwest::Method, path: &str, who: Option<&Staff>) -> (Probe, Expect) {
    let mut body = who.map(|s| format!("csrf={}&", s.csrf)).unwrap_or_default();
    body.push_str("name=x&message=y&action=save");
    let mut p = probe(
        method.clone(),
        path.to_owned(),
        "cross-site".into(),
        FORM,
        Some(body.into_bytes()),
        who,
    );
    p.cross_site = true;
    (p, Expect::Forbidden)
}

async fn hostile_input_is_refused_everywhere(db: TestDb) {
    // Fixtures first, so the row counts below only see what the batteries do: staff with wide
    // jurisdictions (a province) in the roles whose pages and functions parse the most.
    let service = staff_service(&db).await;
    for (username, role) in [
        ("hostile.approver", "approver"),
        ("hostile.admin", "admin"),
        ("hostile.registrar", "registrar"),
    ] {
        create(&service, username, role, "340000").await;
    }
    drop(service);
    let s = TestServer::start(db).await;
    let mut staff = BTreeMap::new();
    staff.insert(
        "approver",
        staff_identity(&s, "hostile.approver", "/staff/queue").await,
    );
    staff.insert(
        "admin",
        staff_identity(&s, "hostile.admin", "/staff/accounts").await,
    );
    staff.insert(
        "registrar",
        staff_identity(
            &s,
            "hostile.registrar",
            app::pages::staff_marriage::ROSTER_PATH,
        )
        .await,
    );

    // --- Coverage, asserted so it cannot silently shrink.
    let sources = server_fn_sources();
    let mut registered: Vec<(String, String)> = server_fn::axum::server_fn_paths()
        .map(|(path, method)| (path.to_owned(), method.to_string()))
        .filter(|(path, _)| path.starts_with("/api"))
        .collect();
    registered.sort();
    registered.dedup();
    for known in [
        "/api/contact/submit",
        "/api/applications/submit",
        "/api/staff/act",
        "/api/eligibility/regions",
    ] {
        assert!(
            registered.iter().any(|(p, _)| p == known),
            "server function registry lacks {known}: {registered:?}"
        );
    }
    for (path, _) in &registered {
        assert!(
            sources.iter().any(|f| &f.path == path),
            "server function {path} is registered but its source is not in API_SOURCES"
        );
    }
    let routes = router_routes();
    let posts: Vec<&RouteSource> = routes
        .iter()
        .filter(|r| !r.state_changing.is_empty())
        .collect();
    assert!(
        posts.len() > 20,
        "only {} state-changing routes parsed",
        posts.len()
    );
    for known in ["/contact", "/apply", "/track", "/staff/cases/{number}"] {
        assert!(
            posts.iter().any(|r| r.path == known),
            "no POST {known} parsed"
        );
    }
    let fields = field_names(&sources);
    for known in [
        "name",
        "mobile",
        "message",
        "idempotency_key",
        "csrf",
        "access_code",
        "resume_code",
        "answers",
        "filter",
        "party_a.document_number",
    ] {
        assert!(
            fields.iter().any(|f| f == known),
            "field {known} missing: {fields:?}"
        );
    }
    let mut get_paths: BTreeSet<String> = routes
        .iter()
        .filter(|r| r.get)
        .map(|r| r.path.clone())
        .collect();
    for listing in leptos_axum::generate_route_list(app::App) {
        get_paths.insert(listing.path().to_owned());
    }
    for known in ["/eligibility", "/apply/resume", "/notices", "/staff/queue"] {
        assert!(get_paths.contains(known), "no GET {known}: {get_paths:?}");
    }

    // --- The batteries.
    let mut batteries: Vec<Battery> = Vec::new();
    for (path, method) in &registered {
        let source = sources.iter().find(|f| &f.path == path).unwrap();
        let who = path.starts_with("/api/staff").then(|| &staff["approver"]);
        let limit = server::web::middleware::body_limit(path);
        let plan = BodyPlan {
            args: &source.args,
            fields: &fields,
            csrf: None,
            limit,
        };
        let mut probes = Vec::new();
        let post = reqwest::Method::POST;
        let identities = match who {
            Some(w) => vec![None, Some(w)],
            None => vec![None],
        };
        for identity in identities {
            probes.extend(body_probes(&post, path, &plan, identity));
            if source.encoding == Encoding::GetUrl || method == "GET" {
                probes.extend(query_probes(path, &fields, identity));
            }
        }
        if method != "GET" {
            probes.push(cross_site_probe(&post, path, None));
        }
        batteries.push(Battery {
            name: format!("server function {method} {path} ({:?})", source.encoding),
            probes,
            sign_in: false,
        });
    }
    for route in &posts {
        let concrete_paths: Vec<(String, String)> = if has_params(&route.path) {
            hostile_path_values()
                .into_iter()
                .map(|v| (fill_path(&route.path, &v), v))
                .collect()
        } else {
            vec![(route.path.clone(), String::new())]
        };
        let staff_route = route.path.starts_with("/staff");
        let signed_in = staff_route.then(|| staff_for(&route.path, &staff));
        let identities = match signed_in {
            Some(w) => vec![None, Some(w)],
            None => vec![None],
        };
        let path = &concrete_paths[0].0;
        let limit = server::web::middleware::body_limit(path);
        let mut probes = Vec::new();
        for method in &route.state_changing {
            for &identity in &identities {
                // Signing out is what any post there does once the CSRF token matches; the
                // session is needed for the rest, so that route gets the token only as one of
                // the hostile values (which never match).
                let sign_out = route.path == "/staff/sign-out";
                let plan = BodyPlan {
                    args: &[],
                    fields: &fields,
                    csrf: identity.filter(|_| !sign_out).map(|s| s.csrf.as_str()),
                    limit,
                };
                probes.extend(body_probes(method, path, &plan, identity));
                // The other hostile path values with a small body (the token, so staff
                // handlers get past the CSRF check and look the parameter up).
                for (other, _) in concrete_paths.iter().skip(1) {
                    let body = form_body(&plan.pairs(&["note".to_owned()], "x"));
                    probes.push((
                        probe(
                            method.clone(),
                            other.clone(),
                            "hostile path".into(),
                            FORM,
                            Some(body),
                            identity,
                        ),
                        Expect::NoServerError,
                    ));
                }
            }
            probes.push(cross_site_probe(method, path, signed_in));
        }
        batteries.push(Battery {
            name: format!("route {:?} {}", route.state_changing, route.path),
            probes,
            sign_in: SIGN_IN_ROUTES.contains(&route.path.as_str()),
        });
    }
    for path in &get_paths {
        let signed_in = path.starts_with("/staff").then(|| staff_for(path, &staff));
        let mut probes = Vec::new();
        let targets: Vec<String> = if has_params(path) {
            hostile_path_values()
                .iter()
                .map(|v| fill_path(path, v))
                .collect()
        } else {
            vec![path.clone()]
        };
        for identity in [None, signed_in] {
            if identity.is_none() && signed_in.is_some() {
                // Anonymous GETs of staff pages redirect to sign-in before any parsing; one
                // request each is enough for them.
                for target in &targets {
                    probes.push((
                        probe(
                            reqwest::Method::GET,
                            format!("{target}?page=%ZZ"),
                            "anonymous".into(),
                            None,
                            None,
                            None,
                        ),
                        Expect::NoServerError,
                    ));
                }
                continue;
            }
            if identity.is_none() && path.starts_with("/staff") {
                continue;
            }
            probes.extend(query_probes(&targets[0], &fields, identity));
            for target in targets.iter().skip(1) {
                probes.push((
                    probe(
                        reqwest::Method::GET,
                        target.clone(),
                        "hostile path".into(),
                        None,
                        None,
                        identity,
                    ),
                    Expect::NoServerError,
                ));
            }
        }
        batteries.push(Battery {
            name: format!("GET {path}"),
            probes,
            sign_in: false,
        });
    }

    // --- Run each battery between two row counts.
    let counter = Counter::open(s.db()).await;
    let tables = counter.tables().await;
    assert!(
        tables.iter().any(|t| t == "applications") && tables.iter().any(|t| t == "audit_log"),
        "tables: {tables:?}"
    );
    let mut failures = Vec::new();
    let mut requests = 0;
    let endpoints = batteries.len();
    for battery in batteries {
        // Anonymous requests first, then the signed-in ones, each between two row counts:
        // only the second phase may add audit rows (see `AUDIT_TABLE`).
        let (signed_in, anonymous): (Vec<_>, Vec<_>) = battery
            .probes
            .into_iter()
            .partition(|(p, _)| p.cookie.is_some());
        let mut counts = vec![counter.counts(&tables).await];
        for (phase, probes) in [("anonymously", anonymous), ("signed in", signed_in)] {
            let audited = match phase {
                "anonymously" if !battery.sign_in => 0,
                _ => probes.len(),
            };
            let outcome = run_all(&s, probes).await;
            counts.push(counter.counts(&tables).await);
            requests += outcome.requests;
            let n = counts.len();
            let stored = stored_rows(&counts[n - 2], &counts[n - 1], audited);
            if !stored.is_empty() {
                failures.push(format!(
                    "{} ({phase}): rows stored: {stored:?}",
                    battery.name
                ));
            }
            for f in outcome.failures {
                failures.push(format!("{}: {f}", battery.name));
            }
        }
    }
    eprintln!(
        "hostile input: {endpoints} endpoints, {requests} requests, {} failures",
        failures.len()
    );
    counter.close().await;
    s.stop().await;
    // Every finding at once, grouped, so one run shows the whole picture.
    assert!(
        failures.is_empty(),
        "{} hostile-input failures:\n{}",
        failures.len(),
        failures
            .iter()
            .map(|f| shorten_line(f))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

fn shorten_line(line: &str) -> String {
    line.chars().take(700).collect()
}

on_both_databases!(hostile_input_is_refused_everywhere);
