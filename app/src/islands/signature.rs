//! The signature pad: a canvas the signer draws on with a finger, stylus or mouse. What is
//! kept is the strokes themselves (points in the pad's 1000 × 400 box, the text format of
//! [`domain::application::Strokes`]) in a hidden input, so the server re-parses exactly what
//! was drawn, stores it with the commitment's version and hash, and can draw it again on the
//! receipt and for staff. No image is made in the browser.
//!
//! Without JavaScript the canvas cannot be drawn on: the page says so, and the typed name and
//! the rest of the application still work; the signature can then be given at the office.

use domain::application::{Strokes, MAX_POINTS, MAX_STROKES, PAD_HEIGHT, PAD_WIDTH};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::MessageTemplates;

/// Messages the pad shows (translated on the server).
pub const TEXT_IDS: &[&str] = &[
    "apply-pad-label",
    "apply-pad-clear",
    "apply-pad-empty",
    "apply-pad-signed",
    "apply-pad-noscript",
];

/// Points closer than this (in pad units) to the previous one add nothing visible.
const MIN_STEP: i32 = 4;

type Lines = Vec<Vec<(u16, u16)>>;

fn context(canvas: &web_sys::HtmlCanvasElement) -> Option<web_sys::CanvasRenderingContext2d> {
    canvas.get_context("2d").ok()??.dyn_into().ok()
}

fn pen(ctx: &web_sys::CanvasRenderingContext2d) {
    ctx.set_line_width(6.0);
    ctx.set_line_cap("round");
    ctx.set_line_join("round");
    ctx.set_stroke_style_str("#0b0c0c");
}

fn redraw(canvas: &web_sys::HtmlCanvasElement, lines: &Lines) {
    let Some(ctx) = context(canvas) else { return };
    ctx.clear_rect(0.0, 0.0, f64::from(PAD_WIDTH), f64::from(PAD_HEIGHT));
    pen(&ctx);
    for line in lines {
        ctx.begin_path();
        for (k, (x, y)) in line.iter().enumerate() {
            let (x, y) = (f64::from(*x), f64::from(*y));
            if k == 0 {
                ctx.move_to(x, y);
                // A dot still shows.
                ctx.line_to(x + 0.1, y);
            } else {
                ctx.line_to(x, y);
            }
        }
        ctx.stroke();
    }
}

/// The pointer's position in pad units, whatever size the canvas is shown at.
fn pad_point(canvas: &web_sys::HtmlCanvasElement, ev: &web_sys::PointerEvent) -> (u16, u16) {
    let rect = canvas.get_bounding_client_rect();
    let scale = |v: f64, size: f64, max: u16| -> u16 {
        if size <= 0.0 {
            return 0;
        }
        (v / size * f64::from(max))
            .round()
            .clamp(0.0, f64::from(max)) as u16
    };
    (
        scale(
            f64::from(ev.client_x()) - rect.left(),
            rect.width(),
            PAD_WIDTH,
        ),
        scale(
            f64::from(ev.client_y()) - rect.top(),
            rect.height(),
            PAD_HEIGHT,
        ),
    )
}

#[island(lazy)]
pub fn SignaturePad(index: usize, strokes: String, texts: MessageTemplates) -> impl IntoView {
    let name = format!("signatures[{index}].strokes");
    let texts = StoredValue::new(texts);
    // Set once running in the browser (tests and styles can tell a live island).
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let tr = move |id: &str| texts.with_value(|t| t.render(id, &[]));
    let initial: Lines = Strokes::parse(&strokes)
        .map(|s| s.strokes().to_vec())
        .unwrap_or_default();
    let value = RwSignal::new(Strokes::encode_lines(&initial));
    let lines = StoredValue::new(initial);
    let drawing = StoredValue::new(false);
    let canvas = NodeRef::<leptos::html::Canvas>::new();

    // Draw what was signed before the page was (re)rendered by the server.
    Effect::new(move |_| {
        if let Some(c) = canvas.get() {
            lines.with_value(|l| redraw(&c, l));
        }
    });

    let down = move |ev: web_sys::PointerEvent| {
        let Some(c) = canvas.get() else { return };
        ev.prevent_default();
        let _ = c.set_pointer_capture(ev.pointer_id());
        let room = lines.with_value(|l| {
            l.len() < MAX_STROKES && l.iter().map(Vec::len).sum::<usize>() < MAX_POINTS
        });
        if !room {
            return;
        }
        let p = pad_point(&c, &ev);
        lines.update_value(|l| l.push(vec![p]));
        drawing.set_value(true);
        lines.with_value(|l| redraw(&c, l));
    };
    let moved = move |ev: web_sys::PointerEvent| {
        if !drawing.get_value() {
            return;
        }
        let Some(c) = canvas.get() else { return };
        ev.prevent_default();
        let p = pad_point(&c, &ev);
        let full = lines.with_value(|l| l.iter().map(Vec::len).sum::<usize>() >= MAX_POINTS);
        let Some(last) = lines.with_value(|l| l.last().and_then(|s| s.last().copied())) else {
            return;
        };
        let (dx, dy) = (
            i32::from(p.0) - i32::from(last.0),
            i32::from(p.1) - i32::from(last.1),
        );
        if full || dx.abs().max(dy.abs()) < MIN_STEP {
            return;
        }
        lines.update_value(|l| {
            if let Some(s) = l.last_mut() {
                s.push(p);
            }
        });
        if let Some(ctx) = context(&c) {
            pen(&ctx);
            ctx.begin_path();
            ctx.move_to(f64::from(last.0), f64::from(last.1));
            ctx.line_to(f64::from(p.0), f64::from(p.1));
            ctx.stroke();
        }
    };
    let up = move |_: web_sys::PointerEvent| {
        if drawing.get_value() {
            drawing.set_value(false);
            value.set(lines.with_value(|l| Strokes::encode_lines(l)));
        }
    };
    let clear = move |_| {
        lines.set_value(Vec::new());
        value.set(String::new());
        if let Some(c) = canvas.get() {
            redraw(&c, &Vec::new());
        }
    };
    view! {
        <div class="signature-pad" data-pad=index data-hydrated=move || hydrated.get().then_some("true")>
            <canvas
                class="signature-pad__canvas"
                id=format!("field-signatures[{index}].strokes")
                width=PAD_WIDTH
                height=PAD_HEIGHT
                node_ref=canvas
                role="img"
                aria-label=tr("apply-pad-label")
                on:pointerdown=down
                on:pointermove=moved
                on:pointerup=up
                on:pointercancel=up
            ></canvas>
            <input type="hidden" name=name prop:value=move || value.get() value=value.get_untracked()/>
            <p class="signature-pad__status" aria-live="polite">
                {move || if value.with(String::is_empty) { tr("apply-pad-empty") } else { tr("apply-pad-signed") }}
            </p>
            <button class="button button--secondary button--small" type="button" on:click=clear>
                {tr("apply-pad-clear")}
            </button>
            <noscript><p class="hint">{tr("apply-pad-noscript")}</p></noscript>
        </div>
    }
}
