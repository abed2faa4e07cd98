//! The document title: the page's heading, the site's name, and "Error: " first while the page
//! shows errors (screen readers announce the title first; GOV.UK's pattern).

use crate::t;

pub fn page_title(heading: &str, has_errors: bool) -> String {
    let prefix = if has_errors {
        t!("err-title-prefix")
    } else {
        String::new()
    };
    format!("{prefix}{heading} - {}", t!("site-title"))
}
