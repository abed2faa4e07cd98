//! Booking under contention (DESIGN.md §10: "the last-slot race resolved exactly (0
//! overbooking) at ≥ 1,000 attempts/s on SQLite").
//!
//! `cargo bench -p server --bench booking` (scripts/bench.sh runs it). COUPLES distinct couples,
//! each already past the pre-check, ask at once for one slot of 5 places through the same
//! `MarriageDesk::hold` the booking pages call; the time from the start signal to the last
//! answer gives attempts per second. It runs on a fresh SQLite file and, when
//! BENCH_DATABASE_URL names a PostgreSQL database, on a fresh schema there. It prints one line
//! per database and exits non-zero if the answers were not exactly 5 holds and the rest "slot
//! full": a fast wrong answer is not a result.

use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;
use std::time::Instant;

use app::error::AppError;
use app::locale::Locale;
use app::pages::marriage::Values;
use app::ports::RequestCtx;
use domain::booking::OfficeSchedule;
use domain::Date;
use server::marriage::{offices, MarriageDesk};
use server::storage::{OfficeRow, Storage};
use sqlx::Connection;

const COUPLES: usize = 2_000;
const PLACES: u16 = 5;
const PII_KEY: &str = "YmVuY2gtb25seS1waWkta2V5LTMyLWJ5dGVzLWxvbmc=";

fn id_number(birth: &str, seq: usize) -> String {
    let body = format!("340303{birth}{:03}", seq % 1000);
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body
        .bytes()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    format!("{body}{}", b"10X98765432"[(sum % 11) as usize] as char)
}

/// Couple `i`: distinct people (birth year and sequence vary), man first.
fn couple(i: usize) -> Values {
    let year = 1960 + (i / 400) as u32;
    let seq = i % 400;
    Values(vec![
        ("service".into(), "marriage".into()),
        ("party_a.document_kind".into(), "resident_id".into()),
        (
            "party_a.document_number".into(),
            id_number(&format!("{year}0101"), 2 * seq + 1),
        ),
        ("party_a.name".into(), "王大明".into()),
        ("party_b.document_kind".into(), "resident_id".into()),
        (
            "party_b.document_number".into(),
            id_number(&format!("{}0202", year + 2), 2 * seq + 2),
        ),
        ("party_b.name".into(), "李小红".into()),
        ("mobile".into(), "13900139000".into()),
    ])
}

fn ctx(n: usize) -> RequestCtx {
    RequestCtx {
        locale: Locale::ZhCn,
        client_ip: Some(IpAddr::V4(Ipv4Addr::from(0x0a00_0000 + n as u32))),
        request_id: format!("bench-{n}"),
        today: app::ports::china_today(),
        staff_token: None,
    }
}

async fn race(storage: Arc<Storage>, data_dir: &std::path::Path) -> anyhow::Result<String> {
    storage.migrate().await?;
    offices::ensure_offices(&storage, app::ports::now_ms()).await?;
    let vault = Arc::new(server::pii::PiiVault::load(Some(PII_KEY), data_dir)?);
    let calendar =
        Arc::new(domain::calendar::embedded().map_err(|e| anyhow::anyhow!("calendar: {e:?}"))?);
    let desk = Arc::new(MarriageDesk::new(storage.clone(), vault, calendar));
    let office = storage
        .marriage_office_by_region("340303", false)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no office for 340303"))?;
    let mut schedule = OfficeSchedule::standard();
    schedule.capacity[0] = PLACES;
    let office = OfficeRow {
        schedule: schedule.to_text(),
        ..office
    };
    storage
        .update_marriage_office(&office, app::ports::now_ms())
        .await?;

    let mut prepared = Vec::with_capacity(COUPLES);
    for i in 0..COUPLES {
        let c = ctx(i);
        let checked = desk
            .precheck(&c, &couple(i))
            .await
            .map_err(|e| anyhow::anyhow!("pre-check of couple {i}: {e:?}"))?;
        prepared.push((c, checked));
    }
    let (c0, p0) = &prepared[0];
    let dates = desk
        .dates(c0, p0, &office)
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let day = dates
        .first()
        .ok_or_else(|| anyhow::anyhow!("no bookable date"))?;
    let date = Date::parse(&day.date).map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let (_, slots) = desk
        .chosen_date(c0, p0, &office, &day.date)
        .await
        .map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let slot = slots
        .first()
        .ok_or_else(|| anyhow::anyhow!("no slot"))?
        .start
        .clone();

    let barrier = Arc::new(tokio::sync::Barrier::new(COUPLES + 1));
    let tasks: Vec<_> = prepared
        .into_iter()
        .map(|(c, checked)| {
            let (desk, office, barrier, slot) =
                (desk.clone(), office.clone(), barrier.clone(), slot.clone());
            tokio::spawn(async move {
                barrier.wait().await;
                desk.hold(&c, &checked, &office, date, &slot, None).await
            })
        })
        .collect();
    barrier.wait().await;
    let started = Instant::now();
    let (mut held, mut full) = (0usize, 0usize);
    for t in tasks {
        match t.await? {
            Ok(_) => held += 1,
            Err(AppError::Invalid(e))
                if e.errors
                    .iter()
                    .any(|f| f.message_id == "err-booking-slot-full") =>
            {
                full += 1
            }
            Err(e) => anyhow::bail!("unexpected answer: {e:?}"),
        }
    }
    let elapsed = started.elapsed();
    if (held, full) != (PLACES as usize, COUPLES - PLACES as usize) {
        anyhow::bail!("{held} holds and {full} \"slot full\" answers: not exact");
    }
    Ok(format!(
        "{} attempts for {PLACES} places: {held} held, {full} slot full, 0 overbooked, in {:.3} s = {:.0} attempts/s",
        COUPLES,
        elapsed.as_secs_f64(),
        COUPLES as f64 / elapsed.as_secs_f64()
    ))
}

fn main() -> anyhow::Result<()> {
    // cargo bench passes `--bench`; this benchmark has no options.
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let dir = tempfile::tempdir()?;
        let url = server::config::sqlite_url(&dir.path().join("bench.sqlite3"));
        let storage = Arc::new(Storage::connect(&url).await?);
        println!(
            "booking race, SQLite: {}",
            race(storage.clone(), dir.path()).await?
        );
        storage.close().await;

        if let Ok(admin) = std::env::var("BENCH_DATABASE_URL") {
            let schema = format!("bench_{}", uuid::Uuid::new_v4().simple());
            let mut conn = sqlx::PgConnection::connect(&admin).await?;
            sqlx::query(&format!("CREATE SCHEMA {schema}"))
                .execute(&mut conn)
                .await?;
            let sep = if admin.contains('?') { '&' } else { '?' };
            let url = format!("{admin}{sep}options=-c%20search_path%3D{schema}");
            let storage = Arc::new(Storage::connect(&url).await?);
            let result = race(storage.clone(), dir.path()).await;
            storage.close().await;
            sqlx::query(&format!("DROP SCHEMA {schema} CASCADE"))
                .execute(&mut conn)
                .await?;
            println!("booking race, PostgreSQL: {}", result?);
        }
        Ok(())
    })
}
