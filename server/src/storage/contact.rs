//! Contact messages.

use sqlx::{Any, Row, Transaction};

use super::{Storage, StorageError};

/// A contact message ready to store: personal data already encrypted or indexed.
#[derive(Debug, Clone)]
pub struct NewContactMessage {
    pub reference: String,
    pub name: String,
    pub mobile_ciphertext: Vec<u8>,
    /// Keyed hash of the mobile number (lookup without decrypting).
    pub mobile_index: String,
    pub message: String,
    pub locale: String,
    pub created_at: i64,
}

/// Inserts a contact message inside the caller's transaction (that of its idempotency record).
pub async fn insert_contact_message(
    tx: &mut Transaction<'static, Any>,
    m: &NewContactMessage,
) -> Result<(), StorageError> {
    sqlx::query(
        "INSERT INTO contact_messages
               (reference, name, mobile_ciphertext, mobile_index, message, locale, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&m.reference)
    .bind(&m.name)
    .bind(&m.mobile_ciphertext)
    .bind(&m.mobile_index)
    .bind(&m.message)
    .bind(&m.locale)
    .bind(m.created_at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

impl Storage {
    pub async fn count_contact_messages(&self) -> Result<i64, StorageError> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM contact_messages")
            .fetch_one(self.pool())
            .await?;
        Ok(row.try_get::<i64, _>("n")?)
    }

    /// The ciphertext of a message's mobile number (for staff, and for the encryption tests).
    pub async fn contact_mobile_ciphertext(
        &self,
        reference: &str,
    ) -> Result<Option<Vec<u8>>, StorageError> {
        let row =
            sqlx::query("SELECT mobile_ciphertext FROM contact_messages WHERE reference = $1")
                .bind(reference)
                .fetch_optional(self.pool())
                .await?;
        Ok(row.map(|r| r.try_get("mobile_ciphertext")).transpose()?)
    }
}
