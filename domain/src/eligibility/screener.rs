//! The resident's screener (`/eligibility`) as a form, its questions in groups, the branching
//! between them and the way through them.
//!
//! One [`ScreenerForm`] holds every answer as the strings a browser submits, under the same
//! names the inputs carry (`members[1].income[0].amount`, `facts.emergency`), which are also
//! the field paths of the errors [`parse`] reports. The no-JavaScript page posts those pairs to
//! the server, which folds them with [`ScreenerForm::from_pairs`] and steps with [`navigate`];
//! the island applies each input event with [`ScreenerForm::set`] and steps with the same
//! [`navigate`]. So both paths ask the same questions, skip the same ones, stop at the same
//! errors and reach the same [`Screening`].

use serde::{Deserialize, Serialize};

use super::{Answer, AreaType, Facts, ParentsSituation, Screening};
use crate::date::{age_on, Date};
use crate::form::FormErrors;
use crate::household::{
    Household, HouseholdForm, IncomeForm, IncomeKind, MemberForm, DAILY_LIVING_FIELDS, MAX_MEMBERS,
};
use crate::message::Localized;
use crate::region::{RegionCode, RegionCodeError};

/// Income rows the screener asks for each person, in order. Each row is one kind, so the
/// engine can leave out what the region does not count (e.g. 城乡居民基础养老金).
pub const INCOME_ROWS: [IncomeKind; 5] = [
    IncomeKind::Wage,
    IncomeKind::Business,
    IncomeKind::Pension,
    IncomeKind::BasicResidentPension,
    IncomeKind::Other,
];

/// Most name/value pairs one submission may carry (20 members × ~25 fields, with room).
pub const MAX_PAIRS: usize = 800;
/// Longest value of any one field; the longest real answer is a date or an amount.
pub const MAX_VALUE_CHARS: usize = 64;

/// The question groups, in the order residents meet them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// Where the household lives and whether it counts as urban or rural.
    Place,
    /// Who lives in the household: age, relation, work or school, disability.
    People,
    Income,
    Assets,
    /// Daily-living abilities, asked only for older or disabled members.
    Care,
    /// Circumstances only the resident knows (supporters, emergencies, the children's parents).
    Situation,
    Results,
}

impl Step {
    pub const ALL: [Step; 7] = [
        Step::Place,
        Step::People,
        Step::Income,
        Step::Assets,
        Step::Care,
        Step::Situation,
        Step::Results,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Step::Place => "place",
            Step::People => "people",
            Step::Income => "income",
            Step::Assets => "assets",
            Step::Care => "care",
            Step::Situation => "situation",
            Step::Results => "results",
        }
    }

    pub fn from_key(raw: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.key() == raw.trim())
    }

    /// Whether an error at `field` belongs to this group (where the resident fixes it).
    pub fn owns(self, field: &str) -> bool {
        let member_part = field.starts_with("members");
        match self {
            Step::Place => field == "region" || field == "area",
            Step::People => {
                member_part && !field.contains(".income") && !field.contains(".daily_living")
            }
            Step::Income => member_part && field.contains(".income"),
            Step::Assets => field.starts_with("assets."),
            Step::Care => member_part && field.contains(".daily_living"),
            Step::Situation => field.starts_with("facts."),
            Step::Results => false,
        }
    }
}

/// The answers that are not part of the household.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FactsForm {
    pub capable_supporter: String,
    pub needs_long_term_care: String,
    pub emergency: String,
    pub heavy_necessary_spending: String,
    pub parents: String,
}

redacted_debug!(FactsForm {
    capable_supporter,
    needs_long_term_care,
    emergency,
    heavy_necessary_spending,
    parents
});

/// Every screener answer, as submitted.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ScreenerForm {
    /// GB/T 2260 code of the county (or the prefecture-level city without counties).
    pub region: String,
    /// `urban` or `rural`.
    pub area: String,
    pub household: HouseholdForm,
    pub facts: FactsForm,
}

redacted_debug!(ScreenerForm {
    region,
    area,
    household,
    facts
});

/// The submission could not be read as screener answers at all (too many fields, a value far
/// longer than any answer, a member index beyond the limit): a 400, not field errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not a screener submission")]
pub struct Malformed;

/// Problems with the screener's own questions (household fields report `HouseholdError`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ScreenerError {
    #[error("choose where the household lives")]
    RegionMissing,
    #[error("choose urban or rural")]
    Area,
    #[error("choose one of the answers")]
    Answer,
}

impl ScreenerError {
    pub const MESSAGE_IDS: &'static [&'static str] = &[
        "err-screener-region-missing",
        "err-screener-area",
        "err-screener-answer",
    ];
}

impl Localized for ScreenerError {
    fn message_id(&self) -> &'static str {
        match self {
            Self::RegionMissing => "err-screener-region-missing",
            Self::Area => "err-screener-area",
            Self::Answer => "err-screener-answer",
        }
    }
}

/// Parses `members[12]` at the start of `key`, returning the index and the rest after `].`.
pub(crate) fn indexed<'a>(key: &'a str, name: &str) -> Option<(usize, &'a str)> {
    let rest = key.strip_prefix(name)?.strip_prefix('[')?;
    let (index, rest) = rest.split_once(']')?;
    if index.is_empty() || index.len() > 3 || !index.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((index.parse().ok()?, rest.strip_prefix('.').unwrap_or(rest)))
}

impl ScreenerForm {
    /// A new screener: one person (the resident), everything else unanswered.
    pub fn new() -> Self {
        let mut form = ScreenerForm::default();
        form.normalize();
        form
    }

    /// Folds submitted name/value pairs into a form. Unknown names are ignored (the page's own
    /// controls travel in the same body); limits are enforced before anything is kept.
    pub fn from_pairs<'a>(
        pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Result<Self, Malformed> {
        let mut form: ScreenerForm = fold_pairs(pairs, MAX_PAIRS, ScreenerForm::set)?;
        form.normalize();
        Ok(form)
    }

    /// The same form with the screener's limits applied, for answers that arrived as JSON
    /// (the server function) rather than as pairs.
    pub fn sanitized(&self) -> Result<Self, Malformed> {
        let extra_rows = self
            .household
            .members
            .iter()
            .any(|m| m.income.len() > INCOME_ROWS.len());
        if extra_rows || self.household.members.len() > MAX_MEMBERS {
            return Err(Malformed);
        }
        let pairs = self.to_pairs();
        Self::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }

    /// Sets one answer by its input name. Unknown names are ignored.
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), Malformed> {
        if value.chars().count() > MAX_VALUE_CHARS {
            return Err(Malformed);
        }
        let value = value.to_owned();
        let value = match set_household(&mut self.household, key, value)? {
            None => return Ok(()),
            Some(unhandled) => unhandled,
        };
        let facts = &mut self.facts;
        let slot = match key {
            "region" => &mut self.region,
            "area" => &mut self.area,
            "facts.capable_supporter" => &mut facts.capable_supporter,
            "facts.needs_long_term_care" => &mut facts.needs_long_term_care,
            "facts.emergency" => &mut facts.emergency,
            "facts.heavy_necessary_spending" => &mut facts.heavy_necessary_spending,
            "facts.parents" => &mut facts.parents,
            _ => return Ok(()),
        };
        *slot = value;
        Ok(())
    }

    /// Gives the form the screener's shape: at least the resident, who is the applicant; each
    /// person with exactly the [`INCOME_ROWS`] (a row of another kind is dropped) and six
    /// daily-living answers.
    pub fn normalize(&mut self) {
        normalize_household(&mut self.household);
    }

    /// Every answer as name/value pairs, the inverse of [`from_pairs`](Self::from_pairs)
    /// (hidden inputs of the steps not on screen, and the "apply now" hand-over).
    pub fn to_pairs(&self) -> Vec<(String, String)> {
        let mut out = vec![
            ("region".to_owned(), self.region.clone()),
            ("area".to_owned(), self.area.clone()),
        ];
        household_pairs(&self.household, &mut out);
        let f = &self.facts;
        for (k, v) in [
            ("capable_supporter", &f.capable_supporter),
            ("needs_long_term_care", &f.needs_long_term_care),
            ("emergency", &f.emergency),
            ("heavy_necessary_spending", &f.heavy_necessary_spending),
            ("parents", &f.parents),
        ] {
            out.push((format!("facts.{k}"), v.clone()));
        }
        out
    }

    /// The value of one input, by name (what a re-rendered input shows).
    pub fn get(&self, key: &str) -> String {
        self.to_pairs()
            .into_iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
            .unwrap_or_default()
    }
}

/// Folds posted name/value pairs into a form with `set`, refusing more than `max` pairs before
/// anything else is kept (shared by the screener and the application form).
pub(crate) fn fold_pairs<'a, F: Default>(
    pairs: impl IntoIterator<Item = (&'a str, &'a str)>,
    max: usize,
    set: impl Fn(&mut F, &str, &str) -> Result<(), Malformed>,
) -> Result<F, Malformed> {
    let mut form = F::default();
    for (n, (key, value)) in pairs.into_iter().enumerate() {
        if n >= max {
            return Err(Malformed);
        }
        set(&mut form, key, value)?;
    }
    Ok(form)
}

/// Sets one household answer (`members[i].…`, `assets.…`) by its input name: `Ok(None)` when
/// the name was a household one, `Ok(Some(value))` handing the value back otherwise. Shared by
/// the screener and the application form, whose household inputs have the same names.
pub(crate) fn set_household(
    household: &mut HouseholdForm,
    key: &str,
    value: String,
) -> Result<Option<String>, Malformed> {
    if let Some((i, field)) = indexed(key, "members") {
        if i >= MAX_MEMBERS {
            return Err(Malformed);
        }
        if household.members.len() <= i {
            household.members.resize_with(i + 1, MemberForm::default);
        }
        set_member(&mut household.members[i], field, value)?;
        return Ok(None);
    }
    let assets = &mut household.assets;
    let slot = match key {
        "assets.deposits" => &mut assets.deposits,
        "assets.securities" => &mut assets.securities,
        "assets.residential_properties" => &mut assets.residential_properties,
        "assets.non_residential_properties" => &mut assets.non_residential_properties,
        "assets.motor_vehicles" => &mut assets.motor_vehicles,
        "assets.exempt_vehicles" => &mut assets.exempt_vehicles,
        "assets.business_registrations" => &mut assets.business_registrations,
        "assets.large_farm_machinery" => &mut assets.large_farm_machinery,
        _ => return Ok(Some(value)),
    };
    *slot = value;
    Ok(None)
}

/// Gives a household the screener's shape: at least the resident, who is the applicant; each
/// person with exactly the [`INCOME_ROWS`] (a row of another kind is dropped) and six
/// daily-living answers.
pub(crate) fn normalize_household(household: &mut HouseholdForm) {
    let members = &mut household.members;
    if members.is_empty() {
        members.push(MemberForm::default());
    }
    members[0].relation = "applicant".to_owned();
    for m in members.iter_mut() {
        let submitted = std::mem::take(&mut m.income);
        m.income = INCOME_ROWS
            .iter()
            .map(|kind| {
                let mut row = submitted
                    .iter()
                    .find(|r| r.kind == kind.key())
                    .cloned()
                    .unwrap_or_default();
                row.kind = kind.key().to_owned();
                if row.period.is_empty() {
                    row.period = "monthly".to_owned();
                }
                row
            })
            .collect();
        m.daily_living
            .resize(DAILY_LIVING_FIELDS.len(), String::new());
    }
}

/// The household's answers as name/value pairs (names and ID numbers only when given: the
/// screener never asks for them).
pub(crate) fn household_pairs(household: &HouseholdForm, out: &mut Vec<(String, String)>) {
    for (i, m) in household.members.iter().enumerate() {
        let at = |f: &str| format!("members[{i}].{f}");
        for (f, v) in [
            ("name", &m.name),
            ("id_number", &m.id_number),
            ("disability_number", &m.disability_number),
        ] {
            if !v.is_empty() {
                out.push((at(f), v.clone()));
            }
        }
        for (f, v) in [
            ("relation", &m.relation),
            ("birth_date", &m.birth_date),
            ("work_status", &m.work_status),
            ("school_stage", &m.school_stage),
            ("disability_category", &m.disability_category),
            ("disability_level", &m.disability_level),
        ] {
            out.push((at(f), v.clone()));
        }
        for (j, row) in m.income.iter().enumerate() {
            out.push((at(&format!("income[{j}].kind")), row.kind.clone()));
            out.push((at(&format!("income[{j}].amount")), row.amount.clone()));
            out.push((at(&format!("income[{j}].period")), row.period.clone()));
        }
        for (field, answer) in DAILY_LIVING_FIELDS.iter().zip(&m.daily_living) {
            out.push((at(&format!("daily_living.{field}")), answer.clone()));
        }
    }
    let a = &household.assets;
    for (f, v) in [
        ("deposits", &a.deposits),
        ("securities", &a.securities),
        ("residential_properties", &a.residential_properties),
        ("non_residential_properties", &a.non_residential_properties),
        ("motor_vehicles", &a.motor_vehicles),
        ("exempt_vehicles", &a.exempt_vehicles),
        ("business_registrations", &a.business_registrations),
        ("large_farm_machinery", &a.large_farm_machinery),
    ] {
        out.push((format!("assets.{f}"), v.clone()));
    }
}

fn set_member(m: &mut MemberForm, field: &str, value: String) -> Result<(), Malformed> {
    if let Some((j, part)) = indexed(field, "income") {
        if j >= INCOME_ROWS.len() {
            return Err(Malformed);
        }
        if m.income.len() <= j {
            m.income.resize_with(j + 1, IncomeForm::default);
        }
        let row = &mut m.income[j];
        match part {
            "kind" => row.kind = value,
            "amount" => row.amount = value,
            "period" => row.period = value,
            _ => {}
        }
        return Ok(());
    }
    if let Some(activity) = field.strip_prefix("daily_living.") {
        if let Some(k) = DAILY_LIVING_FIELDS.iter().position(|f| *f == activity) {
            m.daily_living
                .resize(DAILY_LIVING_FIELDS.len(), String::new());
            m.daily_living[k] = value;
        }
        return Ok(());
    }
    let slot = match field {
        "relation" => &mut m.relation,
        "name" => &mut m.name,
        "id_number" => &mut m.id_number,
        "disability_number" => &mut m.disability_number,
        "birth_date" => &mut m.birth_date,
        "work_status" => &mut m.work_status,
        "school_stage" => &mut m.school_stage,
        "disability_category" => &mut m.disability_category,
        "disability_level" => &mut m.disability_level,
        _ => return Ok(()),
    };
    *slot = value;
    Ok(())
}

// ---- Branching -----------------------------------------------------------------------------

/// A person's age as far as the form tells (`None` while the birth date is not a date).
pub fn member_age(m: &MemberForm, today: Date) -> Option<u32> {
    Date::parse(&m.birth_date)
        .ok()
        .and_then(|b| age_on(b, today))
}

fn member_disabled(m: &MemberForm) -> bool {
    !m.disability_category.trim().is_empty()
}

/// The six daily-living questions are asked for people aged 60 or over and for disabled
/// people: the 特困 care tier and the care-related allowances depend on them.
pub fn asks_daily_living(m: &MemberForm, today: Date) -> bool {
    member_disabled(m) || member_age(m, today).is_some_and(|a| a >= 60)
}

/// Which of the situation questions apply to this household.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SituationQuestions {
    /// 特困 is possible only for an applicant without capacity to work: 60 or over, under 16,
    /// or disabled; only then does a capable supporter matter.
    pub supporter: bool,
    /// 重度残疾人护理补贴 needs to know about long-term care when someone is disabled.
    pub long_term_care: bool,
    /// 孤儿 / 事实无人抚养儿童 when there is a child under 18.
    pub parents: bool,
}

pub fn situation_questions(form: &ScreenerForm, today: Date) -> SituationQuestions {
    let members = &form.household.members;
    let applicant = members.first();
    SituationQuestions {
        supporter: applicant.is_some_and(|a| {
            member_disabled(a) || member_age(a, today).is_some_and(|age| !(16..60).contains(&age))
        }),
        long_term_care: members.iter().any(member_disabled),
        parents: members
            .iter()
            .any(|m| member_age(m, today).is_some_and(|a| a < 18)),
    }
}

/// Whether a group has any question for this household.
pub fn applies(step: Step, form: &ScreenerForm, today: Date) -> bool {
    match step {
        Step::Care => form
            .household
            .members
            .iter()
            .any(|m| asks_daily_living(m, today)),
        _ => true,
    }
}

// ---- Parsing -------------------------------------------------------------------------------

fn parse_answer(raw: &str) -> Option<Answer> {
    match raw.trim() {
        "yes" => Some(Answer::Yes),
        "no" => Some(Answer::No),
        "" | "not_sure" => Some(Answer::NotSure),
        _ => None,
    }
}

fn parse_parents(raw: &str) -> Option<ParentsSituation> {
    Some(match raw.trim() {
        "" | "not_applicable" => ParentsSituation::NotApplicable,
        "both_deceased_or_unknown" => ParentsSituation::BothDeceasedOrUnknown,
        "one_deceased_other_unable" => ParentsSituation::OneDeceasedOtherUnable,
        "both_unable" => ParentsSituation::BothUnable,
        "not_sure" => ParentsSituation::NotSure,
        _ => return None,
    })
}

/// The household form the engine's parser sees: income rows left empty are "none", and the
/// daily-living answers of people the question was not asked for are dropped.
/// The household as parsed: daily-living answers only for the people they are asked of.
pub(crate) fn household_form(household: &HouseholdForm, today: Date) -> HouseholdForm {
    let mut household = household.clone();
    for m in &mut household.members {
        if !asks_daily_living(m, today) {
            m.daily_living.clear();
        }
    }
    household
}

/// Parses every answer, collecting every error with its field path. Unasked situation
/// questions count as "not sure" (the engine then asks only where the answer matters).
pub fn parse(form: &ScreenerForm, today: Date) -> Result<Screening, FormErrors> {
    let mut errors = FormErrors::new();
    let region = if form.region.trim().is_empty() {
        errors.push("region", &ScreenerError::RegionMissing);
        None
    } else {
        errors.field::<RegionCode, RegionCodeError>("region", RegionCode::parse(&form.region))
    };
    let area = match form.area.trim() {
        "urban" => Some(AreaType::Urban),
        "rural" => Some(AreaType::Rural),
        _ => {
            errors.push("area", &ScreenerError::Area);
            None
        }
    };
    let household = match Household::parse(&household_form(&form.household, today), today) {
        Ok(h) => Some(h),
        Err(e) => {
            errors.errors.extend(e.errors);
            None
        }
    };
    let asked = situation_questions(form, today);
    let f = &form.facts;
    let mut answer = |field: &str, raw: &str, is_asked: bool| {
        if !is_asked {
            return Answer::NotSure;
        }
        parse_answer(raw).unwrap_or_else(|| {
            errors.push(&format!("facts.{field}"), &ScreenerError::Answer);
            Answer::NotSure
        })
    };
    let facts = Facts {
        capable_supporter: answer("capable_supporter", &f.capable_supporter, asked.supporter),
        needs_long_term_care: answer(
            "needs_long_term_care",
            &f.needs_long_term_care,
            asked.long_term_care,
        ),
        emergency: answer("emergency", &f.emergency, true),
        heavy_necessary_spending: answer(
            "heavy_necessary_spending",
            &f.heavy_necessary_spending,
            true,
        ),
        parents: if asked.parents {
            parse_parents(&f.parents).unwrap_or_else(|| {
                errors.push("facts.parents", &ScreenerError::Answer);
                ParentsSituation::NotSure
            })
        } else {
            ParentsSituation::NotApplicable
        },
    };
    match (region, area, household) {
        (Some(region), Some(area), Some(household)) if errors.is_empty() => Ok(Screening {
            region,
            area,
            date: today,
            household,
            facts,
        }),
        _ => Err(errors),
    }
}

/// The errors the resident can fix on one step.
pub fn step_errors(form: &ScreenerForm, step: Step, today: Date) -> FormErrors {
    match parse(form, today) {
        Ok(_) => FormErrors::new(),
        Err(all) => FormErrors {
            errors: all
                .errors
                .into_iter()
                .filter(|e| step.owns(&e.field))
                .collect(),
        },
    }
}

// ---- Moving through the groups -------------------------------------------------------------

/// What a button asks for (the `action` of the no-JavaScript post; the island's handlers).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Next,
    Back,
    AddMember,
    RemoveMember(usize),
    /// Look up places by name (the region search).
    FindRegion,
    /// Jump to a group ("change" on the results page). Forward jumps only to groups the
    /// resident has already passed: they land on the first group with a problem.
    Goto(Step),
}

impl Action {
    pub fn parse(raw: &str) -> Option<Action> {
        let raw = raw.trim();
        Some(match raw {
            "next" => Action::Next,
            "back" => Action::Back,
            "add_member" => Action::AddMember,
            "find_region" => Action::FindRegion,
            _ => {
                if let Some(i) = raw.strip_prefix("remove_member:") {
                    Action::RemoveMember(i.parse().ok()?)
                } else if let Some(s) = raw.strip_prefix("goto:") {
                    Action::Goto(Step::from_key(s)?)
                } else {
                    return None;
                }
            }
        })
    }

    pub fn key(self) -> String {
        match self {
            Action::Next => "next".to_owned(),
            Action::Back => "back".to_owned(),
            Action::AddMember => "add_member".to_owned(),
            Action::FindRegion => "find_region".to_owned(),
            Action::RemoveMember(i) => format!("remove_member:{i}"),
            Action::Goto(s) => format!("goto:{}", s.key()),
        }
    }
}

/// Where an action leads, with the errors to show there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Navigation {
    pub step: Step,
    pub errors: FormErrors,
}

/// The groups that apply to this household, in order.
pub fn steps(form: &ScreenerForm, today: Date) -> Vec<Step> {
    Step::ALL
        .into_iter()
        .filter(|s| applies(*s, form, today))
        .collect()
}

/// The first group (up to and including `limit`) that has errors.
fn first_with_errors(form: &ScreenerForm, today: Date, limit: Step) -> Option<Navigation> {
    steps(form, today)
        .into_iter()
        .filter(|s| *s <= limit)
        .find_map(|s| {
            let errors = step_errors(form, s, today);
            (!errors.is_empty()).then_some(Navigation { step: s, errors })
        })
}

/// Applies a button to the form and says which group comes next. Moving forward checks the
/// group being left (and, to reach the results, every group); moving back never loses or
/// checks anything.
pub fn navigate(form: &mut ScreenerForm, at: Step, action: Action, today: Date) -> Navigation {
    let stay = |errors| Navigation { step: at, errors };
    let order = steps(form, today);
    // A group that stopped applying (a birth date changed) falls back to the one before it.
    let at = if order.contains(&at) {
        at
    } else {
        *order
            .iter()
            .rev()
            .find(|s| **s < at)
            .unwrap_or(&Step::Place)
    };
    match action {
        Action::AddMember => {
            if form.household.members.len() < MAX_MEMBERS {
                form.household.members.push(MemberForm::default());
                form.normalize();
            }
            stay(FormErrors::new())
        }
        Action::RemoveMember(i) => {
            if i > 0 && i < form.household.members.len() {
                form.household.members.remove(i);
            }
            stay(FormErrors::new())
        }
        Action::FindRegion => stay(FormErrors::new()),
        Action::Back => Navigation {
            step: order
                .iter()
                .rev()
                .find(|s| **s < at)
                .copied()
                .unwrap_or(Step::Place),
            errors: FormErrors::new(),
        },
        Action::Next => {
            let errors = step_errors(form, at, today);
            if !errors.is_empty() {
                return stay(errors);
            }
            let next = order
                .iter()
                .find(|s| **s > at)
                .copied()
                .unwrap_or(Step::Results);
            if next == Step::Results {
                if let Some(nav) = first_with_errors(form, today, Step::Results) {
                    return nav;
                }
            }
            Navigation {
                step: next,
                errors: FormErrors::new(),
            }
        }
        Action::Goto(target) => {
            if target <= at {
                let step = if order.contains(&target) { target } else { at };
                return Navigation {
                    step,
                    errors: FormErrors::new(),
                };
            }
            // Forward: only through groups without problems.
            if let Some(nav) = first_with_errors(form, today, target) {
                return nav;
            }
            let step = order
                .iter()
                .find(|s| **s >= target)
                .copied()
                .unwrap_or(Step::Results);
            Navigation {
                step,
                errors: FormErrors::new(),
            }
        }
    }
}

/// Position of a group among those that apply ("step 2 of 6"), counting from 1.
pub fn progress(form: &ScreenerForm, step: Step, today: Date) -> (usize, usize) {
    let order: Vec<Step> = steps(form, today)
        .into_iter()
        .filter(|s| *s != Step::Results)
        .collect();
    let position = order
        .iter()
        .position(|s| *s == step)
        .map(|p| p + 1)
        .unwrap_or(order.len());
    (position, order.len())
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn today() -> Date {
        Date::from_ymd(2026, 11, 22).unwrap()
    }

    fn family() -> ScreenerForm {
        let pairs = [
            ("region", "441721"),
            ("area", "urban"),
            ("members[0].birth_date", "1975-03-01"),
            ("members[0].work_status", "unemployed"),
            ("members[0].income[0].kind", "wage"),
            ("members[0].income[0].amount", "1200"),
            ("members[1].relation", "spouse"),
            ("members[1].birth_date", "1977-08-08"),
            ("members[1].work_status", "unable_to_work"),
            ("members[2].relation", "child"),
            ("members[2].birth_date", "2012-09-01"),
            ("members[2].work_status", "student"),
            ("members[2].school_stage", "compulsory"),
            ("facts.emergency", "no"),
            ("facts.heavy_necessary_spending", "not_sure"),
            ("facts.parents", "not_applicable"),
            ("action", "next"),
        ];
        ScreenerForm::from_pairs(pairs).unwrap()
    }

    #[test]
    fn pairs_round_trip() {
        let form = family();
        let pairs = form.to_pairs();
        let again =
            ScreenerForm::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))).unwrap();
        assert_eq!(form, again);
        assert_eq!(form.get("members[0].income[0].amount"), "1200");
        assert_eq!(form.get("members[0].relation"), "applicant");
    }

    #[test]
    fn a_complete_form_parses_into_a_screening() {
        let s = parse(&family(), today()).unwrap();
        assert_eq!(s.household.members.len(), 3);
        assert_eq!(
            s.household.members[0].income.len(),
            1,
            "empty rows are 'none'"
        );
        assert_eq!(s.facts.emergency, Answer::No);
        assert_eq!(s.facts.parents, ParentsSituation::NotApplicable);
        assert_eq!(s.date, today());
    }

    #[test]
    fn hostile_submissions_are_malformed_not_stored() {
        let long = "9".repeat(MAX_VALUE_CHARS + 1);
        assert_eq!(
            ScreenerForm::from_pairs([("region", long.as_str())]),
            Err(Malformed)
        );
        assert_eq!(
            ScreenerForm::from_pairs([("members[20].birth_date", "2000-01-01")]),
            Err(Malformed)
        );
        assert_eq!(
            ScreenerForm::from_pairs([("members[0].income[5].amount", "1")]),
            Err(Malformed)
        );
        let many: Vec<(&str, &str)> = (0..=MAX_PAIRS).map(|_| ("area", "urban")).collect();
        assert_eq!(ScreenerForm::from_pairs(many), Err(Malformed));
        // Names that are not questions are ignored, as are odd indexes that do not parse.
        let form = ScreenerForm::from_pairs([
            ("members[x].birth_date", "1"),
            ("members[].relation", "spouse"),
            ("csrf", "whatever"),
        ])
        .unwrap();
        assert_eq!(form, ScreenerForm::new());
    }

    #[test]
    fn a_tampered_income_kind_is_replaced_by_the_row_kind() {
        let form = ScreenerForm::from_pairs([
            ("members[0].income[0].kind", "scholarship"),
            ("members[0].income[0].amount", "500"),
        ])
        .unwrap();
        // The row kinds are the screener's; a row of another kind is dropped.
        assert_eq!(form.household.members[0].income[0].kind, "wage");
        assert_eq!(form.household.members[0].income[0].amount, "");
    }

    #[test]
    fn next_stops_at_the_group_with_errors_and_keeps_answers() {
        let mut form = ScreenerForm::new();
        let nav = navigate(&mut form, Step::Place, Action::Next, today());
        assert_eq!(nav.step, Step::Place);
        let fields: Vec<&str> = nav.errors.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["region", "area"]);

        let mut form = family();
        let nav = navigate(&mut form, Step::Place, Action::Next, today());
        assert_eq!((nav.step, nav.errors.len()), (Step::People, 0));
        form.household.members[1].birth_date = "1977-02-30".into();
        let nav = navigate(&mut form, Step::People, Action::Next, today());
        assert_eq!(nav.step, Step::People);
        assert_eq!(nav.errors.errors[0].field, "members[1].birth_date");
        let back = navigate(&mut form, Step::People, Action::Back, today());
        assert_eq!((back.step, back.errors.len()), (Step::Place, 0));
        assert_eq!(form.household.members[1].birth_date, "1977-02-30");
    }

    #[test]
    fn the_care_group_is_asked_only_for_older_or_disabled_people() {
        let mut form = family();
        assert!(!applies(Step::Care, &form, today()));
        let nav = navigate(&mut form, Step::Assets, Action::Next, today());
        assert_eq!(nav.step, Step::Situation, "care skipped");
        assert_eq!(
            navigate(&mut form, Step::Situation, Action::Back, today()).step,
            Step::Assets
        );
        // 60 today (born 22 Nov 1966): 以上 includes the day.
        form.household.members[1].birth_date = "1966-11-22".into();
        assert!(applies(Step::Care, &form, today()));
        form.household.members[1].birth_date = "1966-11-23".into();
        assert!(!applies(Step::Care, &form, today()));
        form.household.members[1].disability_category = "physical".into();
        form.household.members[1].disability_level = "2".into();
        assert!(applies(Step::Care, &form, today()));
        assert_eq!(
            navigate(&mut form, Step::Assets, Action::Next, today()).step,
            Step::Care
        );
    }

    #[test]
    fn situation_questions_follow_the_household() {
        let form = family();
        let q = situation_questions(&form, today());
        assert!(!q.supporter && !q.long_term_care && q.parents);
        // Unasked questions are "not sure" whatever was posted.
        let mut form = family();
        form.facts.capable_supporter = "banana".into();
        assert!(parse(&form, today()).is_ok());
        form.facts.emergency = "banana".into();
        let errors = parse(&form, today()).unwrap_err();
        assert_eq!(errors.errors[0].field, "facts.emergency");
    }

    #[test]
    fn results_are_reached_only_when_everything_parses() {
        let mut form = family();
        form.household.assets.deposits = "lots".into();
        let nav = navigate(&mut form, Step::Place, Action::Goto(Step::Results), today());
        assert_eq!(nav.step, Step::Assets);
        assert_eq!(nav.errors.errors[0].field, "assets.deposits");
        form.household.assets.deposits = "3000".into();
        let nav = navigate(&mut form, Step::Situation, Action::Next, today());
        assert_eq!((nav.step, nav.errors.len()), (Step::Results, 0));
        assert_eq!(progress(&form, Step::Income, today()), (3, 5));
    }

    #[test]
    fn members_are_added_and_removed_but_never_the_resident() {
        let mut form = family();
        navigate(&mut form, Step::People, Action::AddMember, today());
        assert_eq!(form.household.members.len(), 4);
        assert_eq!(form.household.members[3].income.len(), INCOME_ROWS.len());
        navigate(&mut form, Step::People, Action::RemoveMember(0), today());
        assert_eq!(form.household.members.len(), 4);
        navigate(&mut form, Step::People, Action::RemoveMember(1), today());
        assert_eq!(form.household.members[1].relation, "child");
        for raw in [
            "next",
            "back",
            "add_member",
            "remove_member:3",
            "goto:assets",
        ] {
            assert_eq!(Action::parse(raw).unwrap().key(), raw);
        }
        assert_eq!(Action::parse("goto:nowhere"), None);
    }

    #[test]
    fn step_ownership_covers_every_field() {
        for (field, _) in family().to_pairs() {
            let owners = Step::ALL.iter().filter(|s| s.owns(&field)).count();
            assert_eq!(owners, 1, "{field}");
        }
        assert!(Step::People.owns("members"));
    }
}
