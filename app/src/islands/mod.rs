//! Interactive components hydrated in the browser (`#[island]`). Everything an island shows is
//! passed in as serializable props already translated on the server, so the browser bundle needs
//! neither the Fluent files nor a language decision of its own.

pub mod contact_form;
pub mod documents;
pub mod draft;
pub mod kiosk;
pub mod scanner;
pub mod screener;
pub mod signature;

use std::collections::BTreeMap;

use domain::FieldError;
use serde::{Deserialize, Serialize};

/// Translated message templates keyed by message ID, with `{arg}` placeholders, sorted by ID.
/// A sorted list rather than a map: the browser decodes it with the same code as every other
/// list of string pairs, and needs no map type of its own in the wasm.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageTemplates(Vec<(String, String)>);

impl From<BTreeMap<String, String>> for MessageTemplates {
    fn from(map: BTreeMap<String, String>) -> Self {
        MessageTemplates(map.into_iter().collect())
    }
}

impl MessageTemplates {
    /// The text of a message with its arguments filled in; the ID itself when unknown (never
    /// happens for IDs the server listed, which the i18n tests guarantee).
    pub fn render(&self, id: &str, args: &[domain::MessageArg]) -> String {
        let mut text = self
            .0
            .binary_search_by(|(k, _)| k.as_str().cmp(id))
            .map(|i| self.0[i].1.clone())
            .unwrap_or_else(|_| id.to_owned());
        for arg in args {
            text = text.replace(&format!("{{{}}}", arg.name), &arg.value);
        }
        text
    }

    /// [`render`](Self::render) with the arguments as (name, value) pairs.
    pub fn render_pairs(&self, id: &str, args: &[(&str, String)]) -> String {
        let args: Vec<domain::MessageArg> = args
            .iter()
            .map(|(name, value)| domain::MessageArg {
                name: (*name).to_owned(),
                value: value.clone(),
            })
            .collect();
        self.render(id, &args)
    }

    pub fn field_error(&self, error: &FieldError) -> String {
        self.render(&error.message_id, &error.args)
    }
}

/// Text to place inside a `<textarea>` as its child.
///
/// Leptos 0.8 (tachys 0.2.19) renders textarea children as raw text, unescaped, so a value
/// containing `</textarea>` would break out of the element into live markup (reflected XSS;
/// upstream leptos-rs/leptos#4730, #4821). HTML treats textarea content as *escapable* raw
/// text — entities are decoded — so escaping on the server shows the resident exactly what
/// they typed. In the browser the child is never re-rendered, so no escaping happens there.
pub fn textarea_text(text: &str) -> String {
    if cfg!(feature = "ssr") {
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                c => out.push(c),
            }
        }
        out
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Renders through Leptos itself: fails if the textarea breaks out, and also if a future
    /// Leptos starts escaping textarea children (this helper would then double-escape).
    #[cfg(feature = "ssr")]
    #[test]
    fn textarea_text_is_escaped_exactly_once_by_the_server_renderer() {
        use leptos::prelude::*;
        let hostile = "</textarea><img src=x onerror=alert(1)> & <b>";
        let html = view! { <textarea>{textarea_text(hostile)}</textarea> }.to_html();
        assert_eq!(
            html,
            "<textarea>&lt;/textarea&gt;&lt;img src=x onerror=alert(1)&gt; &amp; &lt;b&gt;</textarea>"
        );
    }

    #[test]
    fn fills_placeholders() {
        let mut map = BTreeMap::new();
        map.insert("m".to_owned(), "最多 {max} 字".to_owned());
        map.insert("a".to_owned(), "first".to_owned());
        map.insert("z".to_owned(), "last".to_owned());
        let t = MessageTemplates::from(map);
        assert_eq!(t.render("a", &[]), "first");
        assert_eq!(t.render("z", &[]), "last");
        let args = [domain::MessageArg {
            name: "max".into(),
            value: "1000".into(),
        }];
        assert_eq!(t.render("m", &args), "最多 1000 字");
        assert_eq!(t.render("unknown", &[]), "unknown");
    }
}
