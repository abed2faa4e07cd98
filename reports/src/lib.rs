//! Staff report exports: one [`Table`] rendered as the three things the staff "reports" page
//! offers (case counts and processing times of social-assistance cases by program, step and
//! township).
//!
//! * [`bar_chart_svg`]: an inline SVG bar chart for the server-rendered page (no JavaScript,
//!   no chart library in the browser bundle);
//! * [`csv()`]: an RFC 4180 download that Excel opens with Chinese intact and that cannot smuggle
//!   formulas into a spreadsheet;
//! * [`xlsx`]: a native workbook, one worksheet per table, for staff who work in Excel or WPS.
//!
//! Everything here is a pure function from data to bytes: no I/O, no async, no clock, no
//! locale. The caller localizes titles, headings and labels (Fluent) before building the
//! table, and decides how to serve the result (content type, `Content-Disposition`). Output is
//! deterministic, so it can be cached, compared in tests and served with an `ETag`.
//!
//! ```
//! use reports::{bar_chart_svg, csv, xlsx, Cell, Table};
//!
//! let table = Table {
//!     title: "各项目件数".into(),
//!     headings: vec!["项目".into(), "件数".into(), "平均办理天数".into()],
//!     rows: vec![vec!["低保".into(), Cell::Int(120), Cell::Decimal { value: 12.345, places: 1 }]],
//! };
//! assert_eq!(csv(&table), "\u{FEFF}项目,件数,平均办理天数\r\n低保,120,12.3\r\n");
//!
//! let workbook: Vec<u8> = xlsx(&[table])?;
//! assert!(workbook.starts_with(b"PK"));
//!
//! let svg = bar_chart_svg("各项目件数", &[("低保".into(), 120)], &|n| format!("{n} 件"), "暂无数据");
//! assert!(svg.starts_with("<svg") && svg.contains("120 件"));
//! # Ok::<(), reports::ReportError>(())
//! ```

#![forbid(unsafe_code)]

mod csv;
mod svg;
mod xlsx;

pub use crate::csv::csv;
pub use crate::svg::bar_chart_svg;
pub use crate::xlsx::{xlsx, ReportError};

/// A report table: column headings and rows of cells, already localized by the caller.
///
/// One type feeds every export so the CSV, the workbook and the page can never disagree
/// about what a report contains. The title names the XLSX worksheet (sanitised there); the
/// CSV does not carry it (its first line is the headings, so it imports cleanly).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    /// Human-readable title, e.g. "各乡镇办理时长"; becomes the worksheet name.
    pub title: String,
    /// Column headings, written as the first line / bold first row.
    pub headings: Vec<String>,
    /// Data rows. Rows may be shorter or longer than `headings`; nothing is padded or cut.
    pub rows: Vec<Vec<Cell>>,
}

/// One cell of a [`Table`].
///
/// Numbers stay numbers (not pre-formatted strings) so spreadsheets can sum and sort them,
/// and so text-only protections (formula-injection neutralising in CSV) never alter a value.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Free text (program, step or township name, ...). May contain any Unicode.
    Text(String),
    /// An exact integer, e.g. a case count.
    Int(i64),
    /// A decimal shown with a fixed number of places, e.g. an average of 12.35 days.
    ///
    /// The value is rounded half away from zero (四舍五入) to `places` (at most 15; larger
    /// values are clamped) in both CSV and XLSX, so the two exports show the same figure. A
    /// non-finite value (NaN, ±∞) has no meaningful rendering and is written as an empty cell.
    Decimal {
        /// The value.
        value: f64,
        /// Digits after the decimal point.
        places: u8,
    },
}

impl From<String> for Cell {
    fn from(text: String) -> Self {
        Cell::Text(text)
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Self {
        Cell::Text(text.to_owned())
    }
}

impl From<i64> for Cell {
    fn from(value: i64) -> Self {
        Cell::Int(value)
    }
}

/// The most decimal places rendered: beyond 15 an `f64` has no more significant digits.
pub(crate) const MAX_PLACES: u8 = 15;

/// `value` rounded to `places` in plain decimal notation (never exponent notation), or `None`
/// for a non-finite value.
///
/// Rounds half away from zero on the shortest decimal representation of the value, which is
/// what people (四舍五入) and Excel's `ROUND` expect: 2.5 → "3" and 12.345 → "12.35", where
/// `format!("{:.2}")` would give "2" (ties to even) and "12.34" (the binary value is just
/// below 12.345). A result that rounds to zero has no minus sign (-0.001 → "0.00").
pub(crate) fn format_decimal(value: f64, places: u8) -> Option<String> {
    if !value.is_finite() {
        return None;
    }
    let places = usize::from(places.min(MAX_PLACES));
    // `Display` for f64 is the shortest round-trip form and never uses an exponent.
    let shortest = value.abs().to_string();
    let (int_part, frac_part) = shortest.split_once('.').unwrap_or((&shortest, ""));
    let mut digits: Vec<u8> = int_part.bytes().collect();
    let frac: Vec<u8> = frac_part.bytes().collect();
    digits.extend(frac.iter().take(places));
    digits.resize(int_part.len() + places, b'0');
    let mut int_len = int_part.len();
    if frac.get(places).is_some_and(|d| *d >= b'5') {
        // Add one unit in the last place, carrying leftwards.
        let mut carry = true;
        for d in digits.iter_mut().rev() {
            if *d == b'9' {
                *d = b'0';
            } else {
                *d += 1;
                carry = false;
                break;
            }
        }
        if carry {
            digits.insert(0, b'1');
            int_len += 1;
        }
    }
    let negative = value < 0.0 && digits.iter().any(|d| *d != b'0');
    let mut out = String::with_capacity(digits.len() + 2);
    if negative {
        out.push('-');
    }
    out.extend(digits[..int_len].iter().map(|d| char::from(*d)));
    if places > 0 {
        out.push('.');
        out.extend(digits[int_len..].iter().map(|d| char::from(*d)));
    }
    Some(out)
}

/// Whether `c` may appear in an XML 1.0 document (the `Char` production). Rust `char`s are
/// never surrogates, so only C0 controls other than tab/LF/CR and U+FFFE/U+FFFF are excluded.
pub(crate) fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Appends `text` to `out` escaped for XML 1.0 character data or attribute values.
///
/// All five predefined entities are escaped so the same function is safe in text and in
/// either quoting style of attribute. Characters XML 1.0 cannot represent at all are dropped
/// (a stray control character from a pasted name must not make the whole file unreadable).
/// CR is written as `&#13;` so parsers do not normalise it away; in attributes tab and LF
/// are written as references too, because attribute normalisation would turn them into spaces.
pub(crate) fn push_xml_escaped(out: &mut String, text: &str, attribute: bool) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\r' => out.push_str("&#13;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\n' if attribute => out.push_str("&#10;"),
            c if is_xml_char(c) => out.push(c),
            _ => {}
        }
    }
}

/// [`push_xml_escaped`] into a new string.
#[cfg(test)]
fn xml_escaped(text: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(text.len());
    push_xml_escaped(&mut out, text, attribute);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_round_half_away_from_zero_and_never_show_negative_zero() {
        let cases: [(f64, u8, &str); 17] = [
            (12.345, 1, "12.3"),
            (12.345, 2, "12.35"),
            (2.5, 0, "3"),
            (-2.5, 0, "-3"),
            (0.125, 2, "0.13"),
            (9.995, 2, "10.00"),
            (99.96, 1, "100.0"),
            (-1.5, 2, "-1.50"),
            (3.0, 1, "3.0"),
            (7.0, 0, "7"),
            (0.0, 2, "0.00"),
            (-0.001, 2, "0.00"),
            (-0.0, 0, "0"),
            (0.4, 0, "0"),
            (1e-7, 3, "0.000"),
            (1e21, 0, "1000000000000000000000"),
            (123.456, 255, "123.456000000000000"),
        ];
        for (value, places, expected) in cases {
            assert_eq!(
                format_decimal(value, places).as_deref(),
                Some(expected),
                "{value} at {places}"
            );
        }
        assert_eq!(format_decimal(f64::NAN, 2), None);
        assert_eq!(format_decimal(f64::INFINITY, 2), None);
        assert_eq!(format_decimal(f64::NEG_INFINITY, 2), None);
    }

    #[test]
    fn xml_escaping_covers_entities_and_strips_invalid_characters() {
        assert_eq!(
            xml_escaped("a&b<c>d\"e'f", false),
            "a&amp;b&lt;c&gt;d&quot;e&apos;f"
        );
        assert_eq!(xml_escaped("x\u{0}\u{8}\u{1b}y\u{FFFE}z", false), "xyz");
        assert_eq!(xml_escaped("a\tb\nc\rd", false), "a\tb\nc&#13;d");
        assert_eq!(xml_escaped("a\tb\nc\rd", true), "a&#9;b&#10;c&#13;d");
        assert_eq!(xml_escaped("民政局 😀", true), "民政局 😀");
    }
}
