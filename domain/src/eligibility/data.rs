//! The parameter files (`data/policy/*.toml`), embedded and validated (feature `policy-data`).
//!
//! File format: `[citations.NAME]` tables (title, number, date, source) and `[[values]]`
//! entries with `region`, `key`, one of `rate` + `per` / `ratio` / `count` / `flag` / `list`,
//! `from`, optional `to` (exclusive), and `cite` naming a citation of the same file.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::params::{Citation, Entry, ParameterBook, Per, Rate, Ratio, Value, NATIONAL};
use super::rules::KNOWN_KEYS;
use crate::date::Date;
use crate::money::Money;
use crate::region::RegionCode;

/// The embedded files: name and content.
pub const FILES: &[(&str, &str)] = &[
    (
        "national.toml",
        include_str!("../../data/policy/national.toml"),
    ),
    (
        "140702-yuci.toml",
        include_str!("../../data/policy/140702-yuci.toml"),
    ),
    (
        "150124-qingshuihe.toml",
        include_str!("../../data/policy/150124-qingshuihe.toml"),
    ),
    (
        "340303-bengshan.toml",
        include_str!("../../data/policy/340303-bengshan.toml"),
    ),
    (
        "440000-guangdong.toml",
        include_str!("../../data/policy/440000-guangdong.toml"),
    ),
    (
        "440100-guangzhou.toml",
        include_str!("../../data/policy/440100-guangzhou.toml"),
    ),
    (
        "441721-yangxi.toml",
        include_str!("../../data/policy/441721-yangxi.toml"),
    ),
    (
        "532823-mengla.toml",
        include_str!("../../data/policy/532823-mengla.toml"),
    ),
];

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    citations: BTreeMap<String, Citation>,
    #[serde(default)]
    values: Vec<RawValue>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawValue {
    region: String,
    key: String,
    rate: Option<String>,
    per: Option<Per>,
    ratio: Option<String>,
    count: Option<i64>,
    flag: Option<bool>,
    list: Option<Vec<String>>,
    from: String,
    to: Option<String>,
    cite: String,
    /// Free-text remark (e.g. why a date is assumed); not used by the engine.
    #[allow(dead_code)]
    note: Option<String>,
}

/// Parses one file; every problem is reported with the file name and entry.
pub fn parse_file(name: &str, text: &str) -> Result<Vec<Entry>, Vec<String>> {
    let file: File = toml::from_str(text).map_err(|e| vec![format!("{name}: {e}")])?;
    let mut errors = Vec::new();
    let mut entries = Vec::new();
    for (i, v) in file.values.into_iter().enumerate() {
        let at = format!("{name}: values[{i}] ({})", v.key);
        if v.region != NATIONAL && RegionCode::parse(&v.region).is_err() {
            errors.push(format!(
                "{at}: region {:?} is not a GB/T 2260 code or {NATIONAL}",
                v.region
            ));
        }
        if !KNOWN_KEYS.contains(&v.key.as_str()) {
            errors.push(format!("{at}: unknown key"));
        }
        let citation = match file.citations.get(&v.cite) {
            Some(c) => c.clone(),
            None => {
                errors.push(format!(
                    "{at}: citation {:?} is not defined in this file",
                    v.cite
                ));
                continue;
            }
        };
        let value = match (&v.rate, v.per, &v.ratio, v.count, v.flag, &v.list) {
            (Some(r), Some(per), None, None, None, None) => match Money::parse_yuan(r) {
                Ok(amount) => Value::Rate(Rate { amount, per }),
                Err(e) => {
                    errors.push(format!("{at}: rate {r:?}: {e}"));
                    continue;
                }
            },
            (None, None, Some(r), None, None, None) => match Ratio::parse(r) {
                Some(ratio) => Value::Ratio(ratio),
                None => {
                    errors.push(format!("{at}: ratio {r:?} is not a decimal"));
                    continue;
                }
            },
            (None, None, None, Some(n), None, None) => Value::Count(n),
            (None, None, None, None, Some(f), None) => Value::Flag(f),
            (None, None, None, None, None, Some(l)) => Value::List(l.clone()),
            _ => {
                errors.push(format!(
                    "{at}: give exactly one of rate+per, ratio, count, flag, list"
                ));
                continue;
            }
        };
        let (Ok(valid_from), valid_to) = (
            Date::parse(&v.from),
            v.to.as_deref().map(Date::parse).transpose(),
        ) else {
            errors.push(format!("{at}: from {:?} is not a date", v.from));
            continue;
        };
        let Ok(valid_to) = valid_to else {
            errors.push(format!("{at}: to is not a date"));
            continue;
        };
        if valid_to.is_some_and(|to| to <= valid_from) {
            errors.push(format!("{at}: to must be after from"));
        }
        entries.push(Entry {
            region: v.region,
            key: v.key,
            value,
            valid_from,
            valid_to,
            citation,
        });
    }
    if errors.is_empty() {
        Ok(entries)
    } else {
        Err(errors)
    }
}

/// Checks a whole book: no two values for one region and key in force on the same day.
pub fn check_overlaps(book: &ParameterBook) -> Vec<String> {
    let mut errors = Vec::new();
    for (i, a) in book.entries.iter().enumerate() {
        for b in &book.entries[i + 1..] {
            if a.region == b.region && a.key == b.key {
                let a_end = a
                    .valid_to
                    .unwrap_or(Date::from_ymd(Date::MAX_YEAR, 12, 31).expect("valid"));
                let b_end = b
                    .valid_to
                    .unwrap_or(Date::from_ymd(Date::MAX_YEAR, 12, 31).expect("valid"));
                if a.valid_from < b_end && b.valid_from < a_end {
                    errors.push(format!(
                        "{} {}: values from {} and {} overlap",
                        a.region, a.key, a.valid_from, b.valid_from
                    ));
                }
            }
        }
    }
    errors
}

/// Parses and checks files into one book.
pub fn load(files: &[(&str, &str)]) -> Result<ParameterBook, Vec<String>> {
    let mut errors = Vec::new();
    let mut entries = Vec::new();
    for (name, text) in files {
        match parse_file(name, text) {
            Ok(mut e) => entries.append(&mut e),
            Err(mut e) => errors.append(&mut e),
        }
    }
    let book = ParameterBook { entries };
    errors.extend(check_overlaps(&book));
    if errors.is_empty() {
        Ok(book)
    } else {
        Err(errors)
    }
}

/// The embedded parameter files.
pub fn embedded() -> Result<ParameterBook, Vec<String>> {
    load(FILES)
}

#[cfg(test)]
mod text_form_tests {
    use super::*;
    use crate::eligibility::Resolved;

    /// Every region the files name, on a date before and after most changes: what the
    /// browser receives decodes to exactly what the server resolved.
    #[test]
    fn every_resolved_region_round_trips_through_the_text_form() {
        let book = embedded().expect("valid policy data");
        let mut regions: Vec<&str> = book.entries.iter().map(|e| e.region.as_str()).collect();
        regions.sort_unstable();
        regions.dedup();
        let mut checked = 0;
        for region in regions {
            let Ok(code) = RegionCode::parse(region) else {
                continue;
            };
            for date in ["2022-06-01", "2023-06-01", "2026-11-23"] {
                let resolved = book.resolve(code, Date::parse(date).unwrap());
                assert_eq!(
                    Resolved::from_text(&resolved.to_text()).as_ref(),
                    Some(&resolved),
                    "{region} {date}"
                );
                checked += 1;
            }
        }
        assert!(checked >= 18, "{checked}");
    }
}
