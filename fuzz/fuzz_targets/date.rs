#![no_main]
mod common;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &str| {
    if let Ok(d) = domain::Date::parse(data) {
        assert_eq!(domain::Date::parse(&d.to_string()), Ok(d));
        assert_eq!(domain::Date::from_days(d.to_days()), Some(d));
        let _ = d.add_months(1200);
        let _ = d.add_days(-1_000_000);
    }
});
