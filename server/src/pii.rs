//! Personal data at rest: ID and phone numbers are encrypted with XChaCha20-Poly1305 and
//! looked up through a keyed hash (a "blind index"), so a copy of the database alone reveals
//! neither (DESIGN.md §4, PIPL).
//!
//! One 32-byte master key comes from configuration; two independent subkeys are derived from
//! it with HMAC-SHA256 (one for encryption, one for the index), so the index key can never
//! decrypt. Each ciphertext is bound to its purpose (associated data such as
//! `contact.mobile`), so a value copied into another column fails to decrypt.

use std::io::Write;
use std::path::Path;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// Format version byte at the start of every ciphertext (for key rotation and upgrades).
const CIPHERTEXT_VERSION: u8 = 1;
const NONCE_LEN: usize = 24;
const KEY_LEN: usize = 32;
/// File the generated key is written to when none is configured.
pub const KEY_FILE: &str = "pii.key";

/// Refuses a key other than the one the database's personal data is encrypted with. The first
/// instance to start on a database records its key's check value; every later start (any
/// instance, any host) must present the same key.
pub async fn ensure_key_matches(
    storage: &crate::storage::Storage,
    vault: &PiiVault,
) -> anyhow::Result<()> {
    let mine = vault.key_check();
    let recorded = storage.pii_key_check(&mine).await?;
    if recorded != mine {
        anyhow::bail!(
            "the PII key (PORTAL_PII_KEY or <data-dir>/{KEY_FILE}) is not the key this database's \
             personal data is encrypted with; give every instance the same key (docs/OPERATIONS.md)"
        );
    }
    Ok(())
}

#[derive(Debug, thiserror::Error)]
pub enum PiiError {
    #[error("PII key must be base64 of exactly 32 bytes")]
    BadKey,
    #[error("cannot read or create the PII key file: {0}")]
    KeyFile(#[from] std::io::Error),
    #[error("ciphertext is malformed or was encrypted with another key or purpose")]
    Decrypt,
}

pub struct PiiVault {
    cipher: XChaCha20Poly1305,
    index_key: [u8; KEY_LEN],
}

fn derive(master: &[u8; KEY_LEN], label: &[u8]) -> [u8; KEY_LEN] {
    let mut mac = <HmacSha256 as Mac>::new_from_slice(master).expect("HMAC takes any key length");
    mac.update(label);
    mac.finalize().into_bytes().into()
}

impl PiiVault {
    pub fn new(master: &[u8; KEY_LEN]) -> Self {
        let enc = derive(master, b"civil-portal/pii/encryption/v1");
        Self {
            cipher: XChaCha20Poly1305::new((&enc).into()),
            index_key: derive(master, b"civil-portal/pii/blind-index/v1"),
        }
    }

    /// The configured key (base64), or the key in `<data_dir>/pii.key`, created on first use
    /// with owner-only permissions.
    pub fn load(configured: Option<&str>, data_dir: &Path) -> Result<Self, PiiError> {
        let key = match configured {
            Some(b64) => decode_key(b64)?,
            None => {
                let path = data_dir.join(KEY_FILE);
                match std::fs::read_to_string(&path) {
                    Ok(b64) => decode_key(&b64)?,
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                        let mut key = [0u8; KEY_LEN];
                        rand::rngs::OsRng.fill_bytes(&mut key);
                        std::fs::create_dir_all(data_dir)?;
                        if write_private(&path, BASE64.encode(key).as_bytes())? {
                            tracing::warn!(
                                path = %path.display(),
                                "generated a new PII encryption key; back it up with the database"
                            );
                            key
                        } else {
                            // Another instance created it a moment ago: use that one.
                            decode_key(&std::fs::read_to_string(&path)?)?
                        }
                    }
                    Err(e) => return Err(e.into()),
                }
            }
        };
        Ok(Self::new(&key))
    }

    /// Encrypts `plaintext` for `purpose`: version byte, random 24-byte nonce, ciphertext+tag.
    pub fn encrypt(&self, purpose: &str, plaintext: &str) -> Vec<u8> {
        let mut nonce = [0u8; NONCE_LEN];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let sealed = self
            .cipher
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: plaintext.as_bytes(),
                    aad: purpose.as_bytes(),
                },
            )
            .expect("XChaCha20-Poly1305 encryption cannot fail for in-memory input");
        let mut out = Vec::with_capacity(1 + NONCE_LEN + sealed.len());
        out.push(CIPHERTEXT_VERSION);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        out
    }

    pub fn decrypt(&self, purpose: &str, blob: &[u8]) -> Result<String, PiiError> {
        if blob.len() < 1 + NONCE_LEN || blob[0] != CIPHERTEXT_VERSION {
            return Err(PiiError::Decrypt);
        }
        let (nonce, sealed) = blob[1..].split_at(NONCE_LEN);
        let plain = self
            .cipher
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: sealed,
                    aad: purpose.as_bytes(),
                },
            )
            .map_err(|_| PiiError::Decrypt)?;
        String::from_utf8(plain).map_err(|_| PiiError::Decrypt)
    }

    /// A value that identifies the key without revealing it (a keyed hash of a constant).
    pub fn key_check(&self) -> String {
        self.blind_index("pii.key-check", "civil-portal")
    }

    /// Keyed hash for equality lookups of `value` within `purpose` (hex).
    pub fn blind_index(&self, purpose: &str, value: &str) -> String {
        let mut mac = <HmacSha256 as Mac>::new_from_slice(&self.index_key)
            .expect("HMAC takes any key length");
        mac.update(purpose.as_bytes());
        mac.update(&[0]);
        mac.update(value.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }
}

fn decode_key(b64: &str) -> Result<[u8; KEY_LEN], PiiError> {
    BASE64
        .decode(b64.trim())
        .ok()
        .and_then(|bytes| <[u8; KEY_LEN]>::try_from(bytes).ok())
        .ok_or(PiiError::BadKey)
}

/// Writes a new key file atomically: a temporary file with owner-only permissions, flushed,
/// then linked into place. A crash leaves either no key file or a complete one; if another
/// instance created the key first, its key is used.
fn write_private(path: &Path, contents: &[u8]) -> std::io::Result<bool> {
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    let temp = dir.join(format!(".{}.{}.tmp", KEY_FILE, std::process::id()));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(&temp)?;
    file.write_all(contents)?;
    file.sync_all()?;
    drop(file);
    // hard_link fails if the target exists, so two instances cannot overwrite each other.
    let linked = match std::fs::hard_link(&temp, path) {
        Ok(()) => true,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => false,
        Err(e) => {
            let _ = std::fs::remove_file(&temp);
            return Err(e);
        }
    };
    std::fs::remove_file(&temp)?;
    Ok(linked)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vault(byte: u8) -> PiiVault {
        PiiVault::new(&[byte; KEY_LEN])
    }

    #[test]
    fn round_trip_and_binding() {
        let v = vault(7);
        let blob = v.encrypt("contact.mobile", "13812345678");
        assert!(!blob.windows(11).any(|w| w == b"13812345678"));
        assert_eq!(v.decrypt("contact.mobile", &blob).unwrap(), "13812345678");
        assert!(
            v.decrypt("person.id_number", &blob).is_err(),
            "purpose is bound"
        );
        assert!(
            vault(8).decrypt("contact.mobile", &blob).is_err(),
            "key is bound"
        );
        let mut tampered = blob.clone();
        *tampered.last_mut().unwrap() ^= 1;
        assert!(v.decrypt("contact.mobile", &tampered).is_err());
        assert!(v.decrypt("contact.mobile", &[1, 2, 3]).is_err());
    }

    #[test]
    fn encryption_is_randomized_but_index_is_stable() {
        let v = vault(7);
        assert_ne!(v.encrypt("p", "x"), v.encrypt("p", "x"));
        assert_eq!(v.blind_index("p", "x"), v.blind_index("p", "x"));
        assert_ne!(v.blind_index("p", "x"), v.blind_index("q", "x"));
        assert_ne!(v.blind_index("p", "x"), vault(8).blind_index("p", "x"));
    }

    #[test]
    fn key_file_is_created_once_and_reused() {
        let dir = tempfile::tempdir().unwrap();
        let a = PiiVault::load(None, dir.path()).unwrap();
        let blob = a.encrypt("p", "secret");
        let b = PiiVault::load(None, dir.path()).unwrap();
        assert_eq!(b.decrypt("p", &blob).unwrap(), "secret");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(KEY_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert!(matches!(
            PiiVault::load(Some("short"), dir.path()),
            Err(PiiError::BadKey)
        ));
    }
}
