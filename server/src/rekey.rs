//! Re-encrypting personal data under a new key (`server pii-key rotate`, `rewrap`, `status`;
//! docs/OPERATIONS.md, "Keys and secrets").
//!
//! `rotate` puts a new random data key first in the key ring (`crate::pii`), records it as the
//! database's current data key, and rewraps every encrypted column: each value is decrypted
//! with whichever key of the ring opens it and encrypted again with the newest. A value is
//! replaced only if it is still the one that was read (`… AND column = old`), a batch of rows
//! at a time in one transaction each, so an interrupted run leaves every value readable under
//! one key or the other and `rewrap` finishes it. Values no key opens are counted and left as
//! they are; the command then fails, naming the column.
//!
//! Lookup hashes (blind indexes) are not touched: their key stays derived from the master key
//! (see `crate::pii` for why).

use sqlx::Row;

use crate::pii::PiiVault;
use crate::storage::{Storage, StorageError};

/// Rows read and rewritten per transaction.
const BATCH: i64 = 500;

/// How a table's rows are walked in primary-key order.
#[derive(Clone, Copy, Debug)]
enum RowKey {
    /// `id BIGINT` primary key.
    Id,
    /// A text primary key.
    Text(&'static str),
    /// A (text, integer) primary key.
    TextInt(&'static str, &'static str),
}

/// One column of ciphertexts and the purpose they are bound to.
#[derive(Clone, Copy, Debug)]
pub struct EncryptedColumn {
    pub table: &'static str,
    pub column: &'static str,
    pub purpose: &'static str,
    key: RowKey,
    /// Only rows with this (column, value) hold ciphertexts of this purpose.
    only: Option<(&'static str, &'static str)>,
}

const fn by_id(
    table: &'static str,
    column: &'static str,
    purpose: &'static str,
) -> EncryptedColumn {
    EncryptedColumn {
        table,
        column,
        purpose,
        key: RowKey::Id,
        only: None,
    }
}

/// Every column that holds ciphertexts. A test compares it with the migrations, so a new
/// encrypted column cannot be forgotten here.
pub const COLUMNS: &[EncryptedColumn] = &[
    by_id(
        "contact_messages",
        "mobile_ciphertext",
        crate::services::contact::MOBILE_PURPOSE,
    ),
    by_id(
        "applications",
        "payload_ciphertext",
        crate::services::applications::PAYLOAD_PURPOSE,
    ),
    by_id(
        "applications",
        "eligibility_ciphertext",
        crate::services::applications::ELIGIBILITY_PURPOSE,
    ),
    EncryptedColumn {
        table: "application_signatures",
        column: "strokes_ciphertext",
        purpose: crate::services::applications::STROKES_PURPOSE,
        key: RowKey::TextInt("application_number", "member_index"),
        only: None,
    },
    EncryptedColumn {
        table: "application_drafts",
        column: "payload_ciphertext",
        purpose: crate::services::applications::DRAFT_PURPOSE,
        key: RowKey::Text("resume_code_hash"),
        only: None,
    },
    by_id(
        "application_events",
        "detail_ciphertext",
        crate::staff::EVENT_PURPOSE,
    ),
    by_id("case_notes", "body_ciphertext", crate::staff::NOTE_PURPOSE),
    by_id(
        "staff_users",
        "totp_secret_ciphertext",
        crate::staff::TOTP_PURPOSE,
    ),
    by_id(
        "staff_users",
        "totp_pending_ciphertext",
        crate::staff::TOTP_PURPOSE,
    ),
    by_id(
        "notifications",
        "recipient_ciphertext",
        crate::staff::notify::RECIPIENT_PURPOSE,
    ),
    by_id(
        "marriage_bookings",
        "payload_ciphertext",
        crate::marriage::PAYLOAD_PURPOSE,
    ),
    // A submission's stored answer holds its access code (the contact form's holds only a
    // reference number, in clear).
    EncryptedColumn {
        table: "idempotency_records",
        column: "response",
        purpose: crate::services::applications::RECEIPT_PURPOSE,
        key: RowKey::Text("key"),
        only: Some(("scope", crate::services::applications::IDEMPOTENCY_SCOPE)),
    },
];

/// What one column holds, by key.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnReport {
    pub table: &'static str,
    pub column: &'static str,
    /// Rows with a value in this column.
    pub rows: u64,
    /// Of those, how many each key of the ring opens: `[0]` is the newest (current) key.
    pub by_generation: Vec<u64>,
    /// Values no key of the ring opens.
    pub unreadable: u64,
    /// Values encrypted again with the newest key by this run.
    pub rewrapped: u64,
}

impl ColumnReport {
    /// Values under a key other than the newest.
    pub fn under_older_keys(&self) -> u64 {
        self.by_generation.iter().skip(1).sum()
    }
}

/// Where a walk through a table has got to.
enum Cursor {
    Id(i64),
    Text(String),
    TextInt(String, i64),
}

impl EncryptedColumn {
    fn start(&self) -> Cursor {
        match self.key {
            RowKey::Id => Cursor::Id(i64::MIN),
            RowKey::Text(_) => Cursor::Text(String::new()),
            RowKey::TextInt(..) => Cursor::TextInt(String::new(), i64::MIN),
        }
    }

    /// The next batch after the cursor: key columns `k1` (and `k2`), the value `v`.
    fn select_sql(&self, batch: i64) -> String {
        let (Self { table, column, .. }, n) = (self, self.key_binds());
        let (keys, after, order) = match self.key {
            RowKey::Id => ("id AS k1".into(), "id > $1".into(), "id".into()),
            RowKey::Text(k) => (format!("{k} AS k1"), format!("{k} > $1"), k.to_owned()),
            RowKey::TextInt(a, b) => (
                format!("{a} AS k1, {b} AS k2"),
                format!("({a} > $1 OR ({a} = $1 AND {b} > $2))"),
                format!("{a}, {b}"),
            ),
        };
        let only = match self.only {
            Some((c, _)) => format!(" AND {c} = ${}", n + 1),
            None => String::new(),
        };
        format!(
            "SELECT {keys}, {column} AS v FROM {table} \
             WHERE {after} AND {column} IS NOT NULL{only} ORDER BY {order} LIMIT {batch}"
        )
    }

    /// Replaces the value of one row if it is still the one read.
    fn update_sql(&self) -> String {
        let Self { table, column, .. } = self;
        let (row, n) = match self.key {
            RowKey::Id => ("id = $2".to_owned(), 2),
            RowKey::Text(k) => (format!("{k} = $2"), 2),
            RowKey::TextInt(a, b) => (format!("{a} = $2 AND {b} = $3"), 3),
        };
        format!(
            "UPDATE {table} SET {column} = $1 WHERE {row} AND {column} = ${}",
            n + 1
        )
    }

    fn key_binds(&self) -> usize {
        match self.key {
            RowKey::Id | RowKey::Text(_) => 1,
            RowKey::TextInt(..) => 2,
        }
    }

    /// Walks the column a batch at a time; with `rewrap`, encrypts every value not under the
    /// newest key again with it.
    async fn walk(
        &self,
        storage: &Storage,
        vault: &PiiVault,
        rewrap: bool,
        batch: i64,
    ) -> Result<ColumnReport, StorageError> {
        let mut report = ColumnReport {
            table: self.table,
            column: self.column,
            by_generation: vec![0; vault.ring_len()],
            ..ColumnReport::default()
        };
        let (select, update) = (self.select_sql(batch), self.update_sql());
        let mut cursor = self.start();
        loop {
            let mut tx = storage.begin_write().await?;
            let mut query = sqlx::query(&select);
            query = match &cursor {
                Cursor::Id(id) => query.bind(*id),
                Cursor::Text(k) => query.bind(k.clone()),
                Cursor::TextInt(a, b) => query.bind(a.clone()).bind(*b),
            };
            if let Some((_, value)) = self.only {
                query = query.bind(value);
            }
            let rows = query.fetch_all(&mut *tx).await?;
            let Some(last) = rows.last() else {
                tx.commit().await?;
                return Ok(report);
            };
            let next = match self.key {
                RowKey::Id => Cursor::Id(last.try_get("k1")?),
                RowKey::Text(_) => Cursor::Text(last.try_get("k1")?),
                RowKey::TextInt(..) => Cursor::TextInt(last.try_get("k1")?, last.try_get("k2")?),
            };
            for row in &rows {
                let old: Vec<u8> = row.try_get("v")?;
                report.rows += 1;
                let (plain, generation) = match vault.decrypt_with_generation(self.purpose, &old) {
                    Ok(opened) => opened,
                    Err(_) => {
                        report.unreadable += 1;
                        continue;
                    }
                };
                report.by_generation[generation] += 1;
                if !rewrap || generation == 0 {
                    continue;
                }
                let new = vault.encrypt(self.purpose, &plain);
                let mut query = sqlx::query(&update).bind(new);
                query = match self.key {
                    RowKey::Id => query.bind(row.try_get::<i64, _>("k1")?),
                    RowKey::Text(_) => query.bind(row.try_get::<String, _>("k1")?),
                    RowKey::TextInt(..) => query
                        .bind(row.try_get::<String, _>("k1")?)
                        .bind(row.try_get::<i64, _>("k2")?),
                };
                let done = query.bind(old).execute(&mut *tx).await?;
                // Zero rows: the value changed since it was read (a server wrote it anew, under
                // the newest key); nothing to do.
                if done.rows_affected() == 1 {
                    report.rewrapped += 1;
                    report.by_generation[generation] -= 1;
                    report.by_generation[0] += 1;
                }
            }
            tx.commit().await?;
            cursor = next;
        }
    }
}

/// What every encrypted column holds, by key of `vault`'s ring.
pub async fn status(
    storage: &Storage,
    vault: &PiiVault,
) -> Result<Vec<ColumnReport>, StorageError> {
    let mut reports = Vec::with_capacity(COLUMNS.len());
    for column in COLUMNS {
        reports.push(column.walk(storage, vault, false, BATCH).await?);
    }
    Ok(reports)
}

/// Makes the newest key of `vault`'s ring the database's current data key and encrypts every
/// value under an older key again with it. Run it with every instance stopped, or with every
/// instance already holding the new ring (docs/OPERATIONS.md).
pub async fn rewrap(
    storage: &Storage,
    vault: &PiiVault,
) -> Result<Vec<ColumnReport>, StorageError> {
    rewrap_in_batches(storage, vault, BATCH).await
}

/// [`rewrap`] with `batch` rows per transaction (the tests use small batches, so that walks
/// cross batch boundaries, also between two rows of one application's signatures).
pub async fn rewrap_in_batches(
    storage: &Storage,
    vault: &PiiVault,
    batch: i64,
) -> Result<Vec<ColumnReport>, StorageError> {
    storage
        .set_pii_data_key_check(vault.current_data_key_check())
        .await?;
    let mut reports = Vec::with_capacity(COLUMNS.len());
    for column in COLUMNS {
        reports.push(column.walk(storage, vault, true, batch).await?);
    }
    Ok(reports)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    /// `(table, column)` of every `*_ciphertext` column the migrations create.
    fn ciphertext_columns(dir: &str) -> BTreeSet<(String, String)> {
        let mut found: BTreeSet<(String, String)> = BTreeSet::new();
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for file in files {
            let mut table = String::new();
            for line in std::fs::read_to_string(&file).unwrap().lines() {
                let words: Vec<&str> = line.split_whitespace().collect();
                match words.as_slice() {
                    ["CREATE", "TABLE", name, ..] => table = (*name).to_owned(),
                    // SQLite rebuilds a table under a new name and renames it back.
                    ["ALTER", "TABLE", from, "RENAME", "TO", to] => {
                        let to = to.trim_end_matches(';');
                        let moved: Vec<(String, String)> =
                            found.iter().filter(|(t, _)| t == from).cloned().collect();
                        for (t, column) in moved {
                            found.remove(&(t, column.clone()));
                            found.insert((to.to_owned(), column));
                        }
                    }
                    ["DROP", "TABLE", name] => {
                        let name = name.trim_end_matches(';');
                        found.retain(|(t, _)| t != name);
                    }
                    ["ALTER", "TABLE", name, "ADD", "COLUMN", column, ..]
                        if column.ends_with("_ciphertext") =>
                    {
                        found.insert(((*name).to_owned(), (*column).to_owned()));
                    }
                    [column, ..] if column.ends_with("_ciphertext") => {
                        found.insert((table.clone(), (*column).to_owned()));
                    }
                    _ => {}
                }
            }
        }
        found
    }

    #[test]
    fn every_encrypted_column_of_the_schema_is_rewrapped() {
        let listed: BTreeSet<(String, String)> = COLUMNS
            .iter()
            .filter(|c| c.column.ends_with("_ciphertext"))
            .map(|c| (c.table.to_owned(), c.column.to_owned()))
            .collect();
        for backend in ["sqlite", "postgres"] {
            let dir = format!("{}/migrations/{backend}", env!("CARGO_MANIFEST_DIR"));
            let schema = ciphertext_columns(&dir);
            assert!(schema.len() >= 11, "{backend}: {schema:?}");
            assert_eq!(
                listed, schema,
                "{backend}: COLUMNS and the migrations differ"
            );
        }
    }

    #[test]
    fn statements_bind_their_cursor_and_guard_the_old_value() {
        let signatures = COLUMNS
            .iter()
            .find(|c| c.table == "application_signatures")
            .unwrap();
        assert_eq!(
            signatures.select_sql(BATCH),
            "SELECT application_number AS k1, member_index AS k2, strokes_ciphertext AS v \
             FROM application_signatures WHERE (application_number > $1 OR \
             (application_number = $1 AND member_index > $2)) AND strokes_ciphertext IS NOT NULL \
             ORDER BY application_number, member_index LIMIT 500"
        );
        assert_eq!(
            signatures.update_sql(),
            "UPDATE application_signatures SET strokes_ciphertext = $1 \
             WHERE application_number = $2 AND member_index = $3 AND strokes_ciphertext = $4"
        );
        let receipts = COLUMNS
            .iter()
            .find(|c| c.table == "idempotency_records")
            .unwrap();
        assert!(receipts
            .select_sql(BATCH)
            .contains("AND scope = $2 ORDER BY key"));
    }
}
