//! Check-in by camera at the registration desk (issue 8): reads the QR code on the couple's
//! phone or printout with the browser's `BarcodeDetector` and the device camera, puts the
//! booking code into the typed field and submits the check-in form — the same post as typing
//! it. Offered only where the browser has both (Chrome on Android and ChromeOS, Safari 17+ …);
//! elsewhere the button never appears and the field is typed, or filled by a handheld scanner,
//! which types like a keyboard.
//!
//! The detector and the camera are reached through `js_sys::Reflect` rather than web-sys
//! bindings: `BarcodeDetector` is not in web-sys's stable API, and the few calls needed do not
//! justify the extra generated bindings in the bundle.

use leptos::prelude::*;

use super::MessageTemplates;

pub const TEXT_IDS: &[&str] = &[
    "staff-marriage-scan",
    "staff-marriage-scan-stop",
    "staff-marriage-scan-failed",
];

#[cfg(feature = "hydrate")]
mod camera {
    use js_sys::{Array, Function, Object, Promise, Reflect};
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;

    fn get(target: &JsValue, key: &str) -> Option<JsValue> {
        Reflect::get(target, &JsValue::from_str(key))
            .ok()
            .filter(|v| !v.is_undefined() && !v.is_null())
    }

    async fn call(target: &JsValue, method: &str, args: &[&JsValue]) -> Result<JsValue, JsValue> {
        let f: Function = get(target, method)
            .ok_or_else(|| JsValue::from_str(method))?
            .dyn_into()?;
        let array = Array::new();
        for a in args {
            array.push(a);
        }
        let out = Reflect::apply(&f, target, &array)?;
        match out.dyn_into::<Promise>() {
            Ok(p) => JsFuture::from(p).await,
            Err(v) => Ok(v),
        }
    }

    /// Whether this browser can scan: a `BarcodeDetector` and a camera API.
    pub fn supported() -> bool {
        let window: JsValue = leptos::prelude::window().into();
        get(&window, "BarcodeDetector").is_some()
            && get(&window, "navigator")
                .and_then(|n| get(&n, "mediaDevices"))
                .is_some_and(|m| get(&m, "getUserMedia").is_some())
    }

    /// A running scan: the camera stream and the detector.
    pub struct Scan {
        pub stream: JsValue,
        detector: JsValue,
    }

    impl Scan {
        /// Opens the back camera into `video` and makes a QR detector.
        pub async fn start(video: &web_sys::HtmlElement) -> Result<Scan, JsValue> {
            let window: JsValue = leptos::prelude::window().into();
            let ctor: Function = get(&window, "BarcodeDetector")
                .ok_or_else(|| JsValue::from_str("BarcodeDetector"))?
                .dyn_into()?;
            let options = Object::new();
            Reflect::set(&options, &"formats".into(), &Array::of1(&"qr_code".into()))?;
            let detector = Reflect::construct(&ctor, &Array::of1(&options))?;
            let media = get(&window, "navigator")
                .and_then(|n| get(&n, "mediaDevices"))
                .ok_or_else(|| JsValue::from_str("mediaDevices"))?;
            let constraints = Object::new();
            let video_constraints = Object::new();
            Reflect::set(
                &video_constraints,
                &"facingMode".into(),
                &"environment".into(),
            )?;
            Reflect::set(&constraints, &"video".into(), &video_constraints)?;
            Reflect::set(&constraints, &"audio".into(), &JsValue::FALSE)?;
            let stream = call(&media, "getUserMedia", &[&constraints]).await?;
            Reflect::set(video, &"srcObject".into(), &stream)?;
            call(video, "play", &[]).await?;
            Ok(Scan { stream, detector })
        }

        /// The first QR code's text in the current frame, if any.
        pub async fn detect(&self, video: &web_sys::HtmlElement) -> Option<String> {
            let found = call(&self.detector, "detect", &[video]).await.ok()?;
            let first = Array::from(&found).get(0);
            get(&first, "rawValue")?.as_string()
        }

        pub fn stop(&self) {
            if let Ok(tracks) = call_sync(&self.stream, "getTracks") {
                for t in Array::from(&tracks).iter() {
                    let _ = call_sync(&t, "stop");
                }
            }
        }
    }

    fn call_sync(target: &JsValue, method: &str) -> Result<JsValue, JsValue> {
        let f: Function = get(target, method)
            .ok_or_else(|| JsValue::from_str(method))?
            .dyn_into()?;
        Reflect::apply(&f, target, &Array::new())
    }

    /// Waits `ms` milliseconds.
    pub async fn sleep(ms: i32) {
        let promise = Promise::new(&mut |resolve, _| {
            let _ = leptos::prelude::window()
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        });
        let _ = JsFuture::from(promise).await;
    }
}

/// The camera button for the check-in form whose code input has the id `input_id`.
#[island(lazy)]
pub fn QrScanner(texts: MessageTemplates, input_id: String) -> impl IntoView {
    let supported = RwSignal::new(false);
    let scanning = RwSignal::new(false);
    let failed = RwSignal::new(false);
    let video = NodeRef::<leptos::html::Video>::new();
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        supported.set(camera::supported());
    });
    let label = texts.render("staff-marriage-scan", &[]);
    let stop_label = texts.render("staff-marriage-scan-stop", &[]);
    let failed_text = texts.render("staff-marriage-scan-failed", &[]);
    let start = move |_| {
        #[cfg(feature = "hydrate")]
        {
            use wasm_bindgen::JsCast;
            let input_id = input_id.clone();
            scanning.set(true);
            failed.set(false);
            leptos::task::spawn_local(async move {
                let Some(element) = video.get_untracked() else {
                    return;
                };
                let element: web_sys::HtmlElement = element.unchecked_into();
                let scan = match camera::Scan::start(&element).await {
                    Ok(s) => s,
                    Err(_) => {
                        failed.set(true);
                        scanning.set(false);
                        return;
                    }
                };
                // About four frames a second for at most two minutes.
                for _ in 0..480 {
                    if !scanning.get_untracked() {
                        break;
                    }
                    if let Some(code) = scan.detect(&element).await {
                        let document = leptos::prelude::document();
                        if let Some(input) = document
                            .get_element_by_id(&input_id)
                            .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
                        {
                            // A QR code holds only the booking code; anything else is left for
                            // the server's parse to refuse with its message.
                            input.set_value(&code.chars().take(32).collect::<String>());
                            scan.stop();
                            scanning.set(false);
                            if let Some(form) = input.form() {
                                let _ = form.request_submit();
                            }
                            return;
                        }
                    }
                    camera::sleep(250).await;
                }
                scan.stop();
                scanning.set(false);
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = &input_id;
    };
    view! {
        <div class="scanner" data-scanner="" data-supported=move || supported.get().then_some("true")>
            <button class="button button--secondary" type="button" hidden=move || !supported.get() || scanning.get() on:click=start>
                {label}
            </button>
            <button class="button button--secondary" type="button" hidden=move || !scanning.get() on:click=move |_| scanning.set(false)>
                {stop_label}
            </button>
            <video class="scanner__video" node_ref=video hidden=move || !scanning.get() muted=true playsinline=true aria-hidden="true"></video>
            <p class="error-message" role="alert" hidden=move || !failed.get()>{failed_text}</p>
        </div>
    }
}
