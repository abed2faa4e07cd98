//! Fluent translations (server side only).
//!
//! One loader per locale is built once from the embedded `.ftl` files; a request picks the
//! loader of its locale (never mutating a shared loader, which would race between requests).
//! Static UI text uses [`t!`](crate::t), whose message IDs `fl!` checks at compile time;
//! domain errors carry dynamic IDs and go through [`message`]. A unit test fails when any
//! locale lacks an ID that another has, or an ID the domain can emit.

use std::collections::{BTreeMap, HashMap};
use std::sync::{LazyLock, PoisonError, RwLock};

use domain::{FieldError, MessageArg};
use i18n_embed::fluent::{fluent_language_loader, FluentLanguageLoader};
use i18n_embed::LanguageLoader;
use leptos::prelude::use_context;
use rust_embed::RustEmbed;
use unic_langid::LanguageIdentifier;

use crate::locale::Locale;

#[derive(RustEmbed)]
#[folder = "i18n/"]
struct Localizations;

/// Argument names that client-side templates may contain (see [`client_messages`]).
/// A test checks that no client template is left with an unfilled `{$name}`.
const CLIENT_ARG_NAMES: &[&str] = &[
    "max", "min", "count", "ref", "income", "standard", "size", "amount", "limit", "months",
    "ratio", "age", "unable", "cap", "each", "band", "n", "total", "query", "person", "region",
    "people", "date", "number", "days", "month", "stage", "name", "from", "to", "time", "received",
    "withdraw", "office", "code", "service", "reason",
];

static LOADERS: LazyLock<[FluentLanguageLoader; 3]> = LazyLock::new(|| {
    let base: FluentLanguageLoader = fluent_language_loader!();
    let ids: Vec<LanguageIdentifier> = Locale::ALL
        .iter()
        .map(|l| l.tag().parse().expect("locale tags are valid BCP 47"))
        .collect();
    base.load_languages(&Localizations, &ids)
        .expect("the embedded Fluent files parse (checked by the i18n tests)");
    // Without this Fluent wraps every placeable in U+2068/U+2069 isolation marks.
    base.set_use_isolating(false);
    let select = |i: usize| base.select_languages(&[&ids[i]]);
    [select(0), select(1), select(2)]
});

/// The loader of one locale.
pub fn loader(locale: Locale) -> &'static FluentLanguageLoader {
    &LOADERS[locale_index(locale)]
}

fn locale_index(locale: Locale) -> usize {
    Locale::ALL
        .iter()
        .position(|l| *l == locale)
        .unwrap_or_default()
}

/// The locale of the request being rendered (provided by the shell; Simplified Chinese
/// outside a request).
pub fn current_locale() -> Locale {
    use_context::<Locale>().unwrap_or_default()
}

/// The loader of the request being rendered.
pub fn current_loader() -> &'static FluentLanguageLoader {
    loader(current_locale())
}

/// Translates a static message ID, checked at compile time: `t!("home-heading")`,
/// `t!("err-internal", ref = support_ref)`.
#[macro_export]
macro_rules! t {
    ($id:literal) => {
        i18n_embed_fl::fl!($crate::i18n::current_loader(), $id)
    };
    ($id:literal, $($arg:ident = $value:expr),+ $(,)?) => {
        i18n_embed_fl::fl!($crate::i18n::current_loader(), $id, $($arg = $value),+)
    };
}

/// Translates a dynamic message ID (from a domain error) with its arguments.
pub fn message(locale: Locale, id: &str, args: &[MessageArg]) -> String {
    let map: HashMap<&str, String> = args
        .iter()
        .map(|a| (a.name.as_str(), a.value.clone()))
        .collect();
    loader(locale).get_args(id, map)
}

/// Translates a field error.
pub fn field_error(locale: Locale, error: &FieldError) -> String {
    message(locale, &error.message_id, &error.args)
}

/// Message templates for an island: each ID translated with its arguments left as `{name}`
/// placeholders, which the island fills in from the error's arguments in the browser. This
/// keeps Fluent out of the wasm bundle while the browser shows exactly the server's text.
///
/// A template depends only on the locale, the ID and the embedded files, so each is made once
/// and kept. Making one means formatting the message with every name of [`CLIENT_ARG_NAMES`]
/// as an argument: `perf` on `/eligibility` under load (383 IDs a page) found that
/// building those arguments took most of the server's time (docs/PERFORMANCE.md).
pub fn client_messages(locale: Locale, ids: &[&str]) -> BTreeMap<String, String> {
    ids.iter()
        .map(|id| ((*id).to_owned(), client_template(locale, id)))
        .collect()
}

/// Made templates, per locale. Only IDs the locale has are kept, so the cache is bounded by
/// the Fluent files whatever IDs are asked for.
static CLIENT_TEMPLATES: LazyLock<[RwLock<HashMap<String, String>>; 3]> =
    LazyLock::new(Default::default);

fn client_template(locale: Locale, id: &str) -> String {
    let cache = &CLIENT_TEMPLATES[locale_index(locale)];
    // A poisoned lock only means a panic elsewhere while holding it; the map is still whole.
    if let Some(text) = cache.read().unwrap_or_else(PoisonError::into_inner).get(id) {
        return text.clone();
    }
    static PLACEHOLDERS: LazyLock<HashMap<&'static str, String>> = LazyLock::new(|| {
        CLIENT_ARG_NAMES
            .iter()
            .map(|name| (*name, format!("{{{name}}}")))
            .collect()
    });
    let text = loader(locale).get_args(id, PLACEHOLDERS.clone());
    if loader(locale).has(id) {
        cache
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(id.to_owned(), text.clone());
    }
    text
}

/// Whether a locale has a message (used by tests and the parameter checker).
pub fn has_message(locale: Locale, id: &str) -> bool {
    loader(locale).has(id)
}

/// All message IDs of one locale's Fluent file, parsed from the embedded source.
pub fn message_ids(locale: Locale) -> Vec<String> {
    let path = format!("{}/app.ftl", locale.tag());
    let file = Localizations::get(&path).expect("every locale has app.ftl");
    let source = String::from_utf8_lossy(&file.data).into_owned();
    source
        .lines()
        .filter_map(|line| {
            let (id, _) = line.split_once('=')?;
            let id = id.trim_end();
            let first = id.chars().next()?;
            (first.is_ascii_alphabetic()
                && id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
            .then(|| id.to_owned())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn every_locale_has_the_same_message_ids() {
        let reference: BTreeSet<String> = message_ids(Locale::ZhCn).into_iter().collect();
        assert!(reference.len() > 20, "zh-CN file looks empty");
        for locale in Locale::ALL {
            let ids: BTreeSet<String> = message_ids(locale).into_iter().collect();
            let missing: Vec<_> = reference.difference(&ids).collect();
            let extra: Vec<_> = ids.difference(&reference).collect();
            assert!(missing.is_empty(), "{} lacks {missing:?}", locale.tag());
            assert!(
                extra.is_empty(),
                "{} has IDs zh-CN lacks: {extra:?}",
                locale.tag()
            );
        }
    }

    /// The case timeline names each event by `case-action-<action>`: the resident's
    /// submission ("submit", written with the application) and every step (its `key`). A
    /// missing one showed the raw ID on the staff case page.
    #[test]
    fn every_case_event_has_a_name_everywhere() {
        use domain::case::ActionKind;
        let actions = std::iter::once("submit")
            .chain(ActionKind::STAFF.iter().map(|k| k.key()))
            .chain(std::iter::once(ActionKind::Supplemented.key()));
        for action in actions {
            for locale in Locale::ALL {
                let id = format!("case-action-{action}");
                assert!(has_message(locale, &id), "{} lacks {id}", locale.tag());
            }
        }
    }

    #[test]
    fn every_domain_message_is_translated_everywhere() {
        for locale in Locale::ALL {
            for id in domain::all_message_ids() {
                assert!(
                    has_message(locale, id),
                    "{} lacks domain message {id}",
                    locale.tag()
                );
            }
        }
    }

    #[test]
    fn every_app_error_message_is_translated_everywhere() {
        use crate::error::AppError;
        let errors = [
            AppError::Invalid(domain::FormErrors::new()),
            AppError::Malformed,
            AppError::IdempotencyConflict,
            AppError::Forbidden,
            AppError::RateLimited,
            AppError::Internal {
                support_ref: "x".into(),
            },
        ];
        for locale in Locale::ALL {
            for e in &errors {
                assert!(
                    has_message(locale, e.message_id()),
                    "{} lacks {}",
                    locale.tag(),
                    e.message_id()
                );
            }
        }
    }

    #[test]
    fn all_files_parse_without_errors() {
        for locale in Locale::ALL {
            let path = format!("{}/app.ftl", locale.tag());
            let file = Localizations::get(&path).unwrap();
            let source = String::from_utf8(file.data.into_owned()).unwrap();
            if let Err((_, errors)) = fluent_syntax::parser::parse(source.as_str()) {
                panic!("{path}: {errors:?}");
            }
        }
    }

    #[test]
    fn arguments_are_interpolated_without_isolation_marks() {
        let text = message(
            Locale::En,
            "err-message-too-long",
            &[MessageArg {
                name: "max".into(),
                value: "1000".into(),
            }],
        );
        assert!(text.contains("1000"), "{text}");
        assert!(!text.contains('\u{2068}'));
        let templates = client_messages(Locale::ZhCn, &["err-message-too-long"]);
        assert!(templates["err-message-too-long"].contains("{max}"));
    }

    #[test]
    fn client_templates_are_kept_only_for_ids_the_locale_has() {
        let first = client_messages(Locale::En, &["err-message-too-long"]);
        let again = client_messages(Locale::En, &["err-message-too-long"]);
        assert_eq!(first, again);
        let kept = |id: &str| {
            CLIENT_TEMPLATES[locale_index(Locale::En)]
                .read()
                .unwrap_or_else(PoisonError::into_inner)
                .contains_key(id)
        };
        assert!(kept("err-message-too-long"));
        // An ID no file has is answered (with Fluent's fallback text) but not kept.
        let unknown = client_messages(Locale::En, &["no-such-message-id"]);
        assert_eq!(unknown.len(), 1);
        assert!(!kept("no-such-message-id"));
    }

    #[test]
    fn client_templates_have_a_placeholder_for_every_argument() {
        for locale in Locale::ALL {
            let ids = message_ids(locale);
            let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
            for (id, text) in client_messages(locale, &refs) {
                assert!(!text.contains("{$"), "{}: {id} = {text}", locale.tag());
            }
        }
    }

    #[test]
    fn every_screener_text_is_translated_everywhere() {
        for locale in Locale::ALL {
            let screener = crate::islands::screener::text_ids();
            for id in screener
                .iter()
                .chain(&crate::islands::screener::island_text_ids())
            {
                assert!(has_message(locale, id), "{} lacks {id}", locale.tag());
            }
        }
    }

    #[test]
    fn every_application_page_text_is_translated_everywhere() {
        for locale in Locale::ALL {
            for id in crate::pages::apply::dynamic_text_ids() {
                assert!(has_message(locale, &id), "{} lacks {id}", locale.tag());
            }
        }
    }

    #[test]
    fn locales_really_differ() {
        let zh = loader(Locale::ZhCn).get("site-title");
        let tw = loader(Locale::ZhTw).get("site-title");
        let en = loader(Locale::En).get("site-title");
        assert_ne!(zh, en);
        assert_ne!(zh, tw);
    }
}
