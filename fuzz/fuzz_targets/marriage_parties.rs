#![no_main]
mod common;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &str| {
    let f = common::fields(data, 9);
    let party = |i: usize| domain::marriage::PartyForm {
        document_kind: f[i].clone(),
        document_number: f[i + 1].clone(),
        country: f[i + 2].clone(),
        name: f[i + 3].clone(),
        sex: f[i].clone(),
        birth_date: f[i + 2].clone(),
    };
    let form = domain::marriage::PartiesForm {
        service: f[8].clone(),
        party_a: party(0),
        party_b: party(4),
        mobile: f[7].clone(),
    };
    if let Ok(parties) = domain::marriage::Parties::parse(&form, common::today()) {
        let _ = parties.check_marriage_ages_on(common::today());
    }
});
