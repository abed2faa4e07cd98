//! Horizontal bar chart as inline SVG for the server-rendered reports page.

use crate::push_xml_escaped;
use std::fmt::Write as _;

/// viewBox width; the chart scales to its container (no `width`/`height` attributes).
const WIDTH: f64 = 640.0;
/// Outer padding on every side.
const PAD: f64 = 16.0;
/// Top of the first bar row (below the title line).
const TOP: f64 = 48.0;
/// Height of one bar row: label line, bar, gap.
const ROW: f64 = 44.0;
/// Height of the bar itself.
const BAR_HEIGHT: f64 = 16.0;
/// Gap between the end of a bar and its value text.
const VALUE_GAP: f64 = 8.0;
/// The bars never get narrower than this, however long the value texts are.
const MIN_BAR_AREA: f64 = 240.0;
/// Body text size in px; the title is 18.
const FONT: f64 = 14.0;
const TITLE_FONT: f64 = 18.0;

/// Near-black text: 19.6:1 on white (WCAG AA needs 4.5:1).
const TEXT: &str = "#0b0c0c";
/// Bar blue: 5.2:1 on white (non-text contrast needs 3:1).
const BAR: &str = "#1d70b8";
/// Secondary text for the empty state: 6.3:1 on its light grey panel.
const MUTED: &str = "#505a5f";
const EMPTY_PANEL: &str = "#f3f2f1";
/// Labels are Chinese: name CJK fonts first so the browser does not pick a Latin font and
/// fall back glyph by glyph (or render tofu).
const FONT_FAMILY: &str = "'Noto Sans CJK SC', 'Noto Sans SC', sans-serif";

/// Renders a horizontal bar chart as an inline SVG document, for server-rendered HTML.
///
/// Why it looks like this:
/// * No JavaScript and no chart library: the page stays fast and works without scripts; the
///   output is a string the server embeds in its HTML.
/// * The root has `role="img"`, a `<title>` and an `aria-label` with `title`, so assistive
///   technology announces the chart by name. The figures themselves belong in the data table
///   the page shows next to the chart (the accessible equivalent).
/// * One `<g>` per bar: the label on its own line (full width, so long Chinese township
///   names fit; beyond the width they are cut with "…" and the full text is kept as a
///   tooltip `<title>`), then the bar, then `value_label(value)` after the bar.
/// * Bar lengths are proportional to the largest value. Negative values draw no bar; if
///   nothing is positive, no bar is drawn at all (no division by zero). A positive value
///   always gets at least a 1px sliver so it is visibly not zero.
/// * The viewBox is 640 wide and grows by 44 per bar; without `width`/`height` attributes
///   the SVG scales to its container, so size it with CSS.
/// * Colours meet WCAG AA on the white background the chart paints itself (it does not
///   depend on the page background). Fonts prefer Noto Sans CJK SC for the Chinese labels.
/// * Every text node and attribute is XML-escaped (characters XML cannot hold are dropped),
///   so user-entered names can neither break the markup nor inject `<script>`; the output
///   is well-formed XML as well as valid inline HTML.
///
/// `empty_text` is the caller's localized "no data" message (e.g. "所选期间暂无数据"),
/// shown in a light panel instead of bars when `bars` is empty.
pub fn bar_chart_svg(
    title: &str,
    bars: &[(String, i64)],
    value_label: &dyn Fn(i64) -> String,
    empty_text: &str,
) -> String {
    let values: Vec<String> = bars.iter().map(|(_, v)| value_label(*v)).collect();
    let height = if bars.is_empty() {
        TOP + 56.0
    } else {
        TOP + ROW * bars.len() as f64 + 4.0
    };

    let mut svg = String::with_capacity(512 + bars.len() * 256);
    svg.push_str(r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 "#);
    let _ = write!(svg, "{WIDTH} {height}");
    svg.push_str(r#"" role="img" aria-label=""#);
    push_xml_escaped(&mut svg, title, true);
    let _ = write!(
        svg,
        r#"" font-family="{FONT_FAMILY}" font-size="{FONT}" fill="{TEXT}"><title>"#
    );
    push_xml_escaped(&mut svg, title, false);
    svg.push_str("</title>");
    svg.push_str(r##"<rect width="100%" height="100%" fill="#ffffff"/>"##);

    let (shown_title, _) = fit(title, WIDTH - 2.0 * PAD, TITLE_FONT);
    let _ = write!(
        svg,
        r#"<text x="{PAD}" y="28" font-size="{TITLE_FONT}" font-weight="bold">"#
    );
    push_xml_escaped(&mut svg, &shown_title, false);
    svg.push_str("</text>");

    if bars.is_empty() {
        let _ = write!(
            svg,
            r#"<rect x="{PAD}" y="{TOP}" width="{}" height="40" rx="4" fill="{EMPTY_PANEL}"/>"#,
            WIDTH - 2.0 * PAD
        );
        let (shown, _) = fit(empty_text, WIDTH - 4.0 * PAD, FONT);
        let _ = write!(
            svg,
            r#"<text x="{}" y="{}" text-anchor="middle" fill="{MUTED}">"#,
            WIDTH / 2.0,
            TOP + 25.0
        );
        push_xml_escaped(&mut svg, &shown, false);
        svg.push_str("</text></svg>");
        return svg;
    }

    // Leave room after the longest bar for the longest value text.
    let widest_value = values
        .iter()
        .map(|v| text_width(v, FONT))
        .fold(0.0, f64::max);
    let bar_area = (WIDTH - 2.0 * PAD - VALUE_GAP - widest_value).max(MIN_BAR_AREA);
    let max = bars.iter().map(|(_, v)| *v).max().unwrap_or(0);

    for (i, ((label, value), value_text)) in bars.iter().zip(&values).enumerate() {
        let y = TOP + ROW * i as f64;
        let width = bar_width(*value, max, bar_area);
        let (shown_label, cut) = fit(label, WIDTH - 2.0 * PAD, FONT);

        svg.push_str("<g>");
        if cut {
            svg.push_str("<title>");
            push_xml_escaped(&mut svg, label, false);
            svg.push_str("</title>");
        }
        let _ = write!(svg, r#"<text x="{PAD}" y="{}">"#, y + 15.0);
        push_xml_escaped(&mut svg, &shown_label, false);
        svg.push_str("</text>");
        let _ = write!(
            svg,
            r#"<rect x="{PAD}" y="{}" width="{width:.1}" height="{BAR_HEIGHT}" fill="{BAR}"/>"#,
            y + 21.0
        );
        let _ = write!(
            svg,
            r#"<text x="{:.1}" y="{}">"#,
            PAD + width + VALUE_GAP,
            y + 34.0
        );
        push_xml_escaped(&mut svg, value_text, false);
        svg.push_str("</text></g>");
    }
    svg.push_str("</svg>");
    svg
}

/// Bar length for `value` when `max` fills `area`. Never divides by zero: with no positive
/// maximum every bar is empty.
fn bar_width(value: i64, max: i64, area: f64) -> f64 {
    if max <= 0 || value <= 0 {
        return 0.0;
    }
    (value as f64 / max as f64 * area).max(1.0)
}

/// Estimated rendered width of `text` in px: CJK and other wide characters take a full em,
/// everything else about 0.6 em. Conservative, used only to avoid overflowing the viewBox.
fn text_width(text: &str, font: f64) -> f64 {
    text.chars().map(|c| char_width(c, font)).sum()
}

fn char_width(c: char, font: f64) -> f64 {
    let wide = matches!(c,
        '\u{1100}'..='\u{115F}'
        | '\u{2E80}'..='\u{A4CF}'
        | '\u{AC00}'..='\u{D7A3}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF00}'..='\u{FF60}'
        | '\u{FFE0}'..='\u{FFE6}'
        | '\u{1F300}'..='\u{1FAFF}'
        | '\u{20000}'..='\u{3FFFD}');
    if wide {
        font
    } else {
        font * 0.6
    }
}

/// `text` cut with "…" so that it fits `max` px, and whether it was cut.
fn fit(text: &str, max: f64, font: f64) -> (String, bool) {
    if text_width(text, font) <= max {
        return (text.to_owned(), false);
    }
    let budget = max - char_width('…', font);
    let mut used = 0.0;
    let mut out = String::new();
    for c in text.chars() {
        used += char_width(c, font);
        if used > budget {
            break;
        }
        out.push(c);
    }
    out.push('…');
    (out, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn days(v: i64) -> String {
        format!("{v} 件")
    }

    fn bars(items: &[(&str, i64)]) -> Vec<(String, i64)> {
        items.iter().map(|(l, v)| (l.to_string(), *v)).collect()
    }

    fn parse(svg: &str) -> roxmltree::Document<'_> {
        roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("not well-formed: {e}\n{svg}"))
    }

    fn rect_widths(doc: &roxmltree::Document<'_>) -> Vec<f64> {
        doc.descendants()
            .filter(|n| n.has_tag_name("g"))
            .map(|g| {
                let rect = g
                    .children()
                    .find(|n| n.has_tag_name("rect"))
                    .expect("a rect per bar");
                rect.attribute("width")
                    .expect("width")
                    .parse()
                    .expect("number")
            })
            .collect()
    }

    #[test]
    fn is_well_formed_accessible_svg() {
        let svg = bar_chart_svg(
            "各项目在办件数",
            &bars(&[("低保", 120), ("特困供养", 45)]),
            &days,
            "暂无数据",
        );
        let doc = parse(&svg);
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "svg");
        assert_eq!(
            root.tag_name().namespace(),
            Some("http://www.w3.org/2000/svg")
        );
        assert_eq!(root.attribute("role"), Some("img"));
        assert_eq!(root.attribute("aria-label"), Some("各项目在办件数"));
        assert_eq!(root.attribute("viewBox"), Some("0 0 640 140"));
        let font = root.attribute("font-family").expect("font-family");
        assert!(
            font.starts_with("'Noto Sans CJK SC', 'Noto Sans SC'"),
            "{font}"
        );
        let first = root.first_element_child().expect("children");
        assert_eq!(first.tag_name().name(), "title");
        assert_eq!(first.text(), Some("各项目在办件数"));

        let groups: Vec<_> = doc.descendants().filter(|n| n.has_tag_name("g")).collect();
        assert_eq!(groups.len(), 2);
        let texts: Vec<_> = groups[1]
            .children()
            .filter(|n| n.has_tag_name("text"))
            .filter_map(|n| n.text())
            .collect();
        assert_eq!(texts, ["特困供养", "45 件"]);
        // The value text sits after the end of the bar.
        let rect = groups[1]
            .children()
            .find(|n| n.has_tag_name("rect"))
            .expect("rect");
        let end: f64 = rect
            .attribute("x")
            .and_then(|x| x.parse().ok())
            .unwrap_or(0.0)
            + rect
                .attribute("width")
                .and_then(|w| w.parse().ok())
                .unwrap_or(0.0);
        let value = groups[1]
            .children()
            .filter(|n| n.has_tag_name("text"))
            .nth(1)
            .expect("value");
        let value_x: f64 = value.attribute("x").expect("x").parse().expect("number");
        assert!(value_x > end);
    }

    #[test]
    fn height_grows_with_bar_count() {
        let one = bar_chart_svg("t", &bars(&[("a", 1)]), &days, "");
        let three = bar_chart_svg("t", &bars(&[("a", 1), ("b", 2), ("c", 3)]), &days, "");
        let height = |s: &str| -> f64 {
            let doc = parse(s);
            let vb = doc
                .root_element()
                .attribute("viewBox")
                .expect("viewBox")
                .to_owned();
            vb.split(' ')
                .nth(3)
                .expect("4 numbers")
                .parse()
                .expect("number")
        };
        assert_eq!(height(&three) - height(&one), 2.0 * ROW);
    }

    #[test]
    fn escapes_markup_in_every_text_and_attribute() {
        let evil = "<script>alert('x')</script> & \"q\"";
        let svg = bar_chart_svg(evil, &bars(&[(evil, 3)]), &|_| "<b>&</b>".to_owned(), evil);
        assert!(!svg.contains("<script"), "{svg}");
        assert!(!svg.contains("<b>"));
        let doc = parse(&svg);
        assert!(doc.descendants().all(|n| !n.has_tag_name("script")));
        assert_eq!(doc.root_element().attribute("aria-label"), Some(evil));
        let texts: Vec<_> = doc.descendants().filter_map(|n| n.text()).collect();
        assert!(texts.contains(&evil));
        assert!(texts.contains(&"<b>&</b>"));
        // Control characters would make the XML invalid: dropped.
        parse(&bar_chart_svg(
            "a\u{1}b",
            &bars(&[("c\u{0}", 1)]),
            &days,
            "",
        ));
    }

    #[test]
    fn bar_widths_are_proportional_to_the_maximum() {
        let svg = bar_chart_svg(
            "t",
            &bars(&[("a", 100), ("b", 50), ("c", 25), ("d", 0), ("e", -7)]),
            &days,
            "",
        );
        let widths = rect_widths(&parse(&svg));
        assert_eq!(widths.len(), 5);
        let full = widths[0];
        assert!((MIN_BAR_AREA..=WIDTH - 2.0 * PAD).contains(&full), "{full}");
        assert!((widths[1] - full / 2.0).abs() <= 0.1, "{widths:?}");
        assert!((widths[2] - full / 4.0).abs() <= 0.1, "{widths:?}");
        assert_eq!(widths[3], 0.0);
        assert_eq!(widths[4], 0.0);
    }

    #[test]
    fn zero_maximum_does_not_divide_by_zero() {
        let svg = bar_chart_svg("t", &bars(&[("a", 0), ("b", 0)]), &days, "");
        let widths = rect_widths(&parse(&svg));
        assert_eq!(widths, [0.0, 0.0]);
        assert!(!svg.contains("NaN") && !svg.contains("inf"));
        let negative = bar_chart_svg("t", &bars(&[("a", -3)]), &days, "");
        assert_eq!(rect_widths(&parse(&negative)), [0.0]);
    }

    #[test]
    fn empty_bars_show_the_friendly_empty_state() {
        let svg = bar_chart_svg("各乡镇办理时长", &[], &days, "所选期间暂无数据");
        let doc = parse(&svg);
        assert_eq!(doc.descendants().filter(|n| n.has_tag_name("g")).count(), 0);
        let texts: Vec<_> = doc.descendants().filter_map(|n| n.text()).collect();
        assert!(texts.contains(&"所选期间暂无数据"), "{texts:?}");
        assert_eq!(
            doc.root_element().attribute("aria-label"),
            Some("各乡镇办理时长")
        );
    }

    #[test]
    fn long_labels_are_cut_and_kept_as_tooltip() {
        let long = "某某县某某镇".repeat(10);
        let svg = bar_chart_svg("t", &bars(&[(long.as_str(), 1)]), &days, "");
        let doc = parse(&svg);
        let g = doc.descendants().find(|n| n.has_tag_name("g")).expect("g");
        let tooltip = g
            .children()
            .find(|n| n.has_tag_name("title"))
            .expect("tooltip");
        assert_eq!(tooltip.text(), Some(long.as_str()));
        let shown = g
            .children()
            .find(|n| n.has_tag_name("text"))
            .and_then(|n| n.text());
        let shown = shown.expect("label");
        assert!(shown.ends_with('…'));
        assert!(text_width(shown, FONT) <= WIDTH - 2.0 * PAD);
    }
}
