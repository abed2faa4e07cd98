//! Documents in an S3-compatible bucket (path-style requests: `ENDPOINT/BUCKET/KEY`), signed
//! with SigV4. Configured as `s3://BUCKET?endpoint=https://host:port&region=REGION`.

use async_trait::async_trait;
use chrono::Utc;

use super::sigv4::{self, Credentials, EMPTY_PAYLOAD_SHA256};
use super::{DocumentId, DocumentStore, DocumentStoreError};

/// Objects live under this prefix in the bucket.
const KEY_PREFIX: &str = "documents";

#[derive(Debug, Clone)]
pub struct S3Config {
    pub endpoint: reqwest::Url,
    pub bucket: String,
    pub region: String,
    pub credentials: Credentials,
}

impl S3Config {
    pub fn from_url(
        spec: &str,
        access_key_id: String,
        secret_access_key: String,
    ) -> Result<Self, DocumentStoreError> {
        let bad = |why: &str| DocumentStoreError::Config(format!("{why} (in {spec:?})"));
        let url = reqwest::Url::parse(spec).map_err(|_| bad("not a URL"))?;
        let bucket = url
            .host_str()
            .filter(|b| !b.is_empty())
            .ok_or_else(|| bad("missing bucket"))?
            .to_owned();
        let param = |name: &str| {
            url.query_pairs()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.into_owned())
        };
        let endpoint = param("endpoint").ok_or_else(|| bad("missing endpoint=URL"))?;
        let endpoint = reqwest::Url::parse(&endpoint).map_err(|_| bad("endpoint is not a URL"))?;
        if access_key_id.is_empty() || secret_access_key.is_empty() {
            return Err(bad(
                "PORTAL_S3_ACCESS_KEY_ID and PORTAL_S3_SECRET_ACCESS_KEY must be set",
            ));
        }
        Ok(Self {
            endpoint,
            bucket,
            region: param("region").unwrap_or_else(|| "us-east-1".to_owned()),
            credentials: Credentials {
                access_key_id,
                secret_access_key,
            },
        })
    }
}

pub struct S3Store {
    config: S3Config,
    client: reqwest::Client,
}

impl S3Store {
    pub fn new(config: S3Config) -> Result<Self, DocumentStoreError> {
        let client = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(30))
            .build()
            .map_err(|e| DocumentStoreError::Config(e.to_string()))?;
        Ok(Self { config, client })
    }

    fn path(&self, id: &DocumentId) -> String {
        sigv4::encode_path(&format!(
            "/{}/{KEY_PREFIX}/{}",
            self.config.bucket,
            id.as_str()
        ))
    }

    async fn send(
        &self,
        method: reqwest::Method,
        id: &DocumentId,
        content_type: Option<&str>,
        body: Vec<u8>,
    ) -> Result<reqwest::Response, DocumentStoreError> {
        let path = self.path(id);
        let mut url = self.config.endpoint.clone();
        url.set_path(&path);
        let host = match (url.host_str(), url.port()) {
            (Some(h), Some(p)) => format!("{h}:{p}"),
            (Some(h), None) => h.to_owned(),
            _ => return Err(DocumentStoreError::Config("endpoint has no host".into())),
        };
        let payload = if body.is_empty() {
            EMPTY_PAYLOAD_SHA256.to_owned()
        } else {
            sigv4::sha256_hex(&body)
        };
        let amz_date = Utc::now().format("%Y%m%dT%H%M%SZ").to_string();
        let mut headers = vec![
            ("host", host.as_str()),
            ("x-amz-content-sha256", payload.as_str()),
            ("x-amz-date", amz_date.as_str()),
        ];
        if let Some(ct) = content_type {
            headers.push(("content-type", ct));
        }
        let authorization = sigv4::authorization(
            &self.config.credentials,
            &sigv4::Request {
                method: method.as_str(),
                path: &path,
                query: "",
                headers: &headers,
                payload_sha256: &payload,
                amz_date: &amz_date,
                region: &self.config.region,
                service: "s3",
            },
        );
        let mut request = self
            .client
            .request(method, url)
            .header("x-amz-content-sha256", &payload)
            .header("x-amz-date", &amz_date)
            .header("authorization", authorization);
        if let Some(ct) = content_type {
            request = request.header("content-type", ct);
        }
        request
            .body(body)
            .send()
            .await
            .map_err(|e| DocumentStoreError::Remote(e.without_url().to_string()))
    }
}

fn remote_error(what: &str, status: reqwest::StatusCode) -> DocumentStoreError {
    DocumentStoreError::Remote(format!("{what}: object store answered {status}"))
}

#[async_trait]
impl DocumentStore for S3Store {
    fn kind(&self) -> &'static str {
        "s3"
    }

    async fn put_bytes(
        &self,
        id: &DocumentId,
        content_type: &str,
        bytes: Vec<u8>,
    ) -> Result<(), DocumentStoreError> {
        let response = self
            .send(reqwest::Method::PUT, id, Some(content_type), bytes)
            .await?;
        if response.status().is_success() {
            Ok(())
        } else {
            Err(remote_error("PUT", response.status()))
        }
    }

    async fn get(&self, id: &DocumentId) -> Result<Option<Vec<u8>>, DocumentStoreError> {
        let response = self
            .send(reqwest::Method::GET, id, None, Vec::new())
            .await?;
        match response.status() {
            s if s.is_success() => Ok(Some(
                response
                    .bytes()
                    .await
                    .map_err(|e| DocumentStoreError::Remote(e.to_string()))?
                    .to_vec(),
            )),
            reqwest::StatusCode::NOT_FOUND => Ok(None),
            s => Err(remote_error("GET", s)),
        }
    }

    async fn delete(&self, id: &DocumentId) -> Result<bool, DocumentStoreError> {
        // S3 answers DELETE of a missing key with 204 too; HEAD tells whether it existed.
        let existed = self
            .send(reqwest::Method::HEAD, id, None, Vec::new())
            .await?
            .status()
            .is_success();
        let response = self
            .send(reqwest::Method::DELETE, id, None, Vec::new())
            .await?;
        if response.status().is_success() {
            Ok(existed)
        } else {
            Err(remote_error("DELETE", response.status()))
        }
    }
}
