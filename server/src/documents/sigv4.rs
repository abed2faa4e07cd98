//! AWS Signature Version 4 for S3-compatible object stores (AWS S3, MinIO, Ceph RGW, the
//! object storage of Chinese clouds). Written out here rather than pulling an SDK: the portal
//! needs three calls (PUT, GET, DELETE), and the algorithm is short and tested against AWS's
//! published example.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

type HmacSha256 = Hmac<Sha256>;

/// SHA-256 of an empty body, the payload hash of GET/HEAD/DELETE.
pub const EMPTY_PAYLOAD_SHA256: &str =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

#[derive(Clone)]
pub struct Credentials {
    pub access_key_id: String,
    pub secret_access_key: String,
}

impl std::fmt::Debug for Credentials {
    /// Never prints the secret.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Credentials({}, ***)", self.access_key_id)
    }
}

/// One request to sign. Header names are matched case-insensitively; values are trimmed.
pub struct Request<'a> {
    pub method: &'a str,
    /// The URI path, already in canonical (percent-encoded) form.
    pub path: &'a str,
    /// The canonical query string (sorted, encoded); empty for none.
    pub query: &'a str,
    pub headers: &'a [(&'a str, &'a str)],
    /// Hex SHA-256 of the body (it is also sent as `x-amz-content-sha256`).
    pub payload_sha256: &'a str,
    /// `YYYYMMDDTHHMMSSZ`, as sent in `x-amz-date`.
    pub amz_date: &'a str,
    pub region: &'a str,
    pub service: &'a str,
}

pub fn sha256_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

fn hmac(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut mac = <HmacSha256 as Mac>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

/// Percent-encodes a path for the canonical request: RFC 3986 unreserved characters and `/`
/// pass, everything else is `%XX`.
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The `Authorization` header value for `request`.
pub fn authorization(credentials: &Credentials, request: &Request<'_>) -> String {
    let mut headers: Vec<(String, String)> = request
        .headers
        .iter()
        .map(|(k, v)| {
            (
                k.to_ascii_lowercase(),
                v.split_whitespace().collect::<Vec<_>>().join(" "),
            )
        })
        .collect();
    headers.sort();
    let canonical_headers: String = headers.iter().map(|(k, v)| format!("{k}:{v}\n")).collect();
    let signed_headers = headers
        .iter()
        .map(|(k, _)| k.as_str())
        .collect::<Vec<_>>()
        .join(";");
    let canonical_request = format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        request.method,
        request.path,
        request.query,
        canonical_headers,
        signed_headers,
        request.payload_sha256
    );
    let date = &request.amz_date[..8];
    let scope = format!("{date}/{}/{}/aws4_request", request.region, request.service);
    let string_to_sign = format!(
        "AWS4-HMAC-SHA256\n{}\n{scope}\n{}",
        request.amz_date,
        sha256_hex(canonical_request.as_bytes())
    );
    let k_date = hmac(
        format!("AWS4{}", credentials.secret_access_key).as_bytes(),
        date.as_bytes(),
    );
    let k_region = hmac(&k_date, request.region.as_bytes());
    let k_service = hmac(&k_region, request.service.as_bytes());
    let k_signing = hmac(&k_service, b"aws4_request");
    let signature = hex::encode(hmac(&k_signing, string_to_sign.as_bytes()));
    format!(
        "AWS4-HMAC-SHA256 Credential={}/{scope},SignedHeaders={signed_headers},Signature={signature}",
        credentials.access_key_id
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// AWS's documented example "GET Object" (S3 API reference, "Signature Calculations for the
    /// Authorization Header: Transferring Payload in a Single Chunk"), with its example keys.
    #[test]
    fn matches_the_published_get_object_example() {
        let credentials = Credentials {
            access_key_id: "AKIAIOSFODNN7EXAMPLE".into(),
            secret_access_key: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".into(),
        };
        let auth = authorization(
            &credentials,
            &Request {
                method: "GET",
                path: "/test.txt",
                query: "",
                headers: &[
                    ("Host", "examplebucket.s3.amazonaws.com"),
                    ("Range", "bytes=0-9"),
                    ("x-amz-content-sha256", EMPTY_PAYLOAD_SHA256),
                    ("x-amz-date", "20130524T000000Z"),
                ],
                payload_sha256: EMPTY_PAYLOAD_SHA256,
                amz_date: "20130524T000000Z",
                region: "us-east-1",
                service: "s3",
            },
        );
        assert_eq!(
            auth,
            "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,\
             SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,\
             Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"
        );
        assert_eq!(sha256_hex(b""), EMPTY_PAYLOAD_SHA256);
    }

    #[test]
    fn paths_are_encoded() {
        assert_eq!(encode_path("/bucket/docs/a b+c"), "/bucket/docs/a%20b%2Bc");
        assert_eq!(encode_path("/中"), "/%E4%B8%AD");
        assert!(!format!(
            "{:?}",
            Credentials {
                access_key_id: "k".into(),
                secret_access_key: "s3cr3t".into()
            }
        )
        .contains("s3cr3t"));
    }
}
