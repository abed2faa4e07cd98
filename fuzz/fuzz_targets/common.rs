// Shared by the fuzz targets (included with `mod common;`).
#![allow(dead_code)]

/// Splits fuzz input into up to `n` fields on newlines (missing fields are empty).
pub fn fields(data: &str, n: usize) -> Vec<String> {
    let mut out: Vec<String> = data.splitn(n, '\n').map(str::to_owned).collect();
    out.resize(n, String::new());
    out
}

pub fn today() -> domain::Date {
    domain::Date::from_ymd(2026, 11, 22).expect("valid date")
}
