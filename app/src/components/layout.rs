//! The page frame: skip link, header with the bureau name, language switcher and 长辈版 toggle,
//! the main landmark, and the footer.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::islands::kiosk::{KioskIdle, KioskKeypad};
use crate::locale::Locale;
use crate::prefs::use_prefs;
use crate::t;

/// Builds a `/prefs` link that changes one preference and comes back to the current page.
/// The target is re-validated by the server (only local paths are followed).
fn prefs_href(setting: &str, return_to: &str) -> String {
    format!("/prefs?{setting}&next={}", encode_component(return_to))
}

/// Percent-encodes a URL component (RFC 3986 unreserved characters pass through).
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let prefs = use_prefs();
    let location = use_location();
    let here = format!(
        "{}{}",
        location.pathname.get_untracked(),
        location
            .search
            .get_untracked()
            .is_empty()
            .then(String::new)
            .unwrap_or_else(|| format!("?{}", location.search.get_untracked()))
    );
    let languages = Locale::ALL
        .into_iter()
        .map(|locale| {
            let current = locale == prefs.locale;
            let href = prefs_href(&format!("lang={}", locale.tag()), &here);
            view! {
                <li>
                    <a
                        href=href
                        lang=locale.tag()
                        hreflang=locale.tag()
                        aria-current=current.then_some("true")
                        class:current=current
                    >
                        {locale.endonym()}
                    </a>
                </li>
            }
        })
        .collect_view();
    let (elder_href, elder_label) = if prefs.elder {
        (prefs_href("elder=0", &here), t!("elder-mode-off"))
    } else {
        (prefs_href("elder=1", &here), t!("elder-mode-on"))
    };

    view! {
        <a class="skip-link" href="#main">{t!("skip-to-content")}</a>
        <header class="site-header">
            <div class="container site-header__inner">
                <a class="brand" href="/">
                    <span class="brand__emblem" aria-hidden="true"></span>
                    <span class="brand__text">
                        <span class="brand__bureau">{t!("bureau-name")}</span>
                        <span class="brand__service">{t!("site-title")}</span>
                    </span>
                </a>
                <div class="site-header__tools">
                    <nav class="lang-switch" aria-label=t!("nav-language-label")>
                        <ul>{languages}</ul>
                    </nav>
                    <a class="elder-toggle" href=elder_href>{elder_label}</a>
                    {prefs.kiosk.then(|| view! {
                        <a class="kiosk-end button button--warning" href=crate::islands::kiosk::RESET_PATH>{t!("kiosk-end")}</a>
                    })}
                </div>
            </div>
        </header>
        {prefs.kiosk.then(|| {
            let texts: crate::islands::MessageTemplates =
                crate::i18n::client_messages(prefs.locale, crate::islands::kiosk::TEXT_IDS).into();
            view! {
                <KioskIdle
                    texts=texts
                    warn_after_seconds=crate::islands::kiosk::WARN_AFTER_SECONDS
                    reset_after_seconds=crate::islands::kiosk::RESET_AFTER_SECONDS
                />
            }
        })}
        <main id="main" class="container main" tabindex="-1">
            {children()}
        </main>
        <footer class="site-footer">
            <div class="container site-footer__inner">
                <ul class="site-footer__links">
                    <li><a href="/contact">{t!("footer-contact")}</a></li>
                    // A kiosk offers no way out of the resident services.
                    {(!prefs.kiosk).then(|| view! { <li><a href="/staff">{t!("footer-staff")}</a></li> })}
                </ul>
                <p class="site-footer__hotline">{t!("footer-hotline")}</p>
                <p class="site-footer__note">{t!("footer-note")}</p>
            </div>
        </footer>
        {prefs.kiosk.then(|| {
            let texts: crate::islands::MessageTemplates =
                crate::i18n::client_messages(prefs.locale, crate::islands::kiosk::KEYPAD_TEXT_IDS).into();
            view! { <KioskKeypad texts=texts/> }
        })}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_return_paths() {
        assert_eq!(encode_component("/contact"), "/contact");
        assert_eq!(encode_component("/a?b=c&d"), "/a%3Fb%3Dc%26d");
        assert_eq!(encode_component("/中"), "/%E4%B8%AD");
    }
}
