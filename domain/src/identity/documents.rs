//! Documents of marriage parties who are not mainland residents (policy-rules.md §10.5).
//! Formats only; authenticity is checked at the registration office.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::checksum::mod11_2_check;
use super::id_number::{check_body, normalize_18, IdNumber, IdNumberError};
use crate::message::Localized;

/// Which document a party presents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// 居民身份证
    ResidentId,
    /// 港澳居民来往内地通行证
    HkMacaoPermit,
    /// 台湾居民来往大陆通行证
    TaiwanPermit,
    /// 港澳台居民居住证
    ResidencePermit,
    /// 外国人永久居留身份证
    PermanentResidence,
    /// 外国护照
    ForeignPassport,
}

impl DocumentKind {
    pub const ALL: [DocumentKind; 6] = [
        DocumentKind::ResidentId,
        DocumentKind::HkMacaoPermit,
        DocumentKind::TaiwanPermit,
        DocumentKind::ResidencePermit,
        DocumentKind::PermanentResidence,
        DocumentKind::ForeignPassport,
    ];

    /// Message ID of the document's name.
    pub fn label_id(self) -> &'static str {
        match self {
            DocumentKind::ResidentId => "doc-resident-id",
            DocumentKind::HkMacaoPermit => "doc-hk-macao-permit",
            DocumentKind::TaiwanPermit => "doc-taiwan-permit",
            DocumentKind::ResidencePermit => "doc-residence-permit",
            DocumentKind::PermanentResidence => "doc-permanent-residence",
            DocumentKind::ForeignPassport => "doc-foreign-passport",
        }
    }

    /// Whether the holder is a mainland resident (ordinary offices), or needs an office that
    /// handles Hong Kong, Macao, Taiwan or foreign parties.
    pub fn is_mainland(self) -> bool {
        self == DocumentKind::ResidentId
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum IdentityDocumentError {
    #[error(transparent)]
    ResidentId(#[from] IdNumberError),
    #[error("document number is empty")]
    Empty,
    #[error("document number does not have the format of this document")]
    Format,
    #[error("the last character does not match (typing error?)")]
    WrongCheckDigit,
    #[error("the birth date inside the number does not exist or is before 1900")]
    InvalidBirthDate,
    #[error("a residence permit number starts with 810000, 820000 or 830000")]
    NotAResidencePermit,
    #[error("choose the country that issued the passport")]
    Country,
}

impl IdentityDocumentError {
    pub const MESSAGE_IDS: &'static [&'static str] = &[
        "err-doc-empty",
        "err-doc-format-hk-macao",
        "err-doc-format-taiwan",
        "err-doc-format-residence-permit",
        "err-doc-format-permanent-residence",
        "err-doc-format-passport",
        "err-doc-wrong-check-digit",
        "err-doc-invalid-birth-date",
        "err-doc-not-residence-permit",
        "err-doc-country",
    ];

    /// The message, which for format errors names the expected format of `kind`.
    pub fn message_id_for(&self, kind: DocumentKind) -> &'static str {
        match self {
            Self::ResidentId(e) => e.message_id(),
            Self::Format => match kind {
                DocumentKind::HkMacaoPermit => "err-doc-format-hk-macao",
                DocumentKind::TaiwanPermit => "err-doc-format-taiwan",
                DocumentKind::ResidencePermit => "err-doc-format-residence-permit",
                DocumentKind::PermanentResidence => "err-doc-format-permanent-residence",
                DocumentKind::ForeignPassport | DocumentKind::ResidentId => {
                    "err-doc-format-passport"
                }
            },
            other => other.message_id(),
        }
    }
}

impl Localized for IdentityDocumentError {
    fn message_id(&self) -> &'static str {
        match self {
            Self::ResidentId(e) => e.message_id(),
            Self::Empty => "err-doc-empty",
            Self::Format => "err-doc-format-passport",
            Self::WrongCheckDigit => "err-doc-wrong-check-digit",
            Self::InvalidBirthDate => "err-doc-invalid-birth-date",
            Self::NotAResidencePermit => "err-doc-not-residence-permit",
            Self::Country => "err-doc-country",
        }
    }
}

/// Uppercases, drops spaces and converts full-width characters; bounded before any work.
fn compact_upper(raw: &str) -> Result<String, IdentityDocumentError> {
    if raw.chars().count() > 48 {
        return Err(IdentityDocumentError::Format);
    }
    let mut out = String::new();
    for c in raw.trim().chars() {
        let c = match c {
            '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' | '（' | '）' => {
                char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
            }
            c => c,
        };
        match c {
            ' ' | '\u{3000}' | '-' => {}
            c if c.is_ascii_alphanumeric() || c == '(' || c == ')' => {
                out.push(c.to_ascii_uppercase())
            }
            _ => return Err(IdentityDocumentError::Format),
        }
    }
    if out.is_empty() {
        return Err(IdentityDocumentError::Empty);
    }
    Ok(out)
}

fn all_digits(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_digit())
}

/// 港澳居民来往内地通行证: H (Hong Kong) or M (Macao), 8-digit lifetime number, optionally the
/// 2-digit renewal count. The first 9 characters identify the person.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct HkMacaoPermit(String);

impl fmt::Debug for HkMacaoPermit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HkMacaoPermit({})", mask(&self.0))
    }
}

impl HkMacaoPermit {
    pub fn parse(raw: &str) -> Result<Self, IdentityDocumentError> {
        let s = compact_upper(raw)?;
        let ok = (s.len() == 9 || s.len() == 11)
            && matches!(s.as_bytes()[0], b'H' | b'M')
            && all_digits(&s[1..]);
        ok.then_some(Self(s)).ok_or(IdentityDocumentError::Format)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The lifetime number (renewal count dropped): equal for every card of one person.
    pub fn person_key(&self) -> &str {
        &self.0[..9]
    }
}

/// 台湾居民来往大陆通行证: an 8-digit lifetime number since 2008 ("一人一号"); older booklets
/// print 10 digits and an agency letter in brackets. The first 8 digits identify the person.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TaiwanPermit(String);

impl fmt::Debug for TaiwanPermit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TaiwanPermit({})", mask(&self.0))
    }
}

impl TaiwanPermit {
    pub fn parse(raw: &str) -> Result<Self, IdentityDocumentError> {
        let s = compact_upper(raw)?;
        let ok = match s.len() {
            8 | 10 => all_digits(&s),
            13 => {
                all_digits(&s[..10])
                    && s.as_bytes()[10] == b'('
                    && s.as_bytes()[11].is_ascii_alphanumeric()
                    && s.as_bytes()[12] == b')'
            }
            _ => false,
        };
        ok.then_some(Self(s)).ok_or(IdentityDocumentError::Format)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn person_key(&self) -> &str {
        &self.0[..8]
    }
}

/// 港澳台居民居住证: 18 characters like the ID number, with address code 810000 (Hong Kong),
/// 820000 (Macao) or 830000 (Taiwan).
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ResidencePermit(String);

impl fmt::Debug for ResidencePermit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ResidencePermit({})", mask(&self.0))
    }
}

impl ResidencePermit {
    pub fn parse(raw: &str) -> Result<Self, IdentityDocumentError> {
        let s = normalize_18(raw).map_err(|e| match e {
            IdNumberError::Empty => IdentityDocumentError::Empty,
            _ => IdentityDocumentError::Format,
        })?;
        if !matches!(&s[..6], "810000" | "820000" | "830000") {
            return Err(IdentityDocumentError::NotAResidencePermit);
        }
        check_body(&s).map_err(|e| match e {
            IdNumberError::WrongCheckDigit => IdentityDocumentError::WrongCheckDigit,
            IdNumberError::InvalidCharacter => IdentityDocumentError::Format,
            _ => IdentityDocumentError::InvalidBirthDate,
        })?;
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// 外国人永久居留身份证: the 2023 form (18 characters: "9", 16 digits, MOD 11-2 check) or the
/// 2004/2017 form (3 letters of nationality + 12 digits).
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PermanentResidenceId(String);

impl fmt::Debug for PermanentResidenceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PermanentResidenceId({})", mask(&self.0))
    }
}

impl PermanentResidenceId {
    pub fn parse(raw: &str) -> Result<Self, IdentityDocumentError> {
        let s = compact_upper(raw)?;
        match s.len() {
            18 if s.starts_with('9') => {
                let expected =
                    mod11_2_check(&s.as_bytes()[..17]).ok_or(IdentityDocumentError::Format)?;
                if s.as_bytes()[17] != expected {
                    return Err(IdentityDocumentError::WrongCheckDigit);
                }
                Ok(Self(s))
            }
            15 if s[..3].bytes().all(|b| b.is_ascii_uppercase()) && all_digits(&s[3..]) => {
                Ok(Self(s))
            }
            _ => Err(IdentityDocumentError::Format),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A foreign passport: issuing country (ISO 3166-1 alpha-3, as chosen from the country list)
/// and the number (5–20 letters and digits; the format varies by country).
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ForeignPassport {
    country: String,
    number: String,
}

impl fmt::Debug for ForeignPassport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "ForeignPassport({}, {})",
            self.country,
            mask(&self.number)
        )
    }
}

/// First two and last two characters, the rest starred.
fn mask(raw: &str) -> String {
    let n = raw.len();
    if n <= 4 {
        return "*".repeat(n);
    }
    format!("{}{}{}", &raw[..2], "*".repeat(n - 4), &raw[n - 2..])
}

impl ForeignPassport {
    pub fn parse(country: &str, number: &str) -> Result<Self, IdentityDocumentError> {
        let c = country.trim().to_ascii_uppercase();
        if c.len() != 3 || !c.bytes().all(|b| b.is_ascii_uppercase()) || c == "CHN" {
            return Err(IdentityDocumentError::Country);
        }
        let n = compact_upper(number)?;
        if !(5..=20).contains(&n.len()) || !n.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(IdentityDocumentError::Format);
        }
        Ok(Self {
            country: c,
            number: n,
        })
    }

    pub fn country(&self) -> &str {
        &self.country
    }

    pub fn number(&self) -> &str {
        &self.number
    }
}

/// Any accepted identity document, parsed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum IdentityDocument {
    ResidentId { number: IdNumber },
    HkMacaoPermit { number: HkMacaoPermit },
    TaiwanPermit { number: TaiwanPermit },
    ResidencePermit { number: ResidencePermit },
    PermanentResidence { number: PermanentResidenceId },
    ForeignPassport { passport: ForeignPassport },
}

impl IdentityDocument {
    /// Parses a document of the given kind; `country` is used for passports only.
    pub fn parse(
        kind: DocumentKind,
        number: &str,
        country: &str,
    ) -> Result<Self, IdentityDocumentError> {
        Ok(match kind {
            DocumentKind::ResidentId => Self::ResidentId {
                number: IdNumber::parse(number)?,
            },
            DocumentKind::HkMacaoPermit => Self::HkMacaoPermit {
                number: HkMacaoPermit::parse(number)?,
            },
            DocumentKind::TaiwanPermit => Self::TaiwanPermit {
                number: TaiwanPermit::parse(number)?,
            },
            DocumentKind::ResidencePermit => Self::ResidencePermit {
                number: ResidencePermit::parse(number)?,
            },
            DocumentKind::PermanentResidence => Self::PermanentResidence {
                number: PermanentResidenceId::parse(number)?,
            },
            DocumentKind::ForeignPassport => Self::ForeignPassport {
                passport: ForeignPassport::parse(country, number)?,
            },
        })
    }

    pub fn kind(&self) -> DocumentKind {
        match self {
            Self::ResidentId { .. } => DocumentKind::ResidentId,
            Self::HkMacaoPermit { .. } => DocumentKind::HkMacaoPermit,
            Self::TaiwanPermit { .. } => DocumentKind::TaiwanPermit,
            Self::ResidencePermit { .. } => DocumentKind::ResidencePermit,
            Self::PermanentResidence { .. } => DocumentKind::PermanentResidence,
            Self::ForeignPassport { .. } => DocumentKind::ForeignPassport,
        }
    }

    /// A key equal for two documents of the same person and kind (e.g. two renewals of a
    /// 回乡证), used to tell that the two parties of a marriage are different people.
    pub fn person_key(&self) -> String {
        match self {
            Self::ResidentId { number } => format!("id:{}", number.as_str()),
            Self::HkMacaoPermit { number } => format!("hkm:{}", number.person_key()),
            Self::TaiwanPermit { number } => format!("tw:{}", number.person_key()),
            Self::ResidencePermit { number } => format!("rp:{}", number.as_str()),
            Self::PermanentResidence { number } => format!("pr:{}", number.as_str()),
            Self::ForeignPassport { passport } => {
                format!("pp:{}:{}", passport.country(), passport.number())
            }
        }
    }

    /// Masked number for logs and staff lists: the first 2 and last 2 characters.
    pub fn masked(&self) -> String {
        let raw = match self {
            Self::ResidentId { number } => return number.masked(),
            Self::HkMacaoPermit { number } => number.as_str(),
            Self::TaiwanPermit { number } => number.as_str(),
            Self::ResidencePermit { number } => number.as_str(),
            Self::PermanentResidence { number } => number.as_str(),
            Self::ForeignPassport { passport } => passport.number(),
        };
        let n = raw.len();
        format!(
            "{}{}{}",
            &raw[..2],
            "*".repeat(n.saturating_sub(4)),
            &raw[n - 2..]
        )
    }
}

impl fmt::Display for IdentityDocument {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identity::id_number::tests::with_check;
    use proptest::prelude::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn hk_macao_permits() {
        assert_eq!(
            HkMacaoPermit::parse("h1234567801").unwrap().person_key(),
            "H12345678"
        );
        assert_eq!(
            HkMacaoPermit::parse("M12345678").unwrap().as_str(),
            "M12345678"
        );
        for bad in ["X12345678", "H1234567", "H123456789", "H12345678A1", ""] {
            assert!(HkMacaoPermit::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn taiwan_permits() {
        assert!(TaiwanPermit::parse("12345678").is_ok());
        assert_eq!(
            TaiwanPermit::parse("1234567801(b)").unwrap().person_key(),
            "12345678"
        );
        assert!(TaiwanPermit::parse("1234567").is_err());
        assert!(TaiwanPermit::parse("1234567801(B").is_err());
    }

    #[test]
    fn residence_permits() {
        let hk = with_check("81000019900101123");
        assert!(ResidencePermit::parse(&hk).is_ok());
        assert!(ResidencePermit::parse(&with_check("83000019900101123")).is_ok());
        assert_eq!(
            ResidencePermit::parse(&with_check("11010519900101123")),
            Err(IdentityDocumentError::NotAResidencePermit)
        );
        let mut wrong = hk.clone();
        wrong.pop();
        wrong.push(if hk.ends_with('0') { '1' } else { '0' });
        assert_eq!(
            ResidencePermit::parse(&wrong),
            Err(IdentityDocumentError::WrongCheckDigit)
        );
        assert_eq!(
            ResidencePermit::parse(&with_check("81000019900230123")),
            Err(IdentityDocumentError::InvalidBirthDate)
        );
    }

    #[test]
    fn permanent_residence_ids() {
        let new_form = with_check("93315619880101123");
        assert!(PermanentResidenceId::parse(&new_form).is_ok());
        assert!(PermanentResidenceId::parse("USA110088012345").is_ok());
        assert_eq!(
            PermanentResidenceId::parse(&with_check("13315619880101123")),
            Err(IdentityDocumentError::Format),
            "the 2023 form starts with 9"
        );
        let mut wrong = new_form.clone();
        wrong.pop();
        wrong.push(if new_form.ends_with('0') { '1' } else { '0' });
        assert_eq!(
            PermanentResidenceId::parse(&wrong),
            Err(IdentityDocumentError::WrongCheckDigit)
        );
    }

    #[test]
    fn passports() {
        let p = ForeignPassport::parse("usa", " 5 4 3 2 1 0 9 8 7 ").unwrap();
        assert_eq!((p.country(), p.number()), ("USA", "543210987"));
        assert_eq!(
            ForeignPassport::parse("US", "543210987"),
            Err(IdentityDocumentError::Country)
        );
        assert_eq!(
            ForeignPassport::parse("CHN", "E12345678"),
            Err(IdentityDocumentError::Country)
        );
        assert_eq!(
            ForeignPassport::parse("USA", "1234"),
            Err(IdentityDocumentError::Format)
        );
        assert_eq!(
            ForeignPassport::parse("USA", "12<34567"),
            Err(IdentityDocumentError::Format)
        );
    }

    #[test]
    fn the_same_person_has_the_same_key_across_renewals() {
        let a = IdentityDocument::parse(DocumentKind::HkMacaoPermit, "H1234567801", "").unwrap();
        let b = IdentityDocument::parse(DocumentKind::HkMacaoPermit, "H1234567802", "").unwrap();
        assert_eq!(a.person_key(), b.person_key());
        assert_eq!(a.masked(), "H1*******01");
        let json = serde_json::to_string(&a).unwrap();
        assert_eq!(serde_json::from_str::<IdentityDocument>(&json).unwrap(), a);
    }

    #[test]
    fn format_messages_name_the_document() {
        let e = HkMacaoPermit::parse("bad").unwrap_err();
        assert_eq!(
            e.message_id_for(DocumentKind::HkMacaoPermit),
            "err-doc-format-hk-macao"
        );
        let e = IdentityDocument::parse(DocumentKind::ResidentId, "123", "").unwrap_err();
        assert_eq!(
            e.message_id_for(DocumentKind::ResidentId),
            "err-id-wrong-length"
        );
    }

    proptest! {
        #[test]
        fn no_parser_panics(raw in "\\PC{0,40}", kind in proptest::sample::select(DocumentKind::ALL.to_vec())) {
            let _ = IdentityDocument::parse(kind, &raw, &raw);
        }
    }
}
