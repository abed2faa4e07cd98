#![no_main]
mod common;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &str| {
    if let Ok(id) = domain::IdNumber::parse_as_of(data, common::today()) {
        assert_eq!(id.as_str().len(), 18);
        assert!(id.birth_date() <= common::today());
        assert_eq!(domain::IdNumber::parse(id.as_str()).as_ref(), Ok(&id));
        assert_eq!(id.masked().chars().count(), 18);
    }
});
