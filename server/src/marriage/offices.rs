//! The offices: one 婚姻登记处 per county-level division of the national list, and one office
//! per province designated for parties from Hong Kong, Macao, Taiwan or abroad (婚姻登记条例
//! 2025 第二条; policy-rules.md §9.3). They are created from the region list at start-up when
//! missing; administrators then correct names, addresses, hours and capacities.
//!
//! Also here: finding offices by a region name, what to bring to each service, and the .ics
//! calendar entry.

use app::locale::Locale;
use app::pages::marriage::{BookingView, OfficeView};
use domain::booking::{default_special_dates, OfficeSchedule};
use domain::region::{directory, RegionCode, RegionLevel};

use super::StoredBooking;
use crate::storage::{BookingRow, NewOffice, OfficeRow, SpecialDateRow, Storage, StorageError};

/// Provinces whose marriages are registered under their own law (Hong Kong, Macao, Taiwan):
/// no mainland office is created for them.
fn outside_mainland(code: RegionCode) -> bool {
    matches!(code.value() / 10_000, 71 | 81 | 82)
}

/// "安徽省 蚌埠市 蚌山区": the names above a county, without the list's placeholders.
pub fn region_path(code: &str) -> String {
    let Ok(code) = RegionCode::parse(code) else {
        return String::new();
    };
    let mut names: Vec<&str> = directory()
        .lineage(code)
        .iter()
        .map(|r| r.name.as_str())
        .filter(|n| {
            !matches!(
                *n,
                "市辖区" | "县" | "省直辖县级行政区划" | "自治区直辖县级行政区划"
            )
        })
        .collect();
    names.reverse();
    names.join(" ")
}

pub fn view(o: &OfficeRow) -> OfficeView {
    let hours = OfficeSchedule::from_text(&o.schedule)
        .map(|s| {
            s.weekly
                .iter()
                .enumerate()
                .filter_map(|(i, h)| h.map(|h| (i as u8 + 1, h.to_string())))
                .collect()
        })
        .unwrap_or_default();
    OfficeView {
        id: o.id,
        name: o.name.clone(),
        address: o.address.clone(),
        phone: o.phone.clone(),
        region_path: region_path(&o.region),
        designated: o.designated,
        hours,
    }
}

/// The offices the region list calls for.
pub fn expected_offices() -> Vec<NewOffice> {
    let schedule = OfficeSchedule::standard().to_text();
    let dir = directory();
    let mut out = Vec::new();
    for province in dir.provinces() {
        if outside_mainland(province.code) {
            continue;
        }
        out.push(NewOffice {
            region: province.code.to_string(),
            designated: true,
            name: format!("{}涉外婚姻登记处", province.name),
            // The province publishes which registries it designates; until an administrator
            // enters the real address, the page says whose office it is.
            address: format!("{}民政厅指定", province.name),
            phone: String::new(),
            schedule: schedule.clone(),
        });
        let mut stack = vec![province.code];
        while let Some(parent) = stack.pop() {
            for child in dir.children_of(Some(parent)) {
                match child.level {
                    RegionLevel::County => {
                        let path = region_path(&child.code.to_string()).replace(' ', "");
                        out.push(NewOffice {
                            region: child.code.to_string(),
                            designated: false,
                            name: format!("{}民政局婚姻登记处", child.name),
                            address: format!("{path}民政局"),
                            phone: String::new(),
                            schedule: schedule.clone(),
                        });
                    }
                    _ => stack.push(child.code),
                }
            }
        }
    }
    out
}

/// Creates the offices that are missing (all of them on a new database, none on later starts).
pub async fn ensure_offices(storage: &Storage, now: i64) -> Result<u64, StorageError> {
    let expected = expected_offices();
    if storage.marriage_office_count().await? >= expected.len() as i64 {
        return Ok(0);
    }
    storage.insert_marriage_offices(&expected, now).await
}

/// Demo data: the 蚌山区 office opens on Saturday mornings and has the year's special dates.
pub async fn seed_demo(storage: &Storage, today: domain::Date) -> Result<(), StorageError> {
    let Some(office) = storage.marriage_office_by_region("340303", false).await? else {
        return Ok(());
    };
    for year in [today.year(), today.year() + 1] {
        for (date, label) in default_special_dates(year) {
            if date <= today {
                continue;
            }
            let release = date.add_days(-45).unwrap_or(date).max(today);
            storage
                .upsert_marriage_special_date(
                    office.id,
                    &SpecialDateRow {
                        date: date.to_string(),
                        label: label.to_owned(),
                        hours: String::new(),
                        marriage_capacity: 8,
                        release_on: release.to_string(),
                    },
                )
                .await?;
        }
    }
    Ok(())
}

/// County codes (or, for designated offices, province codes) whose names match a search.
pub fn regions_matching(query: &str, designated: bool) -> Vec<String> {
    let dir = directory();
    let mut out: Vec<String> = Vec::new();
    let push = |code: RegionCode, out: &mut Vec<String>| {
        let s = code.to_string();
        if !out.contains(&s) {
            out.push(s);
        }
    };
    for hit in dir.search(query, 10) {
        if designated {
            push(hit.code.province(), &mut out);
            continue;
        }
        let mut stack = vec![hit.code];
        while let Some(code) = stack.pop() {
            match dir.get(code).map(|r| r.level) {
                Some(RegionLevel::County) => push(code, &mut out),
                Some(_) => stack.extend(dir.children_of(Some(code)).map(|c| c.code)),
                None => {}
            }
            if out.len() >= 60 {
                return out;
            }
        }
    }
    out
}

/// What to bring (message ids), by service and by the parties' documents
/// (婚姻登记条例 2025 第八条 and the divorce provisions; policy-rules.md §9.2–§9.3).
pub fn what_to_bring(service: &str, stored: &StoredBooking) -> Vec<String> {
    let kinds: Vec<&str> = stored
        .parties
        .iter()
        .map(|p| p.document_kind.as_str())
        .collect();
    let mut out: Vec<&str> = Vec::new();
    match service {
        "marriage" => {
            out.push("marriage-bring-id-both");
            if kinds
                .iter()
                .any(|k| matches!(*k, "hk_macao_permit" | "taiwan_permit" | "residence_permit"))
            {
                out.push("marriage-bring-hmt");
            }
            if kinds
                .iter()
                .any(|k| matches!(*k, "foreign_passport" | "permanent_residence"))
            {
                out.push("marriage-bring-foreign");
            }
            out.push("marriage-bring-photos");
            out.push("marriage-bring-declaration");
        }
        "divorce_application" => {
            out.push("marriage-bring-id-both");
            out.push("marriage-bring-certificate");
            out.push("marriage-bring-agreement");
        }
        "divorce_certificate" => {
            out.push("marriage-bring-id-both");
            out.push("marriage-bring-certificate");
            out.push("marriage-bring-agreement");
            out.push("marriage-bring-receipt");
            out.push("marriage-bring-photos-single");
        }
        _ => {
            out.push("marriage-bring-id-self");
            out.push("marriage-bring-photos-single");
        }
    }
    out.push("marriage-bring-free");
    out.into_iter().map(str::to_owned).collect()
}

/// Escapes a text value for iCalendar (RFC 5545 §3.3.11).
fn ics_text(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace('\n', "\\n")
}

/// Folds a content line at 75 octets (RFC 5545 §3.1), never inside a UTF-8 character.
fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut len = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if len + n > 75 {
            out.push_str("\r\n ");
            len = 1;
        }
        out.push(c);
        len += n;
    }
    out.push_str("\r\n");
    out
}

/// The booking as a calendar entry, in China time (a fixed +08:00 zone: China has no daylight
/// saving time). The summary and place are in the couple's language; no ID numbers.
pub fn ics(row: &BookingRow, v: &BookingView, locale: Locale) -> String {
    let compact = |d: &str, hm: &str| format!("{}T{}00", d.replace('-', ""), hm.replace(':', ""));
    let summary = app::i18n::message(
        locale,
        "marriage-ics-summary",
        &[domain::MessageArg {
            name: "service".into(),
            value: app::i18n::message(locale, &format!("marriage-service-{}", row.service), &[]),
        }],
    );
    let description = app::i18n::message(
        locale,
        "marriage-ics-description",
        &[domain::MessageArg {
            name: "code".into(),
            value: v.code.clone(),
        }],
    );
    let lines = [
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//civil-portal//marriage booking//ZH".to_owned(),
        "CALSCALE:GREGORIAN".to_owned(),
        "BEGIN:VTIMEZONE".to_owned(),
        "TZID:Asia/Shanghai".to_owned(),
        "BEGIN:STANDARD".to_owned(),
        "DTSTART:19700101T000000".to_owned(),
        "TZOFFSETFROM:+0800".to_owned(),
        "TZOFFSETTO:+0800".to_owned(),
        "TZNAME:CST".to_owned(),
        "END:STANDARD".to_owned(),
        "END:VTIMEZONE".to_owned(),
        "BEGIN:VEVENT".to_owned(),
        format!("UID:marriage-{}@civil-portal", row.code),
        format!("DTSTAMP:{}", utc_stamp(row.updated_at)),
        format!("DTSTART;TZID=Asia/Shanghai:{}", compact(&v.date, &v.start)),
        format!("DTEND;TZID=Asia/Shanghai:{}", compact(&v.date, &v.end)),
        format!("SUMMARY:{}", ics_text(&summary)),
        format!(
            "LOCATION:{}",
            ics_text(&format!("{} {}", v.office.name, v.office.address))
        ),
        format!("DESCRIPTION:{}", ics_text(&description)),
        "BEGIN:VALARM".to_owned(),
        "ACTION:DISPLAY".to_owned(),
        "TRIGGER:-P1D".to_owned(),
        format!("DESCRIPTION:{}", ics_text(&summary)),
        "END:VALARM".to_owned(),
        "END:VEVENT".to_owned(),
        "END:VCALENDAR".to_owned(),
    ];
    lines.iter().map(|l| fold(l)).collect()
}

fn utc_stamp(ms: i64) -> String {
    let days = ms.div_euclid(86_400_000);
    let secs = ms.rem_euclid(86_400_000) / 1000;
    let date = domain::Date::from_days(days)
        .map(|d| d.compact())
        .unwrap_or_else(|| "19700101".to_owned());
    format!(
        "{date}T{:02}{:02}{:02}Z",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_mainland_county_gets_an_office_and_every_province_a_designated_one() {
        let offices = expected_offices();
        let designated = offices.iter().filter(|o| o.designated).count();
        assert_eq!(designated, 31);
        let counties = offices.len() - designated;
        assert!(counties > 2800, "{counties}");
        let bengshan = offices.iter().find(|o| o.region == "340303").unwrap();
        assert_eq!(bengshan.name, "蚌山区民政局婚姻登记处");
        assert_eq!(region_path("340303"), "安徽省 蚌埠市 蚌山区");
        assert_eq!(region_path("110101"), "北京市 东城区");
    }

    #[test]
    fn region_search_reaches_counties_or_provinces() {
        assert_eq!(regions_matching("蚌山", false), vec!["340303".to_owned()]);
        assert!(regions_matching("蚌埠", false).contains(&"340303".to_owned()));
        assert_eq!(regions_matching("蚌山", true), vec!["340000".to_owned()]);
        assert!(regions_matching("", false).is_empty());
    }

    #[test]
    fn ics_lines_fold_at_75_octets_without_splitting_characters() {
        let long = "婚".repeat(40);
        let folded = fold(&format!("SUMMARY:{long}"));
        for line in folded.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{}", line.len());
        }
        assert_eq!(
            folded.replace("\r\n ", "").trim_end(),
            format!("SUMMARY:{long}")
        );
        assert_eq!(ics_text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }
}
