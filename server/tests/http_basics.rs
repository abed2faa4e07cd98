//! The portal over real HTTP: language negotiation, health, 404, headers, preferences.

mod common;

use common::{TestDb, TestServer};

async fn home_is_server_rendered_in_the_requested_language(db: TestDb) {
    let s = TestServer::start(db).await;
    let zh = s.client.get(s.url("/")).send().await.unwrap();
    assert_eq!(zh.status(), 200);
    let html = zh.text().await.unwrap();
    assert!(html.contains(r#"<html lang="zh-CN""#), "{html}");
    for service in [
        "查一查能领哪些补助",
        "申请社会救助",
        "预约婚姻登记",
        "查询办理进度",
    ] {
        assert!(html.contains(service), "missing {service}");
    }
    for href in ["/eligibility", "/apply", "/marriage", "/track", "/staff"] {
        assert!(
            html.contains(&format!(r#"href="{href}""#)),
            "missing link {href}"
        );
    }

    let en = s
        .client
        .get(s.url("/"))
        .header("cookie", "lang=en")
        .send()
        .await
        .unwrap();
    let html = en.text().await.unwrap();
    assert!(html.contains(r#"<html lang="en""#));
    assert!(html.contains("Book marriage registration"));

    let tw = s
        .client
        .get(s.url("/"))
        .header("cookie", "lang=zh-TW")
        .send()
        .await
        .unwrap();
    let html = tw.text().await.unwrap();
    assert!(html.contains(r#"<html lang="zh-TW""#));
    assert!(html.contains("預約婚姻登記"));

    let accept = s
        .client
        .get(s.url("/"))
        .header("accept-language", "en-GB,en;q=0.9")
        .send()
        .await
        .unwrap();
    assert!(accept.text().await.unwrap().contains(r#"<html lang="en""#));

    // The cookie wins over Accept-Language.
    let both = s
        .client
        .get(s.url("/"))
        .header("accept-language", "en")
        .header("cookie", "lang=zh-CN")
        .send()
        .await
        .unwrap();
    assert!(both.text().await.unwrap().contains(r#"<html lang="zh-CN""#));
    s.stop().await;
}

async fn healthz_reports_the_database(db: TestDb) {
    let s = TestServer::start(db).await;
    let r = s.client.get(s.url("/healthz")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["status"], "ok");
    let expected = if s.db().is_postgres() {
        "postgres"
    } else {
        "sqlite"
    };
    assert_eq!(body["database"]["backend"], expected);
    assert_eq!(body["database"]["status"], "ok");
    s.stop().await;
}

async fn unknown_paths_get_the_404_page(db: TestDb) {
    let s = TestServer::start(db).await;
    let r = s
        .client
        .get(s.url("/definitely/not/here"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    let html = r.text().await.unwrap();
    assert!(html.contains("找不到这个页面"));
    assert!(html.contains(r#"href="/""#));
    s.stop().await;
}

async fn pages_carry_security_headers_and_a_nonce_csp(db: TestDb) {
    let s = TestServer::start(db).await;
    let r = s.client.get(s.url("/")).send().await.unwrap();
    let h = r.headers().clone();
    let csp = h["content-security-policy"].to_str().unwrap().to_owned();
    assert!(csp.contains("'wasm-unsafe-eval'"), "{csp}");
    assert!(csp.contains("frame-ancestors 'none'"));
    assert!(!csp.contains("unsafe-inline"));
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("CSP has a nonce")
        .to_owned();
    let html = r.text().await.unwrap();
    assert!(
        html.contains(&format!(r#"nonce="{nonce}""#)),
        "inline script carries the nonce"
    );
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["x-frame-options"], "DENY");
    assert!(h.contains_key("referrer-policy"));
    assert!(h.contains_key("permissions-policy"));
    assert!(h.contains_key("x-request-id"));
    // Plain HTTP (no --secure-cookies): no HSTS, which would pin a browser to HTTPS that the
    // address does not serve. With it: see `operations.rs`.
    assert!(!h.contains_key("strict-transport-security"));

    // Each response gets its own nonce.
    let again = s.client.get(s.url("/")).send().await.unwrap();
    assert_ne!(
        again.headers()["content-security-policy"].to_str().unwrap(),
        csp
    );
    s.stop().await;
}

async fn preferences_are_cookies_and_never_an_open_redirect(db: TestDb) {
    let s = TestServer::start(db).await;
    let r = s
        .client
        .get(s.url("/prefs?lang=en&next=/contact"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/contact");
    let cookie = r.headers()["set-cookie"].to_str().unwrap();
    assert!(cookie.starts_with("lang=en;"), "{cookie}");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"));

    let r = s
        .client
        .get(s.url("/prefs?elder=1&next=//evil.example/x"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["location"], "/");
    assert!(r.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .starts_with("elder=1;"));

    let r = s.client.get(s.url("/prefs?lang=xx")).send().await.unwrap();
    assert_eq!(r.status(), 303);
    assert!(r.headers().get("set-cookie").is_none());

    let elder = s
        .client
        .get(s.url("/"))
        .header("cookie", "elder=1")
        .send()
        .await
        .unwrap();
    assert!(elder.text().await.unwrap().contains(r#"class="elder""#));
    s.stop().await;
}

async fn the_region_list_is_served_one_level_at_a_time(db: TestDb) {
    let s = TestServer::start(db).await;
    let provinces: Vec<serde_json::Value> = s
        .client
        .get(s.url("/api/regions"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(provinces.len(), 34);
    assert!(provinces
        .iter()
        .any(|p| p["code"] == "440000" && p["name"] == "广东省"));

    let r = s
        .client
        .get(s.url("/api/regions/441700"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.headers()["cache-control"]
        .to_str()
        .unwrap()
        .contains("max-age"));
    let yangjiang: serde_json::Value = r.json().await.unwrap();
    assert_eq!(yangjiang["name"], "阳江市");
    assert_eq!(yangjiang["parent"], "440000");
    let children = yangjiang["children"].as_array().unwrap();
    assert!(children
        .iter()
        .any(|c| c["code"] == "441721" && c["name"] == "阳西县"));

    for (path, status) in [
        ("/api/regions/441799", 404),
        ("/api/regions/12ab", 400),
        ("/api/regions/991700", 400),
    ] {
        assert_eq!(
            s.client.get(s.url(path)).send().await.unwrap().status(),
            status,
            "{path}"
        );
    }
    s.stop().await;
}

on_both_databases!(
    home_is_server_rendered_in_the_requested_language,
    healthz_reports_the_database,
    unknown_paths_get_the_404_page,
    pages_carry_security_headers_and_a_nonce_csp,
    preferences_are_cookies_and_never_an_open_redirect,
    the_region_list_is_served_one_level_at_a_time,
);

#[test]
fn rate_limit_buckets_group_ipv6_by_64_prefix() {
    use server::services::contact::client_bucket;
    let a = client_bucket(Some("2001:db8:1:2:aaaa::1".parse().unwrap()));
    let b = client_bucket(Some("2001:db8:1:2:bbbb::9".parse().unwrap()));
    assert_eq!(a, b);
    assert_ne!(a, client_bucket(Some("2001:db8:1:3::1".parse().unwrap())));
    assert_eq!(
        client_bucket(Some("192.0.2.7".parse().unwrap())),
        "192.0.2.7"
    );
}
