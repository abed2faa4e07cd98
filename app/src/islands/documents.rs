//! Supporting documents: the resident picks a photo or a PDF; photos are downscaled in the
//! browser (a phone photo of an ID card is 3–8 MB; 2000 px on the long edge keeps it legible
//! at a fraction of the bytes, which matters on a slow connection); the file goes to
//! `POST /api/documents` with a progress bar; the server checks its content and answers an
//! id, which travels with the application as a hidden `documents` input. Each document can be
//! replaced or removed before submitting.
//!
//! Without JavaScript the section says that uploading needs it; the documents can also be
//! brought to the office (the application itself does not require any).

use domain::application::MAX_DOCUMENTS;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::MessageTemplates;
use crate::error::AppError;

pub const TEXT_IDS: &[&str] = &[
    "apply-upload-label",
    "apply-upload-hint",
    "apply-upload-progress",
    "apply-upload-item",
    "apply-upload-earlier",
    "apply-upload-replace",
    "apply-upload-remove",
    "apply-upload-none",
    "apply-upload-noscript",
    "err-app-too-many-documents",
    "err-document-empty",
    "err-document-too-large",
    "err-document-unsupported-type",
    "err-document-disguised",
    "err-rate-limited",
    "err-network",
    "err-internal",
];

/// Longest edge of a downscaled photo, in pixels.
const MAX_EDGE: f64 = 2000.0;
/// Photos smaller than this and within `MAX_EDGE` are sent as they are.
const SMALL_PHOTO_BYTES: f64 = 1_500_000.0;
const JPEG_QUALITY: f64 = 0.85;

#[derive(Clone, PartialEq)]
struct Doc {
    id: String,
    /// What the resident recognises: the file name and size, or "uploaded earlier".
    label: String,
}

fn size_text(bytes: f64) -> String {
    if bytes >= 1_000_000.0 {
        format!("{:.1} MB", bytes / 1_000_000.0)
    } else {
        format!("{} KB", (bytes / 1000.0).ceil())
    }
}

/// A photo made smaller, as a JPEG, and its new name; `None` to send the file as it is
/// (a PDF, a small photo, or a browser that cannot decode it — the server still checks it).
async fn downscale(file: &web_sys::File) -> Option<(web_sys::Blob, String)> {
    let kind = file.type_();
    if kind != "image/jpeg" && kind != "image/png" && kind != "image/webp" {
        return None;
    }
    let window = window();
    let bitmap: web_sys::ImageBitmap =
        JsFuture::from(window.create_image_bitmap_with_blob(file).ok()?)
            .await
            .ok()?
            .dyn_into()
            .ok()?;
    let (w, h) = (f64::from(bitmap.width()), f64::from(bitmap.height()));
    let scale = (MAX_EDGE / w.max(h)).min(1.0);
    if scale >= 1.0 && file.size() < SMALL_PHOTO_BYTES {
        return None;
    }
    let canvas: web_sys::HtmlCanvasElement =
        document().create_element("canvas").ok()?.dyn_into().ok()?;
    let (nw, nh) = ((w * scale).round(), (h * scale).round());
    canvas.set_width(nw as u32);
    canvas.set_height(nh as u32);
    let ctx: web_sys::CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
    ctx.draw_image_with_image_bitmap_and_dw_and_dh(&bitmap, 0.0, 0.0, nw, nh)
        .ok()?;
    let blob = js_sys::Promise::new(&mut |resolve, _reject| {
        let _ = canvas.to_blob_with_type_and_encoder_options(
            &resolve,
            "image/jpeg",
            &JsValue::from_f64(JPEG_QUALITY),
        );
    });
    let blob: web_sys::Blob = JsFuture::from(blob).await.ok()?.dyn_into().ok()?;
    let name = file.name();
    let stem = name.rsplit_once('.').map_or(name.as_str(), |(s, _)| s);
    Some((blob, format!("{stem}.jpg")))
}

/// Sends one file; answers the HTTP status and the body.
async fn send(
    blob: &web_sys::Blob,
    name: &str,
    progress: impl Fn(f64) + 'static,
) -> Result<(u16, String), JsValue> {
    let xhr = web_sys::XmlHttpRequest::new()?;
    xhr.open("POST", "/api/documents")?;
    let encoded: String = js_sys::encode_uri_component(name).into();
    xhr.set_request_header("X-File-Name", &encoded)?;
    let on_progress =
        Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |e: web_sys::ProgressEvent| {
            if e.length_computable() && e.total() > 0.0 {
                progress(e.loaded() / e.total());
            }
        });
    xhr.upload()?
        .set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    let done = js_sys::Promise::new(&mut |resolve, reject| {
        xhr.set_onload(Some(&resolve));
        xhr.set_onerror(Some(&reject));
        xhr.set_onabort(Some(&reject));
    });
    xhr.send_with_opt_blob(Some(blob))?;
    let outcome = JsFuture::from(done).await;
    drop(on_progress);
    outcome?;
    Ok((xhr.status()?, xhr.response_text()?.unwrap_or_default()))
}

/// The message for a refused upload, from the server's error body.
fn refusal(texts: &MessageTemplates, status: u16, body: &str) -> String {
    match serde_json::from_str::<AppError>(body) {
        Ok(AppError::Invalid(errors)) => errors
            .errors
            .first()
            .map(|e| texts.field_error(e))
            .unwrap_or_default(),
        Ok(AppError::Internal { support_ref }) => texts.render(
            "err-internal",
            &[domain::MessageArg {
                name: "ref".into(),
                value: support_ref,
            }],
        ),
        Ok(other) => texts.render(other.message_id(), &[]),
        // A bare 413 from a proxy or the body limit.
        Err(_) if status == 413 => texts.render(
            "err-document-too-large",
            &[domain::MessageArg {
                name: "max".into(),
                value: (domain::document::MAX_DOCUMENT_BYTES / (1024 * 1024)).to_string(),
            }],
        ),
        Err(_) => texts.render("err-network", &[]),
    }
}

#[island(lazy)]
pub fn DocumentUploader(documents: Vec<String>, texts: MessageTemplates) -> impl IntoView {
    let texts = StoredValue::new(texts);
    // Set once running in the browser (tests and styles can tell a live island).
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let tr = move |id: &str| texts.with_value(|t| t.render(id, &[]));
    let earlier = tr("apply-upload-earlier");
    let docs = RwSignal::new(
        documents
            .into_iter()
            .map(|id| Doc {
                id,
                label: earlier.clone(),
            })
            .collect::<Vec<_>>(),
    );
    let progress = RwSignal::new(None::<f64>);
    let error = RwSignal::new(None::<String>);
    let replace_at = StoredValue::new(None::<usize>);
    // Set by "replace" just before it opens the picker; a direct click on the picker adds.
    let armed = StoredValue::new(false);
    let picker = NodeRef::<leptos::html::Input>::new();

    let upload = move |file: web_sys::File| {
        let target = replace_at.get_value();
        replace_at.set_value(None);
        if target.is_none() && docs.with_untracked(Vec::len) >= MAX_DOCUMENTS {
            error.set(Some(texts.with_value(|t| {
                t.render(
                    "err-app-too-many-documents",
                    &[domain::MessageArg {
                        name: "max".into(),
                        value: MAX_DOCUMENTS.to_string(),
                    }],
                )
            })));
            return;
        }
        error.set(None);
        progress.set(Some(0.0));
        leptos::task::spawn_local(async move {
            let (blob, name) = match downscale(&file).await {
                Some(small) => small,
                None => (file.clone().into(), file.name()),
            };
            let size = blob.size();
            let outcome = send(&blob, &name, move |p| progress.set(Some(p))).await;
            progress.set(None);
            match outcome {
                Ok((200, body)) => {
                    let id = js_sys::JSON::parse(&body)
                        .ok()
                        .and_then(|v| js_sys::Reflect::get(&v, &"id".into()).ok())
                        .and_then(|v| v.as_string());
                    let Some(id) = id else {
                        error.set(Some(tr("err-network")));
                        return;
                    };
                    let label = format!("{name} · {}", size_text(size));
                    docs.update(|d| match target {
                        Some(i) if i < d.len() => d[i] = Doc { id, label },
                        _ => d.push(Doc { id, label }),
                    });
                }
                Ok((status, body)) => {
                    error.set(Some(texts.with_value(|t| refusal(t, status, &body))));
                }
                Err(_) => error.set(Some(tr("err-network"))),
            }
        });
    };
    let chosen = move |_| {
        let Some(input) = picker.get() else { return };
        if let Some(file) = input.files().and_then(|f| f.get(0)) {
            upload(file);
        }
        // The same file may be chosen again after a refusal.
        input.set_value("");
    };
    let pick = move |at: Option<usize>| {
        replace_at.set_value(at);
        armed.set_value(true);
        if let Some(input) = picker.get() {
            input.click();
        }
    };
    // Keyed by position and id: a removal re-creates the items after it, so no button keeps
    // the index of the item that was there before.
    let item = move |(i, d): (usize, Doc)| {
        let n = (i + 1).to_string();
        let title = texts.with_value(|t| {
            t.render(
                "apply-upload-item",
                &[domain::MessageArg {
                    name: "n".into(),
                    value: n.clone(),
                }],
            )
        });
        view! {
            <li class="uploads__item" data-document=d.id.clone()>
                <input type="hidden" name="documents" value=d.id.clone()/>
                <span class="uploads__name"><strong>{title}</strong>" "{d.label.clone()}</span>
                <span class="uploads__actions">
                    <button class="button button--secondary button--small" type="button" on:click=move |_| pick(Some(i))>
                        {tr("apply-upload-replace")}<span class="visually-hidden">{n.clone()}</span>
                    </button>
                    <button class="button button--warning button--small" type="button" on:click=move |_| docs.update(|d| { d.remove(i); })>
                        {tr("apply-upload-remove")}<span class="visually-hidden">{n}</span>
                    </button>
                </span>
            </li>
        }
    };
    view! {
        <div class="uploads" data-hydrated=move || hydrated.get().then_some("true")>
            <p class="uploads__empty" hidden=move || !docs.with(Vec::is_empty)>{tr("apply-upload-none")}</p>
            <ul class="uploads__list">
                <For
                    each=move || docs.get().into_iter().enumerate()
                    key=|(i, d)| (*i, d.id.clone())
                    children=item
                />
            </ul>
            <label class="label" for="field-documents">{tr("apply-upload-label")}</label>
            <p class="hint" id="field-documents-hint">{tr("apply-upload-hint")}</p>
            <input
                class="file-input"
                id="field-documents"
                type="file"
                accept="image/jpeg,image/png,image/webp,application/pdf"
                node_ref=picker
                aria-describedby="field-documents-hint"
                on:change=chosen
                on:click=move |_| {
                    if !armed.get_value() {
                        replace_at.set_value(None);
                    }
                    armed.set_value(false);
                }
            />
            {move || progress.get().map(|p| {
                let pct = (p * 100.0).round();
                view! {
                    <p class="uploads__progress">
                        <progress max="100" value=pct>{format!("{pct}%")}</progress>
                        " "{tr("apply-upload-progress")}" "{format!("{pct}%")}
                    </p>
                }
            })}
            <p class="error-message" role="alert" hidden=move || error.with(Option::is_none)>
                {move || error.get().unwrap_or_default()}
            </p>
            <noscript><p class="hint">{tr("apply-upload-noscript")}</p></noscript>
        </div>
    }
}
