//! The three locales the portal speaks, and how a request chooses one.

use serde::{Deserialize, Serialize};

/// Name of the cookie that remembers the resident's language choice.
pub const LANG_COOKIE: &str = "lang";
/// Name of the cookie that remembers 长辈版 (elder mode).
pub const ELDER_COOKIE: &str = "elder";
/// Name of the cookie that marks a service-hall kiosk (set by `/kiosk`, a session cookie): the
/// kiosk layout, no way out of the portal, and the idle reset that wipes the last user's traces.
pub const KIOSK_COOKIE: &str = "kiosk";

/// The language of the portal's *data* (place names from the national division list, office
/// names and addresses, the titles of the policy documents cited): Simplified Chinese, whatever
/// the page's language. Marked with `lang` where it appears, so a screen reader reading an
/// English or Traditional page switches voice for it (WCAG 3.1.2).
pub const DATA_LANG: &str = "zh-CN";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Locale {
    /// Simplified Chinese, the default.
    #[default]
    ZhCn,
    /// Traditional Chinese (Hong Kong, Macao and Taiwan residents).
    ZhTw,
    En,
}

impl Locale {
    pub const ALL: [Locale; 3] = [Locale::ZhCn, Locale::ZhTw, Locale::En];

    /// BCP 47 tag, used in `<html lang>`, the cookie and the Fluent directory names.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::ZhCn => "zh-CN",
            Locale::ZhTw => "zh-TW",
            Locale::En => "en",
        }
    }

    /// The locale's own name, for the language switcher (always shown in its own language).
    pub fn endonym(self) -> &'static str {
        match self {
            Locale::ZhCn => "简体中文",
            Locale::ZhTw => "繁體中文",
            Locale::En => "English",
        }
    }

    /// Exact tag as stored in the cookie (case-insensitive).
    pub fn from_tag(tag: &str) -> Option<Locale> {
        Locale::ALL
            .into_iter()
            .find(|l| l.tag().eq_ignore_ascii_case(tag.trim()))
    }

    /// Maps any language range from `Accept-Language` onto a supported locale: Traditional
    /// Chinese for zh-TW/zh-HK/zh-MO/zh-Hant, Simplified for any other zh, English for en.
    pub fn from_language_range(range: &str) -> Option<Locale> {
        let lower = range.trim().to_ascii_lowercase();
        let mut parts = lower.split(['-', '_']);
        match parts.next()? {
            "zh" => {
                let rest: Vec<&str> = parts.collect();
                if rest
                    .iter()
                    .any(|p| matches!(*p, "tw" | "hk" | "mo" | "hant"))
                {
                    Some(Locale::ZhTw)
                } else {
                    Some(Locale::ZhCn)
                }
            }
            "en" => Some(Locale::En),
            _ => None,
        }
    }

    /// Chooses from an `Accept-Language` header by quality value; ties keep header order.
    pub fn from_accept_language(header: &str) -> Option<Locale> {
        let mut best: Option<(f32, usize, Locale)> = None;
        for (index, item) in header.split(',').take(32).enumerate() {
            let mut pieces = item.split(';');
            let range = pieces.next().unwrap_or("").trim();
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            if q <= 0.0 {
                continue;
            }
            if let Some(locale) = Locale::from_language_range(range) {
                let better = match best {
                    None => true,
                    Some((bq, bi, _)) => q > bq || (q == bq && index < bi),
                };
                if better {
                    best = Some((q, index, locale));
                }
            }
        }
        best.map(|(_, _, l)| l)
    }

    /// The request's language: the cookie when it names a supported locale, then
    /// `Accept-Language`, then Simplified Chinese.
    pub fn negotiate(cookie: Option<&str>, accept_language: Option<&str>) -> Locale {
        cookie
            .and_then(Locale::from_tag)
            .or_else(|| accept_language.and_then(Locale::from_accept_language))
            .unwrap_or_default()
    }
}

/// Reads one cookie's value from a `Cookie` header.
pub fn cookie_value<'a>(cookie_header: &'a str, name: &str) -> Option<&'a str> {
    cookie_header.split(';').find_map(|pair| {
        let (k, v) = pair.split_once('=')?;
        (k.trim() == name).then(|| v.trim())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_wins_over_accept_language() {
        assert_eq!(Locale::negotiate(Some("en"), Some("zh-CN")), Locale::En);
        assert_eq!(Locale::negotiate(Some("zh-TW"), Some("en")), Locale::ZhTw);
        assert_eq!(Locale::negotiate(Some("fr"), Some("en")), Locale::En);
        assert_eq!(Locale::negotiate(None, None), Locale::ZhCn);
    }

    #[test]
    fn accept_language_quality() {
        assert_eq!(
            Locale::from_accept_language("fr-FR, en;q=0.8, zh;q=0.9"),
            Some(Locale::ZhCn)
        );
        assert_eq!(
            Locale::from_accept_language("zh-HK,zh;q=0.9"),
            Some(Locale::ZhTw)
        );
        assert_eq!(
            Locale::from_accept_language("zh-Hant-TW"),
            Some(Locale::ZhTw)
        );
        assert_eq!(
            Locale::from_accept_language("en-GB,en;q=0.5"),
            Some(Locale::En)
        );
        assert_eq!(Locale::from_accept_language("de, fr"), None);
        assert_eq!(
            Locale::from_accept_language("en;q=0, zh-TW;q=0.1"),
            Some(Locale::ZhTw)
        );
    }

    #[test]
    fn cookie_parsing() {
        assert_eq!(cookie_value("a=1; lang=en; elder=1", "lang"), Some("en"));
        assert_eq!(cookie_value("xlang=en", "lang"), None);
    }
}
