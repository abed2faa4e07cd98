#![no_main]
mod common;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &str| {
    if let Ok(m) = domain::MobileNumber::parse(data) {
        assert_eq!(m.as_str().len(), 11);
        assert_eq!(domain::MobileNumber::parse(m.as_str()).as_ref(), Ok(&m));
        let _ = m.masked();
    }
});
