//! A minimal Office Open XML (SpreadsheetML) workbook, written by hand into a zip.
//!
//! Hand-written rather than through a spreadsheet library: the reports need one bold heading
//! row, numbers, text and a number format per decimal precision, which is six small XML parts.
//! Strings are inline (`t="inlineStr"`), so no shared-strings table is needed.

use crate::{format_decimal, is_xml_char, push_xml_escaped, Cell, Table, MAX_PLACES};
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io::{self, Cursor, Write as _};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// Rows in an Excel worksheet (Excel 2007 and later).
const MAX_ROWS: usize = 1_048_576;
/// Columns in an Excel worksheet (A … XFD).
const MAX_COLUMNS: usize = 16_384;
/// Excel's limit on a cell's text, in UTF-16 code units; longer text is cut.
const MAX_CELL_TEXT: usize = 32_767;
/// Excel's limit on a worksheet name, in UTF-16 code units.
const MAX_SHEET_NAME: usize = 31;

/// `cellXfs` index of the default style.
const STYLE_NORMAL: usize = 0;
/// `cellXfs` index of the bold heading style.
const STYLE_HEADING: usize = 1;
/// `cellXfs` index of the first decimal style; one per distinct number of places follows.
const STYLE_FIRST_DECIMAL: usize = 2;

const XML_DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
const NS_MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const NS_REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const NS_PKG_REL: &str = "http://schemas.openxmlformats.org/package/2006/relationships";

/// Why a workbook could not be produced.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReportError {
    /// The table does not fit in a worksheet (1,048,576 rows × 16,384 columns, heading row
    /// included). Reports should be filtered or split before this; nothing is silently cut.
    #[error(
        "table {title:?} needs {rows} rows and {columns} columns; a worksheet holds at most \
         1048576 rows and 16384 columns"
    )]
    TooLarge {
        /// The table's title.
        title: String,
        /// Rows needed, heading row included.
        rows: usize,
        /// Columns needed.
        columns: usize,
    },
    /// Writing the zip container failed. Writing into memory does not fail in practice;
    /// the variant exists so no error is unwrapped.
    #[error("could not write the xlsx archive")]
    Archive(#[source] io::Error),
}

impl From<zip::result::ZipError> for ReportError {
    fn from(e: zip::result::ZipError) -> Self {
        ReportError::Archive(e.into())
    }
}

impl From<io::Error> for ReportError {
    fn from(e: io::Error) -> Self {
        ReportError::Archive(e)
    }
}

/// Renders `tables` as an `.xlsx` workbook, one worksheet per table, in order.
///
/// Why it is built this way:
/// * Staff work in Excel/WPS, where a CSV loses types and needs an import dialog; a native
///   workbook opens with numbers as numbers, a bold frozen heading row and sensible widths.
/// * Worksheet names come from the titles, made acceptable to Excel (which otherwise refuses
///   the file or "repairs" it): `[ ] : * ? / \` become `_`, control characters and leading or
///   trailing `'`/spaces are removed, names are cut to 31 characters, an empty name becomes
///   `SheetN`, and duplicates (compared case-insensitively, as Excel does; the reserved
///   `History` counts as taken) get ` (2)`, ` (3)` ….
/// * The table's headings form row 1 (bold, frozen) unless there are none; rows follow.
///   `Int` cells are numbers; `Decimal` cells are numbers rounded to their places with a
///   matching number format (`0.00` …); `Text` cells are inline strings, which are never
///   evaluated as formulas, so no `'` prefix is added here (unlike [`crate::csv()`]).
///   Empty text and non-finite decimals leave the cell empty. Integers beyond ±2^53 lose
///   precision, as Excel stores every number as a double.
/// * Text is XML-escaped, characters XML 1.0 cannot hold are dropped, literal `_xHHHH_`
///   sequences are escaped so Excel does not decode them, and text over Excel's 32,767
///   characters per cell is cut.
/// * The output is deterministic (fixed 1980-01-01 zip timestamps, fixed part order), so the
///   same tables always give the same bytes.
///
/// An empty `tables` gives a workbook with one empty sheet, `Sheet1` (a workbook must have a
/// sheet). Serve the bytes as
/// `application/vnd.openxmlformats-officedocument.spreadsheetml.sheet`.
///
/// # Errors
///
/// [`ReportError::TooLarge`] if a table exceeds a worksheet's rows or columns;
/// [`ReportError::Archive`] if the zip writer fails.
pub fn xlsx(tables: &[Table]) -> Result<Vec<u8>, ReportError> {
    let placeholder = [Table::default()];
    let tables = if tables.is_empty() {
        &placeholder[..]
    } else {
        tables
    };

    for table in tables {
        let rows = table.rows.len() + usize::from(!table.headings.is_empty());
        let columns = table
            .rows
            .iter()
            .map(Vec::len)
            .chain([table.headings.len()])
            .max()
            .unwrap_or(0);
        if rows > MAX_ROWS || columns > MAX_COLUMNS {
            return Err(ReportError::TooLarge {
                title: table.title.clone(),
                rows,
                columns,
            });
        }
    }

    let names = sheet_names(tables);
    let places: Vec<u8> = decimal_places(tables).into_iter().collect();

    let mut parts: Vec<(String, String)> = vec![
        ("[Content_Types].xml".into(), content_types(tables.len())),
        ("_rels/.rels".into(), root_rels()),
        ("xl/workbook.xml".into(), workbook(&names)),
        (
            "xl/_rels/workbook.xml.rels".into(),
            workbook_rels(tables.len()),
        ),
        ("xl/styles.xml".into(), styles(&places)),
    ];
    for (i, table) in tables.iter().enumerate() {
        parts.push((
            format!("xl/worksheets/sheet{}.xml", i + 1),
            worksheet(table, i == 0, &places),
        ));
    }

    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default());
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, content) in parts {
        zip.start_file(name, options)?;
        zip.write_all(content.as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}

/// Column letters for a 0-based column index: 0 → `A`, 25 → `Z`, 26 → `AA`, 16383 → `XFD`
/// (bijective base 26).
fn column_name(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        n -= 1;
        letters.push(char::from(b'A' + (n % 26) as u8));
        n /= 26;
    }
    letters.iter().rev().collect()
}

/// A1-style reference for 0-based column and row.
fn cell_ref(column: usize, row: usize) -> String {
    format!("{}{}", column_name(column), row + 1)
}

/// The longest prefix of `text` that is at most `max` UTF-16 code units (how Excel counts).
fn truncate_utf16(text: &str, max: usize) -> &str {
    let mut units = 0;
    for (i, c) in text.char_indices() {
        units += c.len_utf16();
        if units > max {
            return &text[..i];
        }
    }
    text
}

/// A title made into an acceptable worksheet name, or "" if nothing usable is left.
fn sanitise_sheet_name(title: &str) -> String {
    let replaced: String = title
        .chars()
        .filter(|c| !c.is_control() && is_xml_char(*c))
        .map(|c| match c {
            '[' | ']' | ':' | '*' | '?' | '/' | '\\' => '_',
            c => c,
        })
        .collect();
    let trimmed = replaced.trim_matches(|c: char| c == '\'' || c.is_whitespace());
    truncate_utf16(trimmed, MAX_SHEET_NAME)
        .trim_end_matches(|c: char| c == '\'' || c.is_whitespace())
        .to_owned()
}

/// One unique, valid worksheet name per table.
fn sheet_names(tables: &[Table]) -> Vec<String> {
    // Excel reserves "History" (case-insensitively) for change tracking.
    let mut taken: Vec<String> = vec!["history".into()];
    let mut names = Vec::with_capacity(tables.len());
    for (i, table) in tables.iter().enumerate() {
        let mut base = sanitise_sheet_name(&table.title);
        if base.is_empty() {
            base = format!("Sheet{}", i + 1);
        }
        let mut name = base.clone();
        let mut n = 2;
        while taken.contains(&name.to_lowercase()) {
            let suffix = format!(" ({n})");
            let stem = truncate_utf16(&base, MAX_SHEET_NAME - suffix.len()).trim_end();
            name = format!("{stem}{suffix}");
            n += 1;
        }
        taken.push(name.to_lowercase());
        names.push(name);
    }
    names
}

/// The distinct decimal places used by finite `Decimal` cells (each needs a number format).
fn decimal_places(tables: &[Table]) -> BTreeSet<u8> {
    tables
        .iter()
        .flat_map(|t| t.rows.iter().flatten())
        .filter_map(|cell| match cell {
            Cell::Decimal { value, places } if value.is_finite() => Some((*places).min(MAX_PLACES)),
            _ => None,
        })
        .collect()
}

fn content_types(sheets: usize) -> String {
    let mut xml = String::from(XML_DECLARATION);
    xml.push_str(concat!(
        r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#,
        r#"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#,
        r#"<Default Extension="xml" ContentType="application/xml"/>"#,
        r#"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#,
        r#"<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#,
    ));
    for i in 1..=sheets {
        let _ = write!(
            xml,
            r#"<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
        );
    }
    xml.push_str("</Types>");
    xml
}

fn root_rels() -> String {
    format!(
        r#"{XML_DECLARATION}<Relationships xmlns="{NS_PKG_REL}"><Relationship Id="rId1" Type="{NS_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
    )
}

fn workbook(names: &[String]) -> String {
    let mut xml = format!(
        r#"{XML_DECLARATION}<workbook xmlns="{NS_MAIN}" xmlns:r="{NS_REL}"><bookViews><workbookView activeTab="0"/></bookViews><sheets>"#
    );
    for (i, name) in names.iter().enumerate() {
        xml.push_str(r#"<sheet name=""#);
        push_xml_escaped(&mut xml, name, true);
        let _ = write!(xml, r#"" sheetId="{0}" r:id="rId{0}"/>"#, i + 1);
    }
    xml.push_str("</sheets></workbook>");
    xml
}

fn workbook_rels(sheets: usize) -> String {
    let mut xml = format!(r#"{XML_DECLARATION}<Relationships xmlns="{NS_PKG_REL}">"#);
    for i in 1..=sheets {
        let _ = write!(
            xml,
            r#"<Relationship Id="rId{i}" Type="{NS_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>"#
        );
    }
    let _ = write!(
        xml,
        r#"<Relationship Id="rId{}" Type="{NS_REL}/styles" Target="styles.xml"/></Relationships>"#,
        sheets + 1
    );
    xml
}

/// Styles: 0 normal, 1 bold heading, then one per entry of `places` (in order) with the
/// number format `0`, `0.0`, `0.00` ….
fn styles(places: &[u8]) -> String {
    let mut xml = format!(r#"{XML_DECLARATION}<styleSheet xmlns="{NS_MAIN}">"#);
    let custom: Vec<u8> = places.iter().copied().filter(|p| *p > 0).collect();
    if !custom.is_empty() {
        let _ = write!(xml, r#"<numFmts count="{}">"#, custom.len());
        for p in &custom {
            let _ = write!(
                xml,
                r#"<numFmt numFmtId="{}" formatCode="0.{}"/>"#,
                number_format_id(*p),
                "0".repeat(usize::from(*p))
            );
        }
        xml.push_str("</numFmts>");
    }
    xml.push_str(concat!(
        r#"<fonts count="2">"#,
        r#"<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>"#,
        r#"<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>"#,
        r#"</fonts>"#,
        r#"<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>"#,
        r#"<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"#,
        r#"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#,
    ));
    let _ = write!(
        xml,
        r#"<cellXfs count="{}"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>"#,
        STYLE_FIRST_DECIMAL + places.len()
    );
    for p in places {
        let _ = write!(
            xml,
            r#"<xf numFmtId="{}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#,
            number_format_id(*p)
        );
    }
    xml.push_str(concat!(
        r#"</cellXfs>"#,
        r#"<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>"#,
        r#"</styleSheet>"#,
    ));
    xml
}

/// Built-in format 1 is `0`; custom formats start at 164.
fn number_format_id(places: u8) -> u32 {
    if places == 0 {
        1
    } else {
        163 + u32::from(places)
    }
}

/// Approximate display width of `text` in Excel column units (CJK counts double).
fn display_width(text: &str) -> usize {
    text.chars()
        .map(|c| if c.len_utf8() >= 3 { 2 } else { 1 })
        .sum()
}

/// Text prepared for an inline string: invalid XML characters dropped, cut to Excel's limit,
/// and literal `_xHHHH_` sequences escaped as `_x005F_xHHHH_` (Excel would decode them).
fn cell_text(text: &str) -> String {
    let clean: String = text.chars().filter(|c| is_xml_char(*c)).collect();
    let clean = truncate_utf16(&clean, MAX_CELL_TEXT);
    let bytes = clean.as_bytes();
    let mut out = String::with_capacity(clean.len());
    let mut last = 0;
    for (i, _) in clean.match_indices("_x") {
        let escape = bytes.len() >= i + 7
            && bytes[i + 2..i + 6].iter().all(u8::is_ascii_hexdigit)
            && bytes[i + 6] == b'_';
        if escape {
            out.push_str(&clean[last..i]);
            out.push_str("_x005F");
            last = i;
        }
    }
    out.push_str(&clean[last..]);
    out
}

fn push_text_cell(xml: &mut String, reference: &str, text: &str, style: usize) {
    let text = cell_text(text);
    if text.is_empty() {
        return;
    }
    let _ = write!(xml, r#"<c r="{reference}""#);
    if style != STYLE_NORMAL {
        let _ = write!(xml, r#" s="{style}""#);
    }
    let preserve = text.starts_with(char::is_whitespace)
        || text.ends_with(char::is_whitespace)
        || text.contains(['\n', '\t', '\r']);
    xml.push_str(if preserve {
        r#" t="inlineStr"><is><t xml:space="preserve">"#
    } else {
        r#" t="inlineStr"><is><t>"#
    });
    push_xml_escaped(xml, &text, false);
    xml.push_str("</t></is></c>");
}

fn worksheet(table: &Table, selected: bool, places: &[u8]) -> String {
    let has_headings = !table.headings.is_empty();
    let first_data_row = usize::from(has_headings);
    let row_count = first_data_row + table.rows.len();
    let column_count = table
        .rows
        .iter()
        .map(Vec::len)
        .chain([table.headings.len()])
        .max()
        .unwrap_or(0);

    let mut widths = vec![0usize; column_count];
    for (i, heading) in table.headings.iter().enumerate() {
        widths[i] = widths[i].max(display_width(heading));
    }

    let mut data = String::new();
    if has_headings {
        data.push_str(r#"<row r="1">"#);
        for (column, heading) in table.headings.iter().enumerate() {
            push_text_cell(&mut data, &cell_ref(column, 0), heading, STYLE_HEADING);
        }
        data.push_str("</row>");
    }
    for (offset, cells) in table.rows.iter().enumerate() {
        let row = first_data_row + offset;
        let _ = write!(data, r#"<row r="{}">"#, row + 1);
        for (column, cell) in cells.iter().enumerate() {
            let reference = cell_ref(column, row);
            match cell {
                Cell::Text(text) => {
                    widths[column] = widths[column].max(display_width(text));
                    push_text_cell(&mut data, &reference, text, STYLE_NORMAL);
                }
                Cell::Int(value) => {
                    let value = value.to_string();
                    widths[column] = widths[column].max(value.len());
                    let _ = write!(data, r#"<c r="{reference}"><v>{value}</v></c>"#);
                }
                Cell::Decimal { value, places: p } => {
                    let p = (*p).min(MAX_PLACES);
                    if let Some(value) = format_decimal(*value, p) {
                        widths[column] = widths[column].max(value.len());
                        let style =
                            STYLE_FIRST_DECIMAL + places.iter().position(|x| *x == p).unwrap_or(0);
                        let _ =
                            write!(data, r#"<c r="{reference}" s="{style}"><v>{value}</v></c>"#);
                    }
                }
            }
        }
        data.push_str("</row>");
    }

    let mut xml = format!(r#"{XML_DECLARATION}<worksheet xmlns="{NS_MAIN}" xmlns:r="{NS_REL}">"#);
    let dimension = if row_count == 0 || column_count == 0 {
        "A1".to_owned()
    } else {
        format!("A1:{}", cell_ref(column_count - 1, row_count - 1))
    };
    let _ = write!(xml, r#"<dimension ref="{dimension}"/>"#);
    xml.push_str(r#"<sheetViews><sheetView workbookViewId="0""#);
    if selected {
        xml.push_str(r#" tabSelected="1""#);
    }
    if has_headings {
        // Keep the heading row visible while scrolling.
        xml.push_str(concat!(
            r#"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#,
            r#"<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView>"#,
        ));
    } else {
        xml.push_str("/>");
    }
    xml.push_str(r#"</sheetViews><sheetFormatPr defaultRowHeight="15"/>"#);
    if column_count > 0 {
        xml.push_str("<cols>");
        for (i, width) in widths.iter().enumerate() {
            let _ = write!(
                xml,
                r#"<col min="{0}" max="{0}" width="{1}" customWidth="1"/>"#,
                i + 1,
                (width + 2).clamp(8, 60)
            );
        }
        xml.push_str("</cols>");
    }
    xml.push_str("<sheetData>");
    xml.push_str(&data);
    xml.push_str("</sheetData></worksheet>");
    xml
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;
    use std::io::Read;

    const PARTS: [&str; 5] = [
        "[Content_Types].xml",
        "_rels/.rels",
        "xl/workbook.xml",
        "xl/_rels/workbook.xml.rels",
        "xl/styles.xml",
    ];

    /// Every part of the archive, by name, checked to be UTF-8.
    fn unzip(bytes: &[u8]) -> BTreeMap<String, String> {
        let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip archive");
        let mut parts = BTreeMap::new();
        for i in 0..archive.len() {
            let mut file = archive.by_index(i).expect("entry");
            assert_eq!(file.compression(), CompressionMethod::Deflated);
            let name = file.name().expect("UTF-8 name").into_owned();
            let mut text = String::new();
            file.read_to_string(&mut text).expect("UTF-8 part");
            parts.insert(name, text);
        }
        parts
    }

    fn parse(xml: &str) -> roxmltree::Document<'_> {
        roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("not well-formed: {e}\n{xml}"))
    }

    /// (reference, type, style, value) of every `<c>` in a worksheet.
    fn cells(xml: &str) -> Vec<(String, String, String, String)> {
        let doc = parse(xml);
        doc.descendants()
            .filter(|n| n.has_tag_name((NS_MAIN, "c")))
            .map(|c| {
                let value = c
                    .descendants()
                    .find(|n| n.has_tag_name((NS_MAIN, "t")) || n.has_tag_name((NS_MAIN, "v")))
                    .and_then(|n| n.text())
                    .unwrap_or("")
                    .to_owned();
                (
                    c.attribute("r").unwrap_or("").to_owned(),
                    c.attribute("t").unwrap_or("n").to_owned(),
                    c.attribute("s").unwrap_or("0").to_owned(),
                    value,
                )
            })
            .collect()
    }

    fn sheet_names_in(parts: &BTreeMap<String, String>) -> Vec<String> {
        let doc = parse(&parts["xl/workbook.xml"]);
        doc.descendants()
            .filter(|n| n.has_tag_name((NS_MAIN, "sheet")))
            .map(|n| n.attribute("name").unwrap_or("").to_owned())
            .collect()
    }

    fn sample() -> Vec<Table> {
        vec![
            Table {
                title: "各项目件数".into(),
                headings: vec!["项目".into(), "件数".into(), "平均天数".into()],
                rows: vec![
                    vec![
                        "低保".into(),
                        Cell::Int(120),
                        Cell::Decimal {
                            value: 12.345,
                            places: 2,
                        },
                    ],
                    vec![
                        "=1+1".into(),
                        Cell::Int(-5),
                        Cell::Decimal {
                            value: 3.0,
                            places: 1,
                        },
                    ],
                ],
            },
            Table {
                title: "各乡镇".into(),
                headings: vec!["乡镇".into()],
                rows: vec![vec!["城关镇".into()]],
            },
        ]
    }

    #[test]
    fn every_part_is_present_and_well_formed() {
        let bytes = xlsx(&sample()).expect("workbook");
        assert!(bytes.starts_with(b"PK\x03\x04"));
        let parts = unzip(&bytes);
        let mut expected: Vec<String> = PARTS.iter().map(|p| p.to_string()).collect();
        expected.push("xl/worksheets/sheet1.xml".into());
        expected.push("xl/worksheets/sheet2.xml".into());
        expected.sort();
        assert_eq!(parts.keys().cloned().collect::<Vec<_>>(), expected);
        for (name, xml) in &parts {
            assert!(xml.starts_with("<?xml"), "{name}");
            parse(xml);
        }
        // Every worksheet the workbook names has a relationship and a content type.
        assert_eq!(sheet_names_in(&parts), ["各项目件数", "各乡镇"]);
        let rels = &parts["xl/_rels/workbook.xml.rels"];
        assert!(rels.contains(r#"Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml""#));
        assert!(rels.contains(r#"Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles""#));
        assert!(parts["[Content_Types].xml"].contains(r#"PartName="/xl/worksheets/sheet2.xml""#));
        assert!(!parts.contains_key("xl/sharedStrings.xml"));
    }

    #[test]
    fn sheet_holds_values_styles_and_references() {
        let parts = unzip(&xlsx(&sample()).expect("workbook"));
        let sheet = &parts["xl/worksheets/sheet1.xml"];
        let s = |r: &str, t: &str, st: &str, v: &str| (r.into(), t.into(), st.into(), v.into());
        assert_eq!(
            cells(sheet),
            vec![
                s("A1", "inlineStr", "1", "项目"),
                s("B1", "inlineStr", "1", "件数"),
                s("C1", "inlineStr", "1", "平均天数"),
                s("A2", "inlineStr", "0", "低保"),
                s("B2", "n", "0", "120"),
                // places 1 → style 2, places 2 → style 3 (sorted).
                s("C2", "n", "3", "12.35"),
                // "=1+1" is plain text in an inline string, never a formula.
                s("A3", "inlineStr", "0", "=1+1"),
                s("B3", "n", "0", "-5"),
                s("C3", "n", "2", "3.0"),
            ]
        );
        assert!(!sheet.contains("<f>"));
        assert!(sheet.contains(r#"<dimension ref="A1:C3"/>"#));
        assert!(sheet.contains(r#"state="frozen""#));
        let styles = &parts["xl/styles.xml"];
        assert!(styles.contains(r#"<numFmt numFmtId="164" formatCode="0.0"/>"#));
        assert!(styles.contains(r#"<numFmt numFmtId="165" formatCode="0.00"/>"#));
        assert!(styles.contains(r#"<cellXfs count="4">"#));
        assert!(styles.contains("<b/>"));
    }

    #[test]
    fn thirty_columns_reach_aa_to_ad() {
        let table = Table {
            title: "宽表".into(),
            headings: (1..=30).map(|i| format!("列{i}")).collect(),
            rows: vec![(1..=30).map(Cell::Int).collect()],
        };
        let parts = unzip(&xlsx(&[table]).expect("workbook"));
        let sheet = &parts["xl/worksheets/sheet1.xml"];
        let cells = cells(sheet);
        let refs: Vec<&str> = cells.iter().map(|c| c.0.as_str()).collect();
        let letters: Vec<String> = ('A'..='Z')
            .map(String::from)
            .chain(["AA", "AB", "AC", "AD"].map(String::from))
            .collect();
        let expected: Vec<String> = [1, 2]
            .iter()
            .flat_map(|row| letters.iter().map(move |l| format!("{l}{row}")))
            .collect();
        assert_eq!(refs, expected);
        assert_eq!(cells[29].3, "列30");
        assert_eq!(
            cells[59],
            ("AD2".into(), "n".into(), "0".into(), "30".into())
        );
        assert!(sheet.contains(r#"<dimension ref="A1:AD2"/>"#));
    }

    #[test]
    fn column_names_are_bijective_base_26() {
        let cases = [
            (0, "A"),
            (1, "B"),
            (25, "Z"),
            (26, "AA"),
            (27, "AB"),
            (51, "AZ"),
            (52, "BA"),
            (701, "ZZ"),
            (702, "AAA"),
            (16_383, "XFD"),
        ];
        for (index, name) in cases {
            assert_eq!(column_name(index), name, "{index}");
        }
        assert_eq!(cell_ref(29, 0), "AD1");
    }

    #[test]
    fn sheet_names_are_sanitised_and_unique() {
        let titled = |t: &str| Table {
            title: t.into(),
            ..Table::default()
        };
        let tables = [
            titled("2024/01 报告: [低保]*?\\"),
            titled("这是一个非常非常非常非常非常非常非常非常长的报告标题超过三十一个字符"),
            titled("这是一个非常非常非常非常非常非常非常非常长的报告标题超过三十一个字符"),
            titled(""),
            titled("  '''  "),
            titled("Sheet4"),
            titled("summary"),
            titled("SUMMARY"),
            titled("history"),
            titled("'引号'"),
            titled("tab\there\u{1}"),
        ];
        let names = sheet_names(&tables);
        assert_eq!(names[0], "2024_01 报告_ _低保____");
        assert_eq!(names[1].encode_utf16().count(), 31);
        assert!(names[1].starts_with("这是一个非常"));
        assert!(names[2].ends_with(" (2)"), "{}", names[2]);
        assert_eq!(names[2].encode_utf16().count(), 31);
        assert_eq!(names[3], "Sheet4");
        assert_eq!(names[4], "Sheet5");
        assert_eq!(names[5], "Sheet4 (2)");
        assert_eq!(names[6], "summary");
        assert_eq!(names[7], "SUMMARY (2)");
        assert_eq!(names[8], "history (2)");
        assert_eq!(names[9], "引号");
        assert_eq!(names[10], "tabhere");

        let mut lower: Vec<String> = names.iter().map(|n| n.to_lowercase()).collect();
        lower.sort();
        lower.dedup();
        assert_eq!(lower.len(), names.len());
        for name in &names {
            assert!(!name.is_empty());
            assert!(name.encode_utf16().count() <= 31);
            assert!(!name.contains(['[', ']', ':', '*', '?', '/', '\\']));
            assert!(!name.starts_with('\'') && !name.ends_with('\''));
        }

        // The names reach the workbook intact, and the file stays well-formed.
        let parts = unzip(&xlsx(&tables).expect("workbook"));
        assert_eq!(sheet_names_in(&parts), names);
    }

    #[test]
    fn text_is_escaped_and_invalid_characters_dropped() {
        let table = Table {
            title: "<&>".into(),
            headings: vec!["a<b>&\"c'".into()],
            rows: vec![
                vec!["bad\u{0}\u{1b}chars".into()],
                vec!["_x0041_ stays literal".into()],
                vec![" two\nlines ".into()],
                vec![
                    "".into(),
                    Cell::Decimal {
                        value: f64::NAN,
                        places: 2,
                    },
                    Cell::Int(1),
                ],
            ],
        };
        let parts = unzip(&xlsx(&[table]).expect("workbook"));
        assert_eq!(sheet_names_in(&parts), ["<&>"]);
        let cells = cells(&parts["xl/worksheets/sheet1.xml"]);
        let values: Vec<(&str, &str)> =
            cells.iter().map(|c| (c.0.as_str(), c.3.as_str())).collect();
        assert_eq!(
            values,
            [
                ("A1", "a<b>&\"c'"),
                ("A2", "badchars"),
                ("A3", "_x005F_x0041_ stays literal"),
                ("A4", " two\nlines "),
                ("C5", "1"),
            ]
        );
    }

    #[test]
    fn long_text_is_cut_to_excel_limit() {
        let text = cell_text(&"字".repeat(40_000));
        assert_eq!(text.chars().count(), MAX_CELL_TEXT);
    }

    #[test]
    fn output_is_deterministic() {
        assert_eq!(xlsx(&sample()).expect("a"), xlsx(&sample()).expect("b"));
    }

    #[test]
    fn no_tables_gives_one_empty_sheet() {
        let parts = unzip(&xlsx(&[]).expect("workbook"));
        assert_eq!(sheet_names_in(&parts), ["Sheet1"]);
        let sheet = &parts["xl/worksheets/sheet1.xml"];
        assert!(cells(sheet).is_empty());
        assert!(sheet.contains(r#"<dimension ref="A1"/>"#));
    }

    #[test]
    fn too_many_columns_is_an_error_not_a_panic() {
        let table = Table {
            title: "太宽".into(),
            headings: vec![String::new(); MAX_COLUMNS + 1],
            rows: vec![],
        };
        match xlsx(&[table]) {
            Err(ReportError::TooLarge { columns, rows, .. }) => {
                assert_eq!((columns, rows), (MAX_COLUMNS + 1, 1));
            }
            other => panic!("expected TooLarge, got {other:?}"),
        }
    }
}
