//! An application for social assistance with the 诚信承诺 (credit-commitment) forms
//! (policy-rules.md §2.1, §2.9, §13): one household asks for one or more programs, names where
//! it applies, declares members, income and assets, gives its reason, and every adult member
//! signs the commitment and the authorization for the economic-status check; a guardian signs
//! for a minor or for an adult without capacity.
//!
//! The form is strings (what the browser posts), parsed here once for the browser and the
//! server alike. Every field path is the name of its input, as in the screener.

use serde::{Deserialize, Serialize};

use crate::date::{age_on, Date};
use crate::eligibility::screener::{
    fold_pairs, household_form, household_pairs, indexed, normalize_household, set_household,
    Malformed,
};
use crate::eligibility::AreaType;
use crate::form::FormErrors;
use crate::household::{Household, HouseholdForm, Member, MemberForm, MAX_MEMBERS};
use crate::message::{Localized, MessageArg};
use crate::mobile::MobileNumber;
use crate::name::PersonName;
use crate::region::RegionCode;

/// Version of the three commitment documents residents sign now. Each signature stores the
/// version and the hash of the exact text shown, so a later wording change never rewrites
/// what someone signed.
pub const COMMITMENT_VERSION: &str = "2026-11";

/// Longest hardship statement, in characters.
pub const MAX_HARDSHIP_CHARS: usize = 1000;
/// At most this many uploaded documents per application.
pub const MAX_DOCUMENTS: usize = 20;
/// A drawn signature: bounds on its encoded size, strokes and points.
pub const MAX_STROKES_CHARS: usize = 12_000;
pub const MAX_STROKES: usize = 40;
pub const MAX_POINTS: usize = 1_500;
/// Signature pads draw in a 1000 × 400 box (the browser scales to it).
pub const PAD_WIDTH: u16 = 1000;
pub const PAD_HEIGHT: u16 = 400;
/// The smallest drawing accepted as a signature: a tap or a dot is not one.
const MIN_SIGNATURE_EXTENT: u16 = 40;

/// Age from which a member signs for themself.
pub const AGE_OF_MAJORITY: u32 = 18;

/// What the household asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Program {
    /// 最低生活保障
    Dibao,
    /// 特困人员救助供养
    Tekun,
    /// 临时救助
    Temporary,
    /// 残疾人两项补贴
    DisabilityAllowances,
}

impl Program {
    pub const ALL: [Program; 4] = [
        Program::Dibao,
        Program::Tekun,
        Program::Temporary,
        Program::DisabilityAllowances,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Program::Dibao => "dibao",
            Program::Tekun => "tekun",
            Program::Temporary => "temporary",
            Program::DisabilityAllowances => "disability_allowances",
        }
    }

    pub fn from_key(raw: &str) -> Option<Program> {
        Program::ALL.into_iter().find(|p| p.key() == raw.trim())
    }

    /// Statutory limit from acceptance to decision, in working days (policy-rules.md §2.5
    /// 低保 30, §13.2 特困 15 + 10 for the county, §13.3/§13.4 set locally: 低保's 30 is used
    /// until a region sets its own).
    pub fn statutory_working_days(self) -> u32 {
        match self {
            Program::Dibao | Program::Temporary | Program::DisabilityAllowances => 30,
            Program::Tekun => 25,
        }
    }
}

/// Where the household applies (policy-rules.md §2.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApplyAt {
    /// The 户籍所在地 (always possible).
    Hukou,
    /// The place of residence, with a residence permit, where the region allows it.
    Residence { permit_number: String },
}

/// Who put their name to the commitment for a member.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "member")]
pub enum Signer {
    /// The member themself (an adult with full capacity).
    Themself,
    /// Another member, an adult who signs for themself too, as guardian.
    Guardian(usize),
}

/// A drawn signature: strokes of points in the pad's box.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Strokes(Vec<Vec<(u16, u16)>>);

impl Strokes {
    /// Parses `"x,y x,y;x,y x,y"` (strokes separated by `;`, points by spaces).
    pub fn parse(raw: &str) -> Result<Strokes, ApplicationError> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(ApplicationError::SignatureNotDrawn);
        }
        if raw.len() > MAX_STROKES_CHARS {
            return Err(ApplicationError::SignatureTooComplex);
        }
        let mut strokes = Vec::new();
        let mut points = 0usize;
        for stroke in raw.split(';') {
            let mut line = Vec::new();
            for point in stroke.split_whitespace() {
                let (x, y) = point
                    .split_once(',')
                    .ok_or(ApplicationError::SignatureUnreadable)?;
                let x: u16 = x
                    .parse()
                    .map_err(|_| ApplicationError::SignatureUnreadable)?;
                let y: u16 = y
                    .parse()
                    .map_err(|_| ApplicationError::SignatureUnreadable)?;
                if x > PAD_WIDTH || y > PAD_HEIGHT {
                    return Err(ApplicationError::SignatureUnreadable);
                }
                line.push((x, y));
            }
            points += line.len();
            if !line.is_empty() {
                strokes.push(line);
            }
        }
        if strokes.len() > MAX_STROKES || points > MAX_POINTS {
            return Err(ApplicationError::SignatureTooComplex);
        }
        let xs = strokes.iter().flatten().map(|p| p.0);
        let ys = strokes.iter().flatten().map(|p| p.1);
        let extent = |v: &mut dyn Iterator<Item = u16>| {
            let (lo, hi) = v.fold((u16::MAX, 0), |(lo, hi), x| (lo.min(x), hi.max(x)));
            hi.saturating_sub(lo)
        };
        let (w, h) = (extent(&mut xs.clone()), extent(&mut ys.clone()));
        if w.max(h) < MIN_SIGNATURE_EXTENT {
            return Err(ApplicationError::SignatureNotDrawn);
        }
        Ok(Strokes(strokes))
    }

    pub fn strokes(&self) -> &[Vec<(u16, u16)>] {
        &self.0
    }

    /// The canonical text form (what is stored).
    pub fn encode(&self) -> String {
        Self::encode_lines(&self.0)
    }

    /// The text form of strokes as drawn (the signature pad writes it as the signer draws).
    pub fn encode_lines(lines: &[Vec<(u16, u16)>]) -> String {
        lines
            .iter()
            .filter(|l| !l.is_empty())
            .map(|s| {
                s.iter()
                    .map(|(x, y)| format!("{x},{y}"))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect::<Vec<_>>()
            .join(";")
    }

    /// An SVG path of the strokes, for the receipt and for staff.
    pub fn svg_path(&self) -> String {
        let mut d = String::new();
        for s in &self.0 {
            for (k, (x, y)) in s.iter().enumerate() {
                d.push_str(if k == 0 { "M" } else { "L" });
                d.push_str(&format!("{x} {y} "));
            }
        }
        d.trim_end().to_owned()
    }
}

/// One member's commitment: who signed, the typed name, the drawing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signature {
    /// The member this commitment is for.
    pub member: usize,
    pub signer: Signer,
    /// The signer's full name as typed (equal to the signer's name in the household).
    pub typed_name: PersonName,
    pub strokes: Strokes,
}

/// A parsed, complete application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Application {
    pub programs: Vec<Program>,
    pub region: RegionCode,
    /// The township or street (乡镇/街道) that receives the application: whose intake clerk
    /// handles it. Required by the server wherever the county's townships are listed.
    pub township: Option<crate::region::TownshipCode>,
    /// The village or community (村/社区) the household lives in: where the notice is posted.
    pub community: String,
    pub area: AreaType,
    pub apply_at: ApplyAt,
    pub mobile: MobileNumber,
    pub household: Household,
    pub hardship: String,
    pub documents: Vec<String>,
    pub signatures: Vec<Signature>,
}

/// What a signature form posts for one member.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SignatureForm {
    /// `self`, or `guardian`.
    pub signer: String,
    /// With `guardian`: the index of the member who signs.
    pub guardian: String,
    pub typed_name: String,
    pub strokes: String,
}

redacted_debug!(SignatureForm {
    signer,
    guardian,
    typed_name,
    strokes
});

/// The application as posted.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ApplicationForm {
    /// Program keys asked for.
    pub programs: Vec<String>,
    pub region: String,
    pub township: String,
    pub community: String,
    pub area: String,
    /// `hukou` or `residence`.
    pub apply_at: String,
    pub residence_permit: String,
    pub mobile: String,
    pub household: HouseholdForm,
    pub hardship: String,
    /// Identifiers of documents uploaded for this application.
    pub documents: Vec<String>,
    /// `yes` once the applicant has read the 告知书.
    pub notice_read: String,
    /// The commitment version the signatures were given on.
    pub commitment_version: String,
    /// One per member, in member order.
    pub signatures: Vec<SignatureForm>,
}

redacted_debug!(ApplicationForm {
    programs,
    region,
    township,
    community,
    area,
    apply_at,
    residence_permit,
    mobile,
    household,
    hardship,
    documents,
    notice_read,
    commitment_version,
    signatures
});

/// Longest village or community name, in characters.
pub const MAX_COMMUNITY_CHARS: usize = 40;

/// Most name/value pairs one application may carry (20 members × ~35 fields, with room).
pub const MAX_FORM_PAIRS: usize = 1_200;
/// Longest value of a short field (names, numbers, amounts, choices).
const MAX_SHORT_VALUE_CHARS: usize = 64;

impl ApplicationForm {
    /// A new application: one person (the applicant), nothing answered.
    pub fn new() -> Self {
        let mut form = ApplicationForm::default();
        form.normalize();
        form
    }

    /// An application started from the screener's answers: the place, the household and
    /// its income and assets carry over; names, ID numbers and everything else are asked.
    pub fn from_screener(screener: &crate::eligibility::screener::ScreenerForm) -> Self {
        let mut form = ApplicationForm {
            region: screener.region.clone(),
            area: screener.area.clone(),
            household: screener.household.clone(),
            ..Default::default()
        };
        form.normalize();
        form
    }

    /// Folds the name/value pairs a browser posts (the inverse of [`to_pairs`](Self::to_pairs)).
    /// Unknown names are ignored; too many pairs, an index out of range or an overlong value
    /// is [`Malformed`] (a 400: no honest browser sends it).
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Self, Malformed> {
        let mut form: ApplicationForm = fold_pairs(pairs, MAX_FORM_PAIRS, ApplicationForm::set)?;
        form.normalize();
        Ok(form)
    }

    /// Sets one answer by its input name.
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), Malformed> {
        // Each field's own limit is checked by the parse, with a message; this bound only
        // keeps a hostile body from growing the form.
        let limit = match key {
            "hardship" => MAX_HARDSHIP_CHARS * 2,
            _ if key.ends_with(".strokes") => MAX_STROKES_CHARS * 2,
            _ => MAX_SHORT_VALUE_CHARS,
        };
        if value.chars().count() > limit {
            return Err(Malformed);
        }
        let value = value.to_owned();
        if let Some((i, field)) = indexed(key, "signatures") {
            if i >= MAX_MEMBERS {
                return Err(Malformed);
            }
            if self.signatures.len() <= i {
                self.signatures.resize_with(i + 1, SignatureForm::default);
            }
            let s = &mut self.signatures[i];
            match field {
                "signer" => s.signer = value,
                "guardian" => s.guardian = value,
                "typed_name" => s.typed_name = value,
                "strokes" => s.strokes = value,
                _ => {}
            }
            return Ok(());
        }
        let Some(value) = set_household(&mut self.household, key, value)? else {
            return Ok(());
        };
        let slot = match key {
            "programs" | "documents" => {
                let list = if key == "programs" {
                    &mut self.programs
                } else {
                    &mut self.documents
                };
                // Twice the real maximum: the parse reports "too many" with a message.
                if list.len() >= 2 * MAX_DOCUMENTS {
                    return Err(Malformed);
                }
                if !value.trim().is_empty() {
                    list.push(value);
                }
                return Ok(());
            }
            "region" => &mut self.region,
            "township" => &mut self.township,
            "community" => &mut self.community,
            "area" => &mut self.area,
            "apply_at" => &mut self.apply_at,
            "residence_permit" => &mut self.residence_permit,
            "mobile" => &mut self.mobile,
            "hardship" => &mut self.hardship,
            "notice_read" => &mut self.notice_read,
            "commitment_version" => &mut self.commitment_version,
            _ => return Ok(()),
        };
        *slot = value;
        Ok(())
    }

    /// Gives the form its shape: the household as the screener's (an applicant first, the
    /// income rows, the daily-living answers) and one signature slot per member.
    pub fn normalize(&mut self) {
        normalize_household(&mut self.household);
        let members = self.household.members.len();
        self.signatures.truncate(members);
        self.signatures.resize_with(members, SignatureForm::default);
    }

    /// Every answer as name/value pairs (hidden inputs, the browser's autosave, the server's
    /// check-answers page).
    pub fn to_pairs(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = self
            .programs
            .iter()
            .map(|p| ("programs".to_owned(), p.clone()))
            .collect();
        for (k, v) in [
            ("region", &self.region),
            ("township", &self.township),
            ("community", &self.community),
            ("area", &self.area),
            ("apply_at", &self.apply_at),
            ("residence_permit", &self.residence_permit),
            ("mobile", &self.mobile),
        ] {
            out.push((k.to_owned(), v.clone()));
        }
        household_pairs(&self.household, &mut out);
        out.push(("hardship".to_owned(), self.hardship.clone()));
        for d in &self.documents {
            out.push(("documents".to_owned(), d.clone()));
        }
        out.push(("notice_read".to_owned(), self.notice_read.clone()));
        out.push((
            "commitment_version".to_owned(),
            self.commitment_version.clone(),
        ));
        for (i, s) in self.signatures.iter().enumerate() {
            let at = |f: &str| format!("signatures[{i}].{f}");
            for (f, v) in [
                ("signer", &s.signer),
                ("guardian", &s.guardian),
                ("typed_name", &s.typed_name),
                ("strokes", &s.strokes),
            ] {
                out.push((at(f), v.clone()));
            }
        }
        out
    }

    /// The value of one input, by name.
    pub fn get(&self, key: &str) -> String {
        self.to_pairs()
            .into_iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
            .unwrap_or_default()
    }

    /// Adds a member (with an empty signature slot) unless the household is full.
    pub fn add_member(&mut self) -> bool {
        if self.household.members.len() >= MAX_MEMBERS {
            return false;
        }
        self.household.members.push(MemberForm::default());
        self.normalize();
        true
    }

    /// Removes member `i` (never the applicant) and their signature; guardian choices that
    /// pointed past it are renumbered, and one that pointed at it is cleared.
    pub fn remove_member(&mut self, i: usize) -> bool {
        if i == 0 || i >= self.household.members.len() {
            return false;
        }
        self.household.members.remove(i);
        if i < self.signatures.len() {
            self.signatures.remove(i);
        }
        for s in &mut self.signatures {
            if let Ok(g) = s.guardian.trim().parse::<usize>() {
                s.guardian = match g.cmp(&i) {
                    std::cmp::Ordering::Less => g.to_string(),
                    std::cmp::Ordering::Equal => String::new(),
                    std::cmp::Ordering::Greater => (g - 1).to_string(),
                };
            }
        }
        self.normalize();
        true
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ApplicationError {
    #[error("choose at least one kind of help")]
    ProgramMissing,
    #[error("unknown kind of help")]
    ProgramUnknown,
    #[error("choose where you apply")]
    ApplyAtMissing,
    #[error("enter the residence permit number")]
    ResidencePermit,
    #[error("this place does not take applications at the place of residence")]
    ResidenceNotOffered,
    #[error("the region is required")]
    RegionMissing,
    #[error("choose the township or street")]
    TownshipMissing,
    #[error("the township is not in the chosen place")]
    TownshipOutsidePlace,
    #[error("enter the village or community")]
    CommunityMissing,
    #[error("the village or community name is too long or has invalid characters")]
    CommunityInvalid,
    #[error("choose urban or rural")]
    AreaMissing,
    #[error("enter this member's full name")]
    MemberNameMissing,
    #[error("enter this member's ID number")]
    MemberIdMissing,
    #[error("the same ID number appears twice")]
    MemberIdDuplicate,
    #[error("describe the difficulty")]
    HardshipMissing,
    #[error("at most {max} characters")]
    HardshipTooLong { max: usize },
    #[error("at most {max} documents")]
    TooManyDocuments { max: usize },
    #[error("a document reference is not one this service issued, or appears twice")]
    DocumentReference,
    #[error("a document was not found or belongs to another application; upload it again")]
    DocumentUnknown,
    #[error("attach at least one document")]
    SupplementEmpty,
    #[error("the application is not waiting for documents")]
    SupplementNotRequested,
    #[error("confirm you have read the notice")]
    NoticeNotRead,
    #[error("the commitment text changed; read and sign it again")]
    CommitmentVersion,
    #[error("this member's commitment is not signed")]
    SignatureMissing,
    #[error("the typed name is not the signer's name")]
    SignatureNameMismatch,
    #[error("draw the signature")]
    SignatureNotDrawn,
    #[error("the signature drawing could not be read")]
    SignatureUnreadable,
    #[error("the signature drawing is too large")]
    SignatureTooComplex,
    #[error("an adult signs for themself unless a guardian signs")]
    SignerInvalid,
    #[error("choose an adult member who signs as guardian")]
    GuardianInvalid,
}

impl ApplicationError {
    pub const MESSAGE_IDS: &'static [&'static str] = &[
        "err-app-program-missing",
        "err-app-program-unknown",
        "err-app-apply-at-missing",
        "err-app-residence-permit",
        "err-app-residence-not-offered",
        "err-app-region-missing",
        "err-app-township-missing",
        "err-app-township-outside",
        "err-app-community-missing",
        "err-app-community-invalid",
        "err-app-area-missing",
        "err-app-member-name-missing",
        "err-app-member-id-missing",
        "err-app-member-id-duplicate",
        "err-app-hardship-missing",
        "err-app-hardship-too-long",
        "err-app-too-many-documents",
        "err-app-document-reference",
        "err-app-document-unknown",
        "err-app-supplement-empty",
        "err-app-supplement-not-requested",
        "err-app-notice-not-read",
        "err-app-commitment-version",
        "err-app-signature-missing",
        "err-app-signature-name-mismatch",
        "err-app-signature-not-drawn",
        "err-app-signature-unreadable",
        "err-app-signature-too-complex",
        "err-app-signer-invalid",
        "err-app-guardian-invalid",
    ];
}

impl Localized for ApplicationError {
    fn message_id(&self) -> &'static str {
        match self {
            Self::ProgramMissing => "err-app-program-missing",
            Self::ProgramUnknown => "err-app-program-unknown",
            Self::ApplyAtMissing => "err-app-apply-at-missing",
            Self::ResidencePermit => "err-app-residence-permit",
            Self::ResidenceNotOffered => "err-app-residence-not-offered",
            Self::RegionMissing => "err-app-region-missing",
            Self::TownshipMissing => "err-app-township-missing",
            Self::TownshipOutsidePlace => "err-app-township-outside",
            Self::CommunityMissing => "err-app-community-missing",
            Self::CommunityInvalid => "err-app-community-invalid",
            Self::AreaMissing => "err-app-area-missing",
            Self::MemberNameMissing => "err-app-member-name-missing",
            Self::MemberIdMissing => "err-app-member-id-missing",
            Self::MemberIdDuplicate => "err-app-member-id-duplicate",
            Self::HardshipMissing => "err-app-hardship-missing",
            Self::HardshipTooLong { .. } => "err-app-hardship-too-long",
            Self::TooManyDocuments { .. } => "err-app-too-many-documents",
            Self::DocumentReference => "err-app-document-reference",
            Self::DocumentUnknown => "err-app-document-unknown",
            Self::SupplementEmpty => "err-app-supplement-empty",
            Self::SupplementNotRequested => "err-app-supplement-not-requested",
            Self::NoticeNotRead => "err-app-notice-not-read",
            Self::CommitmentVersion => "err-app-commitment-version",
            Self::SignatureMissing => "err-app-signature-missing",
            Self::SignatureNameMismatch => "err-app-signature-name-mismatch",
            Self::SignatureNotDrawn => "err-app-signature-not-drawn",
            Self::SignatureUnreadable => "err-app-signature-unreadable",
            Self::SignatureTooComplex => "err-app-signature-too-complex",
            Self::SignerInvalid => "err-app-signer-invalid",
            Self::GuardianInvalid => "err-app-guardian-invalid",
        }
    }

    fn message_args(&self) -> Vec<MessageArg> {
        match self {
            Self::HardshipTooLong { max } | Self::TooManyDocuments { max } => {
                vec![crate::message::arg("max", max)]
            }
            _ => Vec::new(),
        }
    }
}

/// The resident's answer to a request for more documents (补正), sent from `/track`: the
/// documents uploaded for it, and optionally a note. A note alone is not an answer: the time
/// limit stays paused until the documents are in (papers brought to the office are recorded by
/// staff).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupplementReplyForm {
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub documents: Vec<String>,
}

/// A parsed answer: at least one document, and a note if the resident wrote one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupplementReply {
    pub note: Option<crate::text::MessageText>,
    pub documents: Vec<String>,
}

impl SupplementReplyForm {
    pub fn parse(&self) -> Result<SupplementReply, FormErrors> {
        let mut errors = FormErrors::new();
        let note = match self.note.trim() {
            "" => None,
            n => errors.field("note", crate::text::MessageText::parse(n)),
        };
        if self.documents.len() > MAX_DOCUMENTS {
            errors.push(
                "documents",
                &ApplicationError::TooManyDocuments { max: MAX_DOCUMENTS },
            );
        } else if !documents_well_formed(&self.documents) {
            errors.push("documents", &ApplicationError::DocumentReference);
        }
        if errors.is_empty() && self.documents.is_empty() {
            errors.push("documents", &ApplicationError::SupplementEmpty);
        }
        if errors.is_empty() {
            Ok(SupplementReply {
                note,
                documents: self.documents.clone(),
            })
        } else {
            Err(errors)
        }
    }
}

/// Document references are the 32 lowercase hex digits the upload service issues, each once.
fn documents_well_formed(ids: &[String]) -> bool {
    ids.iter().enumerate().all(|(i, id)| {
        id.len() == 32
            && id
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
            && !ids[..i].contains(id)
    })
}

fn is_adult(m: &Member, today: Date) -> bool {
    age_on(m.birth_date, today).is_some_and(|a| a >= AGE_OF_MAJORITY)
}

/// Whether member `i` must be signed for by a guardian (a minor always is).
pub fn needs_guardian(household: &Household, i: usize, today: Date) -> bool {
    household
        .members
        .get(i)
        .is_some_and(|m| !is_adult(m, today))
}

impl Application {
    /// Parses a complete application as of `today`, collecting every error.
    pub fn parse(form: &ApplicationForm, today: Date) -> Result<Application, FormErrors> {
        let mut errors = FormErrors::new();

        let mut programs = Vec::new();
        for raw in &form.programs {
            match Program::from_key(raw) {
                Some(p) if !programs.contains(&p) => programs.push(p),
                Some(_) => {}
                None => errors.push("programs", &ApplicationError::ProgramUnknown),
            }
        }
        programs.sort();
        if form.programs.is_empty() {
            errors.push("programs", &ApplicationError::ProgramMissing);
        }

        let region = if form.region.trim().is_empty() {
            errors.push("region", &ApplicationError::RegionMissing);
            None
        } else {
            errors.field("region", RegionCode::parse(&form.region))
        };
        let township = match (form.township.trim(), region) {
            ("", _) => None,
            (raw, region) => match crate::region::TownshipCode::parse(raw) {
                Ok(t) if region.is_none_or(|r| t.is_within(r)) => Some(t),
                Ok(_) => {
                    errors.push("township", &ApplicationError::TownshipOutsidePlace);
                    None
                }
                Err(e) => {
                    errors.push("township", &e);
                    None
                }
            },
        };
        let community = {
            let c = form.community.trim();
            if c.is_empty() {
                errors.push("community", &ApplicationError::CommunityMissing);
            } else if c.chars().count() > MAX_COMMUNITY_CHARS
                || c.chars()
                    .any(|ch| ch.is_control() || crate::text::is_disallowed_invisible(ch))
            {
                errors.push("community", &ApplicationError::CommunityInvalid);
            }
            c.to_owned()
        };
        let area = match form.area.trim() {
            "urban" => Some(AreaType::Urban),
            "rural" => Some(AreaType::Rural),
            _ => {
                errors.push("area", &ApplicationError::AreaMissing);
                None
            }
        };
        let apply_at = match form.apply_at.trim() {
            "hukou" => Some(ApplyAt::Hukou),
            "residence" => {
                let permit: String = form
                    .residence_permit
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect();
                // 居住证 numbers follow the holder's ID number format or a local serial; the
                // office checks it against the permit. Here: present, plain and bounded.
                if permit.is_empty()
                    || permit.chars().count() > 32
                    || !permit.chars().all(|c| c.is_ascii_alphanumeric())
                {
                    errors.push("residence_permit", &ApplicationError::ResidencePermit);
                    None
                } else {
                    Some(ApplyAt::Residence {
                        permit_number: permit,
                    })
                }
            }
            _ => {
                errors.push("apply_at", &ApplicationError::ApplyAtMissing);
                None
            }
        };
        let mobile = errors.field("mobile", MobileNumber::parse(&form.mobile));

        // The household, with names and ID numbers required for everyone (the screener
        // lets them be empty; an application names each member).
        let household = match Household::parse(&household_form(&form.household, today), today) {
            Ok(h) => Some(h),
            Err(e) => {
                errors.errors.extend(e.errors);
                None
            }
        };
        for (i, m) in form.household.members.iter().enumerate().take(MAX_MEMBERS) {
            let at = |f: &str| format!("members[{i}].{f}");
            if m.name.trim().is_empty() {
                errors.push(&at("name"), &ApplicationError::MemberNameMissing);
            }
            if m.id_number.trim().is_empty() {
                errors.push(&at("id_number"), &ApplicationError::MemberIdMissing);
            }
        }
        if let Some(h) = &household {
            for (i, m) in h.members.iter().enumerate() {
                let dup = h.members[..i]
                    .iter()
                    .any(|o| o.id_number.is_some() && o.id_number == m.id_number);
                if dup {
                    errors.push(
                        &format!("members[{i}].id_number"),
                        &ApplicationError::MemberIdDuplicate,
                    );
                }
            }
        }

        let hardship = form.hardship.trim().to_owned();
        if hardship.is_empty() {
            errors.push("hardship", &ApplicationError::HardshipMissing);
        } else if hardship.chars().count() > MAX_HARDSHIP_CHARS {
            errors.push(
                "hardship",
                &ApplicationError::HardshipTooLong {
                    max: MAX_HARDSHIP_CHARS,
                },
            );
        }
        if form.documents.len() > MAX_DOCUMENTS {
            errors.push(
                "documents",
                &ApplicationError::TooManyDocuments { max: MAX_DOCUMENTS },
            );
        } else if !documents_well_formed(&form.documents) {
            errors.push("documents", &ApplicationError::DocumentReference);
        }

        if form.notice_read.trim() != "yes" {
            errors.push("notice_read", &ApplicationError::NoticeNotRead);
        }
        if form.commitment_version.trim() != COMMITMENT_VERSION {
            errors.push("commitment_version", &ApplicationError::CommitmentVersion);
        }

        let signatures = match &household {
            Some(h) => parse_signatures(form, h, today, &mut errors),
            None => {
                // Who signs for whom needs the household; a signature not given at all is
                // reported now, so the resident does not meet it only on the next check.
                for i in 0..form.household.members.len().min(MAX_MEMBERS) {
                    let unsigned = form.signatures.get(i).is_none_or(|s| {
                        s.typed_name.trim().is_empty() && s.strokes.trim().is_empty()
                    });
                    if unsigned {
                        errors.push(
                            &format!("signatures[{i}].typed_name"),
                            &ApplicationError::SignatureMissing,
                        );
                    }
                }
                Vec::new()
            }
        };

        match (errors.is_empty(), region, area, apply_at, mobile, household) {
            (true, Some(region), Some(area), Some(apply_at), Some(mobile), Some(household)) => {
                Ok(Application {
                    programs,
                    region,
                    township,
                    community,
                    area,
                    apply_at,
                    mobile,
                    household,
                    hardship,
                    documents: form.documents.clone(),
                    signatures,
                })
            }
            _ => Err(errors),
        }
    }
}

/// Whether the place takes applications from residence-permit holders where they live
/// (a dated, cited parameter; without one, only the 户籍地 takes them).
pub fn residence_applications_allowed(params: &crate::eligibility::params::Resolved) -> bool {
    params
        .flag(crate::eligibility::KEY_RESIDENCE_APPLICATIONS)
        .is_some_and(|(allowed, _)| allowed)
}

impl Application {
    /// The checks that need the place's parameters: applying at the place of residence only
    /// where the place allows it.
    pub fn check_place(
        &self,
        params: &crate::eligibility::params::Resolved,
    ) -> Result<(), FormErrors> {
        let mut errors = FormErrors::new();
        if matches!(self.apply_at, ApplyAt::Residence { .. })
            && !residence_applications_allowed(params)
        {
            errors.push("apply_at", &ApplicationError::ResidenceNotOffered);
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

impl Application {
    /// The township must be one of the county's listed townships; where the list has the
    /// county's townships, choosing one is required (it decides which intake clerk receives
    /// the application). Needs the national list, so it runs on the server.
    #[cfg(feature = "regions")]
    pub fn check_township(&self) -> Result<(), FormErrors> {
        let listed = crate::region::townships().of_county(self.region);
        let mut errors = FormErrors::new();
        match self.township {
            None if !listed.is_empty() => {
                errors.push("township", &ApplicationError::TownshipMissing)
            }
            Some(t) if !listed.iter().any(|l| l.code == t) => {
                errors.push("township", &crate::region::RegionCodeError::NotInList)
            }
            _ => {}
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// One signature per member: an adult signs for themself (or a guardian signs for an adult
/// without capacity), a minor is signed for by an adult member who signs for themself.
fn parse_signatures(
    form: &ApplicationForm,
    household: &Household,
    today: Date,
    errors: &mut FormErrors,
) -> Vec<Signature> {
    let members = &household.members;
    let mut out = Vec::new();
    for (i, member) in members.iter().enumerate() {
        let at = |f: &str| format!("signatures[{i}].{f}");
        let Some(sig) = form.signatures.get(i) else {
            errors.push(&at("typed_name"), &ApplicationError::SignatureMissing);
            continue;
        };
        if sig.typed_name.trim().is_empty() && sig.strokes.trim().is_empty() {
            errors.push(&at("typed_name"), &ApplicationError::SignatureMissing);
            continue;
        }
        let signer = match sig.signer.trim() {
            "self" if is_adult(member, today) => Some(Signer::Themself),
            "self" => {
                errors.push(&at("signer"), &ApplicationError::SignerInvalid);
                None
            }
            "guardian" => {
                let guardian = sig.guardian.trim().parse::<usize>().ok().filter(|&g| {
                    g != i
                        && members.get(g).is_some_and(|m| is_adult(m, today))
                        // The guardian signs for themself: a guardian under guardianship
                        // cannot sign for someone else.
                        && form.signatures.get(g).is_some_and(|s| s.signer.trim() == "self")
                });
                match guardian {
                    Some(g) => Some(Signer::Guardian(g)),
                    None => {
                        errors.push(&at("guardian"), &ApplicationError::GuardianInvalid);
                        None
                    }
                }
            }
            _ => {
                errors.push(&at("signer"), &ApplicationError::SignerInvalid);
                None
            }
        };
        let typed = errors.field(&at("typed_name"), PersonName::parse(&sig.typed_name));
        let strokes = errors.field(&at("strokes"), Strokes::parse(&sig.strokes));
        let (Some(signer), Some(typed), Some(strokes)) = (signer, typed, strokes) else {
            continue;
        };
        let signer_name = match signer {
            Signer::Themself => member.name.as_ref(),
            Signer::Guardian(g) => members[g].name.as_ref(),
        };
        if signer_name != Some(&typed) {
            errors.push(&at("typed_name"), &ApplicationError::SignatureNameMismatch);
            continue;
        }
        out.push(Signature {
            member: i,
            signer,
            typed_name: typed,
            strokes,
        });
    }
    out
}

/// The commitment documents of one version, as residents read and sign them.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommitmentTexts {
    pub version: String,
    pub documents: Vec<CommitmentDocument>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommitmentDocument {
    /// `notice` (告知书), `pledge` (承诺书) or `authorization` (核对授权书).
    pub key: String,
    pub title: String,
    pub body: String,
}

impl CommitmentTexts {
    /// The exact text a signature covers: every document's title and body, in order. Its
    /// SHA-256 is stored with each signature.
    pub fn signed_text(&self) -> String {
        let mut out = format!("{}\n", self.version);
        for d in &self.documents {
            out.push_str(&format!("\n{}\n{}", d.title, d.body.trim_end()));
            out.push('\n');
        }
        out
    }
}

/// The current version's documents (feature `policy-data`: the server renders them; the
/// browser never needs them). An error stops the server at start-up.
#[cfg(feature = "policy-data")]
pub fn commitment_texts() -> Result<CommitmentTexts, String> {
    const FILE: &str = include_str!("../data/commitments/2026-11.toml");
    let texts: CommitmentTexts = toml::from_str(FILE).map_err(|e| e.to_string())?;
    if texts.version != COMMITMENT_VERSION {
        return Err(format!(
            "the commitment file is version {}, the code expects {COMMITMENT_VERSION}",
            texts.version
        ));
    }
    Ok(texts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::household::{IncomeForm, MemberForm};
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    // Check digits computed with GB 11643 (see identity::id_number tests).
    const ID_1975: &str = "441721197503010011";
    const ID_1977: &str = "441721197708080021";
    const ID_2012: &str = "44172120120901001X";

    fn today() -> Date {
        Date::parse("2026-11-23").unwrap()
    }

    fn member(relation: &str, name: &str, id: &str, work: &str) -> MemberForm {
        MemberForm {
            relation: relation.into(),
            name: name.into(),
            id_number: id.into(),
            work_status: work.into(),
            ..Default::default()
        }
    }

    fn sig(signer: &str, guardian: &str, name: &str) -> SignatureForm {
        SignatureForm {
            signer: signer.into(),
            guardian: guardian.into(),
            typed_name: name.into(),
            strokes: "100,100 180,160 260,120;300,200 420,210".into(),
        }
    }

    fn form() -> ApplicationForm {
        let mut applicant = member("applicant", "李明", ID_1975, "unemployed");
        applicant.income = vec![IncomeForm {
            kind: "wage".into(),
            amount: "1200".into(),
            period: "monthly".into(),
        }];
        let mut child = member("child", "李小华", ID_2012, "student");
        child.school_stage = "compulsory".into();
        ApplicationForm {
            programs: vec!["dibao".into()],
            region: "441721".into(),
            township: "441721100".into(),
            community: "城东社区".into(),
            area: "urban".into(),
            apply_at: "hukou".into(),
            mobile: "13800138000".into(),
            household: HouseholdForm {
                members: vec![
                    applicant,
                    member("spouse", "王芳", ID_1977, "unable_to_work"),
                    child,
                ],
                ..Default::default()
            },
            hardship: "丈夫失业，妻子因病不能工作。".into(),
            notice_read: "yes".into(),
            commitment_version: COMMITMENT_VERSION.into(),
            signatures: vec![
                sig("self", "", "李明"),
                sig("self", "", "王芳"),
                sig("guardian", "0", "李明"),
            ],
            ..Default::default()
        }
    }

    fn fields(form: &ApplicationForm) -> Vec<(String, String)> {
        match Application::parse(form, today()) {
            Ok(_) => Vec::new(),
            Err(e) => e
                .errors
                .into_iter()
                .map(|e| (e.field, e.message_id))
                .collect(),
        }
    }

    proptest::proptest! {
        /// Whatever a browser sends as a drawing, parsing ends in a value or an error; a
        /// parsed drawing re-encodes to text that parses to the same drawing.
        #[test]
        fn stroke_parsing_never_panics_and_round_trips(raw in "[0-9, ;x-]{0,200}") {
            if let Ok(s) = Strokes::parse(&raw) {
                proptest::prop_assert_eq!(Strokes::parse(&s.encode()), Ok(s));
            }
        }
    }

    #[test]
    fn pairs_round_trip_and_the_parse_sees_the_same_application() {
        let mut f = form();
        f.documents = vec!["0123456789abcdef0123456789abcdef".into()];
        f.normalize();
        let pairs = f.to_pairs();
        let again =
            ApplicationForm::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
                .unwrap();
        assert_eq!(again, f);
        assert_eq!(again.get("members[1].name"), "王芳");
        assert_eq!(again.get("signatures[2].guardian"), "0");
        assert_eq!(fields(&again), Vec::<(String, String)>::new());
    }

    #[test]
    fn an_income_error_keeps_its_rows_path_after_empty_rows() {
        let mut f = form();
        f.normalize();
        f.household.members[0].income[0].amount = String::new();
        f.household.members[0].income[2].amount = "abc".into();
        let errs = fields(&f);
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert_eq!(errs[0].0, "members[0].income[2].amount");
    }

    #[test]
    fn missing_signatures_are_reported_even_while_the_household_has_errors() {
        let mut f = form();
        f.household.members[1].relation = String::new();
        f.signatures[2] = SignatureForm::default();
        let errs = fields(&f);
        assert!(
            errs.contains(&(
                "members[1].relation".into(),
                "err-household-relation".into()
            )),
            "{errs:?}"
        );
        assert!(
            errs.contains(&(
                "signatures[2].typed_name".into(),
                "err-app-signature-missing".into()
            )),
            "{errs:?}"
        );
    }

    #[test]
    fn hostile_pairs_are_malformed() {
        let long = "9".repeat(MAX_SHORT_VALUE_CHARS + 1);
        assert_eq!(
            ApplicationForm::from_pairs([("mobile", long.as_str())]),
            Err(Malformed)
        );
        assert_eq!(
            ApplicationForm::from_pairs([("signatures[99].strokes", "1,1")]),
            Err(Malformed)
        );
        let many = vec![("programs", "dibao"); 2 * MAX_DOCUMENTS + 1];
        assert_eq!(ApplicationForm::from_pairs(many), Err(Malformed));
        let story = "难".repeat(MAX_HARDSHIP_CHARS + 1);
        let f = ApplicationForm::from_pairs([("hardship", story.as_str())]).unwrap();
        assert!(fields(&f).contains(&("hardship".into(), "err-app-hardship-too-long".into())));
    }

    #[test]
    fn removing_a_member_renumbers_guardians() {
        let mut f = form();
        f.household
            .members
            .insert(1, member("parent", "李老", "", ""));
        f.signatures.insert(1, sig("self", "", "李老"));
        f.signatures[3].guardian = "2".into();
        f.normalize();
        assert!(!f.remove_member(0), "the applicant stays");
        assert!(f.remove_member(1));
        assert_eq!(f.household.members.len(), 3);
        assert_eq!(f.signatures.len(), 3);
        assert_eq!(f.signatures[2].guardian, "1");
        assert!(f.remove_member(1));
        assert_eq!(f.signatures[1].guardian, "", "its guardian left");
        assert!(f.add_member());
        assert_eq!(f.signatures.len(), 3);
    }

    #[test]
    fn the_screeners_answers_start_the_application() {
        let mut screener = crate::eligibility::screener::ScreenerForm::new();
        screener.region = "441721".into();
        screener.area = "rural".into();
        screener.household.members[0].birth_date = "1975-03-01".into();
        screener.household.members[0].income[0].amount = "800".into();
        let f = ApplicationForm::from_screener(&screener);
        assert_eq!(f.region, "441721");
        assert_eq!(f.area, "rural");
        assert_eq!(f.household.members[0].income[0].amount, "800");
        assert_eq!(f.household.members[0].relation, "applicant");
        assert_eq!(f.signatures.len(), 1);
        assert!(
            f.programs.is_empty(),
            "the resident chooses what to ask for"
        );
    }

    #[test]
    fn a_complete_application_parses() {
        let app = Application::parse(&form(), today()).expect("valid");
        assert_eq!(app.programs, vec![Program::Dibao]);
        assert_eq!(app.signatures.len(), 3);
        assert_eq!(app.signatures[2].signer, Signer::Guardian(0));
        assert!(needs_guardian(&app.household, 2, today()));
        assert!(!needs_guardian(&app.household, 0, today()));
    }

    #[test]
    fn every_adult_must_sign() {
        let mut f = form();
        f.signatures[1] = SignatureForm::default();
        assert_eq!(
            fields(&f),
            vec![(
                "signatures[1].typed_name".into(),
                "err-app-signature-missing".into()
            )]
        );
        f.signatures.truncate(1);
        assert_eq!(fields(&f).len(), 2);
    }

    #[test]
    fn the_typed_name_must_be_the_signers() {
        let mut f = form();
        f.signatures[1].typed_name = "王方".into();
        assert_eq!(
            fields(&f),
            vec![(
                "signatures[1].typed_name".into(),
                "err-app-signature-name-mismatch".into()
            )]
        );
        // A guardian types their own name, not the child's.
        let mut f = form();
        f.signatures[2].typed_name = "李小华".into();
        assert_eq!(
            fields(&f),
            vec![(
                "signatures[2].typed_name".into(),
                "err-app-signature-name-mismatch".into()
            )]
        );
    }

    #[test]
    fn a_minor_cannot_sign_and_a_guardian_must_be_an_adult_member() {
        let mut f = form();
        f.signatures[2] = sig("self", "", "李小华");
        assert_eq!(
            fields(&f),
            vec![(
                "signatures[2].signer".into(),
                "err-app-signer-invalid".into()
            )]
        );
        let mut f = form();
        f.signatures[2].guardian = "2".into();
        assert_eq!(
            fields(&f),
            vec![(
                "signatures[2].guardian".into(),
                "err-app-guardian-invalid".into()
            )]
        );
    }

    #[test]
    fn a_dot_is_not_a_signature_and_drawings_are_bounded() {
        assert_eq!(Strokes::parse(""), Err(ApplicationError::SignatureNotDrawn));
        assert_eq!(
            Strokes::parse("500,200"),
            Err(ApplicationError::SignatureNotDrawn)
        );
        assert_eq!(
            Strokes::parse("10,10 1001,10"),
            Err(ApplicationError::SignatureUnreadable)
        );
        assert_eq!(
            Strokes::parse("a,b c,d"),
            Err(ApplicationError::SignatureUnreadable)
        );
        let huge = vec!["1,1 900,300"; MAX_STROKES + 1].join(";");
        assert_eq!(
            Strokes::parse(&huge),
            Err(ApplicationError::SignatureTooComplex)
        );
        let s = Strokes::parse(" 100,100 180,160 ; 300,200 420,210 ").unwrap();
        assert_eq!(s.encode(), "100,100 180,160;300,200 420,210");
        assert_eq!(s.svg_path(), "M100 100 L180 160 M300 200 L420 210");
    }

    #[test]
    fn names_and_id_numbers_are_required_and_unique() {
        let mut f = form();
        f.household.members[1].name.clear();
        f.household.members[2].id_number = ID_1975.into();
        let got = fields(&f);
        assert!(
            got.contains(&(
                "members[1].name".into(),
                "err-app-member-name-missing".into()
            )),
            "{got:?}"
        );
        assert!(
            got.contains(&(
                "members[2].id_number".into(),
                "err-app-member-id-duplicate".into()
            )),
            "{got:?}"
        );
    }

    #[test]
    fn the_township_must_lie_in_the_place_and_the_community_is_required() {
        let today = Date::parse("2026-11-23").unwrap();
        let mut form = form();
        form.township = "340303002".into();
        form.community = "  ".into();
        let e = Application::parse(&form, today).unwrap_err();
        let got: Vec<_> = e
            .errors
            .iter()
            .map(|e| (e.field.as_str(), e.message_id.as_str()))
            .collect();
        assert!(
            got.contains(&("township", "err-app-township-outside")),
            "{got:?}"
        );
        assert!(
            got.contains(&("community", "err-app-community-missing")),
            "{got:?}"
        );
        form.township = "441721100".into();
        form.community = "城东社区\u{202E}".into();
        let e = Application::parse(&form, today).unwrap_err();
        assert_eq!(e.errors[0].message_id, "err-app-community-invalid");
    }

    #[test]
    fn programs_place_notice_and_version_are_checked() {
        let mut f = form();
        f.programs = vec!["lottery".into()];
        f.apply_at = "residence".into();
        f.notice_read.clear();
        f.commitment_version = "2020-01".into();
        let got: Vec<String> = fields(&f).into_iter().map(|(field, _)| field).collect();
        assert_eq!(
            got,
            vec![
                "programs",
                "residence_permit",
                "notice_read",
                "commitment_version"
            ]
        );
    }

    #[cfg(feature = "policy-data")]
    #[test]
    fn the_current_commitment_texts_are_complete_and_match_the_version() {
        let t = commitment_texts().expect("the commitment file is valid");
        assert_eq!(t.version, COMMITMENT_VERSION);
        let keys: Vec<&str> = t.documents.iter().map(|d| d.key.as_str()).collect();
        assert_eq!(keys, ["notice", "pledge", "authorization"]);
        // The consequences of a false declaration are stated (policy-rules.md §2.7).
        let pledge = &t.documents[1].body;
        assert!(
            pledge.contains("停止社会救助")
                && pledge.contains("1倍以上3倍以下")
                && pledge.contains("信用记录")
        );
        assert!(t
            .signed_text()
            .starts_with("2026-11\n\n社会救助申请告知书\n"));
    }

    #[test]
    fn an_invalid_id_number_is_a_field_error() {
        let mut f = form();
        f.household.members[1].id_number = "441721197708080022".into();
        let got = fields(&f);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].0, "members[1].id_number");
    }

    #[test]
    fn a_supplement_reply_needs_words_or_documents() {
        let form = |note: &str, docs: &[&str]| SupplementReplyForm {
            note: note.into(),
            documents: docs.iter().map(|d| (*d).to_owned()).collect(),
        };
        let doc = "0123456789abcdef0123456789abcdef";
        for note in ["", "材料明天送到民政办"] {
            let e = form(note, &[]).parse().unwrap_err();
            assert_eq!(e.errors[0].message_id, "err-app-supplement-empty");
            assert_eq!(e.errors[0].field, "documents");
        }
        let r = form(" 已补交收入证明 ", &[doc]).parse().unwrap();
        assert_eq!(r.note.unwrap().as_str(), "已补交收入证明");
        assert_eq!(form("", &[doc]).parse().unwrap().documents, vec![doc]);
        assert_eq!(
            form("", &[doc, doc]).parse().unwrap_err().errors[0].field,
            "documents"
        );
        assert_eq!(
            form("", &["../../etc/passwd"]).parse().unwrap_err().errors[0].field,
            "documents"
        );
        assert_eq!(
            form("\u{202e}x", &[doc]).parse().unwrap_err().errors[0].field,
            "note"
        );
    }
}
