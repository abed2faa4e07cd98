#![no_main]
mod common;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &str| {
    let f = common::fields(data, 12);
    let member = |i: usize| domain::household::MemberForm {
        relation: f[i].clone(),
        id_number: f[i + 1].clone(),
        birth_date: f[i + 2].clone(),
        income: vec![domain::household::IncomeForm {
            kind: f[i + 3].clone(),
            amount: f[i + 4].clone(),
            period: f[i + 5].clone(),
        }],
        disability_number: f[i + 1].clone(),
        disability_level: f[i + 5].clone(),
        work_status: f[i + 3].clone(),
        school_stage: f[i + 4].clone(),
        daily_living: f[i..i + 6].to_vec(),
        ..Default::default()
    };
    let form = domain::household::HouseholdForm {
        members: vec![member(0), member(6)],
        assets: domain::household::AssetsForm { deposits: f[4].clone(), motor_vehicles: f[5].clone(), ..Default::default() },
    };
    if let Err(errors) = domain::household::Household::parse(&form, common::today()) {
        assert!(!errors.is_empty());
    }
});
