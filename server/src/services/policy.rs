//! The policy parameters behind the eligibility screener: the embedded, validated parameter
//! files (`domain/data/policy`), resolved per region and date.

use domain::eligibility::{ParameterBook, Resolved};
use domain::{Date, RegionCode};

pub struct Policy {
    book: ParameterBook,
    with_standards: Vec<RegionCode>,
}

impl Policy {
    /// Loads and checks the embedded files; a broken file stops the server at start-up rather
    /// than deciding cases with a hole in the rules.
    pub fn embedded() -> anyhow::Result<Self> {
        let book = domain::eligibility::data::embedded()
            .map_err(|errors| anyhow::anyhow!("policy data: {}", errors.join("; ")))?;
        let mut with_standards: Vec<RegionCode> = book
            .entries
            .iter()
            .filter(|e| e.key.starts_with("dibao.standard."))
            .filter_map(|e| RegionCode::parse(&e.region).ok())
            .filter(|code| domain::region::directory().get(*code).is_some())
            .collect();
        with_standards.sort();
        with_standards.dedup();
        Ok(Policy {
            book,
            with_standards,
        })
    }
}

impl app::ports::PolicyBook for Policy {
    fn parameters(&self, region: RegionCode, date: Date) -> Resolved {
        self.book.resolve(region, date)
    }

    fn regions_with_standards(&self) -> Vec<RegionCode> {
        self.with_standards.clone()
    }
}
