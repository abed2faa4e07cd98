#![no_main]
mod common;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &str| {
    let f = common::fields(data, 4);
    let form = domain::ContactForm {
        name: f[0].clone(),
        mobile: f[1].clone(),
        message: f[2].clone(),
        idempotency_key: f[3].clone(),
    };
    match domain::ContactMessage::try_from(&form) {
        Ok(_) => {}
        Err(errors) => assert!(!errors.is_empty()),
    }
    let _ = domain::ContactReference::parse(data);
});
