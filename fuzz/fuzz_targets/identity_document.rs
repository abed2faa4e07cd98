#![no_main]
mod common;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &str| {
    let f = common::fields(data, 2);
    for kind in domain::DocumentKind::ALL {
        if let Ok(doc) = domain::IdentityDocument::parse(kind, &f[0], &f[1]) {
            assert_eq!(doc.kind(), kind);
            let _ = doc.person_key();
            let _ = doc.masked();
        }
    }
});
