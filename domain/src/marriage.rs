//! The parties of a marriage-registration booking (policy-rules.md §9, §10.5): who they are,
//! checked before any slot is shown — valid documents and names, two different people, and
//! for 结婚登记 a man and a woman who reach the legal age (男 22 / 女 20 周岁, 民法典 第1047条)
//! on the registration date.

use serde::{Deserialize, Serialize};

use crate::date::{age_on, reaches_age_on, Date};
use crate::form::FormErrors;
use crate::identity::{DocumentKind, IdNumber, IdentityDocument, IdentityDocumentError, Sex};
use crate::message::{arg, Localized, MessageArg};
use crate::mobile::MobileNumber;
use crate::name::PersonName;

/// 法定婚龄 (民法典 第1047条): men 22 周岁, women 20 周岁, reached on the birthday.
pub const MIN_AGE_MAN: u32 = 22;
pub const MIN_AGE_WOMAN: u32 = 20;

/// The registration services an office offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MarriageService {
    /// 结婚登记
    Marriage,
    /// 离婚登记申请 (starts the 30-day cooling-off period)
    DivorceApplication,
    /// 离婚登记领证 (after the cooling-off period)
    DivorceCertificate,
    /// 补领结婚证
    ReplaceMarriageCertificate,
    /// 补领离婚证
    ReplaceDivorceCertificate,
}

impl MarriageService {
    pub const ALL: [MarriageService; 5] = [
        MarriageService::Marriage,
        MarriageService::DivorceApplication,
        MarriageService::DivorceCertificate,
        MarriageService::ReplaceMarriageCertificate,
        MarriageService::ReplaceDivorceCertificate,
    ];

    pub fn key(self) -> &'static str {
        match self {
            MarriageService::Marriage => "marriage",
            MarriageService::DivorceApplication => "divorce_application",
            MarriageService::DivorceCertificate => "divorce_certificate",
            MarriageService::ReplaceMarriageCertificate => "replace_marriage_certificate",
            MarriageService::ReplaceDivorceCertificate => "replace_divorce_certificate",
        }
    }

    pub fn from_key(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.key() == raw.trim())
    }

    /// Services both parties attend (a replacement certificate is one person's request).
    pub fn needs_both_parties(self) -> bool {
        !matches!(
            self,
            MarriageService::ReplaceMarriageCertificate
                | MarriageService::ReplaceDivorceCertificate
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PartiesError {
    #[error("choose the service")]
    Service,
    #[error("choose the kind of document")]
    DocumentKind,
    #[error("choose the sex on the document")]
    Sex,
    #[error("both entries are the same person")]
    SamePerson,
    #[error("marriage registration is for a man and a woman")]
    Sexes,
    #[error("does not reach the legal age on that date")]
    UnderAge { min_age: u32, reaches_on: Date },
}

impl PartiesError {
    pub const MESSAGE_IDS: &'static [&'static str] = &[
        "err-marriage-service",
        "err-marriage-document-kind",
        "err-marriage-sex",
        "err-marriage-same-person",
        "err-marriage-sexes",
        "err-marriage-under-age",
    ];
}

impl Localized for PartiesError {
    fn message_id(&self) -> &'static str {
        match self {
            Self::Service => "err-marriage-service",
            Self::DocumentKind => "err-marriage-document-kind",
            Self::Sex => "err-marriage-sex",
            Self::SamePerson => "err-marriage-same-person",
            Self::Sexes => "err-marriage-sexes",
            Self::UnderAge { .. } => "err-marriage-under-age",
        }
    }

    fn message_args(&self) -> Vec<MessageArg> {
        match self {
            Self::UnderAge {
                min_age,
                reaches_on,
            } => {
                vec![arg("min", min_age), arg("date", reaches_on)]
            }
            _ => Vec::new(),
        }
    }
}

/// One party as typed.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PartyForm {
    pub document_kind: String,
    pub document_number: String,
    /// Issuing country, for passports.
    pub country: String,
    pub name: String,
    /// "male" / "female"; needed only when the document number does not carry it.
    pub sex: String,
    /// Needed only when the document number does not carry it.
    pub birth_date: String,
}

redacted_debug!(PartyForm {
    document_kind,
    document_number,
    country,
    name,
    sex,
    birth_date
});

#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PartiesForm {
    pub service: String,
    pub party_a: PartyForm,
    pub party_b: PartyForm,
    /// Where the booking code and reminder are sent.
    pub mobile: String,
}

redacted_debug!(PartiesForm {
    service,
    party_a,
    party_b,
    mobile
});

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Party {
    pub document: IdentityDocument,
    pub name: PersonName,
    pub sex: Sex,
    pub birth_date: Date,
}

impl Party {
    /// The legal minimum age for marrying.
    pub fn marriage_age(&self) -> u32 {
        match self.sex {
            Sex::Male => MIN_AGE_MAN,
            Sex::Female => MIN_AGE_WOMAN,
        }
    }

    /// Whether the party reaches the legal age on `date` (以上: the birthday itself counts).
    pub fn check_marriage_age_on(&self, date: Date) -> Result<(), PartiesError> {
        let min_age = self.marriage_age();
        if age_on(self.birth_date, date).is_some_and(|a| a >= min_age) {
            return Ok(());
        }
        let reaches_on = reaches_age_on(self.birth_date, min_age).unwrap_or(date);
        Err(PartiesError::UnderAge {
            min_age,
            reaches_on,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Parties {
    pub service: MarriageService,
    pub party_a: Party,
    /// Absent for a replacement certificate requested by one person.
    pub party_b: Option<Party>,
    pub mobile: MobileNumber,
}

/// Sex and birth date carried inside 18-character numbers (resident ID and the HMT residence
/// permit share the layout).
fn embedded_sex_and_birth(document: &IdentityDocument) -> Option<(Sex, Date)> {
    let number = match document {
        IdentityDocument::ResidentId { number } => {
            return Some((number.sex(), number.birth_date()))
        }
        IdentityDocument::ResidencePermit { number } => number.as_str(),
        _ => return None,
    };
    // A residence permit has the ID layout; re-reading it as one cannot fail on the date.
    let birth = Date::parse_compact(&number[6..14])?;
    let sex = if (number.as_bytes()[16] - b'0') % 2 == 1 {
        Sex::Male
    } else {
        Sex::Female
    };
    Some((sex, birth))
}

fn parse_party(
    form: &PartyForm,
    path: &str,
    today: Date,
    errors: &mut FormErrors,
) -> Option<Party> {
    let at = |field: &str| format!("{path}.{field}");
    let kind = DocumentKind::ALL
        .into_iter()
        .find(|k| serde_key(*k) == form.document_kind.trim());
    let document = match kind {
        None => {
            errors.push(&at("document_kind"), &PartiesError::DocumentKind);
            None
        }
        Some(DocumentKind::ResidentId) => errors
            .field(
                &at("document_number"),
                IdNumber::parse_as_of(&form.document_number, today),
            )
            .map(|number| IdentityDocument::ResidentId { number }),
        Some(kind) => match IdentityDocument::parse(kind, &form.document_number, &form.country) {
            Ok(d) => Some(d),
            Err(IdentityDocumentError::Country) => {
                errors.push(&at("country"), &IdentityDocumentError::Country);
                None
            }
            Err(e) => {
                errors.errors.push(crate::form::FieldError {
                    field: at("document_number"),
                    message_id: e.message_id_for(kind).to_owned(),
                    args: Vec::new(),
                });
                None
            }
        },
    };
    let name = errors.field(&at("name"), PersonName::parse(&form.name));
    let (sex, birth_date) = match document.as_ref().map(embedded_sex_and_birth) {
        Some(Some((_, birth))) if birth > today => {
            errors.push(
                &at("document_number"),
                &IdentityDocumentError::InvalidBirthDate,
            );
            (None, None)
        }
        Some(Some((sex, birth))) => (Some(sex), Some(birth)),
        Some(None) | None => {
            let sex = match form.sex.trim() {
                "male" => Some(Sex::Male),
                "female" => Some(Sex::Female),
                _ if document.is_none() => None,
                _ => {
                    errors.push(&at("sex"), &PartiesError::Sex);
                    None
                }
            };
            let birth = if document.is_none() && form.birth_date.trim().is_empty() {
                None
            } else {
                match Date::parse(&form.birth_date) {
                    Ok(d) if d > today => {
                        errors.push(
                            &at("birth_date"),
                            &crate::household::HouseholdError::BirthDateInFuture,
                        );
                        None
                    }
                    Ok(d) => Some(d),
                    Err(e) => {
                        errors.push(&at("birth_date"), &e);
                        None
                    }
                }
            };
            (sex, birth)
        }
    };
    Some(Party {
        document: document?,
        name: name?,
        sex: sex?,
        birth_date: birth_date?,
    })
}

/// The serde name of a document kind (its form key).
fn serde_key(kind: DocumentKind) -> &'static str {
    match kind {
        DocumentKind::ResidentId => "resident_id",
        DocumentKind::HkMacaoPermit => "hk_macao_permit",
        DocumentKind::TaiwanPermit => "taiwan_permit",
        DocumentKind::ResidencePermit => "residence_permit",
        DocumentKind::PermanentResidence => "permanent_residence",
        DocumentKind::ForeignPassport => "foreign_passport",
    }
}

impl Parties {
    /// Parses both parties and the contact number as of `today` (China civil date), reporting
    /// every problem at its field.
    pub fn parse(form: &PartiesForm, today: Date) -> Result<Parties, FormErrors> {
        let mut errors = FormErrors::new();
        let service = MarriageService::from_key(&form.service);
        if service.is_none() {
            errors.push("service", &PartiesError::Service);
        }
        let both = service.is_none_or(MarriageService::needs_both_parties);
        let a = parse_party(&form.party_a, "party_a", today, &mut errors);
        let b = if both {
            parse_party(&form.party_b, "party_b", today, &mut errors)
        } else {
            None
        };
        let mobile = errors.field("mobile", MobileNumber::parse(&form.mobile));
        if let (Some(a), Some(b)) = (&a, &b) {
            if a.document.person_key() == b.document.person_key() {
                errors.push("party_b.document_number", &PartiesError::SamePerson);
            } else if service == Some(MarriageService::Marriage) && a.sex == b.sex {
                errors.push("party_b.document_number", &PartiesError::Sexes);
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        match (service, a, mobile) {
            (Some(service), Some(party_a), Some(mobile)) => Ok(Parties {
                service,
                party_a,
                party_b: b,
                mobile,
            }),
            _ => Err(errors),
        }
    }

    /// For 结婚登记: both parties reach the legal age on `date` (each failure at its party).
    pub fn check_marriage_ages_on(&self, date: Date) -> Result<(), FormErrors> {
        let mut errors = FormErrors::new();
        if self.service == MarriageService::Marriage {
            for (path, party) in [
                ("party_a.birth_date", Some(&self.party_a)),
                ("party_b.birth_date", self.party_b.as_ref()),
            ] {
                if let Some(Err(e)) = party.map(|p| p.check_marriage_age_on(date)) {
                    errors.push(path, &e);
                }
            }
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    /// Whether an office must handle Hong Kong, Macao, Taiwan or foreign parties.
    pub fn needs_designated_office(&self) -> bool {
        std::iter::once(&self.party_a)
            .chain(self.party_b.as_ref())
            .any(|p| !p.document.kind().is_mainland())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identity::id_number::tests::with_check;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn today() -> Date {
        Date::from_ymd(2026, 11, 22).unwrap()
    }

    fn resident(number: &str, name: &str) -> PartyForm {
        PartyForm {
            document_kind: "resident_id".into(),
            document_number: number.into(),
            name: name.into(),
            ..PartyForm::default()
        }
    }

    /// Man born 2004-12-01, woman born 2006-06-15 (odd / even 17th digit).
    fn form() -> PartiesForm {
        PartiesForm {
            service: "marriage".into(),
            party_a: resident(&with_check("44010320041201131"), "李雷"),
            party_b: resident(&with_check("44010320060615122"), "韩梅梅"),
            mobile: "13800138000".into(),
        }
    }

    #[test]
    fn valid_parties_parse_and_keys_match_serde() {
        let p = Parties::parse(&form(), today()).unwrap();
        assert_eq!(p.party_a.sex, Sex::Male);
        assert_eq!(p.party_b.as_ref().unwrap().sex, Sex::Female);
        assert!(!p.needs_designated_office());
        for kind in DocumentKind::ALL {
            assert_eq!(serde_json::to_value(kind).unwrap(), serde_key(kind));
        }
        for s in MarriageService::ALL {
            assert_eq!(serde_json::to_value(s).unwrap(), s.key());
        }
    }

    #[test]
    fn legal_age_is_reached_on_the_birthday() {
        let p = Parties::parse(&form(), today()).unwrap();
        // He turns 22 on 2026-12-01; she turns 20 on 2026-06-15.
        let day_before = Date::from_ymd(2026, 11, 30).unwrap();
        let errors = p.check_marriage_ages_on(day_before).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors.errors[0].field, "party_a.birth_date");
        assert_eq!(errors.errors[0].message_id, "err-marriage-under-age");
        assert_eq!(errors.errors[0].args[1].value, "2026-12-01");
        assert!(p
            .check_marriage_ages_on(Date::from_ymd(2026, 12, 1).unwrap())
            .is_ok());
        let woman = p.party_b.as_ref().unwrap();
        assert!(woman
            .check_marriage_age_on(Date::from_ymd(2026, 6, 14).unwrap())
            .is_err());
        assert!(woman
            .check_marriage_age_on(Date::from_ymd(2026, 6, 15).unwrap())
            .is_ok());
    }

    #[test]
    fn the_same_person_twice_is_refused() {
        let mut f = form();
        f.party_b = f.party_a.clone();
        f.party_b.name = "李雷".into();
        let errors = Parties::parse(&f, today()).unwrap_err();
        assert_eq!(errors.errors[0].field, "party_b.document_number");
        assert_eq!(errors.errors[0].message_id, "err-marriage-same-person");
        // A permit renewed twice is still the same person.
        let mut f = form();
        f.party_a = PartyForm {
            document_kind: "hk_macao_permit".into(),
            document_number: "H1234567801".into(),
            name: "陈大文".into(),
            sex: "male".into(),
            birth_date: "1990-01-01".into(),
            ..PartyForm::default()
        };
        f.party_b = PartyForm {
            document_number: "H1234567802".into(),
            ..f.party_a.clone()
        };
        let errors = Parties::parse(&f, today()).unwrap_err();
        assert_eq!(errors.errors[0].message_id, "err-marriage-same-person");
    }

    #[test]
    fn non_mainland_documents_need_sex_and_birth_date() {
        let mut f = form();
        f.party_b = PartyForm {
            document_kind: "foreign_passport".into(),
            document_number: "X1234567".into(),
            country: "".into(),
            name: "Anna Schmidt".into(),
            ..PartyForm::default()
        };
        let errors = Parties::parse(&f, today()).unwrap_err();
        let fields: Vec<_> = errors
            .errors
            .iter()
            .map(|e| (e.field.as_str(), e.message_id.as_str()))
            .collect();
        assert_eq!(fields, [("party_b.country", "err-doc-country")]);
        f.party_b.country = "DEU".into();
        let errors = Parties::parse(&f, today()).unwrap_err();
        let fields: Vec<_> = errors
            .errors
            .iter()
            .map(|e| (e.field.as_str(), e.message_id.as_str()))
            .collect();
        assert_eq!(
            fields,
            [
                ("party_b.sex", "err-marriage-sex"),
                ("party_b.birth_date", "err-date-empty")
            ]
        );
        f.party_b.sex = "female".into();
        f.party_b.birth_date = "1995-05-05".into();
        let p = Parties::parse(&f, today()).unwrap();
        assert!(p.needs_designated_office());
    }

    #[test]
    fn marriage_needs_a_man_and_a_woman_other_services_do_not_check() {
        let mut f = form();
        f.party_b = resident(&with_check("44010320050101151"), "王强");
        let errors = Parties::parse(&f, today()).unwrap_err();
        assert_eq!(errors.errors[0].message_id, "err-marriage-sexes");
        f.service = "replace_marriage_certificate".into();
        let p = Parties::parse(&f, today()).unwrap();
        assert!(p.party_b.is_none(), "one person requests a replacement");
    }

    #[test]
    fn invalid_inputs_are_reported_at_their_fields() {
        let f = PartiesForm {
            service: "wedding".into(),
            party_a: resident("110105194912310021", "张"),
            party_b: PartyForm {
                document_kind: "hk_macao_permit".into(),
                document_number: "X123".into(),
                name: "<b>".into(),
                ..PartyForm::default()
            },
            mobile: "12345".into(),
        };
        let errors = Parties::parse(&f, today()).unwrap_err();
        let got: Vec<_> = errors
            .errors
            .iter()
            .map(|e| (e.field.as_str(), e.message_id.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("service", "err-marriage-service"),
                ("party_a.document_number", "err-id-wrong-check-digit"),
                ("party_a.name", "err-name-too-short"),
                ("party_b.document_number", "err-doc-format-hk-macao"),
                ("party_b.name", "err-name-invalid-character"),
                ("mobile", "err-mobile-wrong-length"),
            ]
        );
    }
}
