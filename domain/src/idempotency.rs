//! Idempotency keys carried by every state-changing form (DESIGN.md §4): a retried or
//! double-tapped submit presents the same key and receives the first result.

use std::fmt;

use crate::message::Localized;

const MIN_LEN: usize = 16;
const MAX_LEN: usize = 64;

#[derive(Clone, PartialEq, Eq, Hash)]
pub struct IdempotencyKey(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum IdempotencyKeyError {
    #[error("idempotency key missing or malformed")]
    Malformed,
}

impl IdempotencyKeyError {
    pub const MESSAGE_IDS: &'static [&'static str] = &["err-idempotency-key"];
}

impl Localized for IdempotencyKeyError {
    fn message_id(&self) -> &'static str {
        "err-idempotency-key"
    }
}

impl IdempotencyKey {
    /// 16 to 64 characters of `[A-Za-z0-9_-]` (a UUID, with or without hyphens, fits).
    pub fn parse(raw: &str) -> Result<Self, IdempotencyKeyError> {
        let ok = (MIN_LEN..=MAX_LEN).contains(&raw.len())
            && raw
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if ok {
            Ok(Self(raw.to_owned()))
        } else {
            Err(IdempotencyKeyError::Malformed)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for IdempotencyKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for IdempotencyKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IdempotencyKey({})", self.0)
    }
}

serde_via_parse!(IdempotencyKey);

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn bounds_and_charset() {
        assert!(IdempotencyKey::parse("0f8fad5b-d9cb-469f-a165-70867728950e").is_ok());
        assert!(IdempotencyKey::parse(&"a".repeat(MIN_LEN)).is_ok());
        assert!(IdempotencyKey::parse(&"a".repeat(MAX_LEN)).is_ok());
        assert!(IdempotencyKey::parse(&"a".repeat(MIN_LEN - 1)).is_err());
        assert!(IdempotencyKey::parse(&"a".repeat(MAX_LEN + 1)).is_err());
        assert!(IdempotencyKey::parse("0f8fad5b d9cb 469f a165").is_err());
        assert!(IdempotencyKey::parse("'; DROP TABLE x; --aaaaaaa").is_err());
    }
}
