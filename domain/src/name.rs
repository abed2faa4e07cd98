//! Person names: Chinese names (including the middle dot of minority names such as
//! 阿卜杜热合曼·买买提明) and Latin-script names of foreign parties.

use std::fmt;

use crate::message::{arg, Localized, MessageArg};
use crate::text::is_disallowed_invisible;

/// The canonical separator of transliterated minority and foreign names (U+00B7).
pub const NAME_DOT: char = '·';
/// Longest Chinese-script name accepted, in characters. Uyghur and Tibetan names transliterated
/// with separators run to about 20 characters; 30 leaves room without admitting essays.
pub const HAN_NAME_MAX_CHARS: usize = 30;
/// Longest Latin-script name accepted (passport MRZ holds 39; printed names can be longer).
pub const LATIN_NAME_MAX_CHARS: usize = 100;
/// Fewest letters in a name (a Chinese full name is at least surname + one given character).
pub const NAME_MIN_LETTERS: usize = 2;

#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PersonName(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PersonNameError {
    #[error("name is empty")]
    Empty,
    #[error("name is too short")]
    TooShort,
    #[error("name is longer than {max} characters")]
    TooLong { max: usize },
    #[error("name contains a character that is not allowed in names")]
    InvalidCharacter,
    #[error("name mixes Chinese and Latin letters")]
    MixedScript,
    #[error("a separator is at the start, at the end or doubled")]
    MisplacedSeparator,
}

impl PersonNameError {
    pub const MESSAGE_IDS: &'static [&'static str] = &[
        "err-name-empty",
        "err-name-too-short",
        "err-name-too-long",
        "err-name-invalid-character",
        "err-name-mixed-script",
        "err-name-misplaced-separator",
    ];
}

impl Localized for PersonNameError {
    fn message_id(&self) -> &'static str {
        match self {
            Self::Empty => "err-name-empty",
            Self::TooShort => "err-name-too-short",
            Self::TooLong { .. } => "err-name-too-long",
            Self::InvalidCharacter => "err-name-invalid-character",
            Self::MixedScript => "err-name-mixed-script",
            Self::MisplacedSeparator => "err-name-misplaced-separator",
        }
    }

    fn message_args(&self) -> Vec<MessageArg> {
        match self {
            Self::TooLong { max } => vec![arg("max", max)],
            _ => Vec::new(),
        }
    }
}

/// CJK ideographs in every block a name may use (rare characters in names often live in the
/// extension blocks), plus 〇.
fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2EBEF}'
        | '\u{30000}'..='\u{323AF}'
        | '\u{3007}'
    )
}

/// Latin letters, including the precomposed accented letters of European names.
fn is_latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
        || matches!(c, '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}') && c != '×' && c != '÷'
}

/// Look-alikes of the name middle dot that input methods and fonts produce.
fn is_dot_lookalike(c: char) -> bool {
    matches!(
        c,
        '\u{00B7}'
            | '\u{2022}'
            | '\u{2027}'
            | '\u{30FB}'
            | '\u{FF65}'
            | '\u{0387}'
            | '\u{2219}'
            | '\u{22C5}'
            | '\u{2E31}'
            | '\u{FF0E}'
            | '\u{1427}'
    )
}

#[derive(PartialEq, Clone, Copy)]
enum Script {
    Han,
    Latin,
}

impl PersonName {
    pub fn parse(raw: &str) -> Result<Self, PersonNameError> {
        if raw.len() > LATIN_NAME_MAX_CHARS * 4 + 16 {
            return Err(PersonNameError::TooLong {
                max: LATIN_NAME_MAX_CHARS,
            });
        }
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(PersonNameError::Empty);
        }
        if trimmed
            .chars()
            .any(|c| c.is_control() || is_disallowed_invisible(c) || c == '\u{200D}')
        {
            return Err(PersonNameError::InvalidCharacter);
        }
        let script = if trimmed.chars().any(is_han) {
            Script::Han
        } else {
            Script::Latin
        };
        let normalized = match script {
            Script::Han => Self::normalize_han(trimmed)?,
            Script::Latin => Self::normalize_latin(trimmed)?,
        };
        let letters = normalized
            .chars()
            .filter(|c| is_han(*c) || is_latin_letter(*c))
            .count();
        if letters < NAME_MIN_LETTERS {
            return Err(PersonNameError::TooShort);
        }
        let max = match script {
            Script::Han => HAN_NAME_MAX_CHARS,
            Script::Latin => LATIN_NAME_MAX_CHARS,
        };
        if normalized.chars().count() > max {
            return Err(PersonNameError::TooLong { max });
        }
        Ok(Self(normalized))
    }

    /// Han names: ideographs separated by single middle dots; spaces are dropped (people often
    /// type 张 三); every dot look-alike and a `.` between ideographs becomes U+00B7.
    fn normalize_han(s: &str) -> Result<String, PersonNameError> {
        let mut out = String::with_capacity(s.len());
        for c in s.chars() {
            if is_han(c) {
                out.push(c);
            } else if is_dot_lookalike(c) || c == '.' {
                out.push(NAME_DOT);
            } else if c.is_whitespace() {
                continue;
            } else if is_latin_letter(c) {
                return Err(PersonNameError::MixedScript);
            } else {
                return Err(PersonNameError::InvalidCharacter);
            }
        }
        Self::check_separators(&out, |c| c == NAME_DOT)?;
        Ok(out)
    }

    /// Latin names: letters separated by single spaces, hyphens, apostrophes or dots
    /// (initials); runs of white space collapse; the typographic apostrophe becomes `'`.
    fn normalize_latin(s: &str) -> Result<String, PersonNameError> {
        let mut out = String::with_capacity(s.len());
        let mut pending_space = false;
        for c in s.chars() {
            if c.is_whitespace() {
                pending_space = !out.is_empty();
                continue;
            }
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            match c {
                c if is_latin_letter(c) => out.push(c),
                '-' | '\'' => out.push(c),
                '\u{2019}' | '\u{02BC}' => out.push('\''),
                '.' => out.push('.'),
                c if is_dot_lookalike(c) => out.push(NAME_DOT),
                _ => return Err(PersonNameError::InvalidCharacter),
            }
        }
        Self::check_separators(&out, |c| matches!(c, '-' | '\'' | NAME_DOT))?;
        if out.starts_with('.') || out.contains("..") || out.contains(" .") {
            return Err(PersonNameError::MisplacedSeparator);
        }
        Ok(out)
    }

    fn check_separators(s: &str, is_sep: impl Fn(char) -> bool) -> Result<(), PersonNameError> {
        let chars: Vec<char> = s.chars().collect();
        let first_last = [chars.first(), chars.last()];
        if first_last.iter().flatten().any(|c| is_sep(**c)) {
            return Err(PersonNameError::MisplacedSeparator);
        }
        if chars
            .windows(2)
            .any(|w| (is_sep(w[0]) || w[0] == ' ') && (is_sep(w[1]) || w[1] == ' '))
        {
            return Err(PersonNameError::MisplacedSeparator);
        }
        Ok(())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Masked form used in public notices and logs (policy-rules.md §11.1): 张三 → 张*,
    /// 张小三 → 张*三, Latin names keep their first letter.
    pub fn masked(&self) -> String {
        let chars: Vec<char> = self.0.chars().collect();
        if chars.iter().any(|c| is_han(*c)) {
            match chars.len() {
                0 | 1 => "*".to_owned(),
                2 => format!("{}*", chars[0]),
                n => format!("{}{}{}", chars[0], "*".repeat(n - 2), chars[n - 1]),
            }
        } else {
            format!("{}***", chars[0])
        }
    }
}

impl fmt::Display for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PersonName({})", self.masked())
    }
}

serde_via_parse!(PersonName);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn ok(raw: &str) -> String {
        PersonName::parse(raw)
            .unwrap_or_else(|e| panic!("{raw:?}: {e}"))
            .0
    }

    #[test]
    fn chinese_names() {
        assert_eq!(ok("张三"), "张三");
        assert_eq!(ok(" 欧阳 娜娜 "), "欧阳娜娜");
        assert_eq!(ok("𠈌𠮷"), "𠈌𠮷");
    }

    #[test]
    fn minority_names_normalize_the_dot() {
        for dot in ['·', '•', '‧', '・', '･', '∙', '⋅', '.', '．'] {
            assert_eq!(
                ok(&format!("阿卜杜热合曼{dot}买买提明")),
                "阿卜杜热合曼·买买提明",
                "{dot:?}"
            );
        }
    }

    #[test]
    fn latin_names() {
        assert_eq!(ok("  John   Q.  Public "), "John Q. Public");
        assert_eq!(ok("Zoë O’Brien-Smith"), "Zoë O'Brien-Smith");
        assert_eq!(ok("José María"), "José María");
    }

    #[test]
    fn rejections() {
        use PersonNameError::*;
        assert_eq!(PersonName::parse(""), Err(Empty));
        assert_eq!(PersonName::parse("张"), Err(TooShort));
        assert_eq!(PersonName::parse("A"), Err(TooShort));
        assert_eq!(PersonName::parse("张three"), Err(MixedScript));
        assert_eq!(PersonName::parse("张三1"), Err(InvalidCharacter));
        assert_eq!(PersonName::parse("<b>Bob</b>"), Err(InvalidCharacter));
        assert_eq!(
            PersonName::parse("Robert'); DROP TABLE"),
            Err(InvalidCharacter)
        );
        assert_eq!(PersonName::parse("张\u{200B}三"), Err(InvalidCharacter));
        assert_eq!(PersonName::parse("Bob\u{202E}"), Err(InvalidCharacter));
        assert_eq!(PersonName::parse("·张三"), Err(MisplacedSeparator));
        assert_eq!(PersonName::parse("张三·"), Err(MisplacedSeparator));
        assert_eq!(PersonName::parse("张··三"), Err(MisplacedSeparator));
        assert_eq!(PersonName::parse("-Bob"), Err(MisplacedSeparator));
        assert_eq!(PersonName::parse("Bob--Smith"), Err(MisplacedSeparator));
        assert_eq!(PersonName::parse("Bob \u{301}x"), Err(InvalidCharacter));
        assert_eq!(
            PersonName::parse(&"张".repeat(HAN_NAME_MAX_CHARS + 1)),
            Err(TooLong {
                max: HAN_NAME_MAX_CHARS
            })
        );
        assert!(PersonName::parse(&"张".repeat(HAN_NAME_MAX_CHARS)).is_ok());
        assert_eq!(
            PersonName::parse(&"a".repeat(LATIN_NAME_MAX_CHARS + 1)),
            Err(TooLong {
                max: LATIN_NAME_MAX_CHARS
            })
        );
    }

    #[test]
    fn masking() {
        assert_eq!(PersonName::parse("张三").unwrap().masked(), "张*");
        assert_eq!(PersonName::parse("张小三").unwrap().masked(), "张*三");
        assert_eq!(PersonName::parse("欧阳娜娜").unwrap().masked(), "欧**娜");
        assert_eq!(PersonName::parse("John Smith").unwrap().masked(), "J***");
    }

    proptest! {
        #[test]
        fn never_panics(raw in "\\PC{0,60}") {
            let _ = PersonName::parse(&raw);
        }

        #[test]
        fn han_names_round_trip(name in "[\u{4E00}-\u{9FA5}]{2,10}") {
            let n = PersonName::parse(&name).unwrap();
            prop_assert_eq!(n.as_str(), name.as_str());
            let json = serde_json::to_string(&n).unwrap();
            prop_assert_eq!(serde_json::from_str::<PersonName>(&json).unwrap(), n);
        }

        #[test]
        fn parsing_is_idempotent(raw in "[\u{4E00}-\u{4E10}·a-zA-Z .'-]{0,20}") {
            if let Ok(n) = PersonName::parse(&raw) {
                prop_assert_eq!(PersonName::parse(n.as_str()).unwrap(), n);
            }
        }
    }
}
