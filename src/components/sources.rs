//! The sources panel: every figure on screen with its source, date, link and the exact sentence it was read
//! from; figures that disagree between sources are pointed out, not hidden.

use chiso_core::format;
use chiso_core::i18n::{t, unit_display_name, Msg};
use chiso_core::query::Db;
use chiso_core::state::ExplorerState;
use leptos::prelude::*;
use std::sync::Arc;

/// The sources of every figure on screen.
#[component]
pub fn SourcesPanel(db: Arc<Db>, state: RwSignal<ExplorerState>) -> impl IntoView {
    let body = move || {
        let lang = state.with(|s| s.lang);
        state.with(|s| {
            let figures = db.figures_on_screen(s);
            let disagreements = db.disagreements(&figures);
            let warn = (!disagreements.is_empty()).then(|| {
                let items = disagreements
                    .iter()
                    .map(|g| {
                        let ind = db.indicator(&g[0].indicator);
                        let values: Vec<String> = g
                            .iter()
                            .map(|o| {
                                let m = ind.map_or(chiso_core::model::Measure::Count, |i| i.measure);
                                let src = db.source(&o.source).map(|s| s.publisher.clone()).unwrap_or_default();
                                format!("{} ({src})", format::value(&o.value, m, o.bound, lang))
                            })
                            .collect();
                        format!(
                            "{} — {}: {}",
                            ind.map(|i| i.name.get(lang).to_string()).unwrap_or_default(),
                            format::period(&g[0].period, g[0].approximate, lang),
                            values.join(" / ")
                        )
                    })
                    .collect::<Vec<_>>();
                view! {
                    <div class="notice" role="note">
                        <b>{t(Msg::DisagreeingFigures, lang)}</b>
                        <ul>{items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}</ul>
                    </div>
                }
            });
            // Group by source, then by sentence: a sentence that carries several figures is shown once.
            let mut groups: Vec<(String, Vec<(String, String, Vec<&chiso_core::model::Observation>)>)> = Vec::new();
            for o in &figures {
                let gi = match groups.iter().position(|(src, _)| *src == o.source) {
                    Some(i) => i,
                    None => {
                        groups.push((o.source.clone(), Vec::new()));
                        groups.len() - 1
                    }
                };
                let sentences = &mut groups[gi].1;
                match sentences.iter_mut().find(|(text, _, _)| *text == o.sentence) {
                    Some((_, _, list)) => list.push(o),
                    None => sentences.push((o.sentence.clone(), o.sentence_language.clone(), vec![o])),
                }
            }
            let items = groups
                .into_iter()
                .map(|(source_id, sentences)| {
                    let src = db.source(&source_id).cloned();
                    let head = src.map(|s| {
                        let title = s.title.clone();
                        view! {
                            <p class="src">
                                {match s.url.clone() {
                                    Some(u) => view! { <a href=u target="_blank" rel="noopener">{title}</a> }.into_any(),
                                    None => view! { <cite>{title}</cite> }.into_any(),
                                }}
                                " — " {s.publisher.clone()} ", " {s.date.clone()}
                            </p>
                        }
                    });
                    let body = sentences
                        .into_iter()
                        .map(|(sentence, slang, list)| {
                            let figs = list
                                .iter()
                                .map(|o| {
                                    let ind = db.indicator(&o.indicator);
                                    let m = ind.map_or(chiso_core::model::Measure::Count, |i| i.measure);
                                    let value = match o.value.as_category() {
                                        Some(c) => c.to_string(),
                                        None => format::value(&o.value, m, o.bound, lang),
                                    };
                                    let unit = db.unit(&o.unit).map(|u| unit_display_name(u, lang)).unwrap_or_default();
                                    let notes: Vec<String> = [
                                        o.derived.as_ref().map(|d| format!("{}: {d}", t(Msg::Derived, lang))),
                                        o.note.as_ref().map(|n| format!("{}: {n}", t(Msg::Note, lang))),
                                        o.period_text.as_ref().map(|p| format!("{}: {p}", t(Msg::ReferencePeriod, lang))),
                                        o.unit_text.as_ref().map(|u| format!("{}: {u}", t(Msg::Unit, lang))),
                                    ]
                                    .into_iter()
                                    .flatten()
                                    .collect();
                                    view! {
                                        <li data-obs=o.id.clone()>
                                            <span class="fig">
                                                {format!(
                                                    "{unit} — {} — {}: {value}",
                                                    ind.map(|i| i.name.get(lang).to_string()).unwrap_or_default(),
                                                    format::period(&o.period, o.approximate, lang)
                                                )}
                                            </span>
                                            {(!notes.is_empty()).then(|| view! { <span class="notes">{notes.join(" · ")}</span> })}
                                        </li>
                                    }
                                })
                                .collect_view();
                            view! {
                                <ul class="figs">{figs}</ul>
                                <details>
                                    <summary>{t(Msg::ExactSentence, lang)}</summary>
                                    <blockquote lang=slang>{sentence}</blockquote>
                                </details>
                            }
                        })
                        .collect_view();
                    view! { <li>{head} {body}</li> }
                })
                .collect_view();
            view! {
                {warn}
                <ol class="sources-list">{items}</ol>
            }
        })
    };
    view! {
        <section class="sources" aria-labelledby="sources-title">
            <h2 id="sources-title">{move || t(Msg::Sources, state.with(|s| s.lang))}</h2>
            {body}
        </section>
    }
}
