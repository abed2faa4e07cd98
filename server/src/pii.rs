//! Personal data at rest: ID and phone numbers are encrypted with XChaCha20-Poly1305 and
//! looked up through a keyed hash (a "blind index"), so a copy of the database alone reveals
//! neither (DESIGN.md §4, PIPL).
//!
//! One 32-byte master key comes from configuration; two independent subkeys are derived from
//! it with HMAC-SHA256 (one for encryption, one for the index), so the index key can never
//! decrypt. Each ciphertext is bound to its purpose (associated data such as
//! `contact.mobile`), so a value copied into another column fails to decrypt.
//!
//! Encryption keys rotate; the index key does not. `server pii-key rotate` (crate::rekey) adds a
//! random data key to a key ring (`PORTAL_PII_DATA_KEYS` or `<data-dir>/pii-data.keys`, newest
//! first) and re-encrypts every encrypted column with it. The newest key in the ring encrypts;
//! every key in it (and the one derived from the master key, the only one before any rotation)
//! is tried to decrypt, since AEAD tells a wrong key from a right one. The index key stays
//! derived from the master key: several lookup hashes are of values the portal never keeps
//! (access codes, resume codes, the audit chain's subjects), so they cannot be recomputed under
//! a new key. docs/OPERATIONS.md, "Keys and secrets", says what that means after a leak.

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
/// File of rotated data keys (base64, one per line, newest first) when
/// `PORTAL_PII_DATA_KEYS` is not set.
pub const DATA_KEYS_FILE: &str = "pii-data.keys";

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
    // After a rotation the data is encrypted with the data key `server pii-key rotate` made
    // current: an instance without it could read none of it, and would write with an old key.
    if let Some(current) = storage.pii_data_key_check().await? {
        if !vault.holds_data_key(&current) {
            anyhow::bail!(
                "this database's personal data was re-encrypted with a PII data key this instance \
                 does not have; give every instance the same key ring (PORTAL_PII_DATA_KEYS or \
                 <data-dir>/{DATA_KEYS_FILE}, docs/OPERATIONS.md)"
            );
        }
    }
    Ok(())
}

#[derive(Debug, thiserror::Error)]
pub enum PiiError {
    #[error("PII key must be base64 of exactly 32 bytes")]
    BadKey,
    #[error("PII data key {0} (counting from the newest) is not base64 of exactly 32 bytes")]
    BadDataKey(usize),
    #[error("cannot read or create the PII key file: {0}")]
    KeyFile(#[from] std::io::Error),
    #[error("ciphertext is malformed or was encrypted with another key or purpose")]
    Decrypt,
}

pub struct PiiVault {
    /// The encryption keys, newest first: the first encrypts, all are tried to decrypt. The
    /// last is the one derived from the master key.
    ring: Vec<DataKey>,
    index_key: [u8; KEY_LEN],
}

struct DataKey {
    cipher: XChaCha20Poly1305,
    /// Identifies the key without revealing it (see [`PiiVault::current_data_key_check`]).
    check: String,
}

impl DataKey {
    fn new(encryption_key: [u8; KEY_LEN]) -> Self {
        let check = hex::encode(derive(
            &encryption_key,
            b"civil-portal/pii/data-key-check/v1",
        ));
        Self {
            cipher: XChaCha20Poly1305::new((&encryption_key).into()),
            check,
        }
    }
}

fn derive(master: &[u8; KEY_LEN], label: &[u8]) -> [u8; KEY_LEN] {
    let mut mac = <HmacSha256 as Mac>::new_from_slice(master).expect("HMAC takes any key length");
    mac.update(label);
    mac.finalize().into_bytes().into()
}

impl PiiVault {
    pub fn new(master: &[u8; KEY_LEN]) -> Self {
        Self::with_data_keys(master, &[])
    }

    /// The vault of `master` with rotated data keys (newest first) in front of the key derived
    /// from the master key.
    pub fn with_data_keys(master: &[u8; KEY_LEN], data_keys: &[[u8; KEY_LEN]]) -> Self {
        let mut ring: Vec<DataKey> = data_keys
            .iter()
            .map(|k| DataKey::new(derive(k, b"civil-portal/pii/encryption/data-key/v1")))
            .collect();
        ring.push(DataKey::new(derive(
            master,
            b"civil-portal/pii/encryption/v1",
        )));
        Self {
            ring,
            index_key: derive(master, b"civil-portal/pii/blind-index/v1"),
        }
    }

    /// The configured key (base64), or the key in `<data_dir>/pii.key`, created on first use
    /// with owner-only permissions; with the data keys in `<data_dir>/pii-data.keys`, if any.
    pub fn load(configured: Option<&str>, data_dir: &Path) -> Result<Self, PiiError> {
        Self::load_with(configured, None, data_dir)
    }

    /// As [`Self::load`], with the data keys configured (comma-separated base64, newest first)
    /// instead of read from `<data_dir>/pii-data.keys`.
    pub fn load_with(
        configured: Option<&str>,
        data_keys: Option<&str>,
        data_dir: &Path,
    ) -> Result<Self, PiiError> {
        let data_keys = match data_keys {
            Some(list) => parse_data_keys(list)?,
            None => match std::fs::read_to_string(data_dir.join(DATA_KEYS_FILE)) {
                Ok(text) => parse_data_keys(&text)?,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
                Err(e) => return Err(e.into()),
            },
        };
        let master = Self::load_master(configured, data_dir)?;
        Ok(Self::with_data_keys(&master, &data_keys))
    }

    fn load_master(configured: Option<&str>, data_dir: &Path) -> Result<[u8; KEY_LEN], PiiError> {
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
        Ok(key)
    }

    /// Encrypts `plaintext` for `purpose`: version byte, random 24-byte nonce, ciphertext+tag.
    pub fn encrypt(&self, purpose: &str, plaintext: &str) -> Vec<u8> {
        let mut nonce = [0u8; NONCE_LEN];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let sealed = self.ring[0]
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
        self.decrypt_with_generation(purpose, blob)
            .map(|(plain, _)| plain)
    }

    /// Decrypts `blob` and says with which key of the ring: 0 is the newest (current) one.
    pub fn decrypt_with_generation(
        &self,
        purpose: &str,
        blob: &[u8],
    ) -> Result<(String, usize), PiiError> {
        if blob.len() < 1 + NONCE_LEN || blob[0] != CIPHERTEXT_VERSION {
            return Err(PiiError::Decrypt);
        }
        let (nonce, sealed) = blob[1..].split_at(NONCE_LEN);
        for (generation, key) in self.ring.iter().enumerate() {
            let opened = key.cipher.decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: sealed,
                    aad: purpose.as_bytes(),
                },
            );
            if let Ok(plain) = opened {
                let plain = String::from_utf8(plain).map_err(|_| PiiError::Decrypt)?;
                return Ok((plain, generation));
            }
        }
        Err(PiiError::Decrypt)
    }

    /// How many keys the ring holds (rotated data keys plus the master-derived one).
    pub fn ring_len(&self) -> usize {
        self.ring.len()
    }

    /// A value that identifies the key new data is encrypted with, without revealing it.
    pub fn current_data_key_check(&self) -> &str {
        &self.ring[0].check
    }

    /// Whether the key identified by `check` is in this vault's ring.
    pub fn holds_data_key(&self, check: &str) -> bool {
        self.ring.iter().any(|k| k.check == check)
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

/// Base64 keys separated by commas or line breaks, newest first; `#` starts a comment line.
fn parse_data_keys(list: &str) -> Result<Vec<[u8; KEY_LEN]>, PiiError> {
    list.lines()
        .filter(|line| !line.trim_start().starts_with('#'))
        .flat_map(|line| line.split(','))
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .enumerate()
        .map(|(i, k)| decode_key(k).map_err(|_| PiiError::BadDataKey(i + 1)))
        .collect()
}

/// Generates a data key and puts it in front of `<data_dir>/pii-data.keys` (creating the file
/// with owner-only permissions), replacing the file atomically. Returns the new ring's length.
pub fn add_data_key_to_file(data_dir: &Path) -> Result<usize, PiiError> {
    let path = data_dir.join(DATA_KEYS_FILE);
    let existing = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e.into()),
    };
    let older = parse_data_keys(&existing)?;
    let mut key = [0u8; KEY_LEN];
    rand::rngs::OsRng.fill_bytes(&mut key);
    let mut text = String::from(
        "# PII data keys, newest first (docs/OPERATIONS.md, \"Keys and secrets\").\n\
         # Written by `server pii-key rotate`; keep every line until `server pii-key status`\n\
         # shows no data under it, and back this file up with pii.key.\n",
    );
    for k in std::iter::once(&key).chain(older.iter()) {
        text.push_str(&BASE64.encode(k));
        text.push('\n');
    }
    let temp = data_dir.join(format!(".{DATA_KEYS_FILE}.{}.tmp", std::process::id()));
    let mut file = private_file(&temp)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()?;
    drop(file);
    std::fs::rename(&temp, &path)?;
    Ok(older.len() + 1)
}

fn private_file(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
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
    let mut file = private_file(&temp)?;
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

    #[test]
    fn a_rotated_ring_reads_old_data_writes_with_the_newest_key_and_keeps_the_index() {
        let before = vault(7);
        let old = before.encrypt("p", "110101197001010011");
        let after = PiiVault::with_data_keys(&[7; KEY_LEN], &[[9; KEY_LEN]]);
        assert_eq!(after.ring_len(), 2);
        assert_eq!(
            after.decrypt_with_generation("p", &old).unwrap(),
            ("110101197001010011".to_owned(), 1),
            "data from before the rotation is read with the master-derived key"
        );
        let new = after.encrypt("p", "13812345678");
        assert_eq!(after.decrypt_with_generation("p", &new).unwrap().1, 0);
        assert!(
            before.decrypt("p", &new).is_err(),
            "the master key alone no longer reads new data"
        );
        assert_eq!(
            after.blind_index("p", "x"),
            before.blind_index("p", "x"),
            "lookups keep working across a rotation"
        );
        assert_eq!(after.key_check(), before.key_check());
        assert_ne!(
            after.current_data_key_check(),
            before.current_data_key_check()
        );
        assert!(after.holds_data_key(before.current_data_key_check()));
        assert!(!before.holds_data_key(after.current_data_key_check()));
    }

    #[test]
    fn data_keys_are_listed_newest_first_with_comments_and_bad_ones_named() {
        let a = BASE64.encode([1u8; KEY_LEN]);
        let b = BASE64.encode([2u8; KEY_LEN]);
        let keys = parse_data_keys(&format!("# ring\n{a}\n\n  {b}  \n")).unwrap();
        assert_eq!(keys, vec![[1u8; KEY_LEN], [2u8; KEY_LEN]]);
        assert_eq!(parse_data_keys(&format!("{a},{b}")).unwrap().len(), 2);
        assert!(matches!(
            parse_data_keys(&format!("{a},c2hvcnQ=")),
            Err(PiiError::BadDataKey(2))
        ));
        assert!(parse_data_keys("").unwrap().is_empty());
    }

    #[test]
    fn a_data_key_added_to_the_file_goes_first_and_the_file_stays_private() {
        let dir = tempfile::tempdir().unwrap();
        let master = PiiVault::load(None, dir.path()).unwrap();
        let blob = master.encrypt("p", "secret");
        assert_eq!(add_data_key_to_file(dir.path()).unwrap(), 1);
        let once = PiiVault::load(None, dir.path()).unwrap();
        assert_eq!(once.ring_len(), 2);
        assert_eq!(add_data_key_to_file(dir.path()).unwrap(), 2);
        let twice = PiiVault::load(None, dir.path()).unwrap();
        assert_eq!(twice.ring_len(), 3);
        assert_eq!(twice.decrypt_with_generation("p", &blob).unwrap().1, 2);
        let mid = once.encrypt("p", "later");
        assert_eq!(twice.decrypt_with_generation("p", &mid).unwrap().1, 1);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(DATA_KEYS_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::write(dir.path().join(DATA_KEYS_FILE), "not a key\n").unwrap();
        assert!(matches!(
            PiiVault::load(None, dir.path()),
            Err(PiiError::BadDataKey(1))
        ));
    }
}
