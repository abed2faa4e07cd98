#![no_main]
mod common;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &str| {
    if let Ok(code) = domain::RegionCode::parse(data) {
        assert_eq!(domain::RegionCode::parse(&code.to_string()), Ok(code));
        assert!(code.is_within(code.province()));
    }
    let _ = domain::region::directory().parse_listed(data);
    let _ = domain::region::directory().search(data, 10);
});
