//! Interactive components hydrated in the browser (`#[island]`). Everything an island shows is
//! passed in as serializable props already translated on the server, so the browser bundle needs
//! neither the Fluent files nor a language decision of its own.

pub mod contact_form;

use std::collections::BTreeMap;

use domain::FieldError;
use serde::{Deserialize, Serialize};

/// Translated message templates keyed by message ID, with `{arg}` placeholders.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageTemplates(pub BTreeMap<String, String>);

impl MessageTemplates {
    /// The text of a message with its arguments filled in; the ID itself when unknown (never
    /// happens for IDs the server listed, which the i18n tests guarantee).
    pub fn render(&self, id: &str, args: &[domain::MessageArg]) -> String {
        let mut text = self.0.get(id).cloned().unwrap_or_else(|| id.to_owned());
        for arg in args {
            text = text.replace(&format!("{{{}}}", arg.name), &arg.value);
        }
        text
    }

    pub fn field_error(&self, error: &FieldError) -> String {
        self.render(&error.message_id, &error.args)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_placeholders() {
        let mut map = BTreeMap::new();
        map.insert("m".to_owned(), "最多 {max} 字".to_owned());
        let t = MessageTemplates(map);
        let args = [domain::MessageArg { name: "max".into(), value: "1000".into() }];
        assert_eq!(t.render("m", &args), "最多 1000 字");
        assert_eq!(t.render("unknown", &[]), "unknown");
    }
}
