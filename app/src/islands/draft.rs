//! The application's browser autosave and the print button.
//!
//! [`DraftKeeper`] copies every answer of the application form (its name/value pairs, the
//! same ones the form posts) to `localStorage` on each change. When the resident opens
//! `/apply` afresh on the same device, it offers to continue: "continue" posts the saved pairs
//! to the server exactly as the form would, so the server renders them (and re-checks
//! nothing it would not check anyway); "start again" deletes them. The copy expires after
//! [`KEEP_DAYS`] and is deleted once the application is submitted. (Kiosks wipe storage
//! between users: issue 9.)

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::MessageTemplates;

pub const TEXT_IDS: &[&str] = &[
    "apply-autosave-title",
    "apply-autosave-body",
    "apply-autosave-continue",
    "apply-autosave-discard",
];

const STORAGE_KEY: &str = "civil-portal.apply-draft";
/// How long a copy in the browser is offered.
pub const KEEP_DAYS: f64 = 7.0;
const DAY_MS: f64 = 24.0 * 3600.0 * 1000.0;

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// The saved copy: `(saved at, pairs)` when present and young enough.
fn load() -> Option<(f64, js_sys::Array)> {
    let storage = storage()?;
    let raw = storage.get_item(STORAGE_KEY).ok()??;
    let value = js_sys::JSON::parse(&raw).ok()?;
    let at = js_sys::Reflect::get(&value, &"t".into()).ok()?.as_f64()?;
    let pairs: js_sys::Array = js_sys::Reflect::get(&value, &"p".into())
        .ok()?
        .dyn_into()
        .ok()?;
    if js_sys::Date::now() - at > KEEP_DAYS * DAY_MS {
        let _ = storage.remove_item(STORAGE_KEY);
        return None;
    }
    Some((at, pairs))
}

/// Every text answer of the form, as `[[name, value], …]` (files are not answers).
fn save(form: &web_sys::HtmlFormElement) {
    let Some(storage) = storage() else { return };
    let Ok(data) = web_sys::FormData::new_with_form(form) else {
        return;
    };
    let pairs = js_sys::Array::new();
    if let Ok(Some(entries)) = js_sys::try_iter(&data) {
        for entry in entries.flatten() {
            let entry: js_sys::Array = entry.unchecked_into();
            if entry.get(1).is_string() {
                pairs.push(&entry);
            }
        }
    }
    let record = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&record, &"t".into(), &js_sys::Date::now().into());
    let _ = js_sys::Reflect::set(&record, &"p".into(), &pairs);
    if let Ok(text) = js_sys::JSON::stringify(&record) {
        // Quota exceeded or storage disabled: the server save still works.
        let _ = storage.set_item(STORAGE_KEY, &String::from(text));
    }
}

/// Posts the saved pairs to the form's action, as the form itself would.
fn restore(form_id: &str, pairs: &js_sys::Array) -> Option<()> {
    let document = document();
    let source: web_sys::HtmlFormElement = document.get_element_by_id(form_id)?.dyn_into().ok()?;
    let form: web_sys::HtmlFormElement = document.create_element("form").ok()?.dyn_into().ok()?;
    form.set_method("post");
    // Not `source.action()`: the form's buttons are named "action", and a named control
    // shadows the form's `action` property in the DOM.
    form.set_action(&source.get_attribute("action")?);
    let add = |name: &str, value: &str| -> Option<()> {
        let input: web_sys::HtmlInputElement =
            document.create_element("input").ok()?.dyn_into().ok()?;
        input.set_type("hidden");
        input.set_name(name);
        input.set_value(value);
        form.append_child(&input).ok()?;
        Some(())
    };
    for pair in pairs.iter() {
        let pair: js_sys::Array = pair.dyn_into().ok()?;
        add(&pair.get(0).as_string()?, &pair.get(1).as_string()?)?;
    }
    add("action", "edit")?;
    document.body()?.append_child(&form).ok()?;
    form.submit().ok()
}

#[island(lazy)]
pub fn DraftKeeper(
    form_id: String,
    /// Offer a copy kept in this browser (the page is a fresh `/apply`).
    offer: bool,
    /// Delete the copy (the application was submitted).
    clear: bool,
    texts: MessageTemplates,
) -> impl IntoView {
    let texts = StoredValue::new(texts);
    let tr = move |id: &str| texts.with_value(|t| t.render(id, &[]));
    let saved = RwSignal::new(None::<String>);
    let id = StoredValue::new(form_id);
    let hydrated = RwSignal::new(false);

    Effect::new(move |_| {
        hydrated.set(true);
        if clear {
            if let Some(s) = storage() {
                let _ = s.remove_item(STORAGE_KEY);
            }
            return;
        }
        if offer {
            if let Some((at, _)) = load() {
                let when = js_sys::Date::new(&at.into());
                let lang = document()
                    .document_element()
                    .map(|e| e.get_attribute("lang").unwrap_or_default())
                    .unwrap_or_default();
                let text: String = when.to_locale_string(&lang, &JsValue::UNDEFINED).into();
                saved.set(Some(text));
            }
        }
        let form = id.with_value(|id| document().get_element_by_id(id));
        let Some(form) = form.and_then(|f| f.dyn_into::<web_sys::HtmlFormElement>().ok()) else {
            return;
        };
        let target = form.clone();
        let listener = Closure::<dyn Fn()>::new(move || save(&target));
        let _ = form.add_event_listener_with_callback("input", listener.as_ref().unchecked_ref());
        let _ = form.add_event_listener_with_callback("change", listener.as_ref().unchecked_ref());
        // The form lives as long as the page.
        listener.forget();
    });

    let resume = move |_| {
        if let Some((_, pairs)) = load() {
            id.with_value(|id| restore(id, &pairs));
        }
    };
    let discard = move |_| {
        if let Some(s) = storage() {
            let _ = s.remove_item(STORAGE_KEY);
        }
        saved.set(None);
    };
    view! {
        <div class="panel panel--autosave" data-draft-keeper="" data-hydrated=move || hydrated.get().then_some("true") role="region" aria-labelledby="autosave-title" hidden=move || saved.with(Option::is_none)>
            <h2 class="heading-m" id="autosave-title">{tr("apply-autosave-title")}</h2>
            <p class="panel__body">
                {move || texts.with_value(|t| t.render("apply-autosave-body", &[domain::MessageArg {
                    name: "date".into(),
                    value: saved.get().unwrap_or_default(),
                }]))}
            </p>
            <div class="button-group">
                <button class="button" type="button" id="autosave-continue" on:click=resume>{tr("apply-autosave-continue")}</button>
                <button class="button button--secondary" type="button" on:click=discard>{tr("apply-autosave-discard")}</button>
            </div>
        </div>
    }
}

/// Prints the page (the receipt's print styles leave out the header and navigation).
#[island(lazy)]
pub fn PrintButton(texts: MessageTemplates) -> impl IntoView {
    let label = texts.render("apply-print", &[]);
    view! {
        <button class="button button--secondary" type="button" on:click=move |_| { let _ = window().print(); }>
            {label}
        </button>
    }
}
