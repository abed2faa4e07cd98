//! Free text typed by residents (the body of a message to the bureau).

use std::fmt;

use crate::message::{arg, Localized, MessageArg};

/// Upper bound of a message to the bureau, in characters (not bytes: Chinese is 3 bytes/char).
pub const MESSAGE_MAX_CHARS: usize = 1000;

/// Characters that are never legitimate in text a resident types and are used to disguise
/// content: bidirectional overrides/isolates (the "Trojan Source" class) and zero-width
/// characters other than ZWJ, which emoji sequences need.
pub(crate) fn is_disallowed_invisible(c: char) -> bool {
    matches!(c,
        '\u{200B}' | '\u{200C}' | '\u{200E}' | '\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}'
        | '\u{061C}'
    )
}

/// A validated free-text message: trimmed, line endings normalized to `\n`, 1 to
/// [`MESSAGE_MAX_CHARS`] characters, no control or disguising invisible characters.
#[derive(Clone, PartialEq, Eq)]
pub struct MessageText(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MessageTextError {
    #[error("message is empty")]
    Empty,
    #[error("message is longer than {max} characters")]
    TooLong { max: usize },
    #[error("message contains control or invisible characters")]
    InvalidCharacter,
}

impl MessageTextError {
    pub const MESSAGE_IDS: &'static [&'static str] = &[
        "err-message-empty",
        "err-message-too-long",
        "err-message-invalid-character",
    ];
}

impl Localized for MessageTextError {
    fn message_id(&self) -> &'static str {
        match self {
            Self::Empty => "err-message-empty",
            Self::TooLong { .. } => "err-message-too-long",
            Self::InvalidCharacter => "err-message-invalid-character",
        }
    }

    fn message_args(&self) -> Vec<MessageArg> {
        match self {
            Self::TooLong { max } => vec![arg("max", max)],
            _ => Vec::new(),
        }
    }
}

impl MessageText {
    pub fn parse(raw: &str) -> Result<Self, MessageTextError> {
        // Cheap bound first so a hostile megabyte is not scanned character by character twice.
        if raw.len() > MESSAGE_MAX_CHARS * 4 + 64 {
            return Err(MessageTextError::TooLong {
                max: MESSAGE_MAX_CHARS,
            });
        }
        let normalized = raw.replace("\r\n", "\n").replace('\r', "\n");
        let trimmed = normalized.trim();
        if trimmed.is_empty() {
            return Err(MessageTextError::Empty);
        }
        if trimmed
            .chars()
            .any(|c| (c.is_control() && c != '\n' && c != '\t') || is_disallowed_invisible(c))
        {
            return Err(MessageTextError::InvalidCharacter);
        }
        if trimmed.chars().count() > MESSAGE_MAX_CHARS {
            return Err(MessageTextError::TooLong {
                max: MESSAGE_MAX_CHARS,
            });
        }
        Ok(Self(trimmed.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn char_count(&self) -> usize {
        self.0.chars().count()
    }
}

impl fmt::Display for MessageText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Debug shows only the length: message bodies may contain personal details.
impl fmt::Debug for MessageText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MessageText({} chars)", self.char_count())
    }
}

serde_via_parse!(MessageText);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn trims_and_normalizes_newlines() {
        let t = MessageText::parse("  你好\r\n请问低保怎么申请？\r ").unwrap();
        assert_eq!(t.as_str(), "你好\n请问低保怎么申请？");
    }

    #[test]
    fn length_is_counted_in_characters() {
        let exactly = "字".repeat(MESSAGE_MAX_CHARS);
        assert!(MessageText::parse(&exactly).is_ok());
        let over = "字".repeat(MESSAGE_MAX_CHARS + 1);
        assert_eq!(
            MessageText::parse(&over),
            Err(MessageTextError::TooLong {
                max: MESSAGE_MAX_CHARS
            })
        );
        assert_eq!(
            MessageText::parse(&"a".repeat(1_000_000)),
            Err(MessageTextError::TooLong {
                max: MESSAGE_MAX_CHARS
            })
        );
    }

    #[test]
    fn rejects_empty_and_hostile_characters() {
        assert_eq!(MessageText::parse(" \n\t "), Err(MessageTextError::Empty));
        for bad in [
            "a\u{0000}b",
            "a\u{202E}b",
            "a\u{200B}b",
            "a\u{2066}b",
            "a\u{0007}b",
            "\u{FEFF}x",
        ] {
            assert_eq!(
                MessageText::parse(bad),
                Err(MessageTextError::InvalidCharacter),
                "{bad:?}"
            );
        }
        // Emoji ZWJ sequences and tabs are fine.
        assert!(MessageText::parse("👨\u{200D}👩\u{200D}👧 谢谢\t").is_ok());
        // Markup is just text; escaping is the renderer's job.
        assert!(MessageText::parse("<script>alert(1)</script>").is_ok());
    }

    proptest! {
        #[test]
        fn never_panics_and_respects_bounds(raw in "\\PC{0,1200}") {
            if let Ok(t) = MessageText::parse(&raw) {
                prop_assert!(t.char_count() >= 1 && t.char_count() <= MESSAGE_MAX_CHARS);
                prop_assert_eq!(t.as_str().trim(), t.as_str());
                let json = serde_json::to_string(&t).unwrap();
                prop_assert_eq!(serde_json::from_str::<MessageText>(&json).unwrap(), t);
            }
        }
    }
}
