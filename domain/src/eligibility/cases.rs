//! Runs the declarative cases in `data/policy/cases/*.toml` against the embedded parameters:
//! each case builds its household through the same form parser residents use, evaluates every
//! program, and checks each expected outcome (and amount or first reason where given).

use std::collections::BTreeMap;

use serde::Deserialize;

use super::{
    data, evaluate, Answer, AreaType, Facts, Outcome, ParentsSituation, Program, Screening,
};
use crate::date::Date;
use crate::household::{AssetsForm, Household, HouseholdForm, IncomeForm, MemberForm};
use crate::region::RegionCode;

const CASE_FILES: &[(&str, &str)] = &[
    (
        "dibao-and-edge.toml",
        include_str!("../../data/policy/cases/dibao-and-edge.toml"),
    ),
    (
        "other-programs.toml",
        include_str!("../../data/policy/cases/other-programs.toml"),
    ),
    (
        "more-thresholds.toml",
        include_str!("../../data/policy/cases/more-thresholds.toml"),
    ),
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseFile {
    case: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    region: String,
    area: AreaType,
    date: String,
    members: Vec<CaseMember>,
    #[serde(default)]
    assets: AssetsForm,
    #[serde(default)]
    facts: Facts,
    expect: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseMember {
    relation: String,
    birth: String,
    work: String,
    #[serde(default)]
    income: String,
    #[serde(default)]
    disability: String,
    #[serde(default)]
    adl: String,
}

fn member_form(m: &CaseMember) -> MemberForm {
    let (work_status, school_stage) = match m.work.split_once(':') {
        Some((w, s)) => (w.to_owned(), s.to_owned()),
        None => (m.work.clone(), String::new()),
    };
    let income = m
        .income
        .split(';')
        .filter(|s| !s.trim().is_empty())
        .map(|item| {
            let parts: Vec<&str> = item.trim().split('/').collect();
            IncomeForm {
                amount: parts[0].into(),
                period: parts[1].into(),
                kind: parts[2].into(),
            }
        })
        .collect();
    let (disability_category, disability_level) = match m.disability.split_once(':') {
        Some((c, l)) => (c.to_owned(), l.to_owned()),
        None => (String::new(), String::new()),
    };
    MemberForm {
        relation: m.relation.clone(),
        birth_date: m.birth.clone(),
        work_status,
        school_stage,
        income,
        disability_category,
        disability_level,
        daily_living: if m.adl.is_empty() {
            Vec::new()
        } else {
            m.adl.split(',').map(str::to_owned).collect()
        },
        ..MemberForm::default()
    }
}

fn program_key(p: Program) -> &'static str {
    match p {
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

fn check(case: &Case, outcome: &Outcome, expected: &str) -> Result<(), String> {
    let (kind, detail) = expected.split_once(':').unwrap_or((expected, ""));
    if outcome.kind() != kind {
        return Err(format!("expected {expected}, got {outcome:?}"));
    }
    if detail.is_empty() {
        return Ok(());
    }
    match outcome {
        Outcome::Eligible { amount, .. } => {
            let got = match amount {
                super::Amount::Monthly(m) | super::Amount::OneOff(m) => m.yuan_string(),
                super::Amount::None => "none".into(),
            };
            if got != detail {
                return Err(format!(
                    "{}: expected amount {detail}, got {got} ({outcome:?})",
                    case.name
                ));
            }
        }
        other => {
            if other.reasons().first().map(|r| r.message_id.as_str()) != Some(detail) {
                return Err(format!("expected first reason {detail}, got {other:?}"));
            }
        }
    }
    Ok(())
}

#[test]
fn declarative_cases_hold() {
    let book = data::embedded().expect("parameter files are valid");
    let mut failures = Vec::new();
    let mut count = 0;
    for (file, text) in CASE_FILES {
        let cases: CaseFile = toml::from_str(text).unwrap_or_else(|e| panic!("{file}: {e}"));
        for case in &cases.case {
            count += 1;
            let date = Date::parse(&case.date).expect("case date");
            let form = HouseholdForm {
                members: case.members.iter().map(member_form).collect(),
                assets: case.assets.clone(),
            };
            let household = Household::parse(&form, date)
                .unwrap_or_else(|e| panic!("{}: household does not parse: {e:?}", case.name));
            let region = RegionCode::parse(&case.region).expect("case region");
            let screening = Screening {
                region,
                area: case.area,
                date,
                household,
                facts: case.facts.clone(),
            };
            let params = book.resolve(region, date);
            let outcomes = evaluate(&screening, &params);
            for (program, expected) in &case.expect {
                let Some(outcome) = outcomes.iter().find(|o| program_key(o.program) == program)
                else {
                    failures.push(format!("{file} / {}: unknown program {program}", case.name));
                    continue;
                };
                if let Err(e) = check(case, &outcome.outcome, expected) {
                    failures.push(format!("{file} / {} / {program}: {e}", case.name));
                }
            }
            // Every outcome explains itself with a citation.
            for o in &outcomes {
                for r in o.outcome.reasons() {
                    assert!(
                        !r.citation.title.is_empty(),
                        "{}: {:?} lacks a citation",
                        case.name,
                        r.message_id
                    );
                }
                if !matches!(o.outcome, Outcome::Eligible { .. }) {
                    assert!(
                        !o.outcome.reasons().is_empty(),
                        "{}: {:?} has no reason",
                        case.name,
                        o.program
                    );
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {count} case checks failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(count >= 80, "only {count} cases");
}

#[test]
fn every_parameter_file_is_valid() {
    let book = data::embedded().unwrap_or_else(|e| panic!("{}", e.join("\n")));
    // Every seeded locality with a standard in its report resolves one in 2023.
    let date = Date::from_ymd(2023, 8, 1).unwrap();
    for (county, key) in [
        ("441721", "dibao.standard.urban"),
        ("150124", "dibao.standard.rural"),
        ("140702", "dibao.standard.rural"),
        ("532823", "dibao.standard.rural"),
        ("440106", "dibao.standard.urban"),
    ] {
        let resolved = book.resolve(RegionCode::parse(county).unwrap(), date);
        assert!(resolved.rate(key).is_some(), "{county} {key}");
    }
    // National rules apply everywhere.
    let anywhere = book.resolve(RegionCode::parse("340302").unwrap(), date);
    assert_eq!(anywhere.get("edge.multiplier").unwrap().region, "000000");
}

#[test]
fn the_checker_refuses_bad_files() {
    let bad = r#"
[citations.c]
title = "t"
date = "2023"
source = "s"

[[values]]
region = "441721"
key = "dibao.standard.urbna"
rate = "858"
per = "person_month"
from = "2023-01-01"
cite = "c"

[[values]]
region = "441721"
key = "dibao.standard.urban"
rate = "858.001"
per = "person_month"
from = "2023-01-01"
cite = "missing"
"#;
    let errors = data::parse_file("bad.toml", bad).unwrap_err();
    assert!(
        errors.iter().any(|e| e.contains("unknown key")),
        "{errors:?}"
    );
    assert!(errors.iter().any(|e| e.contains("citation")), "{errors:?}");
    let overlapping = r#"
[citations.c]
title = "t"
date = "2023"
source = "s"

[[values]]
region = "441721"
key = "dibao.standard.urban"
rate = "858"
per = "person_month"
from = "2023-01-01"
cite = "c"

[[values]]
region = "441721"
key = "dibao.standard.urban"
rate = "900"
per = "person_month"
from = "2023-06-01"
cite = "c"
"#;
    let errors = data::load(&[("o.toml", overlapping)]).unwrap_err();
    assert!(errors[0].contains("overlap"), "{errors:?}");
    let _ = (Answer::Yes, ParentsSituation::NotApplicable);
}
