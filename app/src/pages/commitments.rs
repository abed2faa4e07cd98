//! `/apply/commitments`: the three 诚信承诺 documents an application is signed on, in full —
//! 《社会救助申请告知书》《承诺书》《申请救助家庭经济状况核对授权书》 — with their version and the
//! SHA-256 of their exact text, the same hash every signature stores. Residents (and anyone
//! helping them) can read what they will sign before they start, and print it.
//!
//! The documents are legal text in Simplified Chinese; in the other languages the page says so
//! and shows the original, which is what is signed.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::current_locale;
use crate::locale::Locale;
use crate::ports::Services;
use crate::t;

pub const COMMITMENTS_PATH: &str = "/apply/commitments";

#[component]
pub fn CommitmentsPage() -> impl IntoView {
    let texts = Services::current()
        .ok()
        .map(|s| s.applications.commitment_texts());
    let title = format!("{} - {}", t!("commitments-title"), t!("site-title"));
    let original_note = (current_locale() != Locale::ZhCn).then(|| {
        view! { <p class="notice" lang=current_locale().tag()>{t!("commitments-original-note")}</p> }
    });
    view! {
        <Title text=title/>
        <h1 class="heading-xl">{t!("commitments-title")}</h1>
        <p class="lead">{t!("commitments-intro")}</p>
        {original_note}
        {texts.map(|(texts, sha256)| {
            let version = texts.version.clone();
            let documents = texts
                .documents
                .into_iter()
                .map(|d| {
                    let paragraphs = d
                        .body
                        .lines()
                        .filter(|l| !l.trim().is_empty())
                        .map(|l| view! { <p>{l.trim().to_owned()}</p> })
                        .collect_view();
                    view! {
                        <section class="document" lang="zh-CN" data-document=d.key.clone()>
                            <h2 class="heading-l">{format!("《{}》", d.title)}</h2>
                            {paragraphs}
                        </section>
                    }
                })
                .collect_view();
            view! {
                {documents}
                <dl class="summary-list document-version">
                    <div class="summary-list__row">
                        <dt>{t!("commitments-version")}</dt>
                        <dd data-version=version.clone()>{version.clone()}</dd>
                    </div>
                    <div class="summary-list__row">
                        <dt>{t!("commitments-sha256")}</dt>
                        <dd><code class="hash" data-sha256=sha256.clone()>{sha256.clone()}</code></dd>
                    </div>
                </dl>
                <p class="hint">{t!("commitments-hash-hint")}</p>
            }
        })}
        <p><a href="/apply">{t!("commitments-back")}</a></p>
    }
}
