//! Form controls drawn the same way by every server-rendered form (the application, the
//! screener).

use leptos::prelude::*;

/// A submit button naming its action: the form's handler on the server steps with
/// `action=<key>` (and the screener's island reads the same value in the browser).
pub fn action_button(
    class: &'static str,
    action: String,
    label: impl IntoView + 'static,
) -> impl IntoView {
    view! { <button class=class type="submit" name="action" value=action>{label}</button> }
}

/// One radio with its label.
pub fn radio(id: String, name: &str, value: String, label: String, checked: bool) -> impl IntoView {
    // Place names are data in Simplified Chinese (see `DATA_LANG`).
    let lang = (name == "region").then_some(crate::locale::DATA_LANG);
    view! {
        <div class="radios__item">
            <input class="radios__input" type="radio" id=id.clone() name=name.to_owned() value=value checked=checked/>
            <label class="radios__label" for=id lang=lang>{label}</label>
        </div>
    }
}

/// The radios of one question. The first carries the field's id, which the error summary
/// links to; the others are `{id}-{k}`.
pub fn radio_items(
    id: &str,
    name: &str,
    options: Vec<(String, String)>,
    current: &str,
) -> impl IntoView {
    options
        .into_iter()
        .enumerate()
        .map(|(k, (value, label))| {
            let radio_id = if k == 0 {
                id.to_owned()
            } else {
                format!("{id}-{k}")
            };
            let checked = value == current;
            radio(radio_id, name, value, label, checked)
        })
        .collect_view()
}

/// A drop-down list; `width` is a width class such as `input--width-10`, or "".
pub fn select(
    name: &str,
    current: &str,
    options: Vec<(String, String)>,
    width: &str,
) -> impl IntoView {
    let items = options
        .into_iter()
        .map(|(value, label)| {
            let selected = value == current;
            view! { <option value=value selected=selected>{label}</option> }
        })
        .collect_view();
    let class = if width.is_empty() {
        "select".to_owned()
    } else {
        format!("select {width}")
    };
    view! {
        <select
            class=class
            id=crate::islands::screener::field_id(name)
            name=name.to_owned()
            aria-describedby=format!("field-{name}-hint field-{name}-error")
        >
            {items}
        </select>
    }
}
