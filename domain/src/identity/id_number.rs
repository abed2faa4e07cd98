//! 公民身份号码 (GB 11643-1999): 6-digit address code, 8-digit birth date, 3-digit sequence
//! (odd = male), ISO 7064 MOD 11-2 check character.

use std::fmt;

use super::checksum::mod11_2_check;
use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::message::Localized;

/// Earliest birth year accepted (policy-rules.md §10.1: the date "may be a century off";
/// nobody alive was born before 1900).
pub const MIN_BIRTH_YEAR: i32 = 1900;

/// Province-level prefixes of GB/T 2260 (policy-rules.md §10.1). Unknown or retired 6-digit
/// codes are deliberately NOT rejected: the code is the one in force when the number was
/// assigned and never changes.
const PROVINCE_PREFIXES: &[u8] = &[
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
    53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83,
];

pub(crate) fn is_known_province_prefix(prefix: u8) -> bool {
    PROVINCE_PREFIXES.contains(&prefix)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Sex {
    Male,
    Female,
}

#[derive(Clone, PartialEq, Eq, Hash)]
pub struct IdNumber(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum IdNumberError {
    #[error("ID number is empty")]
    Empty,
    #[error("ID number must have 18 characters")]
    WrongLength,
    #[error("ID number may contain only digits and a final X")]
    InvalidCharacter,
    #[error("the first two digits are not a province code")]
    UnknownProvince,
    #[error("the birth date inside the number does not exist")]
    InvalidBirthDate,
    #[error("the birth date inside the number is in the future")]
    BirthDateInFuture,
    #[error("the birth date inside the number is before 1900")]
    BirthDateTooEarly,
    #[error("the last character does not match (typing error?)")]
    WrongCheckDigit,
}

impl IdNumberError {
    pub const MESSAGE_IDS: &'static [&'static str] = &[
        "err-id-empty",
        "err-id-wrong-length",
        "err-id-invalid-character",
        "err-id-unknown-province",
        "err-id-invalid-birth-date",
        "err-id-birth-date-in-future",
        "err-id-birth-date-too-early",
        "err-id-wrong-check-digit",
    ];
}

impl Localized for IdNumberError {
    fn message_id(&self) -> &'static str {
        match self {
            Self::Empty => "err-id-empty",
            Self::WrongLength => "err-id-wrong-length",
            Self::InvalidCharacter => "err-id-invalid-character",
            Self::UnknownProvince => "err-id-unknown-province",
            Self::InvalidBirthDate => "err-id-invalid-birth-date",
            Self::BirthDateInFuture => "err-id-birth-date-in-future",
            Self::BirthDateTooEarly => "err-id-birth-date-too-early",
            Self::WrongCheckDigit => "err-id-wrong-check-digit",
        }
    }
}

/// Normalizes typing: trims, drops inner spaces (people copy numbers grouped 6-8-4), converts
/// full-width digits and a lowercase x.
pub(crate) fn normalize_18(raw: &str) -> Result<String, IdNumberError> {
    if raw.chars().count() > 40 {
        return Err(IdNumberError::WrongLength);
    }
    let mut out = String::with_capacity(18);
    for c in raw.trim().chars() {
        match c {
            '0'..='9' => out.push(c),
            '０'..='９' => out.push(char::from(b'0' + (c as u32 - '０' as u32) as u8)),
            'x' | 'X' | 'ｘ' | 'Ｘ' => out.push('X'),
            ' ' | '\u{3000}' | '-' => {}
            _ => return Err(IdNumberError::InvalidCharacter),
        }
    }
    if out.is_empty() {
        return Err(IdNumberError::Empty);
    }
    if out.len() != 18 {
        return Err(IdNumberError::WrongLength);
    }
    if out[..17].contains('X') {
        return Err(IdNumberError::InvalidCharacter);
    }
    Ok(out)
}

/// The structural checks shared with the 港澳台居民居住证: birth date and check character.
pub(crate) fn check_body(normalized: &str) -> Result<Date, IdNumberError> {
    let birth = Date::parse_compact(&normalized[6..14]).ok_or(IdNumberError::InvalidBirthDate)?;
    if birth.year() < MIN_BIRTH_YEAR {
        return Err(IdNumberError::BirthDateTooEarly);
    }
    let expected =
        mod11_2_check(&normalized.as_bytes()[..17]).ok_or(IdNumberError::InvalidCharacter)?;
    if normalized.as_bytes()[17] != expected {
        return Err(IdNumberError::WrongCheckDigit);
    }
    Ok(birth)
}

impl IdNumber {
    /// Parses and checks everything that does not depend on today's date. Forms use
    /// [`IdNumber::parse_as_of`]; this is what deserialization uses, so a number stored
    /// yesterday stays readable whatever the clock says.
    pub fn parse(raw: &str) -> Result<Self, IdNumberError> {
        let normalized = normalize_18(raw)?;
        let prefix: u8 = normalized[..2]
            .parse()
            .map_err(|_| IdNumberError::InvalidCharacter)?;
        if !is_known_province_prefix(prefix) {
            return Err(IdNumberError::UnknownProvince);
        }
        check_body(&normalized)?;
        Ok(Self(normalized))
    }

    /// Full check for input: also rejects a birth date after `today` (China civil date).
    pub fn parse_as_of(raw: &str, today: Date) -> Result<Self, IdNumberError> {
        let id = Self::parse(raw)?;
        if id.birth_date() > today {
            return Err(IdNumberError::BirthDateInFuture);
        }
        Ok(id)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The GB/T 2260 address code at issuance (may be retired since).
    pub fn address_code(&self) -> &str {
        &self.0[..6]
    }

    pub fn birth_date(&self) -> Date {
        Date::parse_compact(&self.0[6..14]).expect("checked at parse")
    }

    /// Sex from the 17th digit: odd male, even female.
    pub fn sex(&self) -> Sex {
        if (self.0.as_bytes()[16] - b'0') % 2 == 1 {
            Sex::Male
        } else {
            Sex::Female
        }
    }

    /// Masked for logs and staff lists (DESIGN.md §4): first 4 and last 4, `4401**********123X`.
    pub fn masked(&self) -> String {
        format!("{}{}{}", &self.0[..4], "*".repeat(10), &self.0[14..])
    }
}

impl fmt::Display for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for IdNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "IdNumber({})", self.masked())
    }
}

serde_via_parse!(IdNumber);

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use proptest::prelude::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// Builds a valid number from 17 digits by appending the check character.
    pub(crate) fn with_check(body: &str) -> String {
        let c = mod11_2_check(body.as_bytes()).unwrap();
        format!("{body}{}", c as char)
    }

    fn today() -> Date {
        Date::from_ymd(2026, 11, 22).unwrap()
    }

    #[test]
    fn published_examples_parse() {
        let id = IdNumber::parse("11010519491231002X").unwrap();
        assert_eq!(id.birth_date(), Date::from_ymd(1949, 12, 31).unwrap());
        assert_eq!(id.sex(), Sex::Female);
        assert_eq!(id.address_code(), "110105");
        assert_eq!(id.masked(), "1101**********002X");
        let id = IdNumber::parse("360426199101010071").unwrap();
        assert_eq!(id.sex(), Sex::Male);
    }

    #[test]
    fn normalizes_typing() {
        for raw in [
            "11010519491231002x",
            " 110105 19491231 002X ",
            "１１０１０５１９４９１２３１００２Ｘ",
        ] {
            assert_eq!(
                IdNumber::parse(raw).unwrap().as_str(),
                "11010519491231002X",
                "{raw}"
            );
        }
    }

    #[test]
    fn every_wrong_check_character_is_caught() {
        let body = "11010519491231002";
        for c in "0123456789X".chars() {
            let candidate = format!("{body}{c}");
            let result = IdNumber::parse(&candidate);
            if c == 'X' {
                assert!(result.is_ok());
            } else {
                assert_eq!(result, Err(IdNumberError::WrongCheckDigit), "{candidate}");
            }
        }
    }

    #[test]
    fn single_digit_typos_are_caught() {
        let valid = "360426199101010071";
        for pos in 0..17 {
            for d in b'0'..=b'9' {
                let mut bytes = valid.as_bytes().to_vec();
                if bytes[pos] == d {
                    continue;
                }
                bytes[pos] = d;
                let typo = String::from_utf8(bytes).unwrap();
                assert!(IdNumber::parse(&typo).is_err(), "{typo} accepted");
            }
        }
    }

    #[test]
    fn rejections() {
        use IdNumberError::*;
        assert_eq!(IdNumber::parse(""), Err(Empty));
        assert_eq!(IdNumber::parse("1101051949123100"), Err(WrongLength));
        assert_eq!(IdNumber::parse("11010519491231002XX"), Err(WrongLength));
        assert_eq!(IdNumber::parse("110105194912310A2X"), Err(InvalidCharacter));
        assert_eq!(IdNumber::parse("1101051949X231002X"), Err(InvalidCharacter));
        assert_eq!(
            IdNumber::parse(&with_check("99010519491231002")),
            Err(UnknownProvince)
        );
        assert_eq!(
            IdNumber::parse(&with_check("11010519490231002")),
            Err(InvalidBirthDate)
        );
        assert_eq!(
            IdNumber::parse(&with_check("11010518991231002")),
            Err(BirthDateTooEarly)
        );
        let future = with_check("11010520301231002");
        assert!(IdNumber::parse(&future).is_ok(), "structure is fine");
        assert_eq!(
            IdNumber::parse_as_of(&future, today()),
            Err(BirthDateInFuture)
        );
        let born_today = with_check("11010520261122002");
        assert!(IdNumber::parse_as_of(&born_today, today()).is_ok());
        let born_tomorrow = with_check("11010520261123002");
        assert_eq!(
            IdNumber::parse_as_of(&born_tomorrow, today()),
            Err(BirthDateInFuture)
        );
    }

    #[test]
    fn leap_day_births() {
        assert!(IdNumber::parse(&with_check("44010120000229123")).is_ok());
        assert_eq!(
            IdNumber::parse(&with_check("44010119000229123")),
            Err(IdNumberError::InvalidBirthDate),
            "1900 was not a leap year"
        );
    }

    #[test]
    fn serde_parses() {
        let id: IdNumber = serde_json::from_str("\"11010519491231002x\"").unwrap();
        assert_eq!(
            serde_json::to_string(&id).unwrap(),
            "\"11010519491231002X\""
        );
        assert!(serde_json::from_str::<IdNumber>("\"110105194912310021\"").is_err());
    }

    proptest! {
        #[test]
        fn generated_valid_numbers_round_trip(
            province in proptest::sample::select(PROVINCE_PREFIXES.to_vec()),
            rest in "[0-9]{4}",
            days in 0i64..45_000,
            seq in "[0-9]{3}",
        ) {
            let birth = Date::from_ymd(1900, 1, 1).unwrap().add_days(days).unwrap();
            let body = format!("{province:02}{rest}{}{seq}", birth.compact());
            let id = IdNumber::parse(&with_check(&body)).unwrap();
            prop_assert_eq!(id.birth_date(), birth);
            let json = serde_json::to_string(&id).unwrap();
            prop_assert_eq!(serde_json::from_str::<IdNumber>(&json).unwrap(), id);
        }

        #[test]
        fn never_panics(raw in "\\PC{0,30}") {
            let _ = IdNumber::parse(&raw);
        }

        #[test]
        fn never_panics_on_digit_strings(raw in "[0-9xX]{17,19}") {
            let _ = IdNumber::parse_as_of(&raw, today());
        }
    }
}
