//! The case workflow of an application for assistance: the steps staff take from receipt to
//! decision, who may take each, and what each requires (policy-rules.md §2.5–§2.9, §13.1).
//!
//! One state machine serves both sides: staff act through [`decide`], and the resident's
//! `/track` timeline names the same [`Stage`]s. The rules it enforces:
//!
//! - 未经申请受理、家庭经济状况调查、审核确认等程序，不得将任何家庭或者个人直接纳入 (§2.5 item 7): there is
//!   no path to [`Stage::Approved`] that skips acceptance, the economic-status check, the
//!   preliminary opinion and a completed 7-day public notice.
//! - The home visit and the democratic appraisal are skipped only on the 诚信承诺 simplified
//!   procedure (§2.9): the region enables it, the declared and verified figures agree within
//!   the region's tolerance, and the case is neither 单独登记备案 nor under complaint.
//! - A request for more documents (补正) sends the case back to the resident and pauses the
//!   time limit until the resident answers.
//! - An objection during the notice sends the case back to investigation; it must be
//!   published again.

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::form::FormErrors;
use crate::message::{arg, Localized, MessageArg};
use crate::money::Money;
use crate::text::MessageText;

/// 公示 runs 7 days in the household's village or community (§2.5 item 3, §2.9 "仅在确认前公示7天").
pub const NOTICE_PERIOD_DAYS: i64 = 7;

/// Where a case is. The key is what storage and the wire carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Received, not yet looked at (申请).
    Submitted,
    /// Waiting on the resident for more documents (补正); the time limit is paused.
    SupplementRequested,
    /// Not accepted, with written reasons (不予受理). Final.
    NotAccepted,
    /// Accepted (受理): waiting for the economic-status check (家庭经济状况核对).
    Accepted,
    /// Standard procedure: waiting for the home visit (入户调查).
    HomeVisit,
    /// Standard procedure: waiting for the democratic appraisal (民主评议).
    Appraisal,
    /// Waiting for the township's preliminary opinion (初审意见).
    Opinion,
    /// Approval proposed; waiting to be published (待公示).
    AwaitingNotice,
    /// In its public notice period (公示中).
    InNotice,
    /// Rejection proposed; waiting for the county's decision (待审批).
    Review,
    /// Approved (审批同意), with an amount and the month payment starts. Final.
    Approved,
    /// Rejected with written reasons and appeal information. Final.
    Rejected,
}

impl Stage {
    pub const ALL: [Stage; 12] = [
        Stage::Submitted,
        Stage::SupplementRequested,
        Stage::NotAccepted,
        Stage::Accepted,
        Stage::HomeVisit,
        Stage::Appraisal,
        Stage::Opinion,
        Stage::AwaitingNotice,
        Stage::InNotice,
        Stage::Review,
        Stage::Approved,
        Stage::Rejected,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Stage::Submitted => "submitted",
            Stage::SupplementRequested => "supplement_requested",
            Stage::NotAccepted => "not_accepted",
            Stage::Accepted => "accepted",
            Stage::HomeVisit => "home_visit",
            Stage::Appraisal => "appraisal",
            Stage::Opinion => "opinion",
            Stage::AwaitingNotice => "awaiting_notice",
            Stage::InNotice => "in_notice",
            Stage::Review => "review",
            Stage::Approved => "approved",
            Stage::Rejected => "rejected",
        }
    }

    pub fn from_key(raw: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|s| s.key() == raw)
    }

    /// A decision has been made; nothing more happens to the case here.
    pub fn is_final(self) -> bool {
        matches!(self, Stage::NotAccepted | Stage::Approved | Stage::Rejected)
    }

    /// Whether the statutory time limit runs in this stage (it starts at acceptance and pauses
    /// while the resident is asked for documents).
    pub fn clock_runs(self) -> bool {
        !self.is_final() && !matches!(self, Stage::Submitted | Stage::SupplementRequested)
    }
}

/// A staff role (policy-rules.md §2.5: township intake and preliminary opinion, county review
/// and approval). Administrators manage accounts and read the audit trail; they do not act on
/// cases (separation of duties, §11.3 三权分立).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 受理员: township or street intake.
    Intake,
    /// 审核员: county review (economic-status check, investigation, opinion).
    Reviewer,
    /// 审批员: county approval.
    Approver,
    /// 管理员: accounts and audit.
    Admin,
    /// 婚姻登记员: the marriage registration desk of a county office (roster, check-in, the
    /// office's schedule); no access to assistance cases.
    Registrar,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Intake,
        Role::Reviewer,
        Role::Approver,
        Role::Admin,
        Role::Registrar,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Role::Intake => "intake",
            Role::Reviewer => "reviewer",
            Role::Approver => "approver",
            Role::Admin => "admin",
            Role::Registrar => "registrar",
        }
    }

    pub fn from_key(raw: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.key() == raw)
    }

    /// Whether the role may see and act on cases at all.
    pub fn works_cases(self) -> bool {
        !matches!(self, Role::Admin | Role::Registrar)
    }

    /// Whether the role works the marriage registration desk (administrators edit offices).
    pub fn works_marriage(self) -> bool {
        matches!(self, Role::Registrar | Role::Admin)
    }
}

/// Which action, without its details (for permissions, forms and the audit trail).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionKind {
    Accept,
    NotAccept,
    RequestSupplement,
    /// The resident answered a 补正 request (not a staff action).
    Supplemented,
    RecordVerification,
    RecordHomeVisit,
    RecordAppraisal,
    ProposeApproval,
    ProposeRejection,
    Publish,
    RecordObjection,
    Approve,
    Reject,
}

impl ActionKind {
    pub const STAFF: [ActionKind; 12] = [
        ActionKind::Accept,
        ActionKind::NotAccept,
        ActionKind::RequestSupplement,
        ActionKind::RecordVerification,
        ActionKind::RecordHomeVisit,
        ActionKind::RecordAppraisal,
        ActionKind::ProposeApproval,
        ActionKind::ProposeRejection,
        ActionKind::Publish,
        ActionKind::RecordObjection,
        ActionKind::Approve,
        ActionKind::Reject,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ActionKind::Accept => "accept",
            ActionKind::NotAccept => "not_accept",
            ActionKind::RequestSupplement => "request_supplement",
            ActionKind::Supplemented => "supplemented",
            ActionKind::RecordVerification => "record_verification",
            ActionKind::RecordHomeVisit => "record_home_visit",
            ActionKind::RecordAppraisal => "record_appraisal",
            ActionKind::ProposeApproval => "propose_approval",
            ActionKind::ProposeRejection => "propose_rejection",
            ActionKind::Publish => "publish",
            ActionKind::RecordObjection => "record_objection",
            ActionKind::Approve => "approve",
            ActionKind::Reject => "reject",
        }
    }

    pub fn from_key(raw: &str) -> Option<ActionKind> {
        ActionKind::STAFF
            .into_iter()
            .chain([ActionKind::Supplemented])
            .find(|a| a.key() == raw)
    }

    /// Which role takes this step. Township intake receives, asks for documents, visits,
    /// appraises, gives the opinion and publishes; the county reviewer checks the economic
    /// status and may take over any township step; only the approver decides.
    pub fn allowed_for(self, role: Role) -> bool {
        use ActionKind::*;
        match role {
            Role::Intake => matches!(
                self,
                Accept
                    | NotAccept
                    | RequestSupplement
                    | RecordHomeVisit
                    | RecordAppraisal
                    | ProposeApproval
                    | ProposeRejection
                    | Publish
                    | RecordObjection
            ),
            Role::Reviewer => !matches!(self, Approve | Reject | Supplemented | Accept | NotAccept),
            Role::Approver => matches!(self, Approve | Reject),
            Role::Admin | Role::Registrar => false,
        }
    }

    /// The stages this action may be taken in.
    pub fn from_stages(self) -> &'static [Stage] {
        use Stage::*;
        match self {
            ActionKind::Accept | ActionKind::NotAccept => &[Submitted],
            ActionKind::RequestSupplement => &[Submitted, Accepted, HomeVisit, Appraisal, Opinion],
            ActionKind::Supplemented => &[SupplementRequested],
            ActionKind::RecordVerification => &[Accepted],
            ActionKind::RecordHomeVisit => &[HomeVisit],
            ActionKind::RecordAppraisal => &[Appraisal],
            ActionKind::ProposeApproval | ActionKind::ProposeRejection => &[Opinion],
            ActionKind::Publish => &[AwaitingNotice],
            ActionKind::RecordObjection => &[InNotice],
            ActionKind::Approve => &[InNotice],
            ActionKind::Reject => &[InNotice, Review],
        }
    }
}

/// What the economic-status check found, beside what the household declared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verification {
    /// Monthly per-capita income the household declared (computed from the application).
    pub declared_income: Money,
    /// Monthly per-capita income the 核对 platform verified.
    pub verified_income: Money,
    /// Whether the household declared its assets within the local limits.
    pub declared_assets_ok: bool,
    /// Whether the verified assets are within the local limits.
    pub verified_assets_ok: bool,
    /// 单独登记备案: a member is a near relative of a case worker or village committee member
    /// (§12.2 DB-06) — the county must visit, whatever the procedure.
    pub single_registration: bool,
    /// A complaint or report about the case was received — the county must visit.
    pub complaint: bool,
}

/// The region's 诚信承诺 simplified procedure, when it has one (§2.9, a dated, cited parameter).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimplifiedProcedure {
    /// "基本一致": the verified per-capita income may differ from the declared one by at most
    /// this many per mille of the declared figure.
    pub tolerance_per_mille: i64,
}

/// The region's simplified procedure on a date, from its dated parameters: none unless the
/// region enables it; without a stated tolerance, the figures must agree exactly.
pub fn simplified_procedure(
    params: &crate::eligibility::params::Resolved,
) -> Option<SimplifiedProcedure> {
    let (enabled, _) = params.flag(crate::eligibility::KEY_SIMPLIFIED_PROCEDURE)?;
    if !enabled {
        return None;
    }
    let tolerance_per_mille = params
        .ratio(crate::eligibility::KEY_SIMPLIFIED_TOLERANCE)
        .map(|(r, _)| r.numerator.saturating_mul(1000) / r.denominator.max(1))
        .unwrap_or(0);
    Some(SimplifiedProcedure {
        tolerance_per_mille,
    })
}

impl Verification {
    /// Whether declared and verified figures are "基本一致": assets judged the same, and the
    /// income difference within the tolerance of the declared income. A household that
    /// declared no income agrees only with a verified income of none.
    pub fn agrees(&self, rule: SimplifiedProcedure) -> bool {
        if self.declared_assets_ok != self.verified_assets_ok {
            return false;
        }
        let declared = self.declared_income.fen();
        let difference = (declared - self.verified_income.fen()).abs();
        // Multiply, never divide: exact in 分 and no rounding at the boundary.
        difference.saturating_mul(1000) <= declared.saturating_mul(rule.tolerance_per_mille)
    }

    /// Whether the case may skip the home visit and the democratic appraisal.
    pub fn takes_simplified_path(&self, rule: Option<SimplifiedProcedure>) -> bool {
        match rule {
            Some(rule) => !self.single_registration && !self.complaint && self.agrees(rule),
            None => false,
        }
    }
}

/// A month payment starts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Month {
    pub year: i32,
    pub month: u8,
}

impl Month {
    pub fn of(date: Date) -> Month {
        Month {
            year: date.year(),
            month: date.month(),
        }
    }

    pub fn next(self) -> Month {
        if self.month == 12 {
            Month {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Month {
                year: self.year,
                month: self.month + 1,
            }
        }
    }

    /// `YYYY-MM`, as an `<input type="month">` sends it.
    pub fn parse(raw: &str) -> Option<Month> {
        let (y, m) = raw.trim().split_once('-')?;
        if y.len() != 4 || m.len() != 2 {
            return None;
        }
        let year: i32 = y.parse().ok()?;
        let month: u8 = m.parse().ok()?;
        ((2000..=2100).contains(&year) && (1..=12).contains(&month))
            .then_some(Month { year, month })
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// A staff action with its details, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaseAction {
    Accept,
    NotAccept {
        reasons: MessageText,
    },
    RequestSupplement {
        items: MessageText,
    },
    Supplemented {
        note: Option<MessageText>,
    },
    RecordVerification(Verification),
    RecordHomeVisit {
        visited_on: Date,
        findings: MessageText,
    },
    RecordAppraisal {
        held_on: Date,
        findings: MessageText,
    },
    ProposeApproval {
        amount: Money,
    },
    ProposeRejection {
        reasons: MessageText,
    },
    Publish,
    RecordObjection {
        summary: MessageText,
    },
    Approve {
        amount: Money,
        pay_from: Month,
    },
    Reject {
        reasons: MessageText,
    },
}

impl CaseAction {
    pub fn kind(&self) -> ActionKind {
        match self {
            CaseAction::Accept => ActionKind::Accept,
            CaseAction::NotAccept { .. } => ActionKind::NotAccept,
            CaseAction::RequestSupplement { .. } => ActionKind::RequestSupplement,
            CaseAction::Supplemented { .. } => ActionKind::Supplemented,
            CaseAction::RecordVerification(_) => ActionKind::RecordVerification,
            CaseAction::RecordHomeVisit { .. } => ActionKind::RecordHomeVisit,
            CaseAction::RecordAppraisal { .. } => ActionKind::RecordAppraisal,
            CaseAction::ProposeApproval { .. } => ActionKind::ProposeApproval,
            CaseAction::ProposeRejection { .. } => ActionKind::ProposeRejection,
            CaseAction::Publish => ActionKind::Publish,
            CaseAction::RecordObjection { .. } => ActionKind::RecordObjection,
            CaseAction::Approve { .. } => ActionKind::Approve,
            CaseAction::Reject { .. } => ActionKind::Reject,
        }
    }
}

/// What the workflow needs to know about a case to decide a step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseState {
    pub stage: Stage,
    /// The stage a 补正 request interrupted, to return to when the resident answers.
    pub resume_stage: Option<Stage>,
    /// The current or last notice period, first and last day.
    pub notice: Option<(Date, Date)>,
    /// The amount the opinion proposed, once proposed.
    pub proposed_amount: Option<Money>,
}

/// The outcome of an allowed step: the new stage and what changes with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transition {
    pub to: Stage,
    /// Where to return after a 补正 request (set when entering `SupplementRequested`).
    pub resume_stage: Option<Stage>,
    /// A notice period that starts with this step.
    pub notice: Option<(Date, Date)>,
    /// Whether the statutory time limit starts (acceptance) with this step.
    pub starts_clock: bool,
    /// Whether the simplified procedure was taken (on the verification step).
    pub simplified: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CaseError {
    #[error("this role does not take this step")]
    RoleCannot,
    #[error("the step is not possible in the case's current stage")]
    WrongStage { stage: Stage },
    #[error("the notice period has not ended")]
    NoticeRunning { ends: Date },
    #[error("approval has to follow a completed public notice")]
    NoticeMissing,
    #[error("the date is in the future")]
    DateInFuture,
    #[error("payment cannot start before the month after the decision")]
    PayFromTooEarly { earliest: Month },
    #[error("the amount must be more than zero")]
    AmountNotPositive,
}

impl CaseError {
    pub const MESSAGE_IDS: &'static [&'static str] = &[
        "err-case-role",
        "err-case-wrong-stage",
        "err-case-notice-running",
        "err-case-notice-missing",
        "err-case-date-future",
        "err-case-pay-from-early",
        "err-case-amount",
    ];
}

impl Localized for CaseError {
    fn message_id(&self) -> &'static str {
        match self {
            Self::RoleCannot => "err-case-role",
            Self::WrongStage { .. } => "err-case-wrong-stage",
            Self::NoticeRunning { .. } => "err-case-notice-running",
            Self::NoticeMissing => "err-case-notice-missing",
            Self::DateInFuture => "err-case-date-future",
            Self::PayFromTooEarly { .. } => "err-case-pay-from-early",
            Self::AmountNotPositive => "err-case-amount",
        }
    }

    fn message_args(&self) -> Vec<MessageArg> {
        match self {
            Self::WrongStage { stage } => vec![arg("stage", stage.key())],
            Self::NoticeRunning { ends } => vec![arg("date", ends)],
            Self::PayFromTooEarly { earliest } => vec![arg("month", earliest)],
            _ => Vec::new(),
        }
    }
}

/// Decides one step: whether `role` may take `action` on a case in `state` on `today`, and
/// where the case goes. `simplified` is the region's simplified procedure, if it has one.
///
/// This is the only place stage changes are decided; storage applies the result with a
/// conditional update on the stage it was decided from, so two staff acting at once cannot
/// both move the case.
pub fn decide(
    state: &CaseState,
    action: &CaseAction,
    role: Role,
    today: Date,
    simplified: Option<SimplifiedProcedure>,
) -> Result<Transition, CaseError> {
    let kind = action.kind();
    if kind != ActionKind::Supplemented && !kind.allowed_for(role) {
        return Err(CaseError::RoleCannot);
    }
    if !kind.from_stages().contains(&state.stage) {
        return Err(CaseError::WrongStage { stage: state.stage });
    }
    let step = |to| Transition {
        to,
        resume_stage: None,
        notice: None,
        starts_clock: false,
        simplified: false,
    };
    Ok(match action {
        CaseAction::Accept => Transition {
            starts_clock: true,
            ..step(Stage::Accepted)
        },
        CaseAction::NotAccept { .. } => step(Stage::NotAccepted),
        CaseAction::RequestSupplement { .. } => Transition {
            resume_stage: Some(state.stage),
            ..step(Stage::SupplementRequested)
        },
        CaseAction::Supplemented { .. } => step(state.resume_stage.unwrap_or(Stage::Submitted)),
        CaseAction::RecordVerification(v) => {
            if v.takes_simplified_path(simplified) {
                Transition {
                    simplified: true,
                    ..step(Stage::Opinion)
                }
            } else {
                step(Stage::HomeVisit)
            }
        }
        CaseAction::RecordHomeVisit { visited_on, .. } => {
            not_after(*visited_on, today)?;
            step(Stage::Appraisal)
        }
        CaseAction::RecordAppraisal { held_on, .. } => {
            not_after(*held_on, today)?;
            step(Stage::Opinion)
        }
        CaseAction::ProposeApproval { amount } => {
            positive(*amount)?;
            step(Stage::AwaitingNotice)
        }
        CaseAction::ProposeRejection { .. } => step(Stage::Review),
        CaseAction::Publish => {
            let last = today.add_days(NOTICE_PERIOD_DAYS - 1).unwrap_or(today);
            Transition {
                notice: Some((today, last)),
                ..step(Stage::InNotice)
            }
        }
        // An objection re-opens the investigation (§2.5 item 3): visit, appraise, new opinion,
        // publish again.
        CaseAction::RecordObjection { .. } => step(Stage::HomeVisit),
        CaseAction::Approve { amount, pay_from } => {
            notice_completed(state, today)?;
            positive(*amount)?;
            // Payment starts the month after the decision (§2.5 item 5), never earlier.
            let earliest = Month::of(today).next();
            if *pay_from < earliest {
                return Err(CaseError::PayFromTooEarly { earliest });
            }
            step(Stage::Approved)
        }
        CaseAction::Reject { .. } => {
            if state.stage == Stage::InNotice {
                notice_completed(state, today)?;
            }
            step(Stage::Rejected)
        }
    })
}

fn not_after(date: Date, today: Date) -> Result<(), CaseError> {
    if date > today {
        Err(CaseError::DateInFuture)
    } else {
        Ok(())
    }
}

fn positive(amount: Money) -> Result<(), CaseError> {
    if amount.fen() > 0 {
        Ok(())
    } else {
        Err(CaseError::AmountNotPositive)
    }
}

fn notice_completed(state: &CaseState, today: Date) -> Result<(), CaseError> {
    match state.notice {
        Some((_, last)) if today > last => Ok(()),
        Some((_, last)) => Err(CaseError::NoticeRunning { ends: last }),
        None => Err(CaseError::NoticeMissing),
    }
}

/// Whether a notice is shown publicly on `today`: from its first to its last day. It
/// disappears afterwards (policy-rules.md §11.1: no permanent online lists of names).
pub fn notice_visible(notice: (Date, Date), today: Date) -> bool {
    notice.0 <= today && today <= notice.1
}

/// The action form as staff post it: name/value pairs, every value a string.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseActionForm {
    pub action: String,
    /// Reasons, items, findings, objection summary or a note: the free text of the action.
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub amount: String,
    #[serde(default)]
    pub pay_from: String,
    #[serde(default)]
    pub on_date: String,
    #[serde(default)]
    pub verified_income: String,
    #[serde(default)]
    pub verified_assets_ok: String,
    #[serde(default)]
    pub single_registration: String,
    #[serde(default)]
    pub complaint: String,
}

/// Errors of the action form that are not about one field's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum CaseFormError {
    #[error("unknown action")]
    UnknownAction,
    #[error("enter an amount in yuan")]
    Amount,
    #[error("enter a month as YYYY-MM")]
    Month,
    #[error("enter a date")]
    Date,
    #[error("choose yes or no")]
    YesNo,
}

impl CaseFormError {
    pub const MESSAGE_IDS: &'static [&'static str] = &[
        "err-case-action-unknown",
        "err-case-amount-format",
        "err-case-month-format",
        "err-case-date-format",
        "err-case-yes-no",
    ];
}

impl Localized for CaseFormError {
    fn message_id(&self) -> &'static str {
        match self {
            Self::UnknownAction => "err-case-action-unknown",
            Self::Amount => "err-case-amount-format",
            Self::Month => "err-case-month-format",
            Self::Date => "err-case-date-format",
            Self::YesNo => "err-case-yes-no",
        }
    }
}

fn yes_no(raw: &str) -> Result<bool, CaseFormError> {
    match raw.trim() {
        "yes" | "true" | "on" => Ok(true),
        "no" | "false" | "" => Ok(false),
        _ => Err(CaseFormError::YesNo),
    }
}

impl CaseActionForm {
    /// Parses the form into an action. `declared` is what the household declared (from the
    /// stored application), needed only for the verification step. Field paths are the input
    /// names.
    pub fn parse(&self, declared: (Money, bool)) -> Result<CaseAction, FormErrors> {
        let mut errors = FormErrors::new();
        let Some(kind) = ActionKind::from_key(self.action.trim()) else {
            errors.push("action", &CaseFormError::UnknownAction);
            return Err(errors);
        };
        let text = |errors: &mut FormErrors| errors.field("text", MessageText::parse(&self.text));
        let amount = |errors: &mut FormErrors| {
            errors.field(
                "amount",
                Money::parse_yuan(&self.amount).map_err(|_| CaseFormError::Amount),
            )
        };
        let date = |errors: &mut FormErrors| {
            errors.field(
                "on_date",
                Date::parse(&self.on_date).map_err(|_| CaseFormError::Date),
            )
        };
        let action = match kind {
            ActionKind::Accept => Some(CaseAction::Accept),
            ActionKind::Publish => Some(CaseAction::Publish),
            ActionKind::NotAccept => {
                text(&mut errors).map(|reasons| CaseAction::NotAccept { reasons })
            }
            ActionKind::RequestSupplement => {
                text(&mut errors).map(|items| CaseAction::RequestSupplement { items })
            }
            ActionKind::Supplemented => Some(CaseAction::Supplemented {
                note: MessageText::parse(&self.text).ok(),
            }),
            ActionKind::RecordVerification => {
                let verified = errors.field(
                    "verified_income",
                    Money::parse_yuan(&self.verified_income).map_err(|_| CaseFormError::Amount),
                );
                let assets = errors.field("verified_assets_ok", yes_no(&self.verified_assets_ok));
                let single = errors.field("single_registration", yes_no(&self.single_registration));
                let complaint = errors.field("complaint", yes_no(&self.complaint));
                match (verified, assets, single, complaint) {
                    (Some(verified_income), Some(verified_assets_ok), Some(s), Some(c)) => {
                        Some(CaseAction::RecordVerification(Verification {
                            declared_income: declared.0,
                            verified_income,
                            declared_assets_ok: declared.1,
                            verified_assets_ok,
                            single_registration: s,
                            complaint: c,
                        }))
                    }
                    _ => None,
                }
            }
            ActionKind::RecordHomeVisit => match (date(&mut errors), text(&mut errors)) {
                (Some(visited_on), Some(findings)) => Some(CaseAction::RecordHomeVisit {
                    visited_on,
                    findings,
                }),
                _ => None,
            },
            ActionKind::RecordAppraisal => match (date(&mut errors), text(&mut errors)) {
                (Some(held_on), Some(findings)) => {
                    Some(CaseAction::RecordAppraisal { held_on, findings })
                }
                _ => None,
            },
            ActionKind::ProposeApproval => {
                amount(&mut errors).map(|amount| CaseAction::ProposeApproval { amount })
            }
            ActionKind::ProposeRejection => {
                text(&mut errors).map(|reasons| CaseAction::ProposeRejection { reasons })
            }
            ActionKind::RecordObjection => {
                text(&mut errors).map(|summary| CaseAction::RecordObjection { summary })
            }
            ActionKind::Approve => {
                let amount = amount(&mut errors);
                let month = errors.field(
                    "pay_from",
                    Month::parse(&self.pay_from).ok_or(CaseFormError::Month),
                );
                match (amount, month) {
                    (Some(amount), Some(pay_from)) => {
                        Some(CaseAction::Approve { amount, pay_from })
                    }
                    _ => None,
                }
            }
            ActionKind::Reject => text(&mut errors).map(|reasons| CaseAction::Reject { reasons }),
        };
        match action {
            Some(a) if errors.is_empty() => Ok(a),
            _ => Err(errors),
        }
    }
}

/// Fluent IDs the staff pages and `/track` build from keys at run time (checked in every
/// locale by the app's i18n tests).
pub fn dynamic_text_ids() -> Vec<String> {
    let mut ids: Vec<String> = Stage::ALL
        .iter()
        .flat_map(|s| {
            [
                format!("case-stage-{}", s.key()),
                format!("track-stage-{}", s.key()),
            ]
        })
        .collect();
    ids.extend(
        ActionKind::STAFF
            .iter()
            .chain([ActionKind::Supplemented].iter())
            .map(|a| format!("case-action-{}", a.key())),
    );
    ids.extend(Role::ALL.iter().map(|r| format!("staff-role-{}", r.key())));
    ids
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    fn text(s: &str) -> MessageText {
        MessageText::parse(s).unwrap()
    }

    fn state(stage: Stage) -> CaseState {
        CaseState {
            stage,
            resume_stage: None,
            notice: None,
            proposed_amount: None,
        }
    }

    fn verification(declared: i64, verified: i64) -> Verification {
        Verification {
            declared_income: Money::from_fen(declared),
            verified_income: Money::from_fen(verified),
            declared_assets_ok: true,
            verified_assets_ok: true,
            single_registration: false,
            complaint: false,
        }
    }

    const TEN_PERCENT: SimplifiedProcedure = SimplifiedProcedure {
        tolerance_per_mille: 100,
    };

    /// One example action of every kind, valid in shape.
    fn examples(today: Date) -> Vec<CaseAction> {
        vec![
            CaseAction::Accept,
            CaseAction::NotAccept {
                reasons: text("不属于本辖区"),
            },
            CaseAction::RequestSupplement {
                items: text("请补交户口簿"),
            },
            CaseAction::Supplemented { note: None },
            CaseAction::RecordVerification(verification(50_000, 50_000)),
            CaseAction::RecordHomeVisit {
                visited_on: today,
                findings: text("与申报一致"),
            },
            CaseAction::RecordAppraisal {
                held_on: today,
                findings: text("同意"),
            },
            CaseAction::ProposeApproval {
                amount: Money::from_fen(80_000),
            },
            CaseAction::ProposeRejection {
                reasons: text("收入超过标准"),
            },
            CaseAction::Publish,
            CaseAction::RecordObjection {
                summary: text("邻居反映有车辆"),
            },
            CaseAction::Approve {
                amount: Money::from_fen(80_000),
                pay_from: Month::of(today).next(),
            },
            CaseAction::Reject {
                reasons: text("收入超过标准"),
            },
        ]
    }

    fn role_for(kind: ActionKind) -> Role {
        Role::ALL
            .into_iter()
            .find(|r| kind.allowed_for(*r))
            .unwrap_or(Role::Intake)
    }

    #[test]
    fn every_transition_outside_the_table_is_refused() {
        let today = d("2026-11-23");
        for stage in Stage::ALL {
            for action in examples(today) {
                let kind = action.kind();
                let mut s = state(stage);
                // A finished notice, so Approve is refused only for its stage.
                s.notice = Some((d("2026-11-01"), d("2026-11-07")));
                let result = decide(&s, &action, role_for(kind), today, Some(TEN_PERCENT));
                if kind.from_stages().contains(&stage) {
                    assert!(result.is_ok(), "{kind:?} from {stage:?}: {result:?}");
                } else {
                    assert_eq!(
                        result,
                        Err(CaseError::WrongStage { stage }),
                        "{kind:?} from {stage:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn final_stages_accept_nothing() {
        let today = d("2026-11-23");
        for stage in Stage::ALL.into_iter().filter(|s| s.is_final()) {
            for action in examples(today) {
                assert!(
                    decide(&state(stage), &action, role_for(action.kind()), today, None).is_err()
                );
            }
        }
    }

    #[test]
    fn each_role_takes_only_its_steps() {
        let today = d("2026-11-23");
        let mut s = state(Stage::Submitted);
        s.notice = Some((d("2026-11-01"), d("2026-11-07")));
        let accept = CaseAction::Accept;
        assert!(decide(&s, &accept, Role::Intake, today, None).is_ok());
        for role in [Role::Reviewer, Role::Approver, Role::Admin] {
            assert_eq!(
                decide(&s, &accept, role, today, None),
                Err(CaseError::RoleCannot)
            );
        }
        s.stage = Stage::InNotice;
        let approve = CaseAction::Approve {
            amount: Money::from_fen(1),
            pay_from: Month::of(today).next(),
        };
        assert!(decide(&s, &approve, Role::Approver, today, None).is_ok());
        for role in [Role::Intake, Role::Reviewer, Role::Admin] {
            assert_eq!(
                decide(&s, &approve, role, today, None),
                Err(CaseError::RoleCannot)
            );
        }
        s.stage = Stage::Accepted;
        let verify = CaseAction::RecordVerification(verification(1, 1));
        assert_eq!(
            decide(&s, &verify, Role::Intake, today, None),
            Err(CaseError::RoleCannot)
        );
        assert!(decide(&s, &verify, Role::Reviewer, today, None).is_ok());
    }

    /// Walks every path the machine allows from `Submitted` (breadth-first over stages) and
    /// checks that `Approved` is reachable only through acceptance, verification, an opinion
    /// and a notice: the "no direct grant" invariant of §2.5 item 7.
    #[test]
    fn no_path_to_approval_skips_a_mandatory_step() {
        use std::collections::{BTreeSet, VecDeque};
        let today = d("2026-11-23");
        // (stage, visited mandatory steps as a bitset)
        let mandatory = |k: ActionKind| match k {
            ActionKind::Accept => 1,
            ActionKind::RecordVerification => 2,
            ActionKind::ProposeApproval => 4,
            ActionKind::Publish => 8,
            _ => 0,
        };
        let mut seen = BTreeSet::new();
        let mut queue = VecDeque::from([(Stage::Submitted, 0u8, None::<Stage>)]);
        let mut approvals = 0;
        while let Some((stage, steps, resume)) = queue.pop_front() {
            if !seen.insert((stage.key(), steps, resume.map(Stage::key))) {
                continue;
            }
            for simplified in [None, Some(TEN_PERCENT)] {
                for action in examples(today) {
                    let s = CaseState {
                        stage,
                        resume_stage: resume,
                        notice: Some((d("2026-11-01"), d("2026-11-07"))),
                        proposed_amount: None,
                    };
                    let Ok(t) = decide(&s, &action, role_for(action.kind()), today, simplified)
                    else {
                        continue;
                    };
                    let steps = steps | mandatory(action.kind());
                    if t.to == Stage::Approved {
                        approvals += 1;
                        assert_eq!(steps, 15, "approved without every mandatory step");
                    }
                    queue.push_back((t.to, steps, t.resume_stage.or(resume)));
                }
            }
        }
        assert!(approvals > 0);
    }

    #[test]
    fn the_simplified_path_needs_the_region_and_agreement() {
        let today = d("2026-11-23");
        let s = state(Stage::Accepted);
        let go = |v: Verification, rule| {
            decide(
                &s,
                &CaseAction::RecordVerification(v),
                Role::Reviewer,
                today,
                rule,
            )
            .unwrap()
        };
        // Region without the procedure: always the home visit.
        assert_eq!(go(verification(50_000, 50_000), None).to, Stage::HomeVisit);
        // Region with it, figures agree: straight to the opinion.
        let t = go(verification(50_000, 50_000), Some(TEN_PERCENT));
        assert_eq!((t.to, t.simplified), (Stage::Opinion, true));
        // Exactly at the tolerance agrees; one fen beyond does not.
        assert_eq!(
            go(verification(50_000, 55_000), Some(TEN_PERCENT)).to,
            Stage::Opinion
        );
        assert_eq!(
            go(verification(50_000, 45_000), Some(TEN_PERCENT)).to,
            Stage::Opinion
        );
        assert_eq!(
            go(verification(50_000, 55_001), Some(TEN_PERCENT)).to,
            Stage::HomeVisit
        );
        // Assets judged differently: no agreement.
        let mut v = verification(50_000, 50_000);
        v.verified_assets_ok = false;
        assert_eq!(go(v, Some(TEN_PERCENT)).to, Stage::HomeVisit);
        // National hard constraints win over the local procedure.
        let mut v = verification(50_000, 50_000);
        v.single_registration = true;
        assert_eq!(go(v, Some(TEN_PERCENT)).to, Stage::HomeVisit);
        let mut v = verification(50_000, 50_000);
        v.complaint = true;
        assert_eq!(go(v, Some(TEN_PERCENT)).to, Stage::HomeVisit);
        // No declared income agrees only with none verified.
        assert_eq!(go(verification(0, 0), Some(TEN_PERCENT)).to, Stage::Opinion);
        assert_eq!(
            go(verification(0, 100), Some(TEN_PERCENT)).to,
            Stage::HomeVisit
        );
    }

    #[test]
    fn the_notice_runs_seven_days_and_approval_waits_for_its_end() {
        let publish_day = d("2026-11-23");
        let t = decide(
            &state(Stage::AwaitingNotice),
            &CaseAction::Publish,
            Role::Intake,
            publish_day,
            None,
        )
        .unwrap();
        let notice = t.notice.unwrap();
        assert_eq!(notice, (publish_day, d("2026-11-29")));
        assert!(notice_visible(notice, d("2026-11-29")));
        assert!(!notice_visible(notice, d("2026-11-30")));
        assert!(!notice_visible(notice, d("2026-11-22")));
        let mut s = state(Stage::InNotice);
        s.notice = Some(notice);
        let approve = |today: Date| CaseAction::Approve {
            amount: Money::from_fen(80_000),
            pay_from: Month::of(today).next(),
        };
        let last = d("2026-11-29");
        assert_eq!(
            decide(&s, &approve(last), Role::Approver, last, None),
            Err(CaseError::NoticeRunning { ends: last })
        );
        let after = d("2026-11-30");
        assert_eq!(
            decide(&s, &approve(after), Role::Approver, after, None)
                .unwrap()
                .to,
            Stage::Approved
        );
        // Payment cannot start in the decision's own month.
        let early = CaseAction::Approve {
            amount: Money::from_fen(80_000),
            pay_from: Month::of(after),
        };
        assert_eq!(
            decide(&s, &early, Role::Approver, after, None),
            Err(CaseError::PayFromTooEarly {
                earliest: Month {
                    year: 2026,
                    month: 12
                }
            })
        );
        // An objection sends it back to investigation.
        let back = decide(
            &s,
            &CaseAction::RecordObjection {
                summary: text("有异议"),
            },
            Role::Intake,
            last,
            None,
        )
        .unwrap();
        assert_eq!(back.to, Stage::HomeVisit);
    }

    #[test]
    fn a_supplement_request_returns_where_it_interrupted() {
        let today = d("2026-11-23");
        let t = decide(
            &state(Stage::HomeVisit),
            &CaseAction::RequestSupplement {
                items: text("补交收入证明"),
            },
            Role::Intake,
            today,
            None,
        )
        .unwrap();
        assert_eq!(
            (t.to, t.resume_stage),
            (Stage::SupplementRequested, Some(Stage::HomeVisit))
        );
        let mut s = state(Stage::SupplementRequested);
        s.resume_stage = t.resume_stage;
        let back = decide(
            &s,
            &CaseAction::Supplemented { note: None },
            Role::Intake,
            today,
            None,
        )
        .unwrap();
        assert_eq!(back.to, Stage::HomeVisit);
        assert!(!Stage::SupplementRequested.clock_runs());
        assert!(Stage::HomeVisit.clock_runs());
    }

    #[test]
    fn dates_in_the_future_are_refused() {
        let today = d("2026-11-23");
        let visit = CaseAction::RecordHomeVisit {
            visited_on: d("2026-11-24"),
            findings: text("属实"),
        };
        assert_eq!(
            decide(&state(Stage::HomeVisit), &visit, Role::Intake, today, None),
            Err(CaseError::DateInFuture)
        );
    }

    #[test]
    fn the_form_parses_each_action_and_reports_fields() {
        let form = |pairs: &[(&str, &str)]| {
            let mut f = CaseActionForm::default();
            for (k, v) in pairs {
                let slot = match *k {
                    "action" => &mut f.action,
                    "text" => &mut f.text,
                    "amount" => &mut f.amount,
                    "pay_from" => &mut f.pay_from,
                    "on_date" => &mut f.on_date,
                    "verified_income" => &mut f.verified_income,
                    "verified_assets_ok" => &mut f.verified_assets_ok,
                    _ => unreachable!(),
                };
                *slot = (*v).to_owned();
            }
            f.parse((Money::from_fen(50_000), true))
        };
        assert_eq!(form(&[("action", "accept")]), Ok(CaseAction::Accept));
        let e = form(&[("action", "reject")]).unwrap_err();
        assert_eq!(e.errors[0].field, "text");
        let e = form(&[
            ("action", "approve"),
            ("amount", "abc"),
            ("pay_from", "2026-13"),
        ])
        .unwrap_err();
        let fields: Vec<_> = e.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["amount", "pay_from"]);
        assert_eq!(
            form(&[("action", "drop_table")]).unwrap_err().errors[0].field,
            "action"
        );
        assert_eq!(
            form(&[
                ("action", "record_verification"),
                ("verified_income", "500"),
                ("verified_assets_ok", "yes")
            ]),
            Ok(CaseAction::RecordVerification(verification(50_000, 50_000)))
        );
        let e = form(&[
            ("action", "record_verification"),
            ("verified_income", "500"),
            ("verified_assets_ok", "maybe"),
        ])
        .unwrap_err();
        assert_eq!(e.errors[0].field, "verified_assets_ok");
    }

    #[cfg(feature = "policy-data")]
    #[test]
    fn the_simplified_procedure_is_read_from_the_regions_data() {
        let book = crate::eligibility::data::embedded().unwrap();
        let region = |code| crate::RegionCode::parse(code).unwrap();
        let bengshan = book.resolve(region("340303"), d("2026-11-23"));
        assert_eq!(
            simplified_procedure(&bengshan),
            Some(SimplifiedProcedure {
                tolerance_per_mille: 100
            })
        );
        // Before the procedure's date, and in a region without it: the standard procedure.
        assert_eq!(
            simplified_procedure(&book.resolve(region("340303"), d("2022-12-31"))),
            None
        );
        assert_eq!(
            simplified_procedure(&book.resolve(region("532823"), d("2026-11-23"))),
            None
        );
    }

    #[test]
    fn keys_round_trip() {
        for s in Stage::ALL {
            assert_eq!(Stage::from_key(s.key()), Some(s));
        }
        for a in ActionKind::STAFF {
            assert_eq!(ActionKind::from_key(a.key()), Some(a));
        }
        for r in Role::ALL {
            assert_eq!(Role::from_key(r.key()), Some(r));
        }
        assert_eq!(
            Month::parse("2026-12"),
            Some(Month {
                year: 2026,
                month: 12
            })
        );
        assert_eq!(Month::parse("2026-1"), None);
        assert_eq!(
            Month {
                year: 2026,
                month: 12
            }
            .next(),
            Month {
                year: 2027,
                month: 1
            }
        );
    }
}
