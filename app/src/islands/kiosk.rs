//! The kiosk's islands (issue 9; DESIGN.md §6): the idle timer and the number keypad
//! ([`KioskKeypad`], below). A service-hall kiosk is shared by strangers:
//! when nobody has touched it for [`WARN_AFTER_SECONDS`], a notice at the top of the page counts
//! down [`RESET_AFTER_SECONDS`] with a "continue" button; at zero the browser's storage is
//! cleared and the kiosk goes to `/kiosk/reset`, whose `Clear-Site-Data` response removes the
//! cookies, the cache and the storage of the portal before it starts again at `/kiosk`.
//!
//! The notice is part of the page, not a pop-up, and is announced (`role="alert"`) once when it
//! appears; the countdown itself is not re-announced every second.

use leptos::prelude::*;

use super::MessageTemplates;

/// Idle time before the warning (two minutes: long enough to read a page or find a document).
pub const WARN_AFTER_SECONDS: u32 = 120;
/// The warning's countdown before everything is wiped.
pub const RESET_AFTER_SECONDS: u32 = 30;

/// Where the kiosk's "end" button and its idle timer go.
pub const RESET_PATH: &str = "/kiosk/reset";

pub const TEXT_IDS: &[&str] = &["kiosk-idle-title", "kiosk-idle-text", "kiosk-idle-continue"];

#[island(lazy)]
pub fn KioskIdle(
    texts: MessageTemplates,
    warn_after_seconds: u32,
    reset_after_seconds: u32,
) -> impl IntoView {
    // Seconds left before the reset, while warning.
    let left = RwSignal::new(None::<u32>);
    let hydrated = RwSignal::new(false);
    let title = texts.render("kiosk-idle-title", &[]);
    let continue_label = texts.render("kiosk-idle-continue", &[]);
    let texts_for_count = texts.clone();
    // The timer runs only in the browser.
    #[cfg(not(feature = "hydrate"))]
    let _ = (warn_after_seconds, reset_after_seconds);
    #[cfg(feature = "hydrate")]
    let last_activity = std::rc::Rc::new(std::cell::Cell::new(js_sys::Date::now()));
    #[cfg(feature = "hydrate")]
    {
        let touch = {
            let last = last_activity.clone();
            move || {
                last.set(js_sys::Date::now());
                if left.get_untracked().is_some() {
                    left.set(None);
                }
            }
        };
        Effect::new(move |_| hydrated.set(true));
        for event in ["pointerdown", "keydown", "input", "wheel", "touchstart"] {
            let touch = touch.clone();
            let listener = wasm_bindgen::closure::Closure::<dyn Fn()>::new(touch);
            let _ = leptos::prelude::document().add_event_listener_with_callback_and_bool(
                event,
                wasm_bindgen::JsCast::unchecked_ref(listener.as_ref()),
                true,
            );
            // The page lives as long as the listener: leak it deliberately.
            listener.forget();
        }
        let last = last_activity.clone();
        let _ = set_interval_with_handle(
            move || {
                let idle_ms = js_sys::Date::now() - last.get();
                let warn_ms = f64::from(warn_after_seconds) * 1000.0;
                if idle_ms < warn_ms {
                    return;
                }
                let remaining = f64::from(reset_after_seconds) - (idle_ms - warn_ms) / 1000.0;
                if remaining <= 0.0 {
                    wipe_and_restart();
                } else {
                    left.set(Some(remaining.ceil() as u32));
                }
            },
            std::time::Duration::from_secs(1),
        );
    }
    #[cfg(feature = "hydrate")]
    let last_for_button = last_activity.clone();
    let on_continue = move |_: leptos::ev::MouseEvent| {
        #[cfg(feature = "hydrate")]
        last_for_button.set(js_sys::Date::now());
        left.set(None);
    };
    view! {
        <div class="kiosk-idle" data-kiosk-idle="" data-hydrated=move || hydrated.get().then_some("true")>
            <div class="container kiosk-idle__panel" role="alert" hidden=move || left.get().is_none()>
                <h2 class="kiosk-idle__title">{title}</h2>
                <p class="kiosk-idle__text">
                    {move || left.get().map(|n| texts_for_count.render(
                        "kiosk-idle-text",
                        &[domain::MessageArg { name: "count".into(), value: n.to_string() }],
                    ))}
                </p>
                <button class="button" type="button" on:click=on_continue>{continue_label}</button>
            </div>
        </div>
    }
}

/// Clears what the browser holds for the portal and starts over at `/kiosk/reset`, which
/// clears the rest (cookies, cache) with `Clear-Site-Data`. `replace` keeps the last user's page
/// out of the history's forward entries.
#[cfg(feature = "hydrate")]
fn wipe_and_restart() {
    let window = leptos::prelude::window();
    if let Ok(Some(storage)) = window.local_storage() {
        let _ = storage.clear();
    }
    if let Ok(Some(storage)) = window.session_storage() {
        let _ = storage.clear();
    }
    let _ = window.location().replace(RESET_PATH);
}

/// Which keys a field's on-screen keypad has (the input's `data-keypad` attribute).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeypadKind {
    /// A resident ID number: digits and the check character X (GB 11643).
    IdNumber,
    /// A phone number or any other string of digits.
    Digits,
    /// An amount of money: digits and one decimal point.
    Decimal,
    /// A date: digits and the hyphen (`1958-03-01`; `19580301` is accepted too).
    Date,
}

impl KeypadKind {
    /// The value of the `data-keypad` attribute.
    pub fn attr(self) -> &'static str {
        match self {
            KeypadKind::IdNumber => "id",
            KeypadKind::Digits => "digits",
            KeypadKind::Decimal => "decimal",
            KeypadKind::Date => "date",
        }
    }

    pub fn parse(attr: &str) -> Option<Self> {
        [Self::IdNumber, Self::Digits, Self::Decimal, Self::Date]
            .into_iter()
            .find(|k| k.attr() == attr)
    }

    /// The keypad for a text field by its name and `inputmode`: ID numbers by name (their
    /// inputmode is "text", because of the X), birth dates by name (their inputmode is
    /// "numeric", the nearest a phone has), the rest by inputmode.
    pub fn for_field(name: &str, inputmode: &str) -> Option<Self> {
        if name == "id_number" || name.ends_with(".id_number") {
            return Some(Self::IdNumber);
        }
        if name == "birth_date" || name.ends_with(".birth_date") {
            return Some(Self::Date);
        }
        match inputmode {
            "tel" | "numeric" => Some(Self::Digits),
            "decimal" => Some(Self::Decimal),
            _ => None,
        }
    }

    /// The twelve keys in telephone order, with the kind's extra key left of 0.
    pub fn keys(self) -> [Option<char>; 12] {
        let extra = match self {
            KeypadKind::IdNumber => Some('X'),
            KeypadKind::Digits => None,
            KeypadKind::Decimal => Some('.'),
            KeypadKind::Date => Some('-'),
        };
        [
            Some('1'),
            Some('2'),
            Some('3'),
            Some('4'),
            Some('5'),
            Some('6'),
            Some('7'),
            Some('8'),
            Some('9'),
            extra,
            Some('0'),
            None, // the delete key's place, drawn separately
        ]
    }
}

/// What a keypad key does to a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeypadKey {
    Char(char),
    Delete,
    Clear,
}

/// A field's value after a key, and where the caret goes. `start..end` is the selection in
/// UTF-16 code units (as the DOM gives it, clamped here); `max_len` is the field's maxlength
/// (negative: none), also in UTF-16 units, as the browser counts it.
pub fn keypad_edit(
    value: &str,
    start: usize,
    end: usize,
    key: KeypadKey,
    max_len: i32,
) -> (String, usize) {
    let mut units: Vec<u16> = value.encode_utf16().collect();
    let end = end.min(units.len());
    let start = start.min(end);
    let caret = match key {
        KeypadKey::Clear => {
            units.clear();
            0
        }
        KeypadKey::Delete if start < end => {
            units.drain(start..end);
            start
        }
        KeypadKey::Delete if start > 0 => {
            units.remove(start - 1);
            start - 1
        }
        KeypadKey::Delete => start,
        KeypadKey::Char(c) => {
            let over = max_len >= 0 && units.len() - (end - start) >= max_len as usize;
            // One decimal point at most.
            let second_point = c == '.' && units.contains(&u16::from(b'.'));
            if over || second_point {
                return (value.to_owned(), end);
            }
            let mut buf = [0u16; 2];
            let encoded = c.encode_utf16(&mut buf);
            units.splice(start..end, encoded.iter().copied());
            start + encoded.len()
        }
    };
    (String::from_utf16_lossy(&units), caret)
}

pub const KEYPAD_TEXT_IDS: &[&str] = &[
    "kiosk-keypad-label",
    "kiosk-keypad-delete",
    "kiosk-keypad-clear",
    "kiosk-keypad-done",
];

/// The kiosk's on-screen keypad for ID, phone and amount fields (issue 9). A kiosk may have no
/// keyboard, and the system's on-screen keyboard covers half a portrait screen with letters
/// an ID number never needs; so on a kiosk these fields (marked `data-keypad`) get
/// `inputmode="none"` and this keypad at the bottom of the screen while one has the focus.
///
/// The keys keep the focus in the field (their `mousedown` is cancelled), edit at the caret,
/// respect the field's `maxlength`, and fire an `input` event, so the page's own scripts see
/// the change as if it were typed. A physical keyboard still works.
#[island(lazy)]
pub fn KioskKeypad(texts: MessageTemplates) -> impl IntoView {
    let kind = RwSignal::new(None::<KeypadKind>);
    let hydrated = RwSignal::new(false);
    let label = texts.render("kiosk-keypad-label", &[]);
    let delete_label = texts.render("kiosk-keypad-delete", &[]);
    let clear_label = texts.render("kiosk-keypad-clear", &[]);
    let done_label = texts.render("kiosk-keypad-done", &[]);
    #[cfg(feature = "hydrate")]
    let target = StoredValue::new_local(None::<web_sys::HtmlInputElement>);
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::JsCast;
        Effect::new(move |_| hydrated.set(true));
        let document = leptos::prelude::document();
        if let Ok(fields) = document.query_selector_all("input[data-keypad]") {
            for i in 0..fields.length() {
                if let Some(field) = fields
                    .item(i)
                    .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
                {
                    let _ = field.set_attribute("inputmode", "none");
                }
            }
        }
        let on_focus_in = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::Event)>::new(
            move |ev: web_sys::Event| {
                let Some(element) = ev
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                else {
                    return;
                };
                // Moving to one of the keypad's own keys keeps the field it types into.
                if element
                    .closest("[data-keypad-panel]")
                    .ok()
                    .flatten()
                    .is_some()
                {
                    return;
                }
                let field = element.dyn_into::<web_sys::HtmlInputElement>().ok();
                let found = field
                    .as_ref()
                    .and_then(|f| KeypadKind::parse(&f.get_attribute("data-keypad")?));
                if let (Some(field), Some(_)) = (&field, found) {
                    let _ = field.set_attribute("inputmode", "none");
                    // Room below the page for the keypad, kept once made: were it taken away
                    // when the keypad hides, the page would jump under a finger tapping
                    // "continue", and the tap would miss.
                    if let Some(body) = leptos::prelude::document().body() {
                        let _ = body.set_attribute("data-keypad-room", "");
                    }
                    // Centred, so the keypad (at the bottom) never covers it.
                    let options = web_sys::ScrollIntoViewOptions::new();
                    options.set_block(web_sys::ScrollLogicalPosition::Center);
                    field.scroll_into_view_with_scroll_into_view_options(&options);
                }
                target.set_value(found.and(field));
                kind.set(found);
            },
        );
        let on_focus_out = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::FocusEvent)>::new(
            move |ev: web_sys::FocusEvent| {
                // Focus to nowhere (a tap on the page's background): the keypad goes away.
                if ev.related_target().is_none() {
                    target.set_value(None);
                    kind.set(None);
                }
            },
        );
        for (event, listener) in [
            ("focusin", on_focus_in.as_ref()),
            ("focusout", on_focus_out.as_ref()),
        ] {
            let _ = document.add_event_listener_with_callback(event, listener.unchecked_ref());
        }
        // The page lives as long as the listeners: leak them deliberately.
        on_focus_in.forget();
        on_focus_out.forget();
    }
    let press = move |key: KeypadKey| {
        #[cfg(feature = "hydrate")]
        target.with_value(|field| {
            let Some(field) = field else { return };
            let len = field.value().encode_utf16().count() as u32;
            let start = field.selection_start().ok().flatten().unwrap_or(len) as usize;
            let end = field.selection_end().ok().flatten().unwrap_or(len) as usize;
            let (value, caret) = keypad_edit(&field.value(), start, end, key, field.max_length());
            field.set_value(&value);
            let _ = field.set_selection_range(caret as u32, caret as u32);
            let init = web_sys::EventInit::new();
            init.set_bubbles(true);
            if let Ok(event) = web_sys::Event::new_with_event_init_dict("input", &init) {
                let _ = field.dispatch_event(&event);
            }
        });
        #[cfg(not(feature = "hydrate"))]
        let _ = key;
    };
    let done = move |_: leptos::ev::MouseEvent| {
        #[cfg(feature = "hydrate")]
        target.with_value(|field| {
            if let Some(field) = field {
                let _ = field.blur();
            }
        });
        kind.set(None);
    };
    // The keys must not take the focus from the field.
    let keep_focus = |ev: leptos::ev::MouseEvent| ev.prevent_default();
    view! {
        <div class="keypad" data-keypad-panel="" role="group" aria-label=label
            data-hydrated=move || hydrated.get().then_some("true")
            data-kind=move || kind.get().map(KeypadKind::attr)
            hidden=move || kind.get().is_none()>
            <div class="keypad__keys">
                {move || kind.get().map(|k| k.keys().into_iter().enumerate().map(|(i, key)| match (i, key) {
                    (11, _) => view! {
                        <button class="keypad__key keypad__key--delete" type="button"
                            aria-label=delete_label.clone() data-key="delete"
                            on:mousedown=keep_focus on:click=move |_| press(KeypadKey::Delete)>
                            <span aria-hidden="true">"⌫"</span>
                        </button>
                    }.into_any(),
                    (_, Some(c)) => view! {
                        <button class="keypad__key" type="button" data-key=c.to_string()
                            on:mousedown=keep_focus on:click=move |_| press(KeypadKey::Char(c))>
                            {c.to_string()}
                        </button>
                    }.into_any(),
                    (_, None) => view! { <span class="keypad__gap"></span> }.into_any(),
                }).collect_view())}
            </div>
            <div class="keypad__actions">
                <button class="button button--secondary keypad__action" type="button" data-key="clear"
                    on:mousedown=keep_focus on:click=move |_| press(KeypadKey::Clear)>{clear_label}</button>
                <button class="button keypad__action" type="button" data-key="done"
                    on:mousedown=keep_focus on:click=done>{done_label}</button>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_insert_at_the_caret_and_respect_maxlength() {
        let c = |ch| KeypadKey::Char(ch);
        assert_eq!(keypad_edit("", 0, 0, c('3'), 18), ("3".into(), 1));
        assert_eq!(keypad_edit("1245", 2, 2, c('3'), 18), ("12345".into(), 3));
        // A selection is replaced.
        assert_eq!(keypad_edit("12999", 2, 5, c('3'), 18), ("123".into(), 3));
        // Full: nothing changes, the caret stays at the end of the selection.
        assert_eq!(keypad_edit("123", 1, 1, c('4'), 3), ("123".into(), 1));
        // Replacing a selection in a full field is allowed.
        assert_eq!(keypad_edit("123", 0, 3, c('4'), 3), ("4".into(), 1));
        // No maxlength.
        assert_eq!(keypad_edit("123", 3, 3, c('4'), -1), ("1234".into(), 4));
        // One decimal point.
        assert_eq!(keypad_edit("1.5", 3, 3, c('.'), -1), ("1.5".into(), 3));
        assert_eq!(keypad_edit("15", 1, 1, c('.'), -1), ("1.5".into(), 2));
        // Out-of-range selections (a stale caret) are clamped.
        assert_eq!(keypad_edit("12", 9, 9, c('3'), -1), ("123".into(), 3));
    }

    #[test]
    fn delete_and_clear() {
        assert_eq!(
            keypad_edit("123", 3, 3, KeypadKey::Delete, -1),
            ("12".into(), 2)
        );
        assert_eq!(
            keypad_edit("123", 1, 1, KeypadKey::Delete, -1),
            ("23".into(), 0)
        );
        assert_eq!(
            keypad_edit("123", 0, 0, KeypadKey::Delete, -1),
            ("123".into(), 0)
        );
        assert_eq!(
            keypad_edit("12345", 1, 4, KeypadKey::Delete, -1),
            ("15".into(), 1)
        );
        assert_eq!(
            keypad_edit("123", 2, 2, KeypadKey::Clear, -1),
            ("".into(), 0)
        );
        // Positions are UTF-16 units, as the DOM counts them: a name typed before is kept whole.
        assert_eq!(
            keypad_edit("张1", 1, 1, KeypadKey::Delete, -1),
            ("1".into(), 0)
        );
        assert_eq!(
            keypad_edit("😀1", 2, 2, KeypadKey::Char('2'), -1),
            ("😀21".into(), 3)
        );
    }

    #[test]
    fn fields_get_the_keypad_they_need() {
        assert_eq!(
            KeypadKind::for_field("id_number", "text"),
            Some(KeypadKind::IdNumber)
        );
        assert_eq!(
            KeypadKind::for_field("members[1].id_number", "text"),
            Some(KeypadKind::IdNumber)
        );
        assert_eq!(
            KeypadKind::for_field("mobile", "tel"),
            Some(KeypadKind::Digits)
        );
        assert_eq!(
            KeypadKind::for_field("amount", "decimal"),
            Some(KeypadKind::Decimal)
        );
        assert_eq!(
            KeypadKind::for_field("members[0].birth_date", "numeric"),
            Some(KeypadKind::Date)
        );
        assert_eq!(
            KeypadKind::for_field("party_b.birth_date", "numeric"),
            Some(KeypadKind::Date)
        );
        assert_eq!(KeypadKind::for_field("name", "text"), None);
        // Passports have letters: the marriage document number keeps the full keyboard.
        assert_eq!(
            KeypadKind::for_field("party_a.document_number", "text"),
            None
        );
        for kind in [
            KeypadKind::IdNumber,
            KeypadKind::Digits,
            KeypadKind::Decimal,
            KeypadKind::Date,
        ] {
            assert_eq!(KeypadKind::parse(kind.attr()), Some(kind));
            assert_eq!(
                kind.keys()
                    .iter()
                    .flatten()
                    .filter(|c| c.is_ascii_digit())
                    .count(),
                10
            );
        }
        assert_eq!(KeypadKind::keys(KeypadKind::IdNumber)[9], Some('X'));
    }
}
