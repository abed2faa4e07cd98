#![no_main]
mod common;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &str| {
    if let Ok(k) = domain::IdempotencyKey::parse(data) {
        assert_eq!(k.as_str(), data);
    }
});
