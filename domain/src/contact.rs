//! The "contact the bureau" message: the first vertical slice through every layer.

use serde::{Deserialize, Serialize};

use crate::form::FormErrors;
use crate::idempotency::IdempotencyKey;
use crate::mobile::MobileNumber;
use crate::name::PersonName;
use crate::text::MessageText;

/// Field paths of the contact form, shared by the page, the island and the server.
pub mod fields {
    pub const NAME: &str = "name";
    pub const MOBILE: &str = "mobile";
    pub const MESSAGE: &str = "message";
    pub const IDEMPOTENCY_KEY: &str = "idempotency_key";
}

/// The contact form exactly as submitted: untrusted strings.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub mobile: String,
    #[serde(default)]
    pub message: String,
    #[serde(default)]
    pub idempotency_key: String,
}

redacted_debug!(ContactForm {
    name,
    mobile,
    message,
    idempotency_key
});

/// A contact message whose every field parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactMessage {
    pub name: PersonName,
    pub mobile: MobileNumber,
    pub message: MessageText,
    pub idempotency_key: IdempotencyKey,
}

impl TryFrom<&ContactForm> for ContactMessage {
    type Error = FormErrors;

    /// Parses every field and reports all problems at once, in page order, so the resident
    /// fixes everything in one pass instead of one error per submit.
    fn try_from(form: &ContactForm) -> Result<Self, FormErrors> {
        let mut errors = FormErrors::new();
        let name = errors.field(fields::NAME, PersonName::parse(&form.name));
        let mobile = errors.field(fields::MOBILE, MobileNumber::parse(&form.mobile));
        let message = errors.field(fields::MESSAGE, MessageText::parse(&form.message));
        let key = errors.field(
            fields::IDEMPOTENCY_KEY,
            IdempotencyKey::parse(&form.idempotency_key),
        );
        match (name, mobile, message, key) {
            (Some(name), Some(mobile), Some(message), Some(idempotency_key)) => Ok(Self {
                name,
                mobile,
                message,
                idempotency_key,
            }),
            _ => Err(errors),
        }
    }
}

/// The reference a resident quotes about a contact message: `LX`, the date, a dash and six
/// characters from an alphabet without look-alikes (no 0/O, 1/I/L), e.g. `LX20261122-7KQ4M2`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ContactReference(String);

/// Characters of the random part: digits and capitals minus the ones read aloud ambiguously.
pub const REFERENCE_ALPHABET: &[u8] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
const REFERENCE_PREFIX: &str = "LX";
const REFERENCE_RANDOM_LEN: usize = 6;

impl ContactReference {
    /// Builds a reference from a `YYYYMMDD` date and random bytes (each mapped into the
    /// alphabet); the caller supplies randomness because this crate does no I/O.
    pub fn new(yyyymmdd: &str, random: [u8; REFERENCE_RANDOM_LEN]) -> Option<Self> {
        if yyyymmdd.len() != 8 || !yyyymmdd.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let suffix: String = random
            .iter()
            .map(|b| REFERENCE_ALPHABET[usize::from(*b) % REFERENCE_ALPHABET.len()] as char)
            .collect();
        Some(Self(format!("{REFERENCE_PREFIX}{yyyymmdd}-{suffix}")))
    }

    /// Accepts a reference as typed back (any case, surrounding spaces).
    pub fn parse(raw: &str) -> Option<Self> {
        let upper = raw.trim().to_ascii_uppercase();
        let rest = upper.strip_prefix(REFERENCE_PREFIX)?;
        let (date, random) = rest.split_once('-')?;
        let ok = date.len() == 8
            && date.bytes().all(|b| b.is_ascii_digit())
            && random.len() == REFERENCE_RANDOM_LEN
            && random.bytes().all(|b| REFERENCE_ALPHABET.contains(&b));
        ok.then_some(Self(upper))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn form() -> ContactForm {
        ContactForm {
            name: "张三".into(),
            mobile: "13812345678".into(),
            message: "请问低保如何申请？".into(),
            idempotency_key: "0f8fad5b-d9cb-469f-a165-70867728950e".into(),
        }
    }

    #[test]
    fn references_round_trip() {
        let r = ContactReference::new("20261122", [0, 1, 2, 3, 30, 31]).unwrap();
        assert_eq!(r.as_str(), "LX20261122-2345Z2");
        assert_eq!(ContactReference::parse(" lx20261122-2345z2 "), Some(r));
        assert_eq!(ContactReference::parse("LX20261122-2345O2"), None);
        assert_eq!(ContactReference::parse("LX2026112-234567"), None);
        assert_eq!(ContactReference::parse("<script>"), None);
        assert_eq!(ContactReference::new("2026-11-2", [0; 6]), None);
    }

    #[test]
    fn valid_form_parses() {
        let msg = ContactMessage::try_from(&form()).unwrap();
        assert_eq!(msg.mobile.as_str(), "13812345678");
    }

    #[test]
    fn all_errors_reported_in_page_order() {
        let bad = ContactForm {
            name: "".into(),
            mobile: "12345".into(),
            message: " ".into(),
            idempotency_key: "x".into(),
        };
        let errors = ContactMessage::try_from(&bad).unwrap_err();
        let got: Vec<(&str, &str)> = errors
            .errors
            .iter()
            .map(|e| (e.field.as_str(), e.message_id.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("name", "err-name-empty"),
                ("mobile", "err-mobile-wrong-length"),
                ("message", "err-message-empty"),
                ("idempotency_key", "err-idempotency-key"),
            ]
        );
    }
}
