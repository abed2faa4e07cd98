#![no_main]
mod common;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &str| {
    if let Ok(m) = domain::Money::parse_yuan(data) {
        assert!(!m.is_negative());
        assert_eq!(domain::Money::parse_yuan(&m.yuan_string()), Ok(m));
        assert_eq!(domain::Money::parse_yuan(&m.yuan_grouped()), Ok(m));
    }
});
