//! The cryptography of staff sign-in (DESIGN.md §7, policy-rules.md §11.3 身份鉴别):
//! argon2id password hashes, RFC 6238 one-time codes, and session tokens.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::{Digest, Sha256};

/// argon2id with the OWASP minimum (19 MiB, t = 2, p = 1): about 30 ms on one core here,
/// run on a blocking thread so sign-ins never stall the async workers.
fn argon2() -> Argon2<'static> {
    // The parameters are constants inside argon2's bounds, so building them cannot fail.
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// The PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`) of a password.
pub async fn hash_password(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
        argon2()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| anyhow::anyhow!("argon2: {e}"))
    })
    .await?
}

/// Whether `password` matches `phc`. A malformed stored hash never matches.
pub async fn verify_password(password: String, phc: String) -> bool {
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&phc)
            .map(|parsed| {
                argon2()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false)
}

/// A hash to verify against when the username is unknown, so an unknown name costs the same
/// time as a wrong password and the two cannot be told apart.
pub async fn decoy_hash() -> String {
    static DECOY: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    DECOY
        .get_or_init(|| async {
            hash_password("decoy password that matches nothing 0".to_owned())
                .await
                .unwrap_or_default()
        })
        .await
        .clone()
}

/// TOTP: 30-second steps, 6 digits, HMAC-SHA1 — what every authenticator app uses by default.
pub const TOTP_STEP_SECONDS: i64 = 30;
const TOTP_DIGITS: u32 = 6;
/// Codes from one step before and after are accepted (clock drift of a phone).
const TOTP_WINDOW: i64 = 1;
/// 160-bit secrets (RFC 4226 §4 recommends 160).
const TOTP_SECRET_BYTES: usize = 20;

/// A new random TOTP secret.
pub fn new_totp_secret() -> Vec<u8> {
    let mut secret = vec![0u8; TOTP_SECRET_BYTES];
    rand::thread_rng().fill_bytes(&mut secret);
    secret
}

/// RFC 4226 HOTP value of `counter`.
fn hotp(secret: &[u8], counter: u64) -> u32 {
    let Ok(mut mac) = Hmac::<sha1::Sha1>::new_from_slice(secret) else {
        return u32::MAX; // HMAC takes keys of any length; unreachable in practice.
    };
    mac.update(&counter.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = (digest[digest.len() - 1] & 0x0f) as usize;
    let binary = u32::from_be_bytes([
        digest[offset] & 0x7f,
        digest[offset + 1],
        digest[offset + 2],
        digest[offset + 3],
    ]);
    binary % 10u32.pow(TOTP_DIGITS)
}

/// The code for Unix time `unix_seconds`.
pub fn totp_at(secret: &[u8], unix_seconds: i64) -> u32 {
    hotp(secret, (unix_seconds / TOTP_STEP_SECONDS) as u64)
}

/// The time step `code` belongs to, if it is valid within the window around `unix_seconds`
/// and later than `last_step` (a code is accepted once: RFC 6238 §5.2).
pub fn totp_verify(secret: &[u8], code: u32, unix_seconds: i64, last_step: i64) -> Option<i64> {
    let now_step = unix_seconds / TOTP_STEP_SECONDS;
    (now_step - TOTP_WINDOW..=now_step + TOTP_WINDOW)
        .filter(|step| *step > last_step)
        .find(|step| {
            // Constant-time comparison is unnecessary for a 6-digit code checked after the
            // password and throttled; equality is fine.
            hotp(secret, *step as u64) == code
        })
}

/// RFC 4648 base32 without padding, as authenticator apps take secrets.
pub fn base32(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = String::new();
    let mut buffer = 0u32;
    let mut bits = 0;
    for &b in bytes {
        buffer = (buffer << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            out.push(ALPHABET[((buffer >> (bits - 5)) & 31) as usize] as char);
            bits -= 5;
        }
    }
    if bits > 0 {
        out.push(ALPHABET[((buffer << (5 - bits)) & 31) as usize] as char);
    }
    out
}

/// Decodes [`base32`] (case-insensitive, padding and spaces ignored).
pub fn base32_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut buffer = 0u32;
    let mut bits = 0;
    for c in text.chars().filter(|c| !c.is_whitespace() && *c != '=') {
        let v = match c.to_ascii_uppercase() {
            c @ 'A'..='Z' => c as u32 - 'A' as u32,
            c @ '2'..='7' => c as u32 - '2' as u32 + 26,
            _ => return None,
        };
        buffer = (buffer << 5) | v;
        bits += 5;
        if bits >= 8 {
            out.push((buffer >> (bits - 8)) as u8);
            bits -= 8;
        }
    }
    Some(out)
}

/// The `otpauth://` URI an authenticator app scans.
pub fn otpauth_uri(issuer: &str, account: &str, secret: &[u8]) -> String {
    let enc = |s: &str| {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect::<String>()
    };
    format!(
        "otpauth://totp/{}:{}?secret={}&issuer={}&algorithm=SHA1&digits=6&period=30",
        enc(issuer),
        enc(account),
        base32(secret),
        enc(issuer)
    )
}

/// The QR code of `text` as an SVG document (rendered on the server; no script needed).
pub fn qr_svg(text: &str) -> Option<String> {
    let code = qrcode::QrCode::new(text.as_bytes()).ok()?;
    Some(
        code.render::<qrcode::render::svg::Color>()
            .min_dimensions(220, 220)
            .quiet_zone(true)
            .build(),
    )
}

/// A new session token (what the cookie carries) and the hash stored for it.
pub fn new_session_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    let token = hex::encode(bytes);
    let hash = token_hash(&token);
    (token, hash)
}

/// What the database stores for a session token: a stolen database gives no usable cookie.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// A random per-session token the staff forms carry (on top of the Fetch Metadata check).
pub fn new_csrf_token() -> String {
    let mut bytes = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 Appendix B, SHA-1 secret "12345678901234567890", 8-digit values truncated to
    /// the 6 digits authenticator apps show.
    #[test]
    fn rfc6238_vectors() {
        let secret = b"12345678901234567890";
        for (t, eight) in [
            (59, 94_287_082u32),
            (1_111_111_109, 7_081_804),
            (1_111_111_111, 14_050_471),
            (1_234_567_890, 89_005_924),
            (2_000_000_000, 69_279_037),
        ] {
            assert_eq!(totp_at(secret, t), eight % 1_000_000, "t = {t}");
        }
    }

    #[test]
    fn codes_are_accepted_once_and_within_the_window() {
        let secret = new_totp_secret();
        let now = 1_800_000_000;
        let code = totp_at(&secret, now);
        let step = totp_verify(&secret, code, now, 0).unwrap();
        assert_eq!(step, now / TOTP_STEP_SECONDS);
        // Replaying the same code is refused.
        assert_eq!(totp_verify(&secret, code, now, step), None);
        // The previous step's code is accepted; two steps ago is not.
        assert!(totp_verify(&secret, totp_at(&secret, now - 30), now, 0).is_some());
        assert_eq!(
            totp_verify(&secret, totp_at(&secret, now - 61), now, 0),
            None
        );
    }

    #[test]
    fn base32_round_trips() {
        assert_eq!(base32(b"foobar"), "MZXW6YTBOI");
        let secret = new_totp_secret();
        assert_eq!(base32_decode(&base32(&secret)).unwrap(), secret);
        assert!(otpauth_uri("民政门户", "li.qing", &secret).starts_with("otpauth://totp/%E6%B0%91"));
        assert!(qr_svg("otpauth://totp/x").unwrap().contains("<svg"));
    }

    #[tokio::test]
    async fn passwords_hash_with_argon2id_and_verify() {
        let phc = hash_password("correct-horse-7".into()).await.unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify_password("correct-horse-7".into(), phc.clone()).await);
        assert!(!verify_password("correct-horse-8".into(), phc).await);
        assert!(!verify_password("x".into(), "not a hash".into()).await);
    }
}
