//! Policy parameters as dated, region-keyed data with citations (OpenFisca-style parameters).
//!
//! Every value names the region it applies to (a county, a prefecture, a province, or
//! `000000` for a national rule), the dates it is in force (`valid_from` inclusive, `valid_to`
//! exclusive), and the document it was read from. A case is decided with the values in force on
//! its date: [`ParameterBook::resolve`] looks for each key in the county, then its prefecture,
//! its province and the national level, and takes the latest value in force at the first level
//! that has one. The browser receives the [`Resolved`] set for its region and date, so it
//! decides with exactly the server's values.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::date::Date;
use crate::money::Money;
use crate::region::RegionCode;

/// The pseudo-region of national rules.
pub const NATIONAL: &str = "000000";

/// Where a value was read: document title, number, date, and the place in the source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Citation {
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub number: String,
    /// Date of the document (free text: a year is enough when that is all the source says).
    pub date: String,
    /// Where it was read (a seed report, a statute article, a web page).
    pub source: String,
}

/// Period an amount is stated for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Per {
    /// 元/人/月
    PersonMonth,
    /// 元/人/年
    PersonYear,
    /// 元/户 (one-off)
    Household,
}

/// An amount with its period. Comparisons against it are exact (no division): see
/// [`Rate::exceeds_total`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rate {
    pub amount: Money,
    pub per: Per,
}

impl Rate {
    /// The monthly amount per person, rounded to the fen (for display and payment estimates).
    pub fn monthly(&self) -> Money {
        match self.per {
            Per::PersonMonth | Per::Household => self.amount,
            Per::PersonYear => self.amount.checked_ratio(1, 12).expect("bounded"),
        }
    }

    /// Whether a household of `size` whose total monthly income is `total_monthly` has a
    /// per-capita income strictly below this standard ("低于", policy-rules.md §0), decided
    /// without dividing: `total / size < standard` ⇔ `total < standard × size` (× 12 for a
    /// yearly standard).
    pub fn exceeds_total(&self, total_monthly: Money, size: i64) -> bool {
        match self.per {
            Per::PersonMonth | Per::Household => {
                total_monthly < self.amount.checked_mul(size).expect("bounded")
            }
            Per::PersonYear => {
                total_monthly.checked_mul(12).expect("bounded")
                    < self.amount.checked_mul(size).expect("bounded")
            }
        }
    }

    /// The same test on a yearly income total: `total_yearly / size < standard`, exactly.
    /// Yearly incomes are never rounded to months before comparing.
    pub fn exceeds_yearly_total(&self, total_yearly: Money, size: i64) -> bool {
        total_yearly < self.yearly_total(size)
    }

    /// The standard for `size` people over a year (exact: monthly × 12, or the yearly amount).
    pub fn yearly_total(&self, size: i64) -> Money {
        let per_person = match self.per {
            Per::PersonMonth | Per::Household => self.amount.checked_mul(12).expect("bounded"),
            Per::PersonYear => self.amount,
        };
        per_person.checked_mul(size).expect("bounded")
    }

    /// This rate times a ratio (e.g. 1.5 × the 低保 standard for 低保边缘).
    pub fn times(&self, ratio: Ratio) -> Rate {
        Rate {
            amount: self
                .amount
                .checked_ratio(ratio.numerator, ratio.denominator)
                .expect("bounded"),
            per: self.per,
        }
    }
}

/// A decimal ratio such as 1.3 or 1.6, kept exact as numerator / denominator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ratio {
    pub numerator: i64,
    pub denominator: i64,
}

impl Ratio {
    pub fn parse(s: &str) -> Option<Ratio> {
        let s = s.trim();
        let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
        if whole.is_empty()
            || !whole.bytes().all(|b| b.is_ascii_digit())
            || !frac.bytes().all(|b| b.is_ascii_digit())
            || frac.len() > 4
        {
            return None;
        }
        let denominator = 10i64.pow(frac.len() as u32);
        let numerator = format!("{whole}{frac}").parse().ok()?;
        Some(Ratio {
            numerator,
            denominator,
        })
    }

    pub fn display(&self) -> String {
        let whole = self.numerator / self.denominator;
        let frac = self.numerator % self.denominator;
        if frac == 0 {
            whole.to_string()
        } else {
            let digits = self.denominator.to_string().len() - 1;
            format!("{whole}.{:0digits$}", frac)
                .trim_end_matches('0')
                .to_owned()
        }
    }
}

/// A parameter's value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type", content = "value")]
pub enum Value {
    Rate(Rate),
    Ratio(Ratio),
    Count(i64),
    Flag(bool),
    List(Vec<String>),
}

/// One dated value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub region: String,
    pub key: String,
    pub value: Value,
    pub valid_from: Date,
    pub valid_to: Option<Date>,
    pub citation: Citation,
}

/// A value chosen for a case, with where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chosen {
    pub value: Value,
    /// The region whose value applied (the county, or a level above it).
    pub region: String,
    pub valid_from: Date,
    pub citation: Citation,
}

/// All values in force for one region on one date: what the engine reads.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resolved {
    pub region: String,
    pub date: Option<Date>,
    pub values: BTreeMap<String, Chosen>,
}

impl Resolved {
    pub fn get(&self, key: &str) -> Option<&Chosen> {
        self.values.get(key)
    }

    pub fn rate(&self, key: &str) -> Option<(Rate, &Chosen)> {
        self.get(key).and_then(|c| match c.value {
            Value::Rate(r) => Some((r, c)),
            _ => None,
        })
    }

    pub fn ratio(&self, key: &str) -> Option<(Ratio, &Chosen)> {
        self.get(key).and_then(|c| match c.value {
            Value::Ratio(r) => Some((r, c)),
            _ => None,
        })
    }

    pub fn flag(&self, key: &str) -> Option<(bool, &Chosen)> {
        self.get(key).and_then(|c| match c.value {
            Value::Flag(f) => Some((f, c)),
            _ => None,
        })
    }

    pub fn count(&self, key: &str) -> Option<(i64, &Chosen)> {
        self.get(key).and_then(|c| match c.value {
            Value::Count(n) => Some((n, c)),
            _ => None,
        })
    }

    pub fn list(&self, key: &str) -> Option<(&[String], &Chosen)> {
        self.get(key).and_then(|c| match &c.value {
            Value::List(l) => Some((l.as_slice(), c)),
            _ => None,
        })
    }
}

/// Most lines a parameter text may have (the national list has a few dozen keys).
const MAX_TEXT_LINES: usize = 512;

impl Resolved {
    /// A compact text form for the browser, one value per line:
    /// `key TAB value TAB region TAB valid-from TAB title TAB number TAB date TAB source`, after a
    /// first line `region TAB date`. Values: `rate:FEN:m|y|h`, `ratio:N/D`, `count:N`,
    /// `flag:1|0`, `list:A,B`. Fields escape `\`, tab, newline (and `,` inside lists).
    ///
    /// Why not JSON: the wasm would carry a serde decoder for each of the seven types here
    /// (about 75 KB before optimization, measured in docs/PERFORMANCE.md); this parser is a
    /// few hundred bytes and is tested to round-trip every resolved region.
    pub fn to_text(&self) -> String {
        let mut out = format!(
            "{}\t{}\n",
            escape(&self.region),
            self.date.map(|d| d.to_string()).unwrap_or_default()
        );
        for (key, c) in &self.values {
            let value = match &c.value {
                Value::Rate(r) => format!(
                    "rate:{}:{}",
                    r.amount.fen(),
                    match r.per {
                        Per::PersonMonth => "m",
                        Per::PersonYear => "y",
                        Per::Household => "h",
                    }
                ),
                Value::Ratio(r) => format!("ratio:{}/{}", r.numerator, r.denominator),
                Value::Count(n) => format!("count:{n}"),
                Value::Flag(f) => format!("flag:{}", u8::from(*f)),
                Value::List(items) => format!(
                    "list:{}",
                    items
                        .iter()
                        .map(|i| escape(i).replace(',', "\\c"))
                        .collect::<Vec<_>>()
                        .join(",")
                ),
            };
            let fields = [
                escape(key),
                escape(&value),
                escape(&c.region),
                c.valid_from.to_string(),
                escape(&c.citation.title),
                escape(&c.citation.number),
                escape(&c.citation.date),
                escape(&c.citation.source),
            ];
            out.push_str(&fields.join("\t"));
            out.push('\n');
        }
        out
    }

    /// Parses [`Resolved::to_text`]; `None` for anything else (bounded: a hostile text cannot
    /// make it allocate more than its own length).
    pub fn from_text(text: &str) -> Option<Resolved> {
        let mut lines = text.lines();
        let (region, date) = lines.next()?.split_once('\t')?;
        let date = if date.is_empty() {
            None
        } else {
            Some(Date::parse(date).ok()?)
        };
        let mut values = BTreeMap::new();
        for (n, line) in lines.enumerate() {
            if n >= MAX_TEXT_LINES {
                return None;
            }
            let f: Vec<&str> = line.split('\t').collect();
            let [key, value, region, from, title, number, date, source] = f.as_slice() else {
                return None;
            };
            let value = unescape(value)?;
            let (kind, raw) = value.split_once(':')?;
            let value = match kind {
                "rate" => {
                    let (fen, per) = raw.split_once(':')?;
                    let fen: i64 = fen.parse().ok()?;
                    if fen.unsigned_abs() > crate::money::MAX_DESERIALIZED_FEN as u64 {
                        return None;
                    }
                    let per = match per {
                        "m" => Per::PersonMonth,
                        "y" => Per::PersonYear,
                        "h" => Per::Household,
                        _ => return None,
                    };
                    Value::Rate(Rate {
                        amount: Money::from_fen(fen),
                        per,
                    })
                }
                "ratio" => {
                    let (a, b) = raw.split_once('/')?;
                    let (numerator, denominator) = (a.parse().ok()?, b.parse().ok()?);
                    if denominator <= 0 {
                        return None;
                    }
                    Value::Ratio(Ratio {
                        numerator,
                        denominator,
                    })
                }
                "count" => Value::Count(raw.parse().ok()?),
                "flag" => Value::Flag(match raw {
                    "1" => true,
                    "0" => false,
                    _ => return None,
                }),
                "list" if raw.is_empty() => Value::List(Vec::new()),
                "list" => Value::List(
                    raw.split(',')
                        .map(|i| Some(i.replace("\\c", ",")))
                        .collect::<Option<Vec<_>>>()?,
                ),
                _ => return None,
            };
            values.insert(
                unescape(key)?,
                Chosen {
                    value,
                    region: unescape(region)?,
                    valid_from: Date::parse(from).ok()?,
                    citation: Citation {
                        title: unescape(title)?,
                        number: unescape(number)?,
                        date: unescape(date)?,
                        source: unescape(source)?,
                    },
                },
            );
        }
        Some(Resolved {
            region: unescape(region)?,
            date,
            values,
        })
    }
}

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('\t', "\\t")
        .replace('\n', "\\n")
}

fn unescape(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            '\\' => out.push('\\'),
            't' => out.push('\t'),
            'n' => out.push('\n'),
            // A list's comma stays escaped until the list is split.
            'c' => out.push_str("\\c"),
            _ => return None,
        }
    }
    Some(out)
}

/// Every parameter entry known.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParameterBook {
    pub entries: Vec<Entry>,
}

/// The regions searched for a county, nearest first: county, prefecture, province, national.
pub fn lineage(region: RegionCode) -> Vec<String> {
    let code = region.value();
    let mut out = vec![format!("{code:06}")];
    for parent in [code / 100 * 100, code / 10_000 * 10_000] {
        let p = format!("{parent:06}");
        if !out.contains(&p) {
            out.push(p);
        }
    }
    out.push(NATIONAL.to_owned());
    out
}

impl ParameterBook {
    /// The values in force in `region` on `date`.
    pub fn resolve(&self, region: RegionCode, date: Date) -> Resolved {
        let levels = lineage(region);
        let mut values = BTreeMap::new();
        let keys: std::collections::BTreeSet<&str> =
            self.entries.iter().map(|e| e.key.as_str()).collect();
        for key in keys {
            for level in &levels {
                let best = self
                    .entries
                    .iter()
                    .filter(|e| e.key == key && &e.region == level)
                    .filter(|e| e.valid_from <= date && e.valid_to.is_none_or(|to| date < to))
                    .max_by_key(|e| e.valid_from);
                if let Some(e) = best {
                    values.insert(
                        key.to_owned(),
                        Chosen {
                            value: e.value.clone(),
                            region: e.region.clone(),
                            valid_from: e.valid_from,
                            citation: e.citation.clone(),
                        },
                    );
                    break;
                }
            }
        }
        Resolved {
            region: format!("{:06}", region.value()),
            date: Some(date),
            values,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn cite() -> Citation {
        Citation {
            title: "t".into(),
            number: String::new(),
            date: "2023".into(),
            source: "test".into(),
        }
    }

    fn entry(region: &str, key: &str, yuan: i64, from: &str, to: Option<&str>) -> Entry {
        Entry {
            region: region.into(),
            key: key.into(),
            value: Value::Rate(Rate {
                amount: Money::from_yuan(yuan),
                per: Per::PersonMonth,
            }),
            valid_from: Date::parse(from).unwrap(),
            valid_to: to.map(|t| Date::parse(t).unwrap()),
            citation: cite(),
        }
    }

    #[test]
    fn nearest_region_and_date_in_force_win() {
        let book = ParameterBook {
            entries: vec![
                entry("441700", "k", 800, "2022-01-01", None),
                entry("441721", "k", 841, "2022-01-01", Some("2023-01-01")),
                entry("441721", "k", 858, "2023-01-01", None),
                entry("440000", "other", 1, "2020-01-01", None),
            ],
        };
        let county = RegionCode::parse("441721").unwrap();
        let at = |d: &str| book.resolve(county, Date::parse(d).unwrap());
        assert_eq!(
            at("2022-12-31").rate("k").unwrap().0.amount,
            Money::from_yuan(841)
        );
        assert_eq!(
            at("2023-01-01").rate("k").unwrap().0.amount,
            Money::from_yuan(858)
        );
        assert_eq!(at("2021-06-01").rate("k"), None, "nothing in force yet");
        assert_eq!(
            at("2023-06-01").get("other").unwrap().region,
            "440000",
            "falls back to the province"
        );
        let neighbour = book.resolve(
            RegionCode::parse("441702").unwrap(),
            Date::parse("2023-06-01").unwrap(),
        );
        assert_eq!(
            neighbour.rate("k").unwrap().0.amount,
            Money::from_yuan(800),
            "prefecture value"
        );
    }

    #[test]
    fn exact_per_capita_comparisons() {
        let monthly = Rate {
            amount: Money::from_yuan(700),
            per: Per::PersonMonth,
        };
        assert!(monthly.exceeds_total(Money::from_fen(209_999), 3));
        assert!(
            !monthly.exceeds_total(Money::from_yuan(2_100), 3),
            "equal is not below"
        );
        let yearly = Rate {
            amount: Money::from_yuan(6_380),
            per: Per::PersonYear,
        };
        // 6380/12 = 531.666…: 3 people at 1595.00 total is 531.67 each — not below.
        assert!(!yearly.exceeds_total(Money::from_yuan(1_595), 3));
        assert!(yearly.exceeds_total(Money::from_fen(159_499), 3));
        assert_eq!(yearly.monthly(), Money::from_fen(53_167));
        // A yearly income equal to the yearly standard is not below it, to the fen.
        assert!(!yearly.exceeds_yearly_total(Money::from_yuan(6_380), 1));
        assert!(yearly.exceeds_yearly_total(Money::from_fen(637_999), 1));
        assert!(!monthly.exceeds_yearly_total(Money::from_yuan(700 * 12), 1));
    }

    #[test]
    fn ratios() {
        let r = Ratio::parse("1.6").unwrap();
        assert_eq!(r.display(), "1.6");
        assert_eq!(Ratio::parse("1.50").unwrap().display(), "1.5");
        assert_eq!(Ratio::parse("2").unwrap().display(), "2");
        assert_eq!(Ratio::parse("x"), None);
        let std = Rate {
            amount: Money::from_yuan(858),
            per: Per::PersonMonth,
        };
        assert_eq!(std.times(r).amount, Money::from_fen(137_280));
        assert_eq!(
            lineage(RegionCode::parse("110105").unwrap()),
            ["110105", "110100", "110000", "000000"]
        );
    }

    proptest::proptest! {
        /// The browser decodes what the server sent; a corrupted or hostile text is `None`,
        /// never a panic.
        #[test]
        fn decoding_any_text_never_panics(raw in "[0-9a-z:/,.\\\\\t\n-]{0,300}") {
            let _ = Resolved::from_text(&raw);
        }
    }

    #[test]
    fn the_text_form_round_trips_every_kind_of_value_and_rejects_anything_else() {
        let chosen = |value: Value| Chosen {
            value,
            region: "441721".into(),
            valid_from: Date::parse("2023-01-01").unwrap(),
            citation: Citation {
                title: "阳西县民政局2023年工作总结".into(),
                number: "tab\there, line\nbreak, back\\slash".into(),
                date: "2023-11".into(),
                source: "seed 001 篇四".into(),
            },
        };
        let mut values = BTreeMap::new();
        values.insert(
            "a.rate".to_owned(),
            chosen(Value::Rate(Rate {
                amount: Money::from_fen(85_800),
                per: Per::PersonYear,
            })),
        );
        values.insert(
            "b.ratio".to_owned(),
            chosen(Value::Ratio(Ratio {
                numerator: 16,
                denominator: 10,
            })),
        );
        values.insert("c.count".to_owned(), chosen(Value::Count(-3)));
        values.insert("d.flag".to_owned(), chosen(Value::Flag(false)));
        values.insert(
            "e.list".to_owned(),
            chosen(Value::List(vec!["wage".into(), "a,b".into()])),
        );
        values.insert("f.empty".to_owned(), chosen(Value::List(Vec::new())));
        let resolved = Resolved {
            region: "441721".into(),
            date: Some(Date::parse("2026-11-23").unwrap()),
            values,
        };
        let text = resolved.to_text();
        assert_eq!(Resolved::from_text(&text), Some(resolved));
        for bad in [
            "",
            "441721",
            "441721\t2026-13-01\n",
            "441721\t\nk\trate:1:q\t441721\t2023-01-01\tt\t\t2023\ts\n",
            "441721\t\nk\tratio:1/0\t441721\t2023-01-01\tt\t\t2023\ts\n",
            "441721\t\nk\trate:99999999999999999999:m\t441721\t2023-01-01\tt\t\t2023\ts\n",
            "441721\t\nk\tcount:1\t441721\t2023-01-01\tt\\x\t\t2023\ts\n",
            "441721\t\nk\tcount:1\t441721\n",
        ] {
            assert_eq!(Resolved::from_text(bad), None, "{bad:?}");
        }
    }
}
