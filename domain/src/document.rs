//! Uploaded documents at the boundary: what may be uploaded, decided by content, not by name.
//!
//! Residents upload photos and scans (ID card, 户口簿, disability certificate, medical bills).
//! The type is sniffed from the first bytes ("magic numbers"); a file whose name promises one
//! type but whose bytes are another (an executable renamed `.jpg`) is refused, as is anything
//! that is not a JPEG, PNG, WebP image or PDF. The browser runs the same check before uploading
//! (after downscaling photos), the server again before storing.

use serde::{Deserialize, Serialize};

use crate::message::{arg, Localized, MessageArg};

/// Largest single upload. Photos are downscaled in the browser to well under 1 MB; scanned
/// multi-page PDFs are the large case.
pub const MAX_DOCUMENT_BYTES: usize = 10 * 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentType {
    Jpeg,
    Png,
    Webp,
    Pdf,
}

impl DocumentType {
    pub fn mime(self) -> &'static str {
        match self {
            DocumentType::Jpeg => "image/jpeg",
            DocumentType::Png => "image/png",
            DocumentType::Webp => "image/webp",
            DocumentType::Pdf => "application/pdf",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            DocumentType::Jpeg => "jpg",
            DocumentType::Png => "png",
            DocumentType::Webp => "webp",
            DocumentType::Pdf => "pdf",
        }
    }

    /// Identifies the type from the content's first bytes.
    pub fn sniff(bytes: &[u8]) -> Option<DocumentType> {
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(DocumentType::Jpeg)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(DocumentType::Png)
        } else if bytes.len() >= 12 && &bytes[0..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
            Some(DocumentType::Webp)
        } else if bytes.starts_with(b"%PDF-") {
            Some(DocumentType::Pdf)
        } else {
            None
        }
    }

    /// The type a file name claims by its extension.
    pub fn from_file_name(name: &str) -> Option<DocumentType> {
        let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
        match ext.as_str() {
            "jpg" | "jpeg" | "jpe" => Some(DocumentType::Jpeg),
            "png" => Some(DocumentType::Png),
            "webp" => Some(DocumentType::Webp),
            "pdf" => Some(DocumentType::Pdf),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DocumentError {
    #[error("the file is empty")]
    Empty,
    #[error("the file is larger than {max_mb} MB")]
    TooLarge { max_mb: usize },
    #[error("only photos (JPEG, PNG, WebP) and PDF files can be uploaded")]
    UnsupportedType,
    #[error("the file's content does not match its name")]
    Disguised,
}

impl DocumentError {
    pub const MESSAGE_IDS: &'static [&'static str] = &[
        "err-document-empty",
        "err-document-too-large",
        "err-document-unsupported-type",
        "err-document-disguised",
    ];
}

impl Localized for DocumentError {
    fn message_id(&self) -> &'static str {
        match self {
            Self::Empty => "err-document-empty",
            Self::TooLarge { .. } => "err-document-too-large",
            Self::UnsupportedType => "err-document-unsupported-type",
            Self::Disguised => "err-document-disguised",
        }
    }

    fn message_args(&self) -> Vec<MessageArg> {
        match self {
            Self::TooLarge { max_mb } => vec![arg("max", max_mb)],
            _ => Vec::new(),
        }
    }
}

/// Checks an upload: not empty, within the size limit, a supported type by content, and — when
/// the name has a known extension — the same type the content is.
pub fn check_upload(bytes: &[u8], file_name: Option<&str>) -> Result<DocumentType, DocumentError> {
    if bytes.is_empty() {
        return Err(DocumentError::Empty);
    }
    if bytes.len() > MAX_DOCUMENT_BYTES {
        return Err(DocumentError::TooLarge {
            max_mb: MAX_DOCUMENT_BYTES / (1024 * 1024),
        });
    }
    let sniffed = DocumentType::sniff(bytes);
    let claimed = file_name.and_then(DocumentType::from_file_name);
    match (sniffed, claimed) {
        (None, Some(_)) => Err(DocumentError::Disguised),
        (None, None) => Err(DocumentError::UnsupportedType),
        (Some(actual), Some(claimed)) if actual != claimed => Err(DocumentError::Disguised),
        (Some(actual), _) => Ok(actual),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0, 16, b'J', b'F', b'I', b'F'];
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    const WEBP: &[u8] = b"RIFF\x24\0\0\0WEBPVP8 ";
    const PDF: &[u8] = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3";
    /// The first bytes of a Windows executable and of an ELF binary.
    const EXE: &[u8] = b"MZ\x90\0\x03\0\0\0\x04\0";
    const ELF: &[u8] = b"\x7fELF\x02\x01\x01\0";

    #[test]
    fn sniffs_by_content() {
        assert_eq!(
            check_upload(JPEG, Some("身份证.JPG")),
            Ok(DocumentType::Jpeg)
        );
        assert_eq!(check_upload(PNG, Some("hukou.png")), Ok(DocumentType::Png));
        assert_eq!(check_upload(WEBP, None), Ok(DocumentType::Webp));
        assert_eq!(check_upload(PDF, Some("bill.pdf")), Ok(DocumentType::Pdf));
        assert_eq!(
            check_upload(JPEG, Some("photo")),
            Ok(DocumentType::Jpeg),
            "no extension: content decides"
        );
    }

    #[test]
    fn refuses_disguised_and_unsupported_files() {
        assert_eq!(
            check_upload(EXE, Some("photo.jpg")),
            Err(DocumentError::Disguised)
        );
        assert_eq!(
            check_upload(ELF, Some("scan.pdf")),
            Err(DocumentError::Disguised)
        );
        assert_eq!(
            check_upload(PDF, Some("photo.jpg")),
            Err(DocumentError::Disguised)
        );
        assert_eq!(
            check_upload(EXE, Some("setup.exe")),
            Err(DocumentError::UnsupportedType)
        );
        assert_eq!(
            check_upload(b"<svg onload=alert(1)>", Some("x.svg")),
            Err(DocumentError::UnsupportedType)
        );
        assert_eq!(check_upload(b"", Some("a.jpg")), Err(DocumentError::Empty));
        let big = [JPEG, &vec![0u8; MAX_DOCUMENT_BYTES]].concat();
        assert_eq!(
            check_upload(&big, Some("a.jpg")),
            Err(DocumentError::TooLarge { max_mb: 10 })
        );
    }

    proptest! {
        #[test]
        fn never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..64), name in "\\PC{0,12}") {
            let _ = check_upload(&bytes, Some(&name));
        }
    }
}
