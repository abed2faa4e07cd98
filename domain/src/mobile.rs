//! Mainland China mobile numbers.
//!
//! Rule (policy-rules.md §10.3): after removing `+86`/`0086`, spaces and hyphens the number is
//! `1[3-9]` followed by nine digits. Carrier prefixes are deliberately not hard-coded: the
//! allocation changes (19x, 16x and 17x virtual operators came late).

use std::fmt;

use crate::message::Localized;

/// Number of digits of a mainland mobile number.
const MOBILE_DIGITS: usize = 11;
/// Longest raw input considered at all (an 11-digit number with a prefix and separators fits
/// easily); anything longer is rejected before any further work.
const MAX_RAW_CHARS: usize = 32;

/// A validated mainland mobile number, stored as its 11 digits.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct MobileNumber(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MobileError {
    #[error("mobile number is empty")]
    Empty,
    #[error("mobile number contains a character that is not a digit")]
    InvalidCharacter,
    #[error("mobile number must have 11 digits")]
    WrongLength,
    #[error("not a mainland mobile number (must start with 13-19)")]
    NotMobile,
}

impl MobileError {
    pub const MESSAGE_IDS: &'static [&'static str] = &[
        "err-mobile-empty",
        "err-mobile-invalid-character",
        "err-mobile-wrong-length",
        "err-mobile-not-mobile",
    ];
}

impl Localized for MobileError {
    fn message_id(&self) -> &'static str {
        match self {
            Self::Empty => "err-mobile-empty",
            Self::InvalidCharacter => "err-mobile-invalid-character",
            Self::WrongLength => "err-mobile-wrong-length",
            Self::NotMobile => "err-mobile-not-mobile",
        }
    }
}

impl MobileNumber {
    /// Parses user input: tolerant of spaces, hyphens, dots, brackets, full-width digits (typed
    /// with a Chinese input method) and a `+86` / `0086` / `86` country prefix.
    pub fn parse(raw: &str) -> Result<Self, MobileError> {
        if raw.chars().count() > MAX_RAW_CHARS {
            return Err(MobileError::WrongLength);
        }
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(MobileError::Empty);
        }
        let mut digits = String::with_capacity(MOBILE_DIGITS + 4);
        for (i, c) in trimmed.chars().enumerate() {
            match c {
                '0'..='9' => digits.push(c),
                // Full-width digits U+FF10..U+FF19.
                '０'..='９' => digits.push(char::from(b'0' + (c as u32 - '０' as u32) as u8)),
                ' ' | '-' | '.' | '(' | ')' | '\u{3000}' | '－' => {}
                '+' | '＋' if i == 0 => {}
                _ => return Err(MobileError::InvalidCharacter),
            }
        }
        let national = if digits.len() == MOBILE_DIGITS + 4 && digits.starts_with("0086") {
            &digits[4..]
        } else if digits.len() == MOBILE_DIGITS + 2 && digits.starts_with("86") {
            &digits[2..]
        } else {
            &digits[..]
        };
        if national.len() != MOBILE_DIGITS {
            return Err(MobileError::WrongLength);
        }
        let bytes = national.as_bytes();
        if bytes[0] != b'1' || !(b'3'..=b'9').contains(&bytes[1]) {
            return Err(MobileError::NotMobile);
        }
        Ok(Self(national.to_owned()))
    }

    /// The 11 digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// E.164 form for SMS gateways.
    pub fn e164(&self) -> String {
        format!("+86{}", self.0)
    }

    /// Masked form for logs and staff lists: `138****5678`.
    pub fn masked(&self) -> String {
        format!("{}****{}", &self.0[..3], &self.0[7..])
    }
}

impl fmt::Display for MobileNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Debug never prints the full number, so a stray `{:?}` cannot leak it into a log.
impl fmt::Debug for MobileNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MobileNumber({})", self.masked())
    }
}

serde_via_parse!(MobileNumber);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn accepts_common_spellings() {
        for raw in [
            "13812345678",
            " 138 1234 5678 ",
            "138-1234-5678",
            "+86 138 1234 5678",
            "+8613812345678",
            "008613812345678",
            "8613812345678",
            "１３８１２３４５６７８",
            "(138) 1234-5678",
        ] {
            assert_eq!(
                MobileNumber::parse(raw).unwrap().as_str(),
                "13812345678",
                "{raw}"
            );
        }
    }

    #[test]
    fn rejects_with_the_specific_reason() {
        assert_eq!(MobileNumber::parse("  "), Err(MobileError::Empty));
        assert_eq!(
            MobileNumber::parse("1381234567a"),
            Err(MobileError::InvalidCharacter)
        );
        assert_eq!(
            MobileNumber::parse("138+12345678"),
            Err(MobileError::InvalidCharacter)
        );
        assert_eq!(
            MobileNumber::parse("1381234567"),
            Err(MobileError::WrongLength)
        );
        assert_eq!(
            MobileNumber::parse("138123456789"),
            Err(MobileError::WrongLength)
        );
        assert_eq!(
            MobileNumber::parse("12812345678"),
            Err(MobileError::NotMobile)
        );
        assert_eq!(
            MobileNumber::parse("23812345678"),
            Err(MobileError::NotMobile)
        );
        assert_eq!(
            MobileNumber::parse("02012345678"),
            Err(MobileError::NotMobile)
        );
        assert_eq!(
            MobileNumber::parse(&"1".repeat(10_000)),
            Err(MobileError::WrongLength)
        );
    }

    #[test]
    fn every_second_digit_3_to_9_is_accepted() {
        for second in 3..=9 {
            let raw = format!("1{second}012345678");
            assert!(MobileNumber::parse(&raw).is_ok(), "{raw}");
        }
    }

    #[test]
    fn masks_and_formats() {
        let m = MobileNumber::parse("13812345678").unwrap();
        assert_eq!(m.masked(), "138****5678");
        assert_eq!(m.e164(), "+8613812345678");
        assert_eq!(format!("{m:?}"), "MobileNumber(138****5678)");
    }

    #[test]
    fn serde_parses() {
        let m: MobileNumber = serde_json::from_str("\"+86 139-0000-0000\"").unwrap();
        assert_eq!(serde_json::to_string(&m).unwrap(), "\"13900000000\"");
        assert!(serde_json::from_str::<MobileNumber>("\"12345\"").is_err());
    }

    proptest! {
        #[test]
        fn valid_numbers_round_trip(second in 3u8..=9, rest in "[0-9]{9}") {
            let raw = format!("1{second}{rest}");
            let m = MobileNumber::parse(&raw).unwrap();
            prop_assert_eq!(m.as_str(), raw.as_str());
            let json = serde_json::to_string(&m).unwrap();
            prop_assert_eq!(serde_json::from_str::<MobileNumber>(&json).unwrap(), m);
        }

        #[test]
        fn never_panics(raw in "\\PC{0,40}") {
            let _ = MobileNumber::parse(&raw);
        }

        #[test]
        fn parsed_value_is_always_eleven_ascii_digits(raw in "[0-9 +()-]{0,20}") {
            if let Ok(m) = MobileNumber::parse(&raw) {
                prop_assert_eq!(m.as_str().len(), 11);
                prop_assert!(m.as_str().bytes().all(|b| b.is_ascii_digit()));
            }
        }
    }
}
