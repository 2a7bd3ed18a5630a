//! The unit profile panel and the place search across every administrative period. Both only draw what
//! `chiso_core::profile` computes.

use chiso_core::format;
use chiso_core::i18n::{t, Msg};
use chiso_core::links::safe_link;
use chiso_core::model::Unit;
use chiso_core::profile::{profile, search_all};
use chiso_core::query::Db;
use chiso_core::state::ExplorerState;
use chiso_core::tr;
use leptos::html::H2;
use leptos::prelude::*;
use std::sync::Arc;

/// A link-like button that opens a unit's profile.
fn unit_link(state: RwSignal<ExplorerState>, unit: &Unit, label: String) -> impl IntoView {
    let id = unit.id.clone();
    view! {
        <button type="button" class="link" on:click=move |_| state.update(|s| s.profile = Some(id.clone()))>
            {label}
        </button>
    }
}

/// Search box for places of every period; a hit opens its profile.
#[component]
pub fn PlaceSearch(db: Arc<Db>, state: RwSignal<ExplorerState>) -> impl IntoView {
    let query = RwSignal::new(String::new());
    let lang = Memo::new(move |_| state.with(|s| s.lang));
    let results = move || {
        let q = query.get();
        let lang = lang.get();
        let hits = search_all(&db, &q, lang, 8);
        if q.trim().is_empty() {
            return None;
        }
        if hits.is_empty() {
            return Some(view! { <p class="hint">{t(Msg::NoMatches, lang)}</p> }.into_any());
        }
        Some(
            view! {
                <ul class="search-hits" aria-label=tr!(lang, "Kết quả tìm kiếm", "Search results")>
                    {hits
                        .into_iter()
                        .map(|h| {
                            let id = h.unit.id.clone();
                            let name = chiso_core::i18n::unit_display_name(h.unit, lang);
                            view! {
                                <li>
                                    <button
                                        type="button"
                                        class="hit"
                                        on:click=move |_| {
                                            state.update(|s| s.profile = Some(id.clone()));
                                            query.set(String::new());
                                        }
                                    >
                                        <span class="hit-name">{name}</span>
                                        <span class="hit-context">{h.context}</span>
                                        {h.fate.map(|f| view! { <span class="hit-fate">{f}</span> })}
                                    </button>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            }
            .into_any(),
        )
    };
    view! {
        <div class="place-search-all" role="search">
            <input
                type="search"
                aria-label=move || tr!(lang.get(), "Tìm địa danh ở mọi thời kỳ", "Find a place of any period")
                placeholder=move || {
                    t(Msg::FindPlaceHint, lang.get())
                }
                prop:value=move || query.get()
                on:input=move |ev| query.set(event_target_value(&ev))
            />
            {results}
        </div>
    }
}

/// The profile of `state.profile`, when one is open.
#[component]
pub fn ProfilePanel(db: Arc<Db>, state: RwSignal<ExplorerState>) -> impl IntoView {
    let heading = NodeRef::<H2>::new();
    // Move focus to the profile when it opens, so keyboard and screen-reader users land on it.
    Effect::new(move |_| {
        if state.with(|s| s.profile.is_some()) {
            if let Some(h) = heading.get() {
                let _ = h.focus();
            }
        }
    });
    move || {
        let (id, lang) = state.with(|s| (s.profile.clone(), s.lang));
        let id = id?;
        let Some(p) = profile(&db, &id, lang) else {
            let msg =
                tr!(lang, "Không có đơn vị mã '{id}' trong dữ liệu.", "There is no unit '{id}' in the data.", id = id);
            return Some(
                view! {
                    <section class="profile" role="alert">
                        <p>{msg}</p>
                        <button type="button" on:click=move |_| state.update(|s| s.profile = None)>
                            {t(Msg::Close, lang)}
                        </button>
                    </section>
                }
                .into_any(),
            );
        };
        let close = t(Msg::Close, lang);
        let figures = p
            .figures
            .iter()
            .map(|o| {
                let ind = db.indicator(&o.indicator);
                let value = match (o.value.as_category(), ind) {
                    (Some(code), Some(i)) => i
                        .categories
                        .iter()
                        .find(|c| c.code == code)
                        .map(|c| format!("{} ({code})", c.short.get(lang)))
                        .unwrap_or_else(|| code.to_string()),
                    (_, Some(i)) => format::value(&o.value, i.measure, o.bound, lang),
                    _ => String::new(),
                };
                let source = db.source(&o.source).map(|s| (s.title.clone(), s.url.as_deref().and_then(safe_link).map(str::to_string), s.publisher.clone()));
                view! {
                    <tr>
                        <td>{ind.map(|i| i.name.get(lang).to_string()).unwrap_or_default()}</td>
                        <td>{format::period(&o.period, o.approximate, lang)}</td>
                        <td class="num">{value}</td>
                        <td class="src">
                            {source.map(|(title, url, publisher)| match url {
                                Some(u) => view! { <a href=u target="_blank" rel="noopener">{publisher}</a> }.into_any(),
                                None => view! { <span title=title>{publisher}</span> }.into_any(),
                            })}
                            <details>
                                <summary>{t(Msg::ExactSentence, lang)}</summary>
                                <blockquote lang=o.sentence_language.to_string()>{o.sentence.to_string()}</blockquote>
                            </details>
                        </td>
                    </tr>
                }
            })
            .collect_view();
        let no_figures = p.figures.is_empty().then(|| view! { <p class="hint">{t(Msg::NoData, lang)}</p> });
        let flags = (!p.flags.is_empty()).then(|| {
            view! {
                <dl class="flags">
                    {p
                        .flags
                        .iter()
                        .map(|f| {
                            let cite = f.support.clone();
                            view! {
                                <dt>{f.label.clone()}</dt>
                                <dd>
                                    {f.value.clone()}
                                    {cite.map(|c| view! { <small class="cite">" — " <q>{c}</q></small> })}
                                </dd>
                            }
                        })
                        .collect_view()}
                </dl>
            }
        });
        // Each sentence names its units once, as links separated by commas.
        let history = p
            .history
            .iter()
            .map(|h| {
                let n = h.units.len();
                let units = h
                    .units
                    .iter()
                    .enumerate()
                    .map(|(i, (u, name))| view! { {unit_link(state, u, name.clone())} {(i + 1 < n).then_some(", ")} })
                    .collect_view();
                view! { <li>{h.before.clone()} {units} {h.after.clone()}</li> }
            })
            .collect_view();
        Some(
            view! {
                <section class="profile" aria-labelledby="profile-title" data-testid="profile">
                    <div class="profile-head">
                        <h2 id="profile-title" tabindex="-1" node_ref=heading>{p.name.clone()}</h2>
                        <button
                            type="button"
                            class="close"
                            aria-label=close
                            on:click=move |_| state.update(|s| s.profile = None)
                        >
                            "×"
                        </button>
                    </div>
                    <p class="profile-meta">
                        {p.type_label.clone()}
                        {p.parent.clone().map(|par| format!(" · {par}"))}
                        {(!p.existed.is_empty()).then(|| format!(" · {}", p.existed))}
                    </p>
                    <ul class="history">{history}</ul>
                    {flags}
                    <h3>{tr!(lang, "Số liệu đã công bố", "Published figures")}</h3>
                    {no_figures}
                    {(!p.figures.is_empty()).then(|| view! {
                        <div class="table-wrap">
                            <table class="data">
                                <thead>
                                    <tr>
                                        <th scope="col">{t(Msg::Indicator, lang)}</th>
                                        <th scope="col">{t(Msg::ReferencePeriod, lang)}</th>
                                        <th scope="col">{t(Msg::Value, lang)}</th>
                                        <th scope="col">{t(Msg::Source, lang)}</th>
                                    </tr>
                                </thead>
                                <tbody>{figures}</tbody>
                            </table>
                        </div>
                    })}
                </section>
            }
            .into_any(),
        )
    }
}
