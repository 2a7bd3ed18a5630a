//! Tables: every figure on screen (sortable by any column), the change between the first and last year, and
//! the units per rating category. On phones each row reads as a card, every cell under its column's name
//! (`data-label`, shown by style/main.css).

use chiso_core::format;
use chiso_core::i18n::{t, Lang, Msg};
use chiso_core::links::safe_link;
use chiso_core::query::{Db, LIST_MAX};
use chiso_core::screen::Screen;
use chiso_core::state::{ExplorerState, SortKey};
use chiso_core::tr;
use leptos::prelude::*;
use std::sync::Arc;

fn sort_header(state: RwSignal<ExplorerState>, key: SortKey, label: &'static str) -> impl IntoView {
    let aria = move || {
        state.with(|s| match s.sort {
            (k, true) if k == key => "descending",
            (k, false) if k == key => "ascending",
            _ => "none",
        })
    };
    view! {
        <th scope="col" aria-sort=aria>
            <button
                type="button"
                class="sort"
                on:click=move |_| {
                    state.update(|s| {
                        s.sort = if s.sort.0 == key { (key, !s.sort.1) } else { (key, false) };
                    })
                }
            >
                {label}
                <span aria-hidden="true">
                    {move || match aria() {
                        "ascending" => " ▲",
                        "descending" => " ▼",
                        _ => " ↕",
                    }}
                </span>
            </button>
        </th>
    }
}

/// Every figure on screen with its source.
#[component]
pub fn DataTable(db: Arc<Db>, state: RwSignal<ExplorerState>) -> impl IntoView {
    let db_click = db.clone();
    move || {
        let db_click = db_click.clone();
        let lang = state.with(|s| s.lang);
        let mut all = 0;
        let rows = state.with(|s| {
            let rows = Screen::new(&db, s).table_rows();
            all = rows.len();
            rows.into_iter()
                .take(LIST_MAX)
                .map(|r| {
                    let o = r.observation;
                    let value = match o.value.as_category() {
                        Some(code) => r
                            .indicator
                            .categories
                            .iter()
                            .find(|c| c.code == code)
                            .map(|c| format!("{} ({code})", c.label.get(lang)))
                            .unwrap_or_else(|| code.to_string()),
                        None => format::value(&o.value, r.indicator.measure, o.bound, lang),
                    };
                    let unit_name = chiso_core::i18n::unit_display_name(r.unit, lang);
                    let source = r.source.map(|s| {
                        (s.title.clone(), s.url.as_deref().and_then(safe_link).map(str::to_string), s.date.clone())
                    });
                    (
                        o.id.clone(),
                        r.unit.id.clone(),
                        unit_name,
                        r.indicator.name.get(lang).to_string(),
                        format::period(&o.period, o.approximate, lang),
                        value,
                        source,
                        o.sentence.to_string(),
                        o.sentence_language.to_string(),
                        o.derived.clone(),
                    )
                })
                .collect::<Vec<_>>()
        });
        if rows.is_empty() {
            return view! { <p class="empty" role="status">{t(Msg::NoData, lang)}</p> }.into_any();
        }
        view! {
            <div class="table-wrap">
                <table class="data" data-testid="data-table">
                    <caption class="visually-hidden">{t(Msg::ViewTable, lang)}</caption>
                    <thead>
                        <tr>
                            {sort_header(state, SortKey::Unit, t(Msg::Unit, lang))}
                            {sort_header(state, SortKey::Indicator, t(Msg::Indicator, lang))}
                            {sort_header(state, SortKey::Period, t(Msg::ReferencePeriod, lang))}
                            {sort_header(state, SortKey::Value, t(Msg::Value, lang))}
                            <th scope="col">{t(Msg::Source, lang)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows
                            .into_iter()
                            .map(|(id, unit_id, unit, ind, period, value, source, sentence, slang, derived)| {
                                view! {
                                    <tr data-row=id>
                                        <th scope="row">
                                            <button
                                                type="button"
                                                class="link"
                                                on:click={
                                                    let db = db_click.clone();
                                                    move |_| {
                                                        let lineage = db.lineage_of(&unit_id).map(str::to_string);
                                                        if let Some(l) = lineage {
                                                            state.update(|s| db.activate_place(s, &l));
                                                        }
                                                    }
                                                }
                                            >
                                                {unit}
                                            </button>
                                        </th>
                                        <td data-label=t(Msg::Indicator, lang)>{ind}</td>
                                        <td data-label=t(Msg::ReferencePeriod, lang)>{period}</td>
                                        <td class="num" data-label=t(Msg::Value, lang)>
                                            {value}
                                            {derived.map(|d| view! { <small class="derived" title=d.to_string()>" *"</small> })}
                                        </td>
                                        <td class="src" data-label=t(Msg::Source, lang)>
                                            {source.map(|(title, url, date)| match url {
                                                Some(u) => view! { <a href=u target="_blank" rel="noopener">{title}</a> " (" {date} ")" }.into_any(),
                                                None => view! { <span>{title} " (" {date} ")"</span> }.into_any(),
                                            })}
                                            <details>
                                                <summary>{t(Msg::ExactSentence, lang)}</summary>
                                                <blockquote lang=slang>{sentence}</blockquote>
                                            </details>
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
            {(all > LIST_MAX).then(|| {
                let hidden = format::number((all - LIST_MAX) as f64, Some(0), lang);
                let text = tr!(
                    lang,
                    "… và {hidden} dòng khác. Tải CSV để xem tất cả.",
                    "… and {hidden} more rows. Download the CSV to see them all.",
                    hidden = hidden,
                );
                view! { <p class="hint" role="note">{text}</p> }
            })}
        }
        .into_any()
    }
}

/// Change between the first and the last figure of each line.
#[component]
pub fn ChangeTable(db: Arc<Db>, state: RwSignal<ExplorerState>) -> impl IntoView {
    move || {
        let lang = state.with(|s| s.lang);
        let rows: Vec<_> = state.with(|s| {
            db.changes(s)
                .into_iter()
                .map(|c| {
                    let m = c.indicator.measure;
                    let (a, b) = (c.first.value.as_number().unwrap_or(0.0), c.last.value.as_number().unwrap_or(0.0));
                    (
                        c.place.name(lang),
                        c.indicator.name.get(lang).to_string(),
                        format!(
                            "{} → {}",
                            format::period(&c.first.period, c.first.approximate, lang),
                            format::period(&c.last.period, c.last.approximate, lang)
                        ),
                        format!(
                            "{} → {}",
                            format::value(&c.first.value, m, c.first.bound, lang),
                            format::value(&c.last.value, m, c.last.bound, lang)
                        ),
                        format::change_absolute(a, b, m, lang),
                        format::change_relative(a, b, lang).unwrap_or_else(|| format::MISSING.to_string()),
                    )
                })
                .collect()
        });
        (!rows.is_empty()).then(|| {
            view! {
                <div class="table-wrap">
                    <table class="data changes" data-testid="change-table">
                        <caption>{t(Msg::Change, lang)}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{t(Msg::Unit, lang)}</th>
                                <th scope="col">{t(Msg::Indicator, lang)}</th>
                                <th scope="col">{t(Msg::TimeSpan, lang)}</th>
                                <th scope="col">{t(Msg::Value, lang)}</th>
                                <th scope="col">{t(Msg::AbsoluteChange, lang)}</th>
                                <th scope="col">{t(Msg::RelativeChange, lang)}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {rows
                                .into_iter()
                                .map(|(u, i, p, v, a, r)| {
                                    view! {
                                        <tr>
                                            <th scope="row">{u}</th>
                                            <td data-label=t(Msg::Indicator, lang)>{i}</td>
                                            <td data-label=t(Msg::TimeSpan, lang)>{p}</td>
                                            <td class="num" data-label=t(Msg::Value, lang)>{v}</td>
                                            <td class="num" data-label=t(Msg::AbsoluteChange, lang)>{a}</td>
                                            <td class="num" data-label=t(Msg::RelativeChange, lang)>{r}</td>
                                        </tr>
                                    }
                                })
                                .collect_view()}
                        </tbody>
                    </table>
                </div>
            }
        })
    }
}

/// Units per rating category for the ranked year.
#[component]
pub fn CategoryTable(db: Arc<Db>, state: RwSignal<ExplorerState>) -> impl IntoView {
    move || {
        let lang: Lang = state.with(|s| s.lang);
        let year = state.with(|s| db.ranking_year(s));
        let rows: Vec<(String, String, usize, String)> = state.with(|s| {
            db.category_counts(s)
                .into_iter()
                .map(|(c, places)| {
                    let names: Vec<String> = places.iter().map(|p| p.name(lang)).collect();
                    (c.label.get(lang).to_string(), c.code.clone(), places.len(), names.join(", "))
                })
                .collect()
        });
        view! {
            <div class="table-wrap">
                <table class="data" data-testid="category-table">
                    <caption>
                        {t(Msg::CountPerCategory, lang)} {year.map(|y| format!(" — {y}"))}
                    </caption>
                    <thead>
                        <tr>
                            <th scope="col">{t(Msg::Value, lang)}</th>
                            <th scope="col" class="num">{t(Msg::CountPerCategory, lang)}</th>
                            <th scope="col">{t(Msg::Units, lang)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {rows
                            .into_iter()
                            .map(|(label, code, n, names)| {
                                view! {
                                    <tr>
                                        <th scope="row">{label} " (" {code} ")"</th>
                                        <td class="num" data-label=t(Msg::CountPerCategory, lang)>{n}</td>
                                        <td data-label=t(Msg::Units, lang)>{names}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        }
    }
}
