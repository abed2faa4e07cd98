//! Exports of the work queue (CSV) — only ever of rows already scoped to the member's
//! jurisdiction by the storage query.

use app::api::staff::CaseRow;
use reports::{Cell, Table};

/// The queue as CSV (UTF-8 with BOM for spreadsheet programs; formula injection neutralised
/// by `reports::csv`). Headings are in Chinese: the export is for the bureau's own staff.
pub fn queue_csv(rows: &[CaseRow]) -> String {
    reports::csv(&queue_table(rows))
}

pub fn queue_table(rows: &[CaseRow]) -> Table {
    Table {
        title: "工作台".to_owned(),
        headings: [
            "申请编号",
            "救助项目",
            "环节",
            "乡镇（街道）",
            "村（社区）",
            "家庭人数",
            "申请日期",
            "办理期限",
            "剩余工作日",
            "简易程序",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect(),
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    Cell::Text(r.number.clone()),
                    Cell::Text(r.programs.join("、")),
                    Cell::Text(r.stage.key().to_owned()),
                    Cell::Text(r.township_name.clone()),
                    Cell::Text(r.community.clone()),
                    Cell::Int(r.household_size),
                    Cell::Text(r.submitted_on.clone()),
                    Cell::Text(r.deadline.clone().unwrap_or_default()),
                    r.days_left.map_or(Cell::Text(String::new()), Cell::Int),
                    Cell::Text(if r.simplified { "是" } else { "否" }.to_owned()),
                ]
            })
            .collect(),
    }
}
