#![no_main]
mod common;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &str| {
    if let Ok(t) = domain::MessageText::parse(data) {
        assert!(t.char_count() >= 1 && t.char_count() <= domain::text::MESSAGE_MAX_CHARS);
        assert_eq!(domain::MessageText::parse(t.as_str()).as_ref(), Ok(&t));
    }
});
