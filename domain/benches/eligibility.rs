//! Full-household evaluations per second: a three-generation household with income of several
//! kinds, a disabled member and assets, evaluated for all ten programs with the parameters in
//! force in 阳西 on a date. Run: `cargo bench -p domain --features policy-data --bench eligibility`.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use domain::eligibility::{data, evaluate, Answer, AreaType, Facts, ParentsSituation, Screening};
use domain::household::{AssetsForm, Household, HouseholdForm, IncomeForm, MemberForm};
use domain::{Date, RegionCode};

fn member(
    relation: &str,
    birth: &str,
    work: &str,
    stage: &str,
    income: &[(&str, &str, &str)],
) -> MemberForm {
    MemberForm {
        relation: relation.into(),
        birth_date: birth.into(),
        work_status: work.into(),
        school_stage: stage.into(),
        income: income
            .iter()
            .map(|(kind, amount, period)| IncomeForm {
                kind: (*kind).into(),
                amount: (*amount).into(),
                period: (*period).into(),
            })
            .collect(),
        ..MemberForm::default()
    }
}

fn screening() -> Screening {
    let date = Date::from_ymd(2023, 6, 1).unwrap();
    let mut grandmother = member(
        "parent",
        "1938-01-01",
        "retired",
        "",
        &[
            ("basic_resident_pension", "2400", "yearly"),
            ("elderly_allowance", "30", "monthly"),
        ],
    );
    grandmother.disability_category = "physical".into();
    grandmother.disability_level = "2".into();
    grandmother.daily_living = ["yes", "no", "no", "yes", "no", "yes"]
        .map(String::from)
        .to_vec();
    let form = HouseholdForm {
        members: vec![
            member(
                "applicant",
                "1975-03-01",
                "employed",
                "",
                &[("wage", "1500", "monthly"), ("property", "1200", "yearly")],
            ),
            member("spouse", "1977-08-08", "unable_to_work", "", &[]),
            member("child", "2012-09-01", "student", "compulsory", &[]),
            grandmother,
        ],
        assets: AssetsForm {
            deposits: "8000".into(),
            residential_properties: "1".into(),
            ..AssetsForm::default()
        },
    };
    Screening {
        region: RegionCode::parse("441721").unwrap(),
        area: AreaType::Urban,
        date,
        household: Household::parse(&form, date).unwrap(),
        facts: Facts {
            capable_supporter: Answer::No,
            needs_long_term_care: Answer::Yes,
            emergency: Answer::No,
            heavy_necessary_spending: Answer::NotSure,
            parents: ParentsSituation::NotApplicable,
        },
    }
}

fn bench(c: &mut Criterion) {
    let book = data::embedded().expect("policy data");
    let s = screening();
    let params = book.resolve(s.region, s.date);
    let mut group = c.benchmark_group("eligibility");
    group.throughput(Throughput::Elements(1));
    group.bench_function("evaluate_household_all_programs", |b| {
        b.iter(|| evaluate(black_box(&s), black_box(&params)))
    });
    group.bench_function("resolve_parameters", |b| {
        b.iter(|| book.resolve(black_box(s.region), black_box(s.date)))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
