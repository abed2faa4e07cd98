//! A household as the assistance rules see it (policy-rules.md §2.2–§2.4, §3.1, §5.1): its
//! members with their relation to the applicant, identity, income, disability, work or school
//! status and daily-living abilities, and the household's assets.
//!
//! [`HouseholdForm`] is what a form submits (strings); [`Household::parse`] turns it into typed
//! values or reports every problem with a stable field path (`members[1].income[0].amount`), so
//! the browser and the server show the same errors at the same fields.

use serde::{Deserialize, Serialize};

use crate::date::{age_on, Date};
use crate::form::FormErrors;
use crate::identity::IdNumber;
use crate::message::{arg, Localized, MessageArg};
use crate::money::Money;
use crate::name::PersonName;

/// Most members a household form accepts (larger households apply at the service hall).
pub const MAX_MEMBERS: usize = 20;
/// Most income items per member.
pub const MAX_INCOME_ITEMS: usize = 20;
/// Largest count of properties, vehicles or registrations a form accepts.
pub const MAX_ASSET_COUNT: u8 = 50;
/// Months in a year, for normalizing yearly income.
const MONTHS_PER_YEAR: i64 = 12;

/// Relation of a member to the applicant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    Applicant,
    Spouse,
    Child,
    Parent,
    /// 儿媳 / 女婿
    ChildInLaw,
    /// 公婆 / 岳父母
    ParentInLaw,
    Sibling,
    Grandparent,
    Grandchild,
    Other,
}

impl Relation {
    pub const ALL: [Relation; 10] = [
        Relation::Applicant,
        Relation::Spouse,
        Relation::Child,
        Relation::Parent,
        Relation::ChildInLaw,
        Relation::ParentInLaw,
        Relation::Sibling,
        Relation::Grandparent,
        Relation::Grandchild,
        Relation::Other,
    ];
}

/// Kinds of income. The four national categories (工资性, 经营净, 财产净, 转移净收入) plus the
/// transfers that rules treat specially: several are not counted as income, and which ones
/// differs by region, so the engine decides from regional parameters, not this type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IncomeKind {
    /// 工资性收入
    Wage,
    /// 经营净收入 (farming and business)
    Business,
    /// 财产净收入 (rent, interest, dividends)
    Property,
    /// 养老金、退休金 (employee pensions)
    Pension,
    /// 城乡居民基本养老保险基础养老金 (not counted during the 十四五 period, national rule)
    BasicResidentPension,
    /// 赡养费、抚养费、扶养费 received
    Maintenance,
    /// Social assistance money already received (not counted)
    SocialAssistance,
    /// 优待抚恤金
    Preferential,
    /// 计划生育奖励与扶助金
    FamilyPlanning,
    /// 奖学金
    Scholarship,
    /// 残疾人两项补贴
    DisabilityAllowance,
    /// 高龄津贴
    ElderlyAllowance,
    /// 孤儿 / 事实无人抚养儿童基本生活费
    OrphanAllowance,
    /// Other transfers (e.g. unemployment benefit)
    OtherTransfer,
    Other,
}

impl IncomeKind {
    pub const ALL: [IncomeKind; 15] = [
        IncomeKind::Wage,
        IncomeKind::Business,
        IncomeKind::Property,
        IncomeKind::Pension,
        IncomeKind::BasicResidentPension,
        IncomeKind::Maintenance,
        IncomeKind::SocialAssistance,
        IncomeKind::Preferential,
        IncomeKind::FamilyPlanning,
        IncomeKind::Scholarship,
        IncomeKind::DisabilityAllowance,
        IncomeKind::ElderlyAllowance,
        IncomeKind::OrphanAllowance,
        IncomeKind::OtherTransfer,
        IncomeKind::Other,
    ];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IncomePeriod {
    Monthly,
    Yearly,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncomeItem {
    pub kind: IncomeKind,
    pub amount: Money,
    pub period: IncomePeriod,
}

impl IncomeItem {
    /// Monthly amount: yearly income divided by 12, rounded half up to the fen.
    pub fn monthly(&self) -> Money {
        match self.period {
            IncomePeriod::Monthly => self.amount,
            IncomePeriod::Yearly => self
                .amount
                .checked_ratio(1, MONTHS_PER_YEAR)
                .expect("dividing a bounded amount by 12 cannot overflow"),
        }
    }

    /// Yearly amount (exact).
    pub fn yearly(&self) -> Money {
        match self.period {
            IncomePeriod::Yearly => self.amount,
            IncomePeriod::Monthly => self
                .amount
                .checked_mul(MONTHS_PER_YEAR)
                .expect("a bounded amount times 12 cannot overflow"),
        }
    }
}

/// Disability category of the 残疾人证 (its 19th character).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DisabilityCategory {
    Visual = 1,
    Hearing = 2,
    Speech = 3,
    Physical = 4,
    Intellectual = 5,
    Mental = 6,
    Multiple = 7,
}

impl DisabilityCategory {
    pub const ALL: [DisabilityCategory; 7] = [
        DisabilityCategory::Visual,
        DisabilityCategory::Hearing,
        DisabilityCategory::Speech,
        DisabilityCategory::Physical,
        DisabilityCategory::Intellectual,
        DisabilityCategory::Mental,
        DisabilityCategory::Multiple,
    ];

    fn from_digit(d: u8) -> Option<Self> {
        Self::ALL.into_iter().find(|c| *c as u8 == d)
    }
}

/// A disability certificate: category and level 1 (most severe) to 4.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisabilityCertificate {
    pub category: DisabilityCategory,
    pub level: u8,
}

impl DisabilityCertificate {
    pub fn new(category: DisabilityCategory, level: u8) -> Result<Self, HouseholdError> {
        if (1..=4).contains(&level) {
            Ok(Self { category, level })
        } else {
            Err(HouseholdError::DisabilityLevel)
        }
    }

    /// Reads category and level from a 第二代/第三代 残疾人证号: the holder's 18-character ID
    /// number followed by the category digit and the level digit (policy-rules.md §10.6).
    pub fn from_certificate_number(raw: &str) -> Result<(Self, IdNumber), HouseholdError> {
        let s: String = raw.trim().chars().filter(|c| !c.is_whitespace()).collect();
        if s.len() != 20 || !s.is_ascii() {
            return Err(HouseholdError::DisabilityNumber);
        }
        let id = IdNumber::parse(&s[..18]).map_err(|_| HouseholdError::DisabilityNumber)?;
        let digit = |i: usize| s.as_bytes()[i].checked_sub(b'0').filter(|d| *d <= 9);
        let category = digit(18)
            .and_then(DisabilityCategory::from_digit)
            .ok_or(HouseholdError::DisabilityNumber)?;
        let level = digit(19).ok_or(HouseholdError::DisabilityNumber)?;
        Ok((
            Self::new(category, level).map_err(|_| HouseholdError::DisabilityNumber)?,
            id,
        ))
    }

    /// 重度残疾: level 1 or 2.
    pub fn is_severe(&self) -> bool {
        self.level <= 2
    }
}

/// School stage of a student member.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SchoolStage {
    Preschool,
    /// 义务教育 (primary and junior secondary)
    Compulsory,
    /// 普通高中
    HighSchool,
    /// 中等职业教育
    Vocational,
    /// 专科 / 本科
    Undergraduate,
    /// 研究生
    Postgraduate,
}

/// What a member mainly does; it decides who is expected to work and who counts as a
/// household member at all (policy-rules.md §2.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "status", content = "stage", rename_all = "snake_case")]
pub enum WorkStatus {
    Employed,
    SelfEmployed,
    Farming,
    /// Able to work but without work.
    Unemployed,
    Retired,
    /// Unable to work (illness, disability, care duties recognised locally).
    UnableToWork,
    Student(SchoolStage),
    /// Below school age.
    Child,
    /// Serving a sentence or under compulsory measures: not a household member.
    Incarcerated,
    /// Religious personnel living apart from the family for three years or more: not a member.
    ReligiousLivingApart,
}

impl WorkStatus {
    /// Whether the person counts among the co-resident household members (§2.2 exclusions).
    pub fn counts_as_member(self) -> bool {
        !matches!(
            self,
            WorkStatus::Incarcerated | WorkStatus::ReligiousLivingApart
        )
    }

    fn parse(status: &str, stage: &str) -> Result<Self, HouseholdError> {
        Ok(match status {
            "employed" => WorkStatus::Employed,
            "self_employed" => WorkStatus::SelfEmployed,
            "farming" => WorkStatus::Farming,
            "unemployed" => WorkStatus::Unemployed,
            "retired" => WorkStatus::Retired,
            "unable_to_work" => WorkStatus::UnableToWork,
            "child" => WorkStatus::Child,
            "incarcerated" => WorkStatus::Incarcerated,
            "religious_living_apart" => WorkStatus::ReligiousLivingApart,
            "student" => WorkStatus::Student(match stage {
                "preschool" => SchoolStage::Preschool,
                "compulsory" => SchoolStage::Compulsory,
                "high_school" => SchoolStage::HighSchool,
                "vocational" => SchoolStage::Vocational,
                "undergraduate" => SchoolStage::Undergraduate,
                "postgraduate" => SchoolStage::Postgraduate,
                _ => return Err(HouseholdError::SchoolStage),
            }),
            "" => return Err(HouseholdError::WorkStatusMissing),
            _ => return Err(HouseholdError::WorkStatusUnknown),
        })
    }
}

/// The six activities of daily living of the 特困 care assessment (特困人员认定办法 2021):
/// `true` means the person manages it on their own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DailyLiving {
    pub eating: bool,
    pub dressing: bool,
    pub getting_in_and_out_of_bed: bool,
    pub toileting: bool,
    pub walking_indoors: bool,
    pub bathing: bool,
}

/// Field names of the six activities, in the order forms show them.
pub const DAILY_LIVING_FIELDS: [&str; 6] = [
    "eating",
    "dressing",
    "getting_in_and_out_of_bed",
    "toileting",
    "walking_indoors",
    "bathing",
];

/// Care tier from the number of activities a person cannot manage: none → 全自理, one to three
/// → 半护理 (部分丧失生活自理能力), four or more → 全护理 (完全丧失).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CareTier {
    SelfCare,
    PartialCare,
    FullCare,
}

impl DailyLiving {
    pub fn unable_count(&self) -> u8 {
        [
            self.eating,
            self.dressing,
            self.getting_in_and_out_of_bed,
            self.toileting,
            self.walking_indoors,
            self.bathing,
        ]
        .into_iter()
        .filter(|can| !can)
        .count() as u8
    }

    pub fn care_tier(&self) -> CareTier {
        match self.unable_count() {
            0 => CareTier::SelfCare,
            1..=3 => CareTier::PartialCare,
            _ => CareTier::FullCare,
        }
    }
}

/// The household's assets (thresholds and exemptions are regional parameters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Assets {
    /// 存款 (all members, all banks).
    pub deposits: Money,
    /// 有价证券, funds, commercial insurance cash value.
    pub securities: Money,
    pub residential_properties: u8,
    pub non_residential_properties: u8,
    /// Cars and other motor vehicles other than those below.
    pub motor_vehicles: u8,
    /// Vehicles usually exempt: disability scooters, motorcycles, e-bikes.
    pub exempt_vehicles: u8,
    /// 工商登记 (business registrations) held by members.
    pub business_registrations: u8,
    pub large_farm_machinery: u8,
}

impl Assets {
    /// 金融资产 (deposits plus securities).
    pub fn financial(&self) -> Money {
        self.deposits
            .checked_add(self.securities)
            .expect("two bounded amounts cannot overflow")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub relation: Relation,
    pub name: Option<PersonName>,
    pub id_number: Option<IdNumber>,
    pub birth_date: Date,
    pub income: Vec<IncomeItem>,
    pub disability: Option<DisabilityCertificate>,
    pub work: WorkStatus,
    /// Answered only where it matters (older or disabled members).
    pub daily_living: Option<DailyLiving>,
}

impl Member {
    pub fn age_on(&self, date: Date) -> Option<u32> {
        age_on(self.birth_date, date)
    }

    /// Monthly income of one kind or of all kinds.
    pub fn monthly_income(&self, filter: impl Fn(IncomeKind) -> bool) -> Money {
        Money::checked_sum(
            self.income
                .iter()
                .filter(|i| filter(i.kind))
                .map(IncomeItem::monthly),
        )
        .expect("bounded items cannot overflow")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Household {
    /// The applicant first.
    pub members: Vec<Member>,
    pub assets: Assets,
}

impl Household {
    pub fn applicant(&self) -> &Member {
        &self.members[0]
    }

    /// Members who count for the per-capita calculation (§2.2 exclusions removed).
    pub fn counted_members(&self) -> impl Iterator<Item = &Member> {
        self.members.iter().filter(|m| m.work.counts_as_member())
    }

    pub fn size(&self) -> usize {
        self.counted_members().count()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum HouseholdError {
    #[error("the household has no members")]
    NoMembers,
    #[error("more than {max} members")]
    TooManyMembers { max: usize },
    #[error("the first member must be the applicant, and only the first")]
    ApplicantPosition,
    #[error("unknown relation")]
    Relation,
    #[error("birth date does not match the ID number")]
    BirthDateMismatch,
    #[error("birth date is in the future")]
    BirthDateInFuture,
    #[error("birth date is before 1900")]
    BirthDateTooEarly,
    #[error("unknown kind of income")]
    IncomeKind,
    #[error("say whether the amount is monthly or yearly")]
    IncomePeriod,
    #[error("more than {max} income items")]
    TooManyIncomeItems { max: usize },
    #[error("unknown disability category")]
    DisabilityCategory,
    #[error("disability level must be 1 to 4")]
    DisabilityLevel,
    #[error("not a disability certificate number")]
    DisabilityNumber,
    #[error("the certificate belongs to another ID number")]
    DisabilityHolderMismatch,
    #[error("choose what this person mainly does")]
    WorkStatusMissing,
    #[error("unknown work status")]
    WorkStatusUnknown,
    #[error("choose the school stage")]
    SchoolStage,
    #[error("answer yes or no")]
    YesNo,
    #[error("enter a whole number from 0 to {max}")]
    Count { max: u8 },
}

impl HouseholdError {
    pub const MESSAGE_IDS: &'static [&'static str] = &[
        "err-household-no-members",
        "err-household-too-many-members",
        "err-household-applicant-position",
        "err-household-relation",
        "err-household-birth-date-mismatch",
        "err-household-birth-date-in-future",
        "err-household-birth-date-too-early",
        "err-household-income-kind",
        "err-household-income-period",
        "err-household-too-many-income-items",
        "err-household-disability-category",
        "err-household-disability-level",
        "err-household-disability-number",
        "err-household-disability-holder",
        "err-household-work-status-missing",
        "err-household-work-status-unknown",
        "err-household-school-stage",
        "err-household-yes-no",
        "err-household-count",
    ];
}

impl Localized for HouseholdError {
    fn message_id(&self) -> &'static str {
        match self {
            Self::NoMembers => "err-household-no-members",
            Self::TooManyMembers { .. } => "err-household-too-many-members",
            Self::ApplicantPosition => "err-household-applicant-position",
            Self::Relation => "err-household-relation",
            Self::BirthDateMismatch => "err-household-birth-date-mismatch",
            Self::BirthDateInFuture => "err-household-birth-date-in-future",
            Self::BirthDateTooEarly => "err-household-birth-date-too-early",
            Self::IncomeKind => "err-household-income-kind",
            Self::IncomePeriod => "err-household-income-period",
            Self::TooManyIncomeItems { .. } => "err-household-too-many-income-items",
            Self::DisabilityCategory => "err-household-disability-category",
            Self::DisabilityLevel => "err-household-disability-level",
            Self::DisabilityNumber => "err-household-disability-number",
            Self::DisabilityHolderMismatch => "err-household-disability-holder",
            Self::WorkStatusMissing => "err-household-work-status-missing",
            Self::WorkStatusUnknown => "err-household-work-status-unknown",
            Self::SchoolStage => "err-household-school-stage",
            Self::YesNo => "err-household-yes-no",
            Self::Count { .. } => "err-household-count",
        }
    }

    fn message_args(&self) -> Vec<MessageArg> {
        match self {
            Self::TooManyMembers { max } | Self::TooManyIncomeItems { max } => {
                vec![arg("max", max)]
            }
            Self::Count { max } => vec![arg("max", max)],
            _ => Vec::new(),
        }
    }
}

// ---- The form as submitted ----------------------------------------------------------------

#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct IncomeForm {
    pub kind: String,
    pub amount: String,
    pub period: String,
}

redacted_debug!(IncomeForm {
    kind,
    amount,
    period
});

#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MemberForm {
    pub relation: String,
    pub name: String,
    pub id_number: String,
    pub birth_date: String,
    pub income: Vec<IncomeForm>,
    /// Either the certificate number, or category and level chosen from lists.
    pub disability_number: String,
    pub disability_category: String,
    pub disability_level: String,
    pub work_status: String,
    pub school_stage: String,
    /// The six activities, each "yes", "no" or "" (not asked).
    pub daily_living: Vec<String>,
}

redacted_debug!(MemberForm {
    relation,
    name,
    id_number,
    birth_date,
    income,
    disability_number,
    disability_category,
    disability_level,
    work_status,
    school_stage,
    daily_living
});

#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AssetsForm {
    pub deposits: String,
    pub securities: String,
    pub residential_properties: String,
    pub non_residential_properties: String,
    pub motor_vehicles: String,
    pub exempt_vehicles: String,
    pub business_registrations: String,
    pub large_farm_machinery: String,
}

redacted_debug!(AssetsForm {
    deposits,
    securities,
    residential_properties,
    non_residential_properties,
    motor_vehicles,
    exempt_vehicles,
    business_registrations,
    large_farm_machinery
});

#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct HouseholdForm {
    pub members: Vec<MemberForm>,
    pub assets: AssetsForm,
}

redacted_debug!(HouseholdForm { members, assets });

/// Form keys of an enum (equal to its serde names; a test checks they agree).
macro_rules! form_keys {
    ($ty:ident { $($variant:ident => $key:literal),+ $(,)? }) => {
        impl $ty {
            pub fn key(self) -> &'static str {
                match self { $($ty::$variant => $key),+ }
            }

            pub fn from_key(raw: &str) -> Option<Self> {
                match raw.trim() { $($key => Some($ty::$variant),)+ _ => None }
            }
        }
    };
}

form_keys!(Relation {
    Applicant => "applicant", Spouse => "spouse", Child => "child", Parent => "parent",
    ChildInLaw => "child_in_law", ParentInLaw => "parent_in_law", Sibling => "sibling",
    Grandparent => "grandparent", Grandchild => "grandchild", Other => "other",
});

form_keys!(IncomeKind {
    Wage => "wage", Business => "business", Property => "property", Pension => "pension",
    BasicResidentPension => "basic_resident_pension", Maintenance => "maintenance",
    SocialAssistance => "social_assistance", Preferential => "preferential",
    FamilyPlanning => "family_planning", Scholarship => "scholarship",
    DisabilityAllowance => "disability_allowance", ElderlyAllowance => "elderly_allowance",
    OrphanAllowance => "orphan_allowance", OtherTransfer => "other_transfer", Other => "other",
});

form_keys!(DisabilityCategory {
    Visual => "visual", Hearing => "hearing", Speech => "speech", Physical => "physical",
    Intellectual => "intellectual", Mental => "mental", Multiple => "multiple",
});

fn parse_count(raw: &str) -> Result<u8, HouseholdError> {
    let t = raw.trim();
    if t.is_empty() {
        return Ok(0);
    }
    t.parse::<u8>()
        .ok()
        .filter(|n| *n <= MAX_ASSET_COUNT)
        .ok_or(HouseholdError::Count {
            max: MAX_ASSET_COUNT,
        })
}

fn parse_amount(raw: &str) -> Result<Money, crate::money::MoneyError> {
    if raw.trim().is_empty() {
        Ok(Money::ZERO)
    } else {
        Money::parse_yuan(raw)
    }
}

impl Household {
    /// Parses a submitted household as of `today` (China civil date), collecting every error.
    pub fn parse(form: &HouseholdForm, today: Date) -> Result<Household, FormErrors> {
        let mut errors = FormErrors::new();
        if form.members.is_empty() {
            errors.push("members", &HouseholdError::NoMembers);
        } else if form.members.len() > MAX_MEMBERS {
            errors.push(
                "members",
                &HouseholdError::TooManyMembers { max: MAX_MEMBERS },
            );
            return Err(errors);
        }
        let members: Vec<Option<Member>> = form
            .members
            .iter()
            .enumerate()
            .map(|(i, m)| parse_member(m, &format!("members[{i}]"), i == 0, today, &mut errors))
            .collect();
        let assets = parse_assets(&form.assets, &mut errors);
        match (errors.is_empty(), assets) {
            (true, Some(assets)) => Ok(Household {
                members: members.into_iter().flatten().collect(),
                assets,
            }),
            _ => Err(errors),
        }
    }
}

fn parse_member(
    form: &MemberForm,
    path: &str,
    is_first: bool,
    today: Date,
    errors: &mut FormErrors,
) -> Option<Member> {
    let at = |field: &str| format!("{path}.{field}");
    let relation = match Relation::from_key(&form.relation) {
        Some(r) if (r == Relation::Applicant) != is_first => {
            errors.push(&at("relation"), &HouseholdError::ApplicantPosition);
            None
        }
        Some(r) => Some(r),
        None => {
            errors.push(&at("relation"), &HouseholdError::Relation);
            None
        }
    };
    let name = if form.name.trim().is_empty() {
        None
    } else {
        errors
            .field(&at("name"), PersonName::parse(&form.name))
            .map(Some)
            .unwrap_or(None)
    };
    let id_number = if form.id_number.trim().is_empty() {
        None
    } else {
        errors.field(
            &at("id_number"),
            IdNumber::parse_as_of(&form.id_number, today),
        )
    };
    // The birth date comes from the ID number when there is one; a typed date must agree. An
    // ID number with a mistake is reported alone: asking for the birth date as well would send
    // the resident to the wrong field.
    let typed_birth = if form.birth_date.trim().is_empty() && !form.id_number.trim().is_empty() {
        None
    } else {
        errors.field(&at("birth_date"), Date::parse(&form.birth_date))
    };
    let birth_date = match (&id_number, typed_birth) {
        (Some(id), Some(typed)) if id.birth_date() != typed => {
            errors.push(&at("birth_date"), &HouseholdError::BirthDateMismatch);
            None
        }
        (Some(id), _) => Some(id.birth_date()),
        (None, Some(typed)) if typed > today => {
            errors.push(&at("birth_date"), &HouseholdError::BirthDateInFuture);
            None
        }
        (None, Some(typed)) if typed.year() < crate::identity::id_number::MIN_BIRTH_YEAR => {
            errors.push(&at("birth_date"), &HouseholdError::BirthDateTooEarly);
            None
        }
        (None, typed) => typed,
    };

    if form.income.len() > MAX_INCOME_ITEMS {
        errors.push(
            &at("income"),
            &HouseholdError::TooManyIncomeItems {
                max: MAX_INCOME_ITEMS,
            },
        );
    }
    let income: Vec<Option<IncomeItem>> = form
        .income
        .iter()
        .take(MAX_INCOME_ITEMS)
        .enumerate()
        // A row left empty is "none of this kind". Skipped here, after numbering, so an
        // error on a later row keeps that row's path.
        .filter(|(_, item)| !item.amount.trim().is_empty())
        .map(|(j, item)| {
            let at = |field: &str| format!("{path}.income[{j}].{field}");
            let kind = IncomeKind::from_key(&item.kind);
            if kind.is_none() {
                errors.push(&at("kind"), &HouseholdError::IncomeKind);
            }
            let amount = errors.field(&at("amount"), Money::parse_yuan(&item.amount));
            let period = match item.period.trim() {
                "monthly" => Some(IncomePeriod::Monthly),
                "yearly" => Some(IncomePeriod::Yearly),
                _ => {
                    errors.push(&at("period"), &HouseholdError::IncomePeriod);
                    None
                }
            };
            Some(IncomeItem {
                kind: kind?,
                amount: amount?,
                period: period?,
            })
        })
        .collect();

    let disability = if !form.disability_number.trim().is_empty() {
        match DisabilityCertificate::from_certificate_number(&form.disability_number) {
            Ok((cert, holder)) => {
                if id_number.as_ref().is_some_and(|id| *id != holder) {
                    errors.push(
                        &at("disability_number"),
                        &HouseholdError::DisabilityHolderMismatch,
                    );
                }
                Some(Some(cert))
            }
            Err(e) => {
                errors.push(&at("disability_number"), &e);
                None
            }
        }
    } else if !form.disability_category.trim().is_empty()
        || !form.disability_level.trim().is_empty()
    {
        let category = DisabilityCategory::from_key(&form.disability_category);
        if category.is_none() {
            errors.push(
                &at("disability_category"),
                &HouseholdError::DisabilityCategory,
            );
        }
        let level = form
            .disability_level
            .trim()
            .parse::<u8>()
            .ok()
            .filter(|l| (1..=4).contains(l));
        if level.is_none() {
            errors.push(&at("disability_level"), &HouseholdError::DisabilityLevel);
        }
        match (category, level) {
            (Some(c), Some(l)) => Some(DisabilityCertificate::new(c, l).ok()),
            _ => None,
        }
    } else {
        Some(None)
    };

    let work = match WorkStatus::parse(form.work_status.trim(), form.school_stage.trim()) {
        Ok(w) => Some(w),
        Err(HouseholdError::SchoolStage) => {
            errors.push(&at("school_stage"), &HouseholdError::SchoolStage);
            None
        }
        Err(e) => {
            errors.push(&at("work_status"), &e);
            None
        }
    };

    let daily_living = if form.daily_living.iter().all(|a| a.trim().is_empty()) {
        Some(None)
    } else {
        let mut answers = [true; 6];
        let mut ok = true;
        for (k, field) in DAILY_LIVING_FIELDS.iter().enumerate() {
            match form.daily_living.get(k).map(|a| a.trim()) {
                Some("yes") => answers[k] = true,
                Some("no") => answers[k] = false,
                _ => {
                    errors.push(
                        &at(&format!("daily_living.{field}")),
                        &HouseholdError::YesNo,
                    );
                    ok = false;
                }
            }
        }
        ok.then_some(Some(DailyLiving {
            eating: answers[0],
            dressing: answers[1],
            getting_in_and_out_of_bed: answers[2],
            toileting: answers[3],
            walking_indoors: answers[4],
            bathing: answers[5],
        }))
    };

    let income: Option<Vec<IncomeItem>> = income.into_iter().collect();
    Some(Member {
        relation: relation?,
        name,
        id_number,
        birth_date: birth_date?,
        income: income?,
        disability: disability?,
        work: work?,
        daily_living: daily_living?,
    })
}

fn parse_assets(form: &AssetsForm, errors: &mut FormErrors) -> Option<Assets> {
    let money = |errors: &mut FormErrors, field: &str, raw: &str| {
        errors.field(&format!("assets.{field}"), parse_amount(raw))
    };
    let count = |errors: &mut FormErrors, field: &str, raw: &str| {
        errors.field(&format!("assets.{field}"), parse_count(raw))
    };
    let deposits = money(errors, "deposits", &form.deposits);
    let securities = money(errors, "securities", &form.securities);
    let residential = count(
        errors,
        "residential_properties",
        &form.residential_properties,
    );
    let non_residential = count(
        errors,
        "non_residential_properties",
        &form.non_residential_properties,
    );
    let motor = count(errors, "motor_vehicles", &form.motor_vehicles);
    let exempt = count(errors, "exempt_vehicles", &form.exempt_vehicles);
    let business = count(
        errors,
        "business_registrations",
        &form.business_registrations,
    );
    let machinery = count(errors, "large_farm_machinery", &form.large_farm_machinery);
    Some(Assets {
        deposits: deposits?,
        securities: securities?,
        residential_properties: residential?,
        non_residential_properties: non_residential?,
        motor_vehicles: motor?,
        exempt_vehicles: exempt?,
        business_registrations: business?,
        large_farm_machinery: machinery?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::identity::id_number::tests::with_check;
    use proptest::prelude::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn today() -> Date {
        Date::from_ymd(2026, 11, 22).unwrap()
    }

    fn member(relation: &str, birth: &str, work: &str) -> MemberForm {
        MemberForm {
            relation: relation.into(),
            birth_date: birth.into(),
            work_status: work.into(),
            ..MemberForm::default()
        }
    }

    fn valid() -> HouseholdForm {
        let mut applicant = member("applicant", "", "unemployed");
        applicant.name = "张三".into();
        applicant.id_number = with_check("44172119700315123");
        applicant.income = vec![IncomeForm {
            kind: "wage".into(),
            amount: "1,200".into(),
            period: "monthly".into(),
        }];
        let mut mother = member("parent", "1940-01-02", "retired");
        mother.income = vec![
            IncomeForm {
                kind: "basic_resident_pension".into(),
                amount: "2400".into(),
                period: "yearly".into(),
            },
            IncomeForm {
                kind: "elderly_allowance".into(),
                amount: "100".into(),
                period: "monthly".into(),
            },
        ];
        mother.disability_category = "physical".into();
        mother.disability_level = "2".into();
        mother.daily_living = ["yes", "no", "no", "yes", "no", "no"]
            .map(String::from)
            .to_vec();
        let mut child = member("child", "2012-09-01", "student");
        child.school_stage = "compulsory".into();
        HouseholdForm {
            members: vec![
                applicant,
                mother,
                child,
                member("spouse", "1972-05-05", "incarcerated"),
            ],
            assets: AssetsForm {
                deposits: "3000.5".into(),
                residential_properties: "1".into(),
                ..AssetsForm::default()
            },
        }
    }

    #[test]
    fn a_complete_household_parses() {
        let h = Household::parse(&valid(), today()).unwrap();
        assert_eq!(h.members.len(), 4);
        assert_eq!(
            h.size(),
            3,
            "the incarcerated spouse is not a counted member"
        );
        assert_eq!(
            h.applicant().birth_date,
            Date::from_ymd(1970, 3, 15).unwrap()
        );
        assert_eq!(h.applicant().age_on(today()), Some(56));
        let mother = &h.members[1];
        assert_eq!(mother.monthly_income(|_| true), Money::from_yuan(300));
        assert!(mother.disability.unwrap().is_severe());
        assert_eq!(mother.daily_living.unwrap().unable_count(), 4);
        assert_eq!(mother.daily_living.unwrap().care_tier(), CareTier::FullCare);
        assert_eq!(
            h.members[2].work,
            WorkStatus::Student(SchoolStage::Compulsory)
        );
        assert_eq!(h.assets.financial(), Money::from_fen(300_050));
        let json = serde_json::to_string(&h).unwrap();
        assert_eq!(serde_json::from_str::<Household>(&json).unwrap(), h);
    }

    #[test]
    fn form_keys_equal_serde_names() {
        fn check<T: Serialize + Copy>(all: &[T], key: impl Fn(T) -> &'static str) {
            for v in all {
                assert_eq!(serde_json::to_value(v).unwrap(), key(*v));
            }
        }
        check(&Relation::ALL, Relation::key);
        check(&IncomeKind::ALL, IncomeKind::key);
        check(&DisabilityCategory::ALL, DisabilityCategory::key);
        assert_eq!(Relation::from_key(" spouse "), Some(Relation::Spouse));
        assert_eq!(Relation::from_key("Spouse"), None);
    }

    #[test]
    fn care_tiers_follow_the_count_of_lost_abilities() {
        let mut adl = DailyLiving {
            eating: true,
            dressing: true,
            getting_in_and_out_of_bed: true,
            toileting: true,
            walking_indoors: true,
            bathing: true,
        };
        assert_eq!(adl.care_tier(), CareTier::SelfCare);
        adl.bathing = false;
        assert_eq!(adl.care_tier(), CareTier::PartialCare);
        adl.walking_indoors = false;
        adl.toileting = false;
        assert_eq!(
            adl.care_tier(),
            CareTier::PartialCare,
            "3 lost is still partial"
        );
        adl.dressing = false;
        assert_eq!(adl.care_tier(), CareTier::FullCare, "4 lost is full care");
    }

    #[test]
    fn yearly_income_normalizes_to_monthly() {
        let item = IncomeItem {
            kind: IncomeKind::Wage,
            amount: Money::from_fen(100_000),
            period: IncomePeriod::Yearly,
        };
        assert_eq!(item.monthly(), Money::from_fen(8_333));
        let item = IncomeItem {
            kind: IncomeKind::Wage,
            amount: Money::from_fen(100_006),
            period: IncomePeriod::Yearly,
        };
        assert_eq!(item.monthly(), Money::from_fen(8_334), "8333.83 rounds up");
        let monthly = IncomeItem {
            kind: IncomeKind::Wage,
            amount: Money::from_yuan(1_000),
            period: IncomePeriod::Monthly,
        };
        assert_eq!(monthly.yearly(), Money::from_yuan(12_000));
    }

    #[test]
    fn every_error_has_a_stable_path() {
        let mut form = valid();
        form.members[0].relation = "spouse".into();
        form.members[1].birth_date = "1940-02-30".into();
        form.members[1].income[0].amount = "12.345".into();
        form.members[1].income[1].period = "weekly".into();
        form.members[1].disability_level = "5".into();
        form.members[1].daily_living[2] = "maybe".into();
        form.members[2].school_stage = "".into();
        form.assets.motor_vehicles = "many".into();
        let errors = Household::parse(&form, today()).unwrap_err();
        let got: Vec<(&str, &str)> = errors
            .errors
            .iter()
            .map(|e| (e.field.as_str(), e.message_id.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("members[0].relation", "err-household-applicant-position"),
                ("members[1].birth_date", "err-date-no-such-date"),
                ("members[1].income[0].amount", "err-money-too-many-decimals"),
                ("members[1].income[1].period", "err-household-income-period"),
                (
                    "members[1].disability_level",
                    "err-household-disability-level"
                ),
                (
                    "members[1].daily_living.getting_in_and_out_of_bed",
                    "err-household-yes-no"
                ),
                ("members[2].school_stage", "err-household-school-stage"),
                ("assets.motor_vehicles", "err-household-count"),
            ]
        );
    }

    #[test]
    fn id_and_birth_date_must_agree() {
        let mut form = valid();
        form.members[0].birth_date = "1970-03-16".into();
        let errors = Household::parse(&form, today()).unwrap_err();
        assert_eq!(
            errors.errors[0].message_id,
            "err-household-birth-date-mismatch"
        );
        form.members[0].birth_date = "1970-03-15".into();
        assert!(Household::parse(&form, today()).is_ok());
        let mut form = valid();
        form.members[2].birth_date = "2027-01-01".into();
        let errors = Household::parse(&form, today()).unwrap_err();
        assert_eq!(
            errors.errors[0].message_id,
            "err-household-birth-date-in-future"
        );
    }

    #[test]
    fn disability_certificate_numbers() {
        let id = with_check("44172119700315123");
        let (cert, holder) =
            DisabilityCertificate::from_certificate_number(&format!("{id}42")).unwrap();
        assert_eq!(
            cert,
            DisabilityCertificate {
                category: DisabilityCategory::Physical,
                level: 2
            }
        );
        assert_eq!(holder.as_str(), id);
        for bad in [
            format!("{id}82"),
            format!("{id}45"),
            format!("{id}4"),
            "x".repeat(20),
        ] {
            assert_eq!(
                DisabilityCertificate::from_certificate_number(&bad).unwrap_err(),
                HouseholdError::DisabilityNumber,
                "{bad}"
            );
        }
        let mut form = valid();
        form.members[1].disability_category.clear();
        form.members[1].disability_level.clear();
        form.members[1].disability_number = format!("{id}42");
        form.members[1].id_number = with_check("44172119400102124");
        form.members[1].birth_date.clear();
        let errors = Household::parse(&form, today()).unwrap_err();
        assert_eq!(errors.errors[0].field, "members[1].disability_number");
        assert_eq!(
            errors.errors[0].message_id,
            "err-household-disability-holder"
        );
    }

    #[test]
    fn size_limits() {
        let mut form = valid();
        form.members = vec![MemberForm::default(); MAX_MEMBERS + 1];
        assert_eq!(
            Household::parse(&form, today()).unwrap_err().errors[0].message_id,
            "err-household-too-many-members"
        );
        form.members.clear();
        assert_eq!(
            Household::parse(&form, today()).unwrap_err().errors[0].message_id,
            "err-household-no-members"
        );
    }

    proptest! {
        #[test]
        fn arbitrary_forms_never_panic(
            relation in "\\PC{0,12}", birth in "\\PC{0,12}", amount in "\\PC{0,12}",
            period in "(monthly|yearly|\\PC{0,6})", adl in proptest::collection::vec("(yes|no|\\PC{0,3})", 0..8),
        ) {
            let form = HouseholdForm {
                members: vec![MemberForm {
                    relation, birth_date: birth,
                    income: vec![IncomeForm { kind: "wage".into(), amount, period }],
                    daily_living: adl, work_status: "employed".into(), ..MemberForm::default()
                }],
                assets: AssetsForm::default(),
            };
            let _ = Household::parse(&form, today());
        }
    }
}
