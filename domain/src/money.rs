//! Money as integer 分 (fen, 0.01 元). Never floating point: amounts are compared against legal
//! thresholds and summed across household members, where binary fractions would misdecide
//! boundary cases.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::message::{arg, Localized, MessageArg};

/// Fen per yuan.
const FEN_PER_YUAN: i64 = 100;
/// Largest amount a resident may enter: 100 million 元 (any household income or asset the
/// assistance rules look at is far below; larger input is a typing error).
pub const MAX_INPUT_YUAN: i64 = 100_000_000;

/// An amount of money in 分. May be negative only as the result of arithmetic (e.g. a
/// difference); user input is never negative.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Money(i64);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("amount is empty")]
    Empty,
    #[error("amount is not a number")]
    NotANumber,
    #[error("amount has more than two decimal places")]
    TooManyDecimals,
    #[error("amount is negative")]
    Negative,
    #[error("amount is larger than {max} yuan")]
    TooLarge { max: i64 },
}

impl MoneyError {
    pub const MESSAGE_IDS: &'static [&'static str] = &[
        "err-money-empty",
        "err-money-not-a-number",
        "err-money-too-many-decimals",
        "err-money-negative",
        "err-money-too-large",
    ];
}

impl Localized for MoneyError {
    fn message_id(&self) -> &'static str {
        match self {
            Self::Empty => "err-money-empty",
            Self::NotANumber => "err-money-not-a-number",
            Self::TooManyDecimals => "err-money-too-many-decimals",
            Self::Negative => "err-money-negative",
            Self::TooLarge { .. } => "err-money-too-large",
        }
    }

    fn message_args(&self) -> Vec<MessageArg> {
        match self {
            Self::TooLarge { max } => vec![arg("max", max)],
            _ => Vec::new(),
        }
    }
}

impl Money {
    pub const ZERO: Money = Money(0);

    pub const fn from_fen(fen: i64) -> Money {
        Money(fen)
    }

    pub const fn from_yuan(yuan: i64) -> Money {
        Money(yuan * FEN_PER_YUAN)
    }

    pub fn fen(self) -> i64 {
        self.0
    }

    /// Parses what a resident types, in 元: `1234`, `1234.5`, `1,234.56`, `¥1234`, `1234元`,
    /// full-width digits. At most two decimals; not negative; at most [`MAX_INPUT_YUAN`].
    pub fn parse_yuan(raw: &str) -> Result<Money, MoneyError> {
        if raw.len() > 64 {
            return Err(MoneyError::TooLarge {
                max: MAX_INPUT_YUAN,
            });
        }
        let mut s: String = raw
            .trim()
            .chars()
            .filter(|c| !matches!(c, ',' | '，' | ' ' | '\u{3000}'))
            .map(|c| match c {
                '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
                '．' => '.',
                '－' => '-',
                c => c,
            })
            .collect();
        for prefix in ["¥", "￥", "RMB", "CNY"] {
            if let Some(rest) = s.strip_prefix(prefix) {
                s = rest.to_owned();
            }
        }
        if let Some(rest) = s.strip_suffix('元') {
            s = rest.to_owned();
        }
        if s.is_empty() {
            return Err(MoneyError::Empty);
        }
        if let Some(rest) = s.strip_prefix('-') {
            return if Money::parse_yuan(rest).is_ok() {
                Err(MoneyError::Negative)
            } else {
                Err(MoneyError::NotANumber)
            };
        }
        let (whole, frac) = match s.split_once('.') {
            Some((w, f)) => (w, f),
            None => (s.as_str(), ""),
        };
        let all_digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
        if (whole.is_empty() && frac.is_empty()) || !all_digits(whole) || !all_digits(frac) {
            return Err(MoneyError::NotANumber);
        }
        if frac.len() > 2 {
            return Err(MoneyError::TooManyDecimals);
        }
        let whole = whole.trim_start_matches('0');
        if whole.len() > 9 {
            return Err(MoneyError::TooLarge {
                max: MAX_INPUT_YUAN,
            });
        }
        let yuan: i64 = if whole.is_empty() {
            0
        } else {
            whole.parse().map_err(|_| MoneyError::NotANumber)?
        };
        let fen_part: i64 = match frac.len() {
            0 => 0,
            1 => frac.parse::<i64>().map_err(|_| MoneyError::NotANumber)? * 10,
            _ => frac.parse().map_err(|_| MoneyError::NotANumber)?,
        };
        let total = yuan * FEN_PER_YUAN + fen_part;
        if total > MAX_INPUT_YUAN * FEN_PER_YUAN {
            return Err(MoneyError::TooLarge {
                max: MAX_INPUT_YUAN,
            });
        }
        Ok(Money(total))
    }

    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.0.checked_add(other.0).map(Money)
    }

    pub fn checked_sub(self, other: Money) -> Option<Money> {
        self.0.checked_sub(other.0).map(Money)
    }

    pub fn checked_mul(self, factor: i64) -> Option<Money> {
        self.0.checked_mul(factor).map(Money)
    }

    /// Multiplies by `numerator / denominator`, rounding half away from zero to the fen (e.g.
    /// 1.3 × a standard: `ratio(13, 10)`).
    pub fn checked_ratio(self, numerator: i64, denominator: i64) -> Option<Money> {
        if denominator == 0 {
            return None;
        }
        let product = i128::from(self.0) * i128::from(numerator);
        let d = i128::from(denominator);
        let q = product / d;
        let r = product % d;
        let rounded = if 2 * r.abs() >= d.abs() {
            q + product.signum() * d.signum()
        } else {
            q
        };
        i64::try_from(rounded).ok().map(Money)
    }

    /// Sum of amounts; `None` on overflow.
    pub fn checked_sum(items: impl IntoIterator<Item = Money>) -> Option<Money> {
        items.into_iter().try_fold(Money::ZERO, Money::checked_add)
    }

    pub fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// Plain decimal 元 with two places: `1234.50`.
    pub fn yuan_string(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        format!("{sign}{}.{:02}", abs / 100, abs % 100)
    }

    /// With thousands separators for display: `1,234.50`.
    pub fn yuan_grouped(self) -> String {
        let plain = self.yuan_string();
        let (sign, rest) = plain
            .strip_prefix('-')
            .map_or(("", plain.as_str()), |r| ("-", r));
        let (whole, frac) = rest.split_once('.').unwrap_or((rest, "00"));
        let mut grouped = String::new();
        for (i, c) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(c);
        }
        format!("{sign}{grouped}.{frac}")
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.yuan_string())
    }
}

impl fmt::Debug for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "¥{}", self.yuan_string())
    }
}

/// Largest magnitude accepted when deserializing: far above any real amount, low enough that
/// sums over a household (and ×12 for a year) cannot overflow.
pub(crate) const MAX_DESERIALIZED_FEN: i64 = 1_000_000_000_000_000;

/// Serialized as integer fen: exact, language-neutral, and what storage keeps.
impl Serialize for Money {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.0)
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let fen = i64::deserialize(d)?;
        if fen.unsigned_abs() > MAX_DESERIALIZED_FEN as u64 {
            return Err(serde::de::Error::custom("amount out of range"));
        }
        Ok(Money(fen))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn parses_resident_input() {
        for (raw, fen) in [
            ("0", 0),
            ("1234", 123_400),
            ("1234.5", 123_450),
            ("1,234.56", 123_456),
            ("¥ 1234.56", 123_456),
            ("1234元", 123_400),
            ("１２３４．５６", 123_456),
            (".5", 50),
            ("7.", 700),
            ("00012.30", 1_230),
            ("100000000", 10_000_000_000),
        ] {
            assert_eq!(Money::parse_yuan(raw), Ok(Money::from_fen(fen)), "{raw}");
        }
    }

    #[test]
    fn rejects_with_reasons() {
        assert_eq!(Money::parse_yuan(" "), Err(MoneyError::Empty));
        assert_eq!(Money::parse_yuan("1.234"), Err(MoneyError::TooManyDecimals));
        assert_eq!(Money::parse_yuan("-5"), Err(MoneyError::Negative));
        assert_eq!(Money::parse_yuan("abc"), Err(MoneyError::NotANumber));
        assert_eq!(Money::parse_yuan("1e5"), Err(MoneyError::NotANumber));
        assert_eq!(Money::parse_yuan("."), Err(MoneyError::NotANumber));
        assert_eq!(Money::parse_yuan("1.2.3"), Err(MoneyError::NotANumber));
        assert_eq!(Money::parse_yuan("NaN"), Err(MoneyError::NotANumber));
        assert_eq!(
            Money::parse_yuan("100000000.01"),
            Err(MoneyError::TooLarge {
                max: MAX_INPUT_YUAN
            })
        );
        assert_eq!(
            Money::parse_yuan(&"9".repeat(40)),
            Err(MoneyError::TooLarge {
                max: MAX_INPUT_YUAN
            })
        );
    }

    #[test]
    fn arithmetic_is_checked_and_exact() {
        let a = Money::parse_yuan("0.10").unwrap();
        let b = Money::parse_yuan("0.20").unwrap();
        assert_eq!(a.checked_add(b), Some(Money::from_fen(30)));
        assert_eq!(
            Money::from_fen(i64::MAX).checked_add(Money::from_fen(1)),
            None
        );
        assert_eq!(
            Money::from_yuan(1_000).checked_ratio(13, 10),
            Some(Money::from_yuan(1_300))
        );
        assert_eq!(
            Money::from_fen(5).checked_ratio(1, 2),
            Some(Money::from_fen(3)),
            "half rounds up"
        );
        assert_eq!(
            Money::from_fen(-5).checked_ratio(1, 2),
            Some(Money::from_fen(-3))
        );
        assert_eq!(Money::from_fen(1).checked_ratio(1, 0), None);
    }

    #[test]
    fn deserialization_is_bounded() {
        assert!(serde_json::from_str::<Money>("9223372036854775807").is_err());
        assert_eq!(
            serde_json::from_str::<Money>("-5").unwrap(),
            Money::from_fen(-5)
        );
    }

    #[test]
    fn formats() {
        assert_eq!(Money::from_fen(123_456_789).yuan_grouped(), "1,234,567.89");
        assert_eq!(Money::from_fen(-5).yuan_string(), "-0.05");
        assert_eq!(Money::from_fen(100).to_string(), "1.00");
    }

    proptest! {
        #[test]
        fn display_round_trips(fen in 0i64..=MAX_INPUT_YUAN * 100) {
            let m = Money::from_fen(fen);
            prop_assert_eq!(Money::parse_yuan(&m.yuan_string()), Ok(m));
            prop_assert_eq!(Money::parse_yuan(&m.yuan_grouped()), Ok(m));
            let json = serde_json::to_string(&m).unwrap();
            prop_assert_eq!(serde_json::from_str::<Money>(&json).unwrap(), m);
        }

        #[test]
        fn never_panics(raw in "\\PC{0,40}") {
            let _ = Money::parse_yuan(&raw);
        }
    }
}
