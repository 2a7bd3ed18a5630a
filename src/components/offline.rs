//! "Lưu để dùng ngoại tuyến (N MB)" / "Save for offline (N MB)": the full app's button that keeps every file of the
//! build (the boundaries of every map, ECharts' map part) for use with no network, with a progress bar, a
//! confirmation and a retry. The work is done by the service worker (`sw/sw.js`) through the small helper of
//! `sw/sw-register.js` (`window.chisoOffline`, `chiso:offline` events); this component only shows its state.
//! Nothing is shown where there is no service worker (embeds, `file://`, the single file, old browsers).

use chiso_core::format;
use chiso_core::i18n::{t, Lang, Msg};
use chiso_core::state::ExplorerState;
use chiso_core::tr;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

/// What `sw-register.js` reports about saving for offline (sizes in bytes, gzip).
#[derive(Clone, Debug, PartialEq)]
pub enum OfflineState {
    /// No service worker here: nothing to show.
    Off,
    /// Not known yet (the worker is not registered yet): the button without a size.
    Idle,
    /// `missing` bytes are not saved yet.
    Ready { missing: f64 },
    /// Saving: `done` of `total` bytes.
    Saving { done: f64, total: f64 },
    /// Every file of the build is saved.
    Saved,
    /// Saving failed (network lost, storage full): the reader can retry.
    Error,
}

impl OfflineState {
    /// The state from the helper's fields (`phase`, `missing`, `done`, `total`); an unknown phase is `Off`.
    pub fn from_parts(phase: &str, missing: Option<f64>, done: Option<f64>, total: Option<f64>) -> OfflineState {
        match phase {
            "idle" => OfflineState::Idle,
            "ready" => match missing {
                Some(m) if m > 0.0 => OfflineState::Ready { missing: m },
                Some(_) => OfflineState::Saved,
                None => OfflineState::Idle,
            },
            "saving" => OfflineState::Saving { done: done.unwrap_or(0.0), total: total.unwrap_or(0.0) },
            "saved" => OfflineState::Saved,
            "error" => OfflineState::Error,
            _ => OfflineState::Off,
        }
    }

    /// The share saved so far, 0–100 (0 when the total is not known).
    pub fn percent(done: f64, total: f64) -> f64 {
        if total > 0.0 {
            (done / total * 100.0).clamp(0.0, 100.0).floor()
        } else {
            0.0
        }
    }
}

/// `bytes` in MB with one decimal in the reader's language ("1,2" / "1.2"), at least 0.1.
pub fn megabytes(bytes: f64, lang: Lang) -> String {
    format::number((bytes / 1_000_000.0).max(0.1), Some(1), lang)
}

/// `window.chisoOffline`, when sw-register.js set it up.
fn helper() -> Option<JsValue> {
    let window = web_sys::window()?;
    js_sys::Reflect::get(&window, &JsValue::from_str("chisoOffline")).ok().filter(|h| h.is_object())
}

fn field(v: &JsValue, name: &str) -> Option<f64> {
    js_sys::Reflect::get(v, &JsValue::from_str(name)).ok()?.as_f64()
}

/// Reads a state object of the helper.
fn read(v: &JsValue) -> OfflineState {
    let phase = js_sys::Reflect::get(v, &JsValue::from_str("phase")).ok().and_then(|p| p.as_string());
    OfflineState::from_parts(&phase.unwrap_or_default(), field(v, "missing"), field(v, "done"), field(v, "total"))
}

/// Calls a method of the helper with no argument; `None` when it is missing or throws.
fn call(method: &str) -> Option<JsValue> {
    let h = helper()?;
    let f = js_sys::Reflect::get(&h, &JsValue::from_str(method)).ok()?.dyn_into::<js_sys::Function>().ok()?;
    f.call0(&h).ok()
}

/// The "Save for offline" button and its progress, for the header of the full app.
#[component]
pub fn OfflineSave(state: RwSignal<ExplorerState>) -> impl IntoView {
    let lang = Memo::new(move |_| state.with(|s| s.lang));
    let status = RwSignal::new(call("state").map_or(OfflineState::Off, |s| read(&s)));
    let listener = window_event_listener_untyped("chiso:offline", move |e| {
        if let Ok(detail) = js_sys::Reflect::get(e.as_ref(), &JsValue::from_str("detail")) {
            status.set(read(&detail));
        }
    });
    on_cleanup(move || listener.remove());
    let save = move |_| {
        let _ = call("save");
    };

    move || {
        let lang = lang.get();
        match status.get() {
            OfflineState::Off => ().into_any(),
            OfflineState::Idle => view! {
                <button class="offline-save" type="button" on:click=save>
                    {t(Msg::SaveOffline, lang)}
                </button>
            }
            .into_any(),
            OfflineState::Ready { missing } => {
                let mb = megabytes(missing, lang);
                view! {
                    <button class="offline-save" type="button" on:click=save>
                        {tr!(lang, "Lưu để dùng ngoại tuyến ({mb} MB)", "Save for offline ({mb} MB)", mb = mb)}
                    </button>
                }
                .into_any()
            }
            OfflineState::Saving { done, total } => {
                let pct = OfflineState::percent(done, total);
                let label = tr!(lang, "Đang lưu để dùng ngoại tuyến", "Saving for offline");
                view! {
                    <span class="offline-status" role="status" data-testid="offline-status">
                        <progress max="100" value=pct aria-label=label></progress>
                        {tr!(lang, "Đang lưu… {pct}%", "Saving… {pct}%", pct = pct)}
                    </span>
                }
                .into_any()
            }
            OfflineState::Saved => view! {
                <span class="offline-status" role="status" data-testid="offline-status">
                    {tr!(lang, "✓ Đã lưu, dùng được khi mất mạng", "✓ Saved, works with no connection")}
                </span>
            }
            .into_any(),
            OfflineState::Error => view! {
                <span class="offline-status" role="alert" data-testid="offline-status">
                    {tr!(lang, "Chưa lưu được — kiểm tra kết nối. ", "Could not save — check the connection. ")}
                    <button class="offline-save" type="button" on:click=save>
                        {tr!(lang, "Thử lại", "Retry")}
                    </button>
                </span>
            }
            .into_any(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_helper_phases_become_states_and_nothing_is_shown_for_an_unknown_one() {
        assert_eq!(OfflineState::from_parts("ready", Some(1.5e6), None, None), OfflineState::Ready { missing: 1.5e6 });
        assert_eq!(OfflineState::from_parts("ready", Some(0.0), None, None), OfflineState::Saved);
        assert_eq!(OfflineState::from_parts("ready", None, None, None), OfflineState::Idle);
        assert_eq!(
            OfflineState::from_parts("saving", None, Some(5.0), Some(10.0)),
            OfflineState::Saving { done: 5.0, total: 10.0 }
        );
        assert_eq!(OfflineState::from_parts("error", None, None, None), OfflineState::Error);
        assert_eq!(OfflineState::from_parts("off", None, None, None), OfflineState::Off);
        assert_eq!(OfflineState::from_parts("", None, None, None), OfflineState::Off);
    }

    #[test]
    fn sizes_are_megabytes_with_the_reader_s_decimal_separator_and_progress_never_passes_100() {
        assert_eq!(megabytes(1_234_567.0, Lang::Vi), "1,2");
        assert_eq!(megabytes(1_234_567.0, Lang::En), "1.2");
        assert_eq!(megabytes(10.0, Lang::En), "0.1");
        assert_eq!(OfflineState::percent(5.0, 10.0), 50.0);
        assert_eq!(OfflineState::percent(12.0, 10.0), 100.0);
        assert_eq!(OfflineState::percent(1.0, 0.0), 0.0);
    }
}
