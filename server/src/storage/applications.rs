//! Applications for assistance: the application row, its signatures, documents and first
//! timeline event are written in one transaction (that of the submission's idempotency
//! record), so a stored application is always complete.

use sqlx::{Any, Row, Transaction};

use super::{Storage, StorageError};

/// One member's commitment, ready to store (the drawing already encrypted).
#[derive(Debug, Clone)]
pub struct NewSignature {
    pub member_index: i64,
    pub signer_index: i64,
    /// `self` or `guardian`.
    pub role: &'static str,
    pub text_version: String,
    pub text_sha256: String,
    pub strokes_ciphertext: Vec<u8>,
    pub signed_at: i64,
}

/// An application ready to store: personal data encrypted or indexed.
#[derive(Debug, Clone)]
pub struct NewApplication {
    pub number: String,
    pub access_code_hash: String,
    pub region: String,
    /// Program keys, comma-separated.
    pub programs: String,
    /// `commitment` (诚信承诺) or `standard`.
    pub procedure: &'static str,
    pub status: &'static str,
    pub applicant_index: String,
    pub payload_ciphertext: Vec<u8>,
    pub township: String,
    pub community: String,
    /// The township code, or the county code and `000`: what staff jurisdictions match.
    pub scope_code: String,
    pub household_size: i64,
    /// The masked applicant name for the public notice; empty for a minor.
    pub notice_name: String,
    /// The eligibility record (outcomes and the parameters they rest on), encrypted: its
    /// reasons quote the household's per-capita income.
    pub eligibility_ciphertext: Vec<u8>,
    pub commitment_version: String,
    pub submitted_on: String,
    pub deadline: String,
    pub deadline_provisional: bool,
    pub submitted_at: i64,
    pub signatures: Vec<NewSignature>,
    pub documents: Vec<String>,
}

/// What tracking shows (no personal data) and the hash it is unlocked with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrackedApplication {
    pub number: String,
    pub access_code_hash: String,
    pub programs: String,
    pub procedure: String,
    pub status: String,
    pub submitted_on: String,
    pub deadline: String,
    pub deadline_provisional: bool,
    /// (status, Unix milliseconds), oldest first.
    pub events: Vec<(String, i64)>,
    /// (action, status, civil date, encrypted detail), oldest first.
    pub steps: Vec<(String, String, String, Option<Vec<u8>>)>,
    pub amount_fen: Option<i64>,
    pub pay_from: Option<String>,
    pub notice: Option<(String, String)>,
}

/// Inserts an application with its signatures, documents and `submitted` event inside the
/// caller's transaction.
pub async fn insert_application(
    tx: &mut Transaction<'static, Any>,
    a: &NewApplication,
) -> Result<(), StorageError> {
    sqlx::query(
        "INSERT INTO applications
               (number, access_code_hash, region, programs, procedure, status, applicant_index,
                payload_ciphertext, eligibility_ciphertext, commitment_version, submitted_on, deadline,
                deadline_provisional, submitted_at, township, community, scope_code,
                household_size, notice_name)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
                     $18, $19)",
    )
    .bind(&a.number)
    .bind(&a.access_code_hash)
    .bind(&a.region)
    .bind(&a.programs)
    .bind(a.procedure)
    .bind(a.status)
    .bind(&a.applicant_index)
    .bind(&a.payload_ciphertext)
    .bind(&a.eligibility_ciphertext)
    .bind(&a.commitment_version)
    .bind(&a.submitted_on)
    .bind(&a.deadline)
    .bind(i32::from(a.deadline_provisional))
    .bind(a.submitted_at)
    .bind(&a.township)
    .bind(&a.community)
    .bind(&a.scope_code)
    .bind(a.household_size as i32)
    .bind(&a.notice_name)
    .execute(&mut **tx)
    .await?;
    for s in &a.signatures {
        sqlx::query(
            "INSERT INTO application_signatures
                   (application_number, member_index, signer_index, role, text_version,
                    text_sha256, strokes_ciphertext, signed_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(&a.number)
        .bind(s.member_index)
        .bind(s.signer_index)
        .bind(s.role)
        .bind(&s.text_version)
        .bind(&s.text_sha256)
        .bind(&s.strokes_ciphertext)
        .bind(s.signed_at)
        .execute(&mut **tx)
        .await?;
    }
    for d in &a.documents {
        sqlx::query(
            "INSERT INTO application_documents (application_number, document_id) VALUES ($1, $2)",
        )
        .bind(&a.number)
        .bind(d)
        .execute(&mut **tx)
        .await?;
    }
    sqlx::query(
        "INSERT INTO application_events (application_number, status, actor, at, action, on_date)
         VALUES ($1, $2, 'resident', $3, 'submit', $4)",
    )
    .bind(&a.number)
    .bind(a.status)
    .bind(a.submitted_at)
    .bind(&a.submitted_on)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Attaches uploaded documents to an application inside its transaction; `false` (and the
/// caller rolls back) when one is unknown or already attached elsewhere.
pub async fn claim_documents(
    tx: &mut Transaction<'static, Any>,
    number: &str,
    ids: &[String],
) -> Result<bool, StorageError> {
    for id in ids {
        let claimed = sqlx::query(
            "UPDATE uploaded_documents SET attached_to = $1 WHERE id = $2 AND attached_to IS NULL",
        )
        .bind(number)
        .bind(id)
        .execute(&mut **tx)
        .await?
        .rows_affected();
        if claimed != 1 {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Claims uploads for an existing application and lists them with it (the documents a
/// resident sends in answer to a 补正 request); `false` when one cannot be claimed.
pub async fn attach_documents(
    tx: &mut Transaction<'static, Any>,
    number: &str,
    ids: &[String],
) -> Result<bool, StorageError> {
    if !claim_documents(tx, number, ids).await? {
        return Ok(false);
    }
    for id in ids {
        sqlx::query(
            "INSERT INTO application_documents (application_number, document_id) VALUES ($1, $2)",
        )
        .bind(number)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    }
    Ok(true)
}

impl Storage {
    /// Records a stored upload, not yet attached to an application.
    pub async fn record_upload(
        &self,
        id: &str,
        kind: &str,
        size_bytes: i64,
        uploaded_at: i64,
    ) -> Result<(), StorageError> {
        sqlx::query(
            "INSERT INTO uploaded_documents (id, kind, size_bytes, uploaded_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(kind)
        .bind(size_bytes)
        .bind(uploaded_at)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// Ids of uploads no application has claimed, uploaded before `before_ms`.
    pub async fn unclaimed_uploads(&self, before_ms: i64) -> Result<Vec<String>, StorageError> {
        Ok(sqlx::query(
            "SELECT id FROM uploaded_documents WHERE attached_to IS NULL AND uploaded_at < $1",
        )
        .bind(before_ms)
        .fetch_all(self.pool())
        .await?
        .into_iter()
        .map(|r| r.try_get("id"))
        .collect::<Result<Vec<String>, sqlx::Error>>()?)
    }

    /// Deletes an upload's row if no application has claimed it; `true` when deleted.
    pub async fn delete_unclaimed_upload(&self, id: &str) -> Result<bool, StorageError> {
        Ok(
            sqlx::query("DELETE FROM uploaded_documents WHERE id = $1 AND attached_to IS NULL")
                .bind(id)
                .execute(self.pool())
                .await?
                .rows_affected()
                == 1,
        )
    }

    /// Uploads recorded (for tests and monitoring).
    pub async fn count_uploads(&self) -> Result<i64, StorageError> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM uploaded_documents")
            .fetch_one(self.pool())
            .await?;
        Ok(row.try_get("n")?)
    }

    /// The tracking view of an application, by number.
    pub async fn tracked_application(
        &self,
        number: &str,
    ) -> Result<Option<TrackedApplication>, StorageError> {
        let Some(row) = sqlx::query(
            "SELECT number, access_code_hash, programs, procedure, status, submitted_on,
                    deadline, deadline_provisional, amount_fen, pay_from, notice_from, notice_to
               FROM applications WHERE number = $1",
        )
        .bind(number)
        .fetch_optional(self.pool())
        .await?
        else {
            return Ok(None);
        };
        let rows = sqlx::query(
            "SELECT status, at, action, on_date, detail_ciphertext FROM application_events
              WHERE application_number = $1 ORDER BY at, id",
        )
        .bind(number)
        .fetch_all(self.pool())
        .await?;
        let events = rows
            .iter()
            .map(|r| Ok((r.try_get("status")?, r.try_get("at")?)))
            .collect::<Result<Vec<(String, i64)>, sqlx::Error>>()?;
        let steps = rows
            .iter()
            .map(|r| {
                Ok((
                    r.try_get("action")?,
                    r.try_get("status")?,
                    r.try_get("on_date")?,
                    r.try_get("detail_ciphertext")?,
                ))
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()?;
        let notice_from: Option<String> = row.try_get("notice_from")?;
        let notice_to: Option<String> = row.try_get("notice_to")?;
        Ok(Some(TrackedApplication {
            number: row.try_get("number")?,
            access_code_hash: row.try_get("access_code_hash")?,
            programs: row.try_get("programs")?,
            procedure: row.try_get("procedure")?,
            status: row.try_get("status")?,
            submitted_on: row.try_get("submitted_on")?,
            deadline: row.try_get("deadline")?,
            deadline_provisional: row.try_get::<i32, _>("deadline_provisional")? != 0,
            events,
            steps,
            amount_fen: row.try_get("amount_fen")?,
            pay_from: row.try_get("pay_from")?,
            notice: notice_from.zip(notice_to),
        }))
    }

    /// Rows in each application table, in the order applications, signatures, documents,
    /// events (for the "one transaction, nothing partial" tests and for monitoring).
    pub async fn application_row_counts(&self) -> Result<[i64; 4], StorageError> {
        let mut out = [0; 4];
        for (slot, table) in out.iter_mut().zip([
            "applications",
            "application_signatures",
            "application_documents",
            "application_events",
        ]) {
            let row = sqlx::query(&format!("SELECT COUNT(*) AS n FROM {table}"))
                .fetch_one(self.pool())
                .await?;
            *slot = row.try_get("n")?;
        }
        Ok(out)
    }

    /// The stored signatures' text versions and hashes, member order (for audits and tests).
    pub async fn application_signature_texts(
        &self,
        number: &str,
    ) -> Result<Vec<(i64, String, String, String)>, StorageError> {
        Ok(sqlx::query(
            "SELECT member_index, role, text_version, text_sha256 FROM application_signatures
              WHERE application_number = $1 ORDER BY member_index",
        )
        .bind(number)
        .fetch_all(self.pool())
        .await?
        .into_iter()
        .map(|r| {
            Ok((
                r.try_get("member_index")?,
                r.try_get("role")?,
                r.try_get("text_version")?,
                r.try_get("text_sha256")?,
            ))
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?)
    }

    /// The encrypted payload and eligibility record of an application (for staff views, and
    /// the encryption tests).
    pub async fn application_ciphertexts(
        &self,
        number: &str,
    ) -> Result<Option<(Vec<u8>, Vec<u8>)>, StorageError> {
        let row = sqlx::query(
            "SELECT payload_ciphertext, eligibility_ciphertext FROM applications WHERE number = $1",
        )
        .bind(number)
        .fetch_optional(self.pool())
        .await?;
        Ok(row
            .map(|r| {
                Ok::<_, sqlx::Error>((
                    r.try_get("payload_ciphertext")?,
                    r.try_get("eligibility_ciphertext")?,
                ))
            })
            .transpose()?)
    }

    /// Saves a draft under its resume code (replacing an earlier save of the same code).
    pub async fn save_application_draft(
        &self,
        resume_code_hash: &str,
        applicant_index: &str,
        payload_ciphertext: &[u8],
        now_ms: i64,
        expires_at: i64,
    ) -> Result<(), StorageError> {
        sqlx::query(
            "INSERT INTO application_drafts
                   (resume_code_hash, applicant_index, payload_ciphertext, updated_at, expires_at)
                 VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (resume_code_hash) DO UPDATE
                SET applicant_index = excluded.applicant_index,
                    payload_ciphertext = excluded.payload_ciphertext,
                    updated_at = excluded.updated_at,
                    expires_at = excluded.expires_at",
        )
        .bind(resume_code_hash)
        .bind(applicant_index)
        .bind(payload_ciphertext)
        .bind(now_ms)
        .bind(expires_at)
        .execute(self.pool())
        .await?;
        Ok(())
    }

    /// A draft that has not expired, found by resume code and applicant together.
    pub async fn load_application_draft(
        &self,
        resume_code_hash: &str,
        applicant_index: &str,
        now_ms: i64,
    ) -> Result<Option<Vec<u8>>, StorageError> {
        let row = sqlx::query(
            "SELECT payload_ciphertext FROM application_drafts
              WHERE resume_code_hash = $1 AND applicant_index = $2 AND expires_at > $3",
        )
        .bind(resume_code_hash)
        .bind(applicant_index)
        .bind(now_ms)
        .fetch_optional(self.pool())
        .await?;
        Ok(row.map(|r| r.try_get("payload_ciphertext")).transpose()?)
    }

    /// Deletes expired drafts.
    pub async fn prune_application_drafts(&self, now_ms: i64) -> Result<u64, StorageError> {
        Ok(
            sqlx::query("DELETE FROM application_drafts WHERE expires_at <= $1")
                .bind(now_ms)
                .execute(self.pool())
                .await?
                .rows_affected(),
        )
    }
}
