//! The kiosk's idle timer (issue 9; DESIGN.md §6). A service-hall kiosk is shared by strangers:
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
