#![no_main]
mod common;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &str| {
    if let Ok(n) = domain::PersonName::parse(data) {
        assert_eq!(domain::PersonName::parse(n.as_str()).as_ref(), Ok(&n), "parsing is idempotent");
        let _ = n.masked();
    }
});
