//! Eligibility: rules as code over dated, per-region policy data (policy-rules.md §0–§8, §12).
//!
//! [`evaluate`] takes a household, where and when, a few facts only the resident can tell, and
//! the parameters in force there and then ([`params::Resolved`]); it answers every program with
//! a typed [`Outcome`]: eligible (with the amount and how it was computed), ineligible (each
//! failed condition with the rule it rests on), needs information (which facts are missing), or
//! needs review (why a person must decide). The same code runs in the browser (instant results)
//! and on the server (authoritative).

#[cfg(all(test, feature = "policy-data"))]
mod cases;
#[cfg(feature = "policy-data")]
pub mod data;
pub mod params;
mod rules;
pub use rules::{
    KEY_DIBAO_RURAL, KEY_DIBAO_URBAN, KEY_RESIDENCE_APPLICATIONS, KEY_SIMPLIFIED_PROCEDURE,
    KEY_SIMPLIFIED_TOLERANCE,
};
pub mod screener;

use serde::{Deserialize, Serialize};

pub use params::{Citation, ParameterBook, Resolved};
pub use rules::{evaluate, KNOWN_KEYS, MESSAGE_IDS};

use crate::date::Date;
use crate::household::Household;
use crate::message::MessageArg;
use crate::money::Money;
use crate::region::RegionCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Program {
    /// 最低生活保障
    Dibao,
    /// 低保边缘家庭
    DibaoEdge,
    /// 特困人员救助供养
    Tekun,
    /// 临时救助
    Temporary,
    /// 困难残疾人生活补贴
    DisabilityLiving,
    /// 重度残疾人护理补贴
    DisabilityCare,
    /// 高龄津贴
    ElderlyAllowance,
    /// 孤儿基本生活费
    Orphan,
    /// 事实无人抚养儿童基本生活费
    FactOrphan,
    /// 特殊困难老年人家庭适老化改造
    HomeAdaptation,
}

impl Program {
    /// The program's stable key (its serde name, and the suffix of its message IDs).
    pub fn key(self) -> &'static str {
        match self {
            Program::Dibao => "dibao",
            Program::DibaoEdge => "dibao_edge",
            Program::Tekun => "tekun",
            Program::Temporary => "temporary",
            Program::DisabilityLiving => "disability_living",
            Program::DisabilityCare => "disability_care",
            Program::ElderlyAllowance => "elderly_allowance",
            Program::Orphan => "orphan",
            Program::FactOrphan => "fact_orphan",
            Program::HomeAdaptation => "home_adaptation",
        }
    }

    pub const ALL: [Program; 10] = [
        Program::Dibao,
        Program::DibaoEdge,
        Program::Tekun,
        Program::Temporary,
        Program::DisabilityLiving,
        Program::DisabilityCare,
        Program::ElderlyAllowance,
        Program::Orphan,
        Program::FactOrphan,
        Program::HomeAdaptation,
    ];
}

/// 城市 or 农村 standard (by the applicant's 户籍 or residence, as the region rules).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AreaType {
    Urban,
    Rural,
}

/// A resident's answer where "not sure" is allowed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    Yes,
    No,
    #[default]
    NotSure,
}

/// The situation of the parents of the household's children (孤儿 / 事实无人抚养).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParentsSituation {
    /// Parents alive and raising the child.
    #[default]
    NotApplicable,
    /// Both parents dead (or declared dead), or the birth parents cannot be found.
    BothDeceasedOrUnknown,
    /// One parent dead or missing, the other severely disabled, seriously ill, imprisoned,
    /// out of contact for six months or more, stripped of guardianship or deported.
    OneDeceasedOtherUnable,
    /// Both parents in one of those situations.
    BothUnable,
    NotSure,
}

/// Facts the household itself does not show.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Facts {
    /// 特困: someone with a legal duty of support (赡养/抚养/扶养) who is able to support.
    pub capable_supporter: Answer,
    /// 重度残疾人护理补贴: a severely disabled member needs long-term care.
    pub needs_long_term_care: Answer,
    /// 临时救助 急难型: a sudden event (fire, accident, sudden serious illness) left the
    /// household unable to meet basic needs.
    pub emergency: Answer,
    /// 临时救助 支出型: necessary medical or education spending beyond what it can bear.
    pub heavy_necessary_spending: Answer,
    pub parents: ParentsSituation,
}

/// Everything a screening needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Screening {
    pub region: RegionCode,
    pub area: AreaType,
    pub date: Date,
    pub household: Household,
    pub facts: Facts,
}

/// A localizable statement with the rule it rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    pub message_id: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<MessageArg>,
    pub citation: Citation,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Amount {
    /// Paid every month.
    Monthly(Money),
    /// Paid once per household.
    OneOff(Money),
    /// No cash amount (the status opens other help, e.g. 低保边缘 → medical and education aid).
    None,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "outcome")]
pub enum Outcome {
    Eligible { amount: Amount, how: Vec<Reason> },
    Ineligible { reasons: Vec<Reason> },
    NeedsInfo { facts: Vec<Reason> },
    NeedsReview { reasons: Vec<Reason> },
}

impl Outcome {
    pub fn kind(&self) -> &'static str {
        match self {
            Outcome::Eligible { .. } => "eligible",
            Outcome::Ineligible { .. } => "ineligible",
            Outcome::NeedsInfo { .. } => "needs_info",
            Outcome::NeedsReview { .. } => "needs_review",
        }
    }

    pub fn monthly_amount(&self) -> Option<Money> {
        match self {
            Outcome::Eligible {
                amount: Amount::Monthly(m),
                ..
            } => Some(*m),
            _ => None,
        }
    }

    /// Every reason or fact it carries (for the translation and citation checks).
    pub fn reasons(&self) -> &[Reason] {
        match self {
            Outcome::Eligible { how, .. } => how,
            Outcome::Ineligible { reasons } | Outcome::NeedsReview { reasons } => reasons,
            Outcome::NeedsInfo { facts } => facts,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgramOutcome {
    pub program: Program,
    pub outcome: Outcome,
}

/// A canonical text of a list of outcomes: every program, outcome, amount, reason, argument
/// and citation, in order. The browser and the server each compute it from their own
/// evaluation and compare them (the server is authoritative). Written by hand because a serde
/// encoder for the outcome types cost the wasm far more than this loop.
pub fn outcomes_digest(outcomes: &[ProgramOutcome]) -> String {
    // Unit and record separators: characters no message, argument or citation contains.
    const UNIT: char = '\u{1f}';
    const RECORD: char = '\u{1e}';
    let mut out = String::new();
    for po in outcomes {
        let amount = match &po.outcome {
            Outcome::Eligible { amount, .. } => match amount {
                Amount::Monthly(m) => format!("monthly:{}", m.fen()),
                Amount::OneOff(m) => format!("one_off:{}", m.fen()),
                Amount::None => "none".to_owned(),
            },
            _ => String::new(),
        };
        for part in [po.program.key(), po.outcome.kind(), amount.as_str()] {
            out.push_str(part);
            out.push(UNIT);
        }
        out.push(RECORD);
        for r in po.outcome.reasons() {
            out.push_str(&r.message_id);
            for a in &r.args {
                out.push(UNIT);
                out.push_str(&a.name);
                out.push('=');
                out.push_str(&a.value);
            }
            let c = &r.citation;
            for part in [&c.title, &c.number, &c.date, &c.source] {
                out.push(UNIT);
                out.push_str(part);
            }
            out.push(RECORD);
        }
    }
    out
}

/// A short fingerprint of [`outcomes_digest`] (64-bit FNV-1a, 16 hex digits), small enough to
/// travel in the page: the server writes it beside the results it drew, the browser computes
/// it from its own evaluation, and a difference shows the two engines disagree. It detects
/// bugs, not tampering (nothing rests on it).
pub fn outcomes_fingerprint(outcomes: &[ProgramOutcome]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in outcomes_digest(outcomes).bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{hash:016x}")
}

#[cfg(test)]
mod fingerprint_tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn the_fingerprint_is_fnv_1a_of_the_digest() {
        // The published FNV-1a 64 offset basis: the fingerprint of no outcomes.
        assert_eq!(outcomes_fingerprint(&[]), "cbf29ce484222325");
        let eligible = ProgramOutcome {
            program: Program::ALL[0],
            outcome: Outcome::NeedsInfo { facts: Vec::new() },
        };
        let one = outcomes_fingerprint(std::slice::from_ref(&eligible));
        assert_eq!(one.len(), 16);
        assert_ne!(one, outcomes_fingerprint(&[]));
        let other = ProgramOutcome {
            program: Program::ALL[1],
            ..eligible.clone()
        };
        assert_ne!(one, outcomes_fingerprint(&[other]));
    }
}
