//! The filter panel: level, indicator (grouped by theme, with its measure, and others of the same measure to
//! compare), places (multi-select with a search that ignores case and diacritics) and the year range. Choices
//! without figures stay visible, marked "no data".

use chiso_core::i18n::{level_label, measure_label, t, Lang, Msg};
use chiso_core::model::{Level, Measure};
use chiso_core::query::Db;
use chiso_core::state::ExplorerState;
use chiso_core::tr;
use leptos::prelude::*;
use std::sync::Arc;

/// Most places listed at once; the search narrows the rest.
const LIST_MAX: usize = 60;

/// The filter panel.
#[component]
pub fn Controls(
    db: Arc<Db>,
    state: RwSignal<ExplorerState>,
    /// Whether the drawer is open (phones); ignored on wide screens, where the panel always shows.
    #[prop(optional)]
    open: Option<RwSignal<bool>>,
) -> impl IntoView {
    let lang = Memo::new(move |_| state.with(|s| s.lang));
    // The place picker and the year range are built in a task of their own after the rest: two short tasks block
    // a tap on a phone for less than one long one.
    let rest = super::next_task();
    let db_rest = db.clone();
    view! {
        <aside
            id="filters"
            class="controls"
            class:open=move || open.is_some_and(|o| o.get())
            aria-label=move || t(Msg::Filters, lang.get())
        >
            <LevelSelect db=db.clone() state lang />
            <IndicatorSelect db=db.clone() state lang />
            {move || {
                rest.get().then(|| {
                    let db = db_rest.clone();
                    view! {
                        <PlacePicker db=db.clone() state lang />
                        <YearRange db state lang />
                    }
                })
            }}
        </aside>
    }
}

#[component]
fn LevelSelect(db: Arc<Db>, state: RwSignal<ExplorerState>, lang: Memo<Lang>) -> impl IntoView {
    let options = move || {
        let current = state.with(|s| s.level);
        let primary = state.with(|s| s.primary_indicator().to_string());
        Level::ALL
            .into_iter()
            .map(|l| {
                let no_data = !db.has_data_at_level(&primary, l);
                let label = if no_data {
                    format!("{} — {}", level_label(l, lang.get()), t(Msg::NoData, lang.get()))
                } else {
                    level_label(l, lang.get()).to_string()
                };
                view! { <option value=l.id() selected=l == current>{label}</option> }
            })
            .collect_view()
    };
    view! {
        <div class="field">
            <label for="level">{move || t(Msg::Level, lang.get())}</label>
            <select
                id="level"
                on:change=move |ev| {
                    if let Some(l) = Level::from_id(&event_target_value(&ev)) {
                        state.update(|s| s.set_level(l));
                    }
                }
            >
                {options}
            </select>
        </div>
    }
}

#[component]
fn IndicatorSelect(db: Arc<Db>, state: RwSignal<ExplorerState>, lang: Memo<Lang>) -> impl IntoView {
    let db2 = db.clone();
    let db3 = db.clone();
    let db4 = db.clone();
    let db5 = db.clone();
    let db6 = db.clone();
    // Options of one <select>: indicators grouped by theme; `only` keeps those of one measure.
    let groups = move |selected: String, only: Option<Measure>, skip: Vec<String>| {
        let lang = lang.get();
        let level = state.with(|s| s.level);
        db.indicator_groups()
            .into_iter()
            .map(|(theme, list)| {
                let opts = list
                    .into_iter()
                    .filter(|i| only.is_none_or(|m| i.measure == m) && !skip.contains(&i.id))
                    .map(|i| {
                        let mut label = format!("{} ({})", i.name.get(lang), measure_label(i.measure, lang));
                        if !db.has_data_at_level(&i.id, level) {
                            label.push_str(&format!(" — {}", t(Msg::NoData, lang)));
                        }
                        view! { <option value=i.id.clone() selected=i.id == selected>{label}</option> }
                    })
                    .collect_view();
                view! { <optgroup label=theme.name.get(lang).to_string()>{opts}</optgroup> }
            })
            .collect_view()
    };
    let groups2 = groups.clone();
    let description = move || {
        let id = state.with(|s| s.primary_indicator().to_string());
        db2.indicator(&id).map(|i| {
            let lang = lang.get();
            let hint = match i.higher_is_better {
                Some(true) => Some(t(Msg::HigherIsBetter, lang)),
                Some(false) => Some(t(Msg::LowerIsBetter, lang)),
                None => None,
            };
            view! {
                <p class="hint">{i.description.get(lang).to_string()} {hint.map(|h| view! { " " <em>{h}</em> })}</p>
            }
        })
    };
    let extras = move || {
        let lang = lang.get();
        state
            .with(|s| s.indicators.iter().skip(1).cloned().collect::<Vec<_>>())
            .into_iter()
            .filter_map(|id| db3.indicator(&id).map(|i| (id, i.name.get(lang).to_string())))
            .enumerate()
            .map(|(n, (id, name))| {
                let remove = format!("{} {}", t(Msg::Remove, lang), name);
                // Removed, the chip hands focus to the one taking its place, the last one, or the select.
                let next = format!(
                    ".indicator-chips li:nth-child({}) button;.indicator-chips li:last-child button;#compare",
                    n + 1
                );
                view! {
                    <li class="chip">
                        {name}
                        <button
                            type="button"
                            aria-label=remove
                            data-focus-next=next
                            on:click=move |_| state.update(|s| s.remove_indicator(&id))
                        >
                            "×"
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    let compare_label = move || tr!(lang.get(), "So sánh với chỉ số khác", "Compare with another indicator");
    // The chosen indicator in full: long names (up to 75 letters) wrap here instead of being cut in the closed
    // select, which lies transparent on top and stays the control (keyboard, screen readers, the native list).
    let face = move || {
        let lang = lang.get();
        let id = state.with(|s| s.primary_indicator().to_string());
        db6.indicator(&id).map(|i| format!("{} ({})", i.name.get(lang), measure_label(i.measure, lang)))
    };
    view! {
        <div class="field">
            <label for="indicator">{move || t(Msg::Indicator, lang.get())}</label>
            <div class="select-face">
                <span class="face" aria-hidden="true">{face}</span>
                <select
                    id="indicator"
                    on:change=move |ev| {
                        let id = event_target_value(&ev);
                        state.update(|s| s.set_indicator(&id));
                    }
                >
                    {move || groups(state.with(|s| s.primary_indicator().to_string()), None, vec![])}
                </select>
            </div>
            {description}
            <ul class="chips indicator-chips" aria-live="polite">{extras}</ul>
            <label for="compare" class="secondary-label">{compare_label}</label>
            <select
                id="compare"
                on:change=move |ev| {
                    let id = event_target_value(&ev);
                    if !id.is_empty() {
                        state.update(|s| {
                            db5.compare_indicator(s, &id);
                        });
                    }
                }
            >
                <option value="" selected=true>"—"</option>
                {move || {
                    let (primary, taken) = state.with(|s| (s.primary_indicator().to_string(), s.indicators.clone()));
                    let measure = db4.indicator(&primary).map(|i| i.measure);
                    groups2(String::new(), measure, taken)
                }}
            </select>
        </div>
    }
}

#[component]
fn PlacePicker(db: Arc<Db>, state: RwSignal<ExplorerState>, lang: Memo<Lang>) -> impl IntoView {
    let query = RwSignal::new(String::new());
    let db2 = db.clone();
    let chips = move || {
        let lang = lang.get();
        let places = state.with(|s| s.places.clone());
        places
            .into_iter()
            .filter_map(|l| db2.place(&l).map(|p| (l, p.name(lang))))
            .enumerate()
            .map(|(n, (l, name))| {
                let remove = format!("{} {}", t(Msg::Remove, lang), name);
                let next = format!(
                    ".place-chips li:nth-child({}) button;.place-chips li:last-child button;#place-search",
                    n + 1
                );
                view! {
                    <li class="chip">
                        {name}
                        <button
                            type="button"
                            aria-label=remove
                            data-focus-next=next
                            on:click=move |_| state.update(|s| s.toggle_place(&l))
                        >
                            "×"
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    let list = move || {
        let lang = lang.get();
        let (level, parent, primary, chosen) =
            state.with(|s| (s.level, s.parent.clone(), s.primary_indicator().to_string(), s.places.clone()));
        let found = db.search_places(level, parent.as_deref(), &query.get());
        let total = found.len();
        let items = found
            .into_iter()
            .take(LIST_MAX)
            .map(|p| {
                let lineage = p.lineage.to_string();
                let checked = chosen.contains(&lineage);
                let no_data = !db.has_data(&primary, &lineage);
                let name = p.name(lang);
                let span = period_span(p.first, p.latest, lang);
                view! {
                    <li class:nodata=no_data>
                        <label>
                            // The list is drawn again on each change: focus goes to this box's successor.
                            <input
                                type="checkbox"
                                value=lineage.clone()
                                data-focus-next=format!(".place-list input[value='{lineage}']")
                                prop:checked=checked
                                on:change=move |_| state.update(|s| s.toggle_place(&lineage))
                            />
                            <span class="place-name">{name}</span>
                            {span.map(|s| view! { <span class="span">{s}</span> })}
                            {no_data.then(|| view! { <span class="badge">{t(Msg::NoData, lang)}</span> })}
                        </label>
                    </li>
                }
            })
            .collect_view();
        let more = (total > LIST_MAX).then(|| {
            let text = tr!(
                lang,
                "… và {n} đơn vị khác; gõ để thu hẹp",
                "… and {n} more; type to narrow",
                n = total - LIST_MAX
            );
            view! { <li class="more">{text}</li> }
        });
        let none = (total == 0).then(|| view! { <li class="more">{t(Msg::NoMatches, lang)}</li> });
        view! { {items} {more} {none} }
    };
    view! {
        <fieldset class="field places">
            <legend>{move || t(Msg::Units, lang.get())}</legend>
            <ul class="chips place-chips" aria-live="polite">{chips}</ul>
            <p class="hint">
                {move || {
                    if state.with(|s| s.places.is_empty()) {
                        tr!(lang.get(), "Chưa chọn: hiển thị mọi đơn vị có số liệu.", "None chosen: every unit with figures is shown.")
                    } else {
                        ""
                    }
                }}
            </p>
            <input
                type="search"
                id="place-search"
                class="place-search"
                aria-label=move || t(Msg::SearchUnits, lang.get())
                placeholder=move || t(Msg::SearchUnits, lang.get())
                prop:value=move || query.get()
                on:input=move |ev| query.set(event_target_value(&ev))
            />
            <ul class="place-list">{list}</ul>
            // Only with something to clear; once used it hides, and focus goes back to the search.
            <button
                type="button"
                class="link"
                data-focus-next="#place-search"
                on:click=move |_| state.update(ExplorerState::clear_places)
                hidden=move || state.with(|s| s.places.is_empty())
            >
                {move || t(Msg::ClearSelection, lang.get())}
            </button>
        </fieldset>
    }
}

/// "2013 – 6/2025" style span for places that did not exist for the whole time covered.
fn period_span(first: &chiso_core::model::Unit, latest: &chiso_core::model::Unit, lang: Lang) -> Option<String> {
    use chiso_core::format::date;
    match (first.from, latest.to) {
        (None, None) => None,
        (from, to) => Some(format!(
            "{} – {}",
            from.map(|d| date(d, lang)).unwrap_or_default(),
            to.map(|d| date(d, lang)).unwrap_or_default()
        )),
    }
}

#[component]
fn YearRange(db: Arc<Db>, state: RwSignal<ExplorerState>, lang: Memo<Lang>) -> impl IntoView {
    let (min, max) = db.year_bounds();
    let years: Vec<i32> = (min..=max).rev().collect();
    let all = move || tr!(lang.get(), "(tất cả)", "(all)");
    let years2 = years.clone();
    view! {
        <fieldset class="field years">
            <legend>{move || t(Msg::YearRange, lang.get())}</legend>
            <label>
                {move || t(Msg::From, lang.get())}
                <select on:change=move |ev| {
                    let v = event_target_value(&ev).parse().ok();
                    state.update(|s| s.set_from_year(v));
                }>
                    <option value="" selected=move || state.with(|s| s.from_year.is_none())>{all}</option>
                    {years
                        .into_iter()
                        .map(|y| view! { <option value=y.to_string() selected=move || state.with(|s| s.from_year == Some(y))>{y}</option> })
                        .collect_view()}
                </select>
            </label>
            <label>
                {move || t(Msg::To, lang.get())}
                <select on:change=move |ev| {
                    let v = event_target_value(&ev).parse().ok();
                    state.update(|s| s.set_to_year(v));
                }>
                    <option value="" selected=move || state.with(|s| s.to_year.is_none())>{all}</option>
                    {years2
                        .into_iter()
                        .map(|y| view! { <option value=y.to_string() selected=move || state.with(|s| s.to_year == Some(y))>{y}</option> })
                        .collect_view()}
                </select>
            </label>
        </fieldset>
    }
}
