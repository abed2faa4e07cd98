//! CSV export (RFC 4180) that Excel opens correctly and that cannot inject formulas.

use crate::{format_decimal, Cell, Table};

/// UTF-8 byte order mark. Without it Excel (notably on Chinese-locale Windows) decodes a CSV
/// as the ANSI code page (GBK) and shows mojibake instead of 民政 names.
const BOM: char = '\u{FEFF}';

/// Renders `table` as CSV for download.
///
/// Why each rule:
/// * RFC 4180: records end with CRLF; a field containing a comma, double quote, CR or LF is
///   quoted and its quotes doubled. Every other field is written bare.
/// * The text starts with a UTF-8 BOM so Excel detects UTF-8 (Chinese text survives).
/// * The title is not written: the first line is the headings, so the file imports as a
///   clean table. (The caller puts the title in the file name.)
/// * Spreadsheet formula injection (CWE-1236): a text cell or heading starting with `=`, `+`,
///   `-`, `@`, tab or CR gets a leading `'`, so a township name like `=HYPERLINK(...)` typed
///   into a form is shown as text, never evaluated. Numbers are never altered: `Int(-5)` is
///   written `-5`.
/// * A decimal is rounded to its places (see [`Cell::Decimal`]); a non-finite one is empty.
/// * A record that is a single empty field is written `""` so it is not read as a blank line.
///
/// Returns a `String`; serve it as `text/csv; charset=utf-8`.
pub fn csv(table: &Table) -> String {
    let mut out = String::new();
    out.push(BOM);
    if !table.headings.is_empty() {
        let headings: Vec<String> = table.headings.iter().map(|h| neutralise(h)).collect();
        push_record(&mut out, &headings);
    }
    for row in &table.rows {
        let fields: Vec<String> = row.iter().map(field).collect();
        push_record(&mut out, &fields);
    }
    out
}

/// The unquoted field text of one cell.
fn field(cell: &Cell) -> String {
    match cell {
        Cell::Text(text) => neutralise(text),
        Cell::Int(value) => value.to_string(),
        Cell::Decimal { value, places } => format_decimal(*value, *places).unwrap_or_default(),
    }
}

/// Prefixes `'` to text a spreadsheet would otherwise read as a formula (OWASP "CSV
/// injection"): leading `=`, `+`, `-`, `@`, tab or CR.
fn neutralise(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

fn push_record(out: &mut String, fields: &[String]) {
    if let [only] = fields {
        if only.is_empty() {
            out.push_str("\"\"\r\n");
            return;
        }
    }
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if f.contains([',', '"', '\r', '\n']) {
            out.push('"');
            out.push_str(&f.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(f);
        }
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(headings: &[&str], rows: Vec<Vec<Cell>>) -> Table {
        Table {
            title: "标题不写入".into(),
            headings: headings.iter().map(|h| h.to_string()).collect(),
            rows,
        }
    }

    fn body(csv: &str) -> &str {
        csv.strip_prefix('\u{FEFF}').expect("starts with a BOM")
    }

    #[test]
    fn starts_with_bom_then_headings_with_crlf_and_no_title() {
        let out = csv(&table(
            &["项目", "件数"],
            vec![vec!["低保".into(), Cell::Int(12)]],
        ));
        assert!(out.as_bytes().starts_with(&[0xEF, 0xBB, 0xBF]));
        assert_eq!(body(&out), "项目,件数\r\n低保,12\r\n");
        assert!(!out.contains("标题"));
        // Every line end is CRLF: no bare LF.
        assert_eq!(out.matches('\n').count(), out.matches("\r\n").count());
    }

    #[test]
    fn quotes_fields_with_comma_quote_cr_lf_and_doubles_quotes() {
        let out = csv(&table(
            &["a,b", "plain"],
            vec![vec![
                "say \"hi\"".into(),
                "line1\nline2".into(),
                "cr\rhere".into(),
                "no quoting needed".into(),
                "中文，全角逗号".into(),
            ]],
        ));
        assert_eq!(
            body(&out),
            "\"a,b\",plain\r\n\"say \"\"hi\"\"\",\"line1\nline2\",\"cr\rhere\",no quoting needed,中文，全角逗号\r\n"
        );
    }

    #[test]
    fn neutralises_formula_injection_in_text_only() {
        let out = csv(&table(
            &["=heading"],
            vec![
                vec!["=1+2".into()],
                vec!["+1".into()],
                vec!["-1".into()],
                vec!["@SUM(A1)".into()],
                vec!["\tx".into()],
                vec!["\rx".into()],
                vec!["=HYPERLINK(\"http://x\",\"y\")".into()],
                vec!["a=1".into()],
                vec![Cell::Int(-5)],
                vec![Cell::Decimal {
                    value: -1.25,
                    places: 2,
                }],
            ],
        ));
        let expected = [
            "'=heading",
            "'=1+2",
            "'+1",
            "'-1",
            "'@SUM(A1)",
            "'\tx",
            "\"'\rx\"",
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"",
            "a=1",
            "-5",
            "-1.25",
        ]
        .map(|line| format!("{line}\r\n"))
        .concat();
        assert_eq!(body(&out), expected);
    }

    #[test]
    fn numbers_and_chinese_text() {
        let out = csv(&table(
            &["乡镇", "平均办理天数", "件数"],
            vec![
                vec![
                    "城关镇".into(),
                    Cell::Decimal {
                        value: 12.345,
                        places: 1,
                    },
                    Cell::Int(1_234_567),
                ],
                vec![
                    "黄家湾乡".into(),
                    Cell::Decimal {
                        value: f64::NAN,
                        places: 1,
                    },
                    Cell::Int(0),
                ],
            ],
        ));
        assert_eq!(
            body(&out),
            "乡镇,平均办理天数,件数\r\n城关镇,12.3,1234567\r\n黄家湾乡,,0\r\n"
        );
    }

    #[test]
    fn empty_table_and_single_empty_field() {
        assert_eq!(csv(&Table::default()), "\u{FEFF}");
        let out = csv(&table(&["名称"], vec![vec!["".into()], vec![]]));
        assert_eq!(body(&out), "名称\r\n\"\"\r\n\r\n");
    }
}
