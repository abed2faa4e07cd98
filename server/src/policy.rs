//! Policy-data and screening commands: `server policy check`, `server policy import`, and
//! `server screen` (batch screening of a household register through the eligibility engine).

use std::io::{BufRead, BufWriter, IsTerminal, Write};
use std::path::Path;

use domain::eligibility::data;
use domain::eligibility::{evaluate, AreaType, Facts, ParameterBook, Screening};
use domain::household::{Household, HouseholdForm};
use domain::{Date, RegionCode};
use serde::{Deserialize, Serialize};

/// Validates the embedded parameter files plus `extra` files; prints a summary.
pub fn check(extra: &[std::path::PathBuf]) -> anyhow::Result<ParameterBook> {
    let mut files: Vec<(String, String)> = data::FILES
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    for path in extra {
        files.push((path.display().to_string(), std::fs::read_to_string(path)?));
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    match data::load(&refs) {
        Ok(book) => {
            let regions: std::collections::BTreeSet<&str> =
                book.entries.iter().map(|e| e.region.as_str()).collect();
            println!(
                "policy data OK: {} files, {} values, {} regions",
                files.len(),
                book.entries.len(),
                regions.len()
            );
            Ok(book)
        }
        Err(errors) => {
            for e in &errors {
                eprintln!("error: {e}");
            }
            anyhow::bail!("{} problem(s) in the policy data", errors.len())
        }
    }
}

/// Converts a CSV table of standards (`region,key,amount,per,from,to`, header line first) into
/// a parameter file citing one document, and validates it before writing.
pub fn import_csv(
    csv: &Path,
    out: &Path,
    title: &str,
    number: &str,
    date: &str,
    source: &str,
) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(csv)?;
    let mut toml = format!(
        "# Imported from {} by `server policy import`.\n\n[citations.imported]\ntitle = {title:?}\nnumber = {number:?}\ndate = {date:?}\nsource = {source:?}\n",
        csv.display()
    );
    for (i, line) in text.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split(',').map(str::trim).collect();
        let [region, key, amount, per, from, to] = cols[..] else {
            anyhow::bail!(
                "line {}: expected 6 columns region,key,amount,per,from,to",
                i + 1
            );
        };
        toml.push_str(&format!(
            "\n[[values]]\nregion = {region:?}\nkey = {key:?}\nrate = {amount:?}\nper = {per:?}\nfrom = {from:?}\n"
        ));
        if !to.is_empty() {
            toml.push_str(&format!("to = {to:?}\n"));
        }
        toml.push_str("cite = \"imported\"\n");
    }
    let name = out.display().to_string();
    if let Err(errors) = data::parse_file(&name, &toml) {
        for e in &errors {
            eprintln!("error: {e}");
        }
        anyhow::bail!("the CSV does not give valid parameters; nothing written");
    }
    std::fs::write(out, toml)?;
    println!("wrote {}", out.display());
    Ok(())
}

/// One household of a batch: JSON per line.
#[derive(Deserialize)]
struct BatchInput {
    /// The bureau's own identifier for the household (echoed back).
    id: String,
    region: String,
    area: AreaType,
    /// Decision date; today when absent.
    date: Option<String>,
    household: HouseholdForm,
    #[serde(default)]
    facts: Facts,
}

#[derive(Serialize)]
struct BatchOutput<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    outcomes: Option<Vec<domain::eligibility::ProgramOutcome>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    errors: Option<Vec<String>>,
}

/// Screens every household in `input` (JSON lines) and writes one JSON line of outcomes per
/// household to `output`; a bad line gets its errors, never stops the batch. Shows progress on
/// a terminal. Returns (screened, rejected).
pub fn screen(input: &Path, output: &Path, today: Date) -> anyhow::Result<(usize, usize)> {
    let book = data::embedded().map_err(|e| anyhow::anyhow!(e.join("; ")))?;
    let total = std::fs::read_to_string(input)?
        .lines()
        .filter(|l| !l.trim().is_empty())
        .count();
    let reader = std::io::BufReader::new(std::fs::File::open(input)?);
    let mut writer = BufWriter::new(std::fs::File::create(output)?);
    let progress = std::io::stderr().is_terminal();
    let (mut done, mut rejected) = (0usize, 0usize);
    for line in reader.lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        done += 1;
        let record = match serde_json::from_str::<BatchInput>(&line) {
            Ok(r) => r,
            Err(e) => {
                rejected += 1;
                let id = format!("line {done}");
                serde_json::to_writer(
                    &mut writer,
                    &BatchOutput {
                        id: &id,
                        outcomes: None,
                        errors: Some(vec![e.to_string()]),
                    },
                )?;
                writer.write_all(b"\n")?;
                continue;
            }
        };
        let result = screen_one(&record, &book, today);
        let out = match &result {
            Ok(outcomes) => BatchOutput {
                id: &record.id,
                outcomes: Some(outcomes.clone()),
                errors: None,
            },
            Err(errors) => {
                rejected += 1;
                BatchOutput {
                    id: &record.id,
                    outcomes: None,
                    errors: Some(errors.clone()),
                }
            }
        };
        serde_json::to_writer(&mut writer, &out)?;
        writer.write_all(b"\n")?;
        if progress && (done % 100 == 0 || done == total) {
            let width = 30;
            let filled = done * width / total.max(1);
            eprint!(
                "\r[{}{}] {done}/{total}",
                "#".repeat(filled),
                " ".repeat(width - filled)
            );
        }
    }
    if progress {
        eprintln!();
    }
    writer.flush()?;
    Ok((done, rejected))
}

fn screen_one(
    record: &BatchInput,
    book: &ParameterBook,
    today: Date,
) -> Result<Vec<domain::eligibility::ProgramOutcome>, Vec<String>> {
    let region = RegionCode::parse(&record.region).map_err(|e| vec![format!("region: {e}")])?;
    let date = match &record.date {
        Some(d) => Date::parse(d).map_err(|e| vec![format!("date: {e}")])?,
        None => today,
    };
    let household = Household::parse(&record.household, date).map_err(|errors| {
        errors
            .errors
            .iter()
            .map(|e| format!("{}: {}", e.field, e.message_id))
            .collect::<Vec<_>>()
    })?;
    let screening = Screening {
        region,
        area: record.area,
        date,
        household,
        facts: record.facts.clone(),
    };
    Ok(evaluate(&screening, &book.resolve(region, date)))
}
