//! The shared form-error model.
//!
//! A field error has a stable field path (`"mobile"`, later `"members[1].id_number"`) and a
//! message. The browser shows it next to the field and in the error summary at the top of the
//! page; the server returns exactly the same structure when it re-parses the submission, so the
//! two views of an error are identical by construction.

use serde::{Deserialize, Serialize};

use crate::message::{Localized, MessageArg};

/// Message IDs used by the form layer itself (not tied to one field type).
pub const FORM_MESSAGE_IDS: &[&str] = &[MSG_REQUEST_MALFORMED, MSG_FIELD_REQUIRED];

/// The submitted request could not be read at all (wrong encoding, not a form).
pub const MSG_REQUEST_MALFORMED: &str = "err-request-malformed";
/// Generic "this field is required" for fields without a type-specific message.
pub const MSG_FIELD_REQUIRED: &str = "err-field-required";

/// One problem with one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// Stable path of the field; also the suffix of the input's HTML id (`field-<path>`).
    pub field: String,
    /// Fluent message ID.
    pub message_id: String,
    /// Arguments for the message.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<MessageArg>,
}

impl FieldError {
    pub fn new(field: &str, error: &impl Localized) -> Self {
        Self {
            field: field.to_owned(),
            message_id: error.message_id().to_owned(),
            args: error.message_args(),
        }
    }
}

/// All field errors of one submission, in the order the fields appear on the page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormErrors {
    pub errors: Vec<FieldError>,
}

impl FormErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    pub fn len(&self) -> usize {
        self.errors.len()
    }

    pub fn push(&mut self, field: &str, error: &impl Localized) {
        self.errors.push(FieldError::new(field, error));
    }

    /// The first error of a field, if any (a field shows one message at a time).
    pub fn for_field(&self, field: &str) -> Option<&FieldError> {
        self.errors.iter().find(|e| e.field == field)
    }

    /// Parses one field, recording its error; returns the value when it parsed.
    pub fn field<T, E: Localized>(&mut self, field: &str, parsed: Result<T, E>) -> Option<T> {
        match parsed {
            Ok(value) => Some(value),
            Err(error) => {
                self.push(field, &error);
                None
            }
        }
    }
}
