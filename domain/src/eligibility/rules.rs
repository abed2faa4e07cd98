//! The rules of each program. Each function names the article it implements; regional values
//! come from the resolved parameters (keys listed in `KEY_*` constants), national rules from
//! the citations in [`law`].

use super::params::{Citation, Rate, Resolved};
use super::{
    Amount, Answer, AreaType, Outcome, ParentsSituation, Program, ProgramOutcome, Reason, Screening,
};
use crate::date::age_on;
use crate::household::{DisabilityCategory, IncomeKind, Member};
use crate::message::{arg, MessageArg};
use crate::money::Money;

pub const KEY_DIBAO_URBAN: &str = "dibao.standard.urban";
pub const KEY_DIBAO_RURAL: &str = "dibao.standard.rural";
pub const KEY_TEKUN_URBAN: &str = "tekun.standard.urban";
pub const KEY_TEKUN_RURAL: &str = "tekun.standard.rural";
pub const KEY_TEKUN_MULTIPLIER: &str = "tekun.multiplier";
pub const KEY_TEKUN_CARE: [&str; 3] = ["tekun.care.self", "tekun.care.partial", "tekun.care.full"];
pub const KEY_EDGE_MULTIPLIER: &str = "edge.multiplier";
pub const KEY_INCOME_EXCLUDED: &str = "income.excluded";
pub const KEY_FINANCIAL_MONTHS: &str = "assets.financial_months";
pub const KEY_MAX_RESIDENTIAL: &str = "assets.max_residential";
pub const KEY_VEHICLES_ALLOWED: &str = "assets.motor_vehicles_allowed";
pub const KEY_BUSINESS_ALLOWED: &str = "assets.business_allowed";
pub const KEY_DISABILITY_LIVING: &str = "disability.living";
pub const KEY_DISABILITY_CARE: &str = "disability.care";
pub const KEY_LIVING_INCLUDES_EDGE: &str = "disability.living.includes_edge";
pub const KEY_CARE_LEVEL34: &str = "disability.care.includes_level34_intellectual_mental";
pub const KEY_ELDERLY_BANDS: [(&str, u32); 3] = [
    ("elderly.band100", 100),
    ("elderly.band90", 90),
    ("elderly.band80", 80),
];
pub const KEY_ORPHAN: &str = "orphan.standard";
pub const KEY_FACT_ORPHAN: &str = "fact_orphan.standard";
pub const KEY_TEMPORARY_CAP_MONTHS: &str = "temporary.cap_months";
pub const KEY_HOME_ADAPTATION: &str = "home_adaptation.amount";
/// Whether residence-permit holders may apply where they live rather than at their 户籍地
/// (policy-rules.md §2.1: "有条件的地区可以有序推进持有居住证人员在居住地申办", a provincial or
/// local choice). Read by the application, not by the eligibility rules.
pub const KEY_RESIDENCE_APPLICATIONS: &str = "apply.residence_permit";
/// Whether the region runs the 诚信承诺 simplified procedure (policy-rules.md §2.9): a case whose
/// declared and verified figures agree skips the home visit and the democratic appraisal.
/// Read by the case workflow (`crate::case`), not by the eligibility rules.
pub const KEY_SIMPLIFIED_PROCEDURE: &str = "procedure.simplified_commitment";
/// The region's "基本一致" tolerance: how far the verified per-capita income may be from the
/// declared one, as a share of the declared figure (e.g. 0.1).
pub const KEY_SIMPLIFIED_TOLERANCE: &str = "procedure.simplified_tolerance";

/// Every parameter key the rules read (the data checker refuses others: a typo would silently
/// never apply).
pub const KNOWN_KEYS: &[&str] = &[
    KEY_DIBAO_URBAN,
    KEY_DIBAO_RURAL,
    KEY_TEKUN_URBAN,
    KEY_TEKUN_RURAL,
    KEY_TEKUN_MULTIPLIER,
    "tekun.care.self",
    "tekun.care.partial",
    "tekun.care.full",
    KEY_EDGE_MULTIPLIER,
    KEY_INCOME_EXCLUDED,
    KEY_FINANCIAL_MONTHS,
    KEY_MAX_RESIDENTIAL,
    KEY_VEHICLES_ALLOWED,
    KEY_BUSINESS_ALLOWED,
    KEY_DISABILITY_LIVING,
    KEY_DISABILITY_CARE,
    KEY_LIVING_INCLUDES_EDGE,
    KEY_CARE_LEVEL34,
    "elderly.band100",
    "elderly.band90",
    "elderly.band80",
    KEY_ORPHAN,
    KEY_FACT_ORPHAN,
    KEY_TEMPORARY_CAP_MONTHS,
    KEY_HOME_ADAPTATION,
    KEY_RESIDENCE_APPLICATIONS,
    KEY_SIMPLIFIED_PROCEDURE,
    KEY_SIMPLIFIED_TOLERANCE,
];

/// Ages the rules use (以上 includes the boundary; 未满 excludes it).
const AGE_ELDERLY: u32 = 60;
const AGE_CHILD_TEKUN: u32 = 16;
const AGE_ADULT: u32 = 18;
const AGE_ALLOWANCE: u32 = 80;

/// Citations of national rules.
pub mod law {
    use super::Citation;

    fn c(title: &str, number: &str, date: &str, source: &str) -> Citation {
        Citation {
            title: title.into(),
            number: number.into(),
            date: date.into(),
            source: source.into(),
        }
    }
    pub fn interim_9() -> Citation {
        c(
            "社会救助暂行办法",
            "国务院令第649号",
            "2014-02-21",
            "第九条",
        )
    }
    pub fn interim_10() -> Citation {
        c(
            "社会救助暂行办法",
            "国务院令第649号",
            "2014-02-21",
            "第十条",
        )
    }
    pub fn interim_12() -> Citation {
        c(
            "社会救助暂行办法",
            "国务院令第649号",
            "2014-02-21",
            "第十二条",
        )
    }
    pub fn interim_47() -> Citation {
        c(
            "社会救助暂行办法",
            "国务院令第649号",
            "2014-02-21",
            "第四十七条、第四十八条",
        )
    }
    pub fn dibao_measures() -> Citation {
        c(
            "最低生活保障审核确认办法",
            "民发〔2021〕57号",
            "2021-06-11",
            "第七条至第十四条",
        )
    }
    pub fn tekun_measures() -> Citation {
        c(
            "特困人员认定办法",
            "民发〔2021〕43号",
            "2021-04-26",
            "第四条至第九条",
        )
    }
    pub fn disability_allowances() -> Citation {
        c(
            "国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见",
            "国发〔2015〕52号",
            "2015-09-22",
            "二、主要内容",
        )
    }
    pub fn elderly_law() -> Citation {
        c(
            "中华人民共和国老年人权益保障法",
            "",
            "2018-12-29 修正",
            "第三十三条",
        )
    }
    pub fn orphans() -> Citation {
        c(
            "国务院办公厅关于加强孤儿保障工作的意见",
            "国办发〔2010〕54号",
            "2010-11-16",
            "一、孤儿的界定",
        )
    }
    pub fn fact_orphans() -> Citation {
        c(
            "关于进一步加强事实无人抚养儿童保障工作的意见",
            "民发〔2019〕62号",
            "2019-06-18",
            "二、保障对象；民发〔2020〕125号补充",
        )
    }
    pub fn home_adaptation() -> Citation {
        c(
            "关于加快实施老年人居家适老化改造工程的指导意见",
            "民发〔2020〕86号",
            "2020-07-10",
            "改造对象",
        )
    }
}

fn reason(id: &str, args: Vec<MessageArg>, citation: &Citation) -> Reason {
    Reason {
        message_id: id.to_owned(),
        args,
        citation: citation.clone(),
    }
}

fn yuan(m: Money) -> String {
    m.yuan_grouped()
}

fn yearly_income(m: &Member, counts: impl Fn(IncomeKind) -> bool) -> Money {
    Money::checked_sum(
        m.income
            .iter()
            .filter(|i| counts(i.kind))
            .map(|i| i.yearly()),
    )
    .expect("bounded")
}

struct Ctx<'a> {
    s: &'a Screening,
    p: &'a Resolved,
    counted: Vec<&'a Member>,
    size: i64,
    excluded: Vec<String>,
    excluded_citation: Citation,
}

impl<'a> Ctx<'a> {
    fn new(s: &'a Screening, p: &'a Resolved) -> Self {
        let counted: Vec<&Member> = s.household.counted_members().collect();
        let size = counted.len() as i64;
        let (excluded, excluded_citation) = match p.list(KEY_INCOME_EXCLUDED) {
            Some((l, c)) => (l.to_vec(), c.citation.clone()),
            None => (Vec::new(), law::dibao_measures()),
        };
        Ctx {
            s,
            p,
            counted,
            size,
            excluded,
            excluded_citation,
        }
    }

    fn counts(&self, kind: IncomeKind) -> bool {
        !self.excluded.iter().any(|k| k == kind.key())
    }

    /// Yearly income of the counted members, without the kinds the rules exclude. Yearly, so
    /// that amounts entered per year are compared without rounding.
    fn household_income(&self) -> Money {
        Money::checked_sum(
            self.counted
                .iter()
                .map(|m| yearly_income(m, |k| self.counts(k))),
        )
        .expect("bounded")
    }

    /// Per-person monthly figure of a yearly household total, for display.
    fn per_capita_monthly(&self, yearly: Money) -> Money {
        yearly
            .checked_ratio(1, 12 * self.size.max(1))
            .expect("bounded")
    }

    fn age(&self, m: &Member) -> u32 {
        age_on(m.birth_date, self.s.date).unwrap_or(0)
    }

    fn dibao_standard(&self) -> Option<(Rate, Citation)> {
        let key = match self.s.area {
            AreaType::Urban => KEY_DIBAO_URBAN,
            AreaType::Rural => KEY_DIBAO_RURAL,
        };
        self.p.rate(key).map(|(r, c)| (r, c.citation.clone()))
    }

    /// Asset rules in force here; each failure is a reason. Missing rules are not applied.
    fn asset_failures(&self, standard: Rate) -> Vec<Reason> {
        let a = &self.s.household.assets;
        let mut out = Vec::new();
        if let Some((months, c)) = self.p.count(KEY_FINANCIAL_MONTHS) {
            let limit = standard
                .monthly()
                .checked_mul(months)
                .and_then(|m| m.checked_mul(self.size))
                .expect("bounded");
            if a.financial() > limit {
                out.push(reason(
                    "elig-reason-assets-financial",
                    vec![
                        arg("amount", yuan(a.financial())),
                        arg("limit", yuan(limit)),
                        arg("months", months),
                    ],
                    &c.citation,
                ));
            }
        }
        if let Some((max, c)) = self.p.count(KEY_MAX_RESIDENTIAL) {
            if i64::from(a.residential_properties) > max || a.non_residential_properties > 0 {
                out.push(reason(
                    "elig-reason-assets-property",
                    vec![arg("max", max)],
                    &c.citation,
                ));
            }
        }
        if let Some((false, c)) = self.p.flag(KEY_VEHICLES_ALLOWED) {
            if a.motor_vehicles > 0 {
                out.push(reason("elig-reason-assets-vehicle", vec![], &c.citation));
            }
        }
        if let Some((false, c)) = self.p.flag(KEY_BUSINESS_ALLOWED) {
            if a.business_registrations > 0 {
                out.push(reason("elig-reason-assets-business", vec![], &c.citation));
            }
        }
        out
    }
}

/// Intermediate verdicts other programs depend on.
struct Status {
    dibao: bool,
    edge: bool,
    tekun: bool,
}

/// Evaluates every program for one screening with the parameters in force for it.
pub fn evaluate(screening: &Screening, params: &Resolved) -> Vec<ProgramOutcome> {
    let ctx = Ctx::new(screening, params);
    let dibao = dibao(&ctx);
    let edge = edge(&ctx, &dibao);
    let tekun = tekun(&ctx);
    let status = Status {
        dibao: matches!(dibao, Outcome::Eligible { .. }),
        edge: matches!(edge, Outcome::Eligible { .. }),
        tekun: matches!(tekun, Outcome::Eligible { .. }),
    };
    let (orphan, fact_orphan) = orphans(&ctx);
    vec![
        ProgramOutcome {
            program: Program::Dibao,
            outcome: dibao,
        },
        ProgramOutcome {
            program: Program::DibaoEdge,
            outcome: edge,
        },
        ProgramOutcome {
            program: Program::Tekun,
            outcome: tekun,
        },
        ProgramOutcome {
            program: Program::Temporary,
            outcome: temporary(&ctx),
        },
        ProgramOutcome {
            program: Program::DisabilityLiving,
            outcome: disability_living(&ctx, &status),
        },
        ProgramOutcome {
            program: Program::DisabilityCare,
            outcome: disability_care(&ctx, &status),
        },
        ProgramOutcome {
            program: Program::ElderlyAllowance,
            outcome: elderly(&ctx),
        },
        ProgramOutcome {
            program: Program::Orphan,
            outcome: orphan,
        },
        ProgramOutcome {
            program: Program::FactOrphan,
            outcome: fact_orphan,
        },
        ProgramOutcome {
            program: Program::HomeAdaptation,
            outcome: home_adaptation(&ctx, &status),
        },
    ]
}

/// 低保 (社会救助暂行办法 第九条、第十二条): per-capita income strictly below the local
/// standard and assets within local rules; paid as the difference × the number of members.
fn dibao(ctx: &Ctx) -> Outcome {
    let Some((standard, std_cite)) = ctx.dibao_standard() else {
        return Outcome::NeedsReview {
            reasons: vec![reason(
                "elig-reason-no-standard",
                vec![],
                &law::interim_10(),
            )],
        };
    };
    let income_year = ctx.household_income();
    let income = income_year.checked_ratio(1, 12).expect("bounded");
    let per_capita = ctx.per_capita_monthly(income_year);
    let mut failures = Vec::new();
    if !standard.exceeds_yearly_total(income_year, ctx.size) {
        failures.push(reason(
            "elig-reason-income-not-below",
            vec![
                arg("income", yuan(per_capita)),
                arg("standard", yuan(standard.monthly())),
            ],
            &std_cite,
        ));
    }
    failures.extend(ctx.asset_failures(standard));
    if !failures.is_empty() {
        failures.push(reason("elig-reason-rule-dibao", vec![], &law::interim_9()));
        return Outcome::Ineligible { reasons: failures };
    }
    // (standard − per-capita income) × members = standard × members − total income, computed
    // over the year and divided once, so yearly figures are not rounded twice.
    let amount = standard
        .yearly_total(ctx.size)
        .checked_sub(income_year)
        .and_then(|gap| gap.checked_ratio(1, 12))
        .expect("bounded");
    Outcome::Eligible {
        amount: Amount::Monthly(amount),
        how: vec![
            reason(
                "elig-reason-income-below",
                vec![
                    arg("income", yuan(per_capita)),
                    arg("standard", yuan(standard.monthly())),
                ],
                &std_cite,
            ),
            reason(
                "elig-reason-amount-dibao",
                vec![
                    arg("standard", yuan(standard.monthly())),
                    arg("size", ctx.size),
                    arg("income", yuan(income)),
                    arg("amount", yuan(amount)),
                ],
                &law::interim_12(),
            ),
            reason(
                "elig-reason-excluded-income",
                vec![],
                &ctx.excluded_citation,
            ),
        ],
    }
}

/// 低保边缘家庭 (最低生活保障审核确认办法; 国办发〔2023〕39号): not 低保 or 特困, per-capita
/// income below the multiplier (nationally 1.5) × the 低保 standard, assets within local rules.
fn edge(ctx: &Ctx, dibao: &Outcome) -> Outcome {
    let Some((standard, std_cite)) = ctx.dibao_standard() else {
        return Outcome::NeedsReview {
            reasons: vec![reason(
                "elig-reason-no-standard",
                vec![],
                &law::interim_10(),
            )],
        };
    };
    if matches!(dibao, Outcome::Eligible { .. }) {
        return Outcome::Ineligible {
            reasons: vec![reason(
                "elig-reason-edge-dibao-instead",
                vec![],
                &law::dibao_measures(),
            )],
        };
    }
    let Some((multiplier, m_cite)) = ctx.p.ratio(KEY_EDGE_MULTIPLIER) else {
        return Outcome::NeedsReview {
            reasons: vec![reason(
                "elig-reason-no-standard",
                vec![],
                &law::dibao_measures(),
            )],
        };
    };
    let limit = standard.times(multiplier);
    let per_capita = ctx.per_capita_monthly(ctx.household_income());
    // The same figures explain both verdicts.
    let figures = vec![
        arg("income", yuan(per_capita)),
        arg("limit", yuan(limit.monthly())),
        arg("ratio", multiplier.display()),
    ];
    let mut failures = Vec::new();
    if !limit.exceeds_yearly_total(ctx.household_income(), ctx.size) {
        failures.push(reason(
            "elig-reason-edge-income",
            figures.clone(),
            &m_cite.citation,
        ));
    }
    failures.extend(ctx.asset_failures(standard));
    if !failures.is_empty() {
        return Outcome::Ineligible { reasons: failures };
    }
    Outcome::Eligible {
        amount: Amount::None,
        how: vec![
            reason("elig-reason-edge-below", figures, &m_cite.citation),
            reason("elig-reason-edge-benefits", vec![], &std_cite),
        ],
    }
}

/// 特困 (特困人员认定办法 第四条至第九条), for the applicant: no capacity to work (60 or older,
/// under 16, or the listed disabilities), no means of living (own income below the 低保
/// standard), and nobody with a legal duty of support who is able to give it.
fn tekun(ctx: &Ctx) -> Outcome {
    let applicant = ctx.s.household.applicant();
    let age = ctx.age(applicant);
    let rule = law::tekun_measures();
    let disabled_enough = applicant.disability.is_some_and(|d| match d.category {
        DisabilityCategory::Intellectual | DisabilityCategory::Mental => d.level <= 3,
        DisabilityCategory::Physical => d.level <= 2,
        DisabilityCategory::Visual => d.level == 1,
        DisabilityCategory::Multiple => d.level <= 2,
        _ => false,
    });
    // 60周岁以上 or 未满16周岁 means no capacity to work; in between only the listed disabilities.
    let working_age = (AGE_CHILD_TEKUN..AGE_ELDERLY).contains(&age);
    if working_age && !disabled_enough {
        return Outcome::Ineligible {
            reasons: vec![reason(
                "elig-reason-tekun-can-work",
                vec![arg("age", age)],
                &rule,
            )],
        };
    }
    let Some((standard, std_cite)) = ctx.dibao_standard() else {
        return Outcome::NeedsReview {
            reasons: vec![reason(
                "elig-reason-no-standard",
                vec![],
                &law::interim_10(),
            )],
        };
    };
    // Not counted for 特困: the basic pension and the old-age allowance (特困人员认定办法).
    let own_year = yearly_income(applicant, |k| {
        ctx.counts(k) && k != IncomeKind::ElderlyAllowance && k != IncomeKind::BasicResidentPension
    });
    let own = own_year.checked_ratio(1, 12).expect("bounded");
    if !standard.exceeds_yearly_total(own_year, 1) {
        return Outcome::Ineligible {
            reasons: vec![reason(
                "elig-reason-tekun-income",
                vec![
                    arg("income", yuan(own)),
                    arg("standard", yuan(standard.monthly())),
                ],
                &std_cite,
            )],
        };
    }
    match ctx.s.facts.capable_supporter {
        Answer::Yes => {
            return Outcome::Ineligible {
                reasons: vec![reason("elig-reason-tekun-supporter", vec![], &rule)],
            }
        }
        Answer::NotSure => {
            return Outcome::NeedsInfo {
                facts: vec![reason("elig-fact-supporter", vec![], &rule)],
            }
        }
        Answer::No => {}
    }
    // Basic support: an explicit local standard, or the multiplier × the 低保 standard.
    let explicit = match ctx.s.area {
        AreaType::Urban => ctx.p.rate(KEY_TEKUN_URBAN),
        AreaType::Rural => ctx.p.rate(KEY_TEKUN_RURAL),
    };
    let basic = match (explicit, ctx.p.ratio(KEY_TEKUN_MULTIPLIER)) {
        (Some((rate, c)), _) => Some((rate.monthly(), c.citation.clone())),
        (None, Some((ratio, c))) => Some((standard.times(ratio).monthly(), c.citation.clone())),
        (None, None) => None,
    };
    let Some((basic, basic_cite)) = basic else {
        return Outcome::NeedsReview {
            reasons: vec![reason("elig-reason-no-local-amount", vec![], &rule)],
        };
    };
    let mut how = vec![
        reason("elig-reason-tekun-conditions", vec![arg("age", age)], &rule),
        reason(
            "elig-reason-tekun-basic",
            vec![arg("amount", yuan(basic))],
            &basic_cite,
        ),
    ];
    let mut total = basic;
    if let Some(adl) = applicant.daily_living {
        let tier = adl.care_tier() as usize;
        if let Some((care, c)) = ctx.p.rate(KEY_TEKUN_CARE[tier]) {
            total = total.checked_add(care.monthly()).expect("bounded");
            how.push(reason(
                "elig-reason-tekun-care",
                vec![
                    arg("unable", adl.unable_count()),
                    arg("amount", yuan(care.monthly())),
                ],
                &c.citation,
            ));
        }
    }
    Outcome::Eligible {
        amount: Amount::Monthly(total),
        how,
    }
}

/// 临时救助 (暂行办法 第四十七条、第四十八条): sudden hardship or necessary spending beyond
/// the household's means. Amounts are decided case by case, so an eligible-looking case goes
/// to a person, with the local cap as an indication.
fn temporary(ctx: &Ctx) -> Outcome {
    let rule = law::interim_47();
    let facts = &ctx.s.facts;
    if facts.emergency == Answer::Yes || facts.heavy_necessary_spending == Answer::Yes {
        let cap = ctx
            .dibao_standard()
            .zip(ctx.p.count(KEY_TEMPORARY_CAP_MONTHS))
            .map(|((std, _), (months, _))| {
                std.monthly()
                    .checked_mul(months)
                    .and_then(|m| m.checked_mul(ctx.size))
                    .expect("bounded")
            });
        let args = cap.map(|c| vec![arg("cap", yuan(c))]).unwrap_or_default();
        let id = if cap.is_some() {
            "elig-reason-temporary-review-cap"
        } else {
            "elig-reason-temporary-review"
        };
        return Outcome::NeedsReview {
            reasons: vec![reason(id, args, &rule)],
        };
    }
    if facts.emergency == Answer::NotSure || facts.heavy_necessary_spending == Answer::NotSure {
        return Outcome::NeedsInfo {
            facts: vec![reason("elig-fact-hardship", vec![], &rule)],
        };
    }
    Outcome::Ineligible {
        reasons: vec![reason("elig-reason-temporary-none", vec![], &rule)],
    }
}

fn severe_or_listed(m: &Member, include_level34: bool) -> bool {
    m.disability.is_some_and(|d| {
        d.level <= 2
            || (include_level34
                && matches!(
                    d.category,
                    DisabilityCategory::Intellectual | DisabilityCategory::Mental
                ))
    })
}

/// 困难残疾人生活补贴 (国发〔2015〕52号): disabled members of a 低保 household (and, where the
/// region extends it, of a 低保边缘 household), not for 特困 people.
fn disability_living(ctx: &Ctx, status: &Status) -> Outcome {
    let rule = law::disability_allowances();
    let disabled: Vec<&&Member> = ctx
        .counted
        .iter()
        .filter(|m| m.disability.is_some())
        .collect();
    if disabled.is_empty() {
        return Outcome::Ineligible {
            reasons: vec![reason("elig-reason-no-disability", vec![], &rule)],
        };
    }
    let includes_edge = ctx.p.flag(KEY_LIVING_INCLUDES_EDGE).is_some_and(|(f, _)| f);
    if !(status.dibao || (includes_edge && status.edge)) {
        let id = if includes_edge {
            "elig-reason-living-needs-dibao-or-edge"
        } else {
            "elig-reason-living-needs-dibao"
        };
        return Outcome::Ineligible {
            reasons: vec![reason(id, vec![], &rule)],
        };
    }
    // 特困 recipients are supported in full and do not also receive the living allowance.
    let applicant = ctx.s.household.applicant();
    let count = disabled
        .iter()
        .filter(|m| !(status.tekun && std::ptr::eq(**m as &Member, applicant)))
        .count() as i64;
    if count == 0 {
        return Outcome::Ineligible {
            reasons: vec![reason("elig-reason-living-tekun", vec![], &rule)],
        };
    }
    per_person_amount(
        ctx,
        KEY_DISABILITY_LIVING,
        count,
        "elig-reason-living-amount",
        &rule,
    )
}

/// 重度残疾人护理补贴 (国发〔2015〕52号): level 1 or 2 (and, where the region extends it, level
/// 3–4 intellectual or mental) needing long-term care.
fn disability_care(ctx: &Ctx, _status: &Status) -> Outcome {
    let rule = law::disability_allowances();
    let level34 = ctx.p.flag(KEY_CARE_LEVEL34).is_some_and(|(f, _)| f);
    let count = ctx
        .counted
        .iter()
        .filter(|m| severe_or_listed(m, level34))
        .count() as i64;
    if count == 0 {
        let id = if level34 {
            "elig-reason-care-level-extended"
        } else {
            "elig-reason-care-level"
        };
        return Outcome::Ineligible {
            reasons: vec![reason(id, vec![], &rule)],
        };
    }
    match ctx.s.facts.needs_long_term_care {
        Answer::No => Outcome::Ineligible {
            reasons: vec![reason("elig-reason-care-not-needed", vec![], &rule)],
        },
        Answer::NotSure => Outcome::NeedsInfo {
            facts: vec![reason("elig-fact-long-term-care", vec![], &rule)],
        },
        Answer::Yes => per_person_amount(
            ctx,
            KEY_DISABILITY_CARE,
            count,
            "elig-reason-care-amount",
            &rule,
        ),
    }
}

fn per_person_amount(ctx: &Ctx, key: &str, count: i64, id: &str, rule: &Citation) -> Outcome {
    match ctx.p.rate(key) {
        Some((rate, c)) => {
            let total = rate.monthly().checked_mul(count).expect("bounded");
            Outcome::Eligible {
                amount: Amount::Monthly(total),
                how: vec![reason(
                    id,
                    vec![
                        arg("count", count),
                        arg("each", yuan(rate.monthly())),
                        arg("amount", yuan(total)),
                    ],
                    &c.citation,
                )],
            }
        }
        None => Outcome::NeedsReview {
            reasons: vec![reason("elig-reason-no-local-amount", vec![], rule)],
        },
    }
}

/// 高龄津贴 (老年人权益保障法 第三十三条; amounts and age bands are local): members aged 80
/// or more on the date, each in the highest band reached.
fn elderly(ctx: &Ctx) -> Outcome {
    let rule = law::elderly_law();
    let ages: Vec<u32> = ctx
        .counted
        .iter()
        .map(|m| ctx.age(m))
        .filter(|a| *a >= AGE_ALLOWANCE)
        .collect();
    if ages.is_empty() {
        return Outcome::Ineligible {
            reasons: vec![reason(
                "elig-reason-elderly-age",
                vec![arg("age", AGE_ALLOWANCE)],
                &rule,
            )],
        };
    }
    let mut total = Money::ZERO;
    let mut how = Vec::new();
    for age in ages {
        let band = KEY_ELDERLY_BANDS
            .iter()
            .find(|(_, from)| age >= *from)
            .and_then(|(key, from)| ctx.p.rate(key).map(|r| (r, *from)));
        let Some(((rate, c), from)) = band else {
            return Outcome::NeedsReview {
                reasons: vec![reason("elig-reason-no-local-amount", vec![], &rule)],
            };
        };
        total = total.checked_add(rate.monthly()).expect("bounded");
        how.push(reason(
            "elig-reason-elderly-band",
            vec![
                arg("age", age),
                arg("band", from),
                arg("amount", yuan(rate.monthly())),
            ],
            &c.citation,
        ));
    }
    Outcome::Eligible {
        amount: Amount::Monthly(total),
        how,
    }
}

/// 孤儿 (国办发〔2010〕54号) and 事实无人抚养儿童 (民发〔2019〕62号, 〔2020〕125号): children
/// under 18 whose parents are dead or unknown, or unable to raise them; the latter are paid by
/// reference to the orphan standard.
fn orphans(ctx: &Ctx) -> (Outcome, Outcome) {
    let children = ctx
        .counted
        .iter()
        .filter(|m| ctx.age(m) < AGE_ADULT)
        .count() as i64;
    let (o_rule, f_rule) = (law::orphans(), law::fact_orphans());
    if children == 0 {
        return (
            Outcome::Ineligible {
                reasons: vec![reason("elig-reason-no-child", vec![], &o_rule)],
            },
            Outcome::Ineligible {
                reasons: vec![reason("elig-reason-no-child", vec![], &f_rule)],
            },
        );
    }
    // 事实无人抚养 is paid by reference to the orphan standard unless the region sets its own.
    let fact_key = if ctx.p.rate(KEY_FACT_ORPHAN).is_some() {
        KEY_FACT_ORPHAN
    } else {
        KEY_ORPHAN
    };
    let paid = |key: &str, rule: &Citation| {
        per_person_amount(ctx, key, children, "elig-reason-child-amount", rule)
    };
    let not = |id: &str, rule: &Citation| Outcome::Ineligible {
        reasons: vec![reason(id, vec![], rule)],
    };
    match ctx.s.facts.parents {
        ParentsSituation::NotSure => (
            Outcome::NeedsInfo {
                facts: vec![reason("elig-fact-parents", vec![], &o_rule)],
            },
            Outcome::NeedsInfo {
                facts: vec![reason("elig-fact-parents", vec![], &f_rule)],
            },
        ),
        ParentsSituation::BothDeceasedOrUnknown => (
            paid(KEY_ORPHAN, &o_rule),
            not("elig-reason-fact-orphan-is-orphan", &f_rule),
        ),
        ParentsSituation::OneDeceasedOtherUnable | ParentsSituation::BothUnable => (
            not("elig-reason-orphan-parents", &o_rule),
            paid(fact_key, &f_rule),
        ),
        ParentsSituation::NotApplicable => (
            not("elig-reason-orphan-parents", &o_rule),
            not("elig-reason-fact-orphan-parents", &f_rule),
        ),
    }
}

/// 适老化改造 (民发〔2020〕86号; targets and amounts are local): 低保 or 特困 households with
/// an older member who is very old, disabled or losing daily-living abilities.
fn home_adaptation(ctx: &Ctx, status: &Status) -> Outcome {
    let rule = law::home_adaptation();
    let qualifying_member = ctx.counted.iter().any(|m| {
        let age = ctx.age(m);
        age >= AGE_ELDERLY
            && (age >= AGE_ALLOWANCE
                || m.disability.is_some()
                || m.daily_living.is_some_and(|d| d.unable_count() > 0))
    });
    if !(status.dibao || status.tekun) {
        return Outcome::Ineligible {
            reasons: vec![reason("elig-reason-adaptation-household", vec![], &rule)],
        };
    }
    if !qualifying_member {
        return Outcome::Ineligible {
            reasons: vec![reason("elig-reason-adaptation-member", vec![], &rule)],
        };
    }
    match ctx.p.rate(KEY_HOME_ADAPTATION) {
        Some((rate, c)) => Outcome::Eligible {
            amount: Amount::OneOff(rate.amount),
            how: vec![reason(
                "elig-reason-adaptation-amount",
                vec![arg("amount", yuan(rate.amount))],
                &c.citation,
            )],
        },
        None => Outcome::NeedsReview {
            reasons: vec![reason("elig-reason-no-local-amount", vec![], &rule)],
        },
    }
}

/// Every message ID an outcome can carry (for the translation completeness test).
pub const MESSAGE_IDS: &[&str] = &[
    "elig-reason-no-standard",
    "elig-reason-income-not-below",
    "elig-reason-income-below",
    "elig-reason-amount-dibao",
    "elig-reason-excluded-income",
    "elig-reason-rule-dibao",
    "elig-reason-assets-financial",
    "elig-reason-assets-property",
    "elig-reason-assets-vehicle",
    "elig-reason-assets-business",
    "elig-reason-edge-dibao-instead",
    "elig-reason-edge-income",
    "elig-reason-edge-below",
    "elig-reason-edge-benefits",
    "elig-reason-tekun-can-work",
    "elig-reason-tekun-income",
    "elig-reason-tekun-supporter",
    "elig-fact-supporter",
    "elig-reason-no-local-amount",
    "elig-reason-tekun-conditions",
    "elig-reason-tekun-basic",
    "elig-reason-tekun-care",
    "elig-reason-temporary-review",
    "elig-reason-temporary-review-cap",
    "elig-fact-hardship",
    "elig-reason-temporary-none",
    "elig-reason-no-disability",
    "elig-reason-living-needs-dibao",
    "elig-reason-living-needs-dibao-or-edge",
    "elig-reason-living-amount",
    "elig-reason-living-tekun",
    "elig-reason-care-level",
    "elig-reason-care-level-extended",
    "elig-reason-care-not-needed",
    "elig-fact-long-term-care",
    "elig-reason-care-amount",
    "elig-reason-elderly-age",
    "elig-reason-elderly-band",
    "elig-reason-no-child",
    "elig-reason-child-amount",
    "elig-fact-parents",
    "elig-reason-fact-orphan-is-orphan",
    "elig-reason-orphan-parents",
    "elig-reason-fact-orphan-parents",
    "elig-reason-adaptation-household",
    "elig-reason-adaptation-member",
    "elig-reason-adaptation-amount",
];
