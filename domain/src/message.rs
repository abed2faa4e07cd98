//! Localizable messages: a Fluent message ID plus named arguments.

use serde::{Deserialize, Serialize};

/// A named argument of a Fluent message, e.g. `max = 40` for "at most { $max } characters".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageArg {
    pub name: String,
    pub value: String,
}

/// Implemented by every domain error: the UI shows `message_id` translated with `args`.
pub trait Localized {
    /// The Fluent message ID (present in every locale; a test enforces it).
    fn message_id(&self) -> &'static str;

    /// Arguments the message interpolates; most messages have none.
    fn message_args(&self) -> Vec<MessageArg> {
        Vec::new()
    }
}

/// Shorthand for building an argument list.
pub fn arg(name: &str, value: impl ToString) -> MessageArg {
    MessageArg {
        name: name.to_owned(),
        value: value.to_string(),
    }
}
