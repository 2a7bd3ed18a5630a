//! The sources panel: every figure on screen with its source, date, link and the exact sentence it was read
//! from; figures that disagree between sources are pointed out, not hidden.

use chiso_core::citation::{editor_notes_label, figure_line, figure_notes, source_head, EDITOR_LANGUAGE};
use chiso_core::format;
use chiso_core::i18n::{t, Lang, Msg};
use chiso_core::links::safe_link;
use chiso_core::query::{group_by_source, Db, LIST_MAX};
use chiso_core::screen::Screen;
use chiso_core::state::ExplorerState;
use chiso_core::tr;
use leptos::prelude::*;
use std::sync::Arc;

/// How many groups of disagreeing figures the panel spells out before counting the rest.
const DISAGREEMENTS_MAX: usize = 20;

/// The editors' notes, in the language they are written in, under a label that says which.
fn editor_notes(lang: Lang, text: String) -> impl IntoView {
    view! {
        <span class="notes">
            {editor_notes_label(lang)} ": " <span lang=EDITOR_LANGUAGE>{text}</span>
        </span>
    }
}

/// The sources of every figure on screen.
#[component]
pub fn SourcesPanel(db: Arc<Db>, state: RwSignal<ExplorerState>) -> impl IntoView {
    let published = db.ds.published.clone();
    let body = move || {
        let lang = state.with(|s| s.lang);
        state.with(|s| {
            let figures = Screen::new(&db, s).figures();
            let disagreements = db.disagreements(&figures);
            let warn = (!disagreements.is_empty()).then(|| {
                // A reader's sheet can disagree with itself thousands of times: list the first ones and count the rest.
                let mut items: Vec<String> =
                    disagreements.iter().take(DISAGREEMENTS_MAX).map(|g| db.describe_disagreement(g, lang)).collect();
                let rest = disagreements.len().saturating_sub(DISAGREEMENTS_MAX);
                if rest > 0 {
                    let n = format::number(rest as f64, Some(0), lang);
                    items.push(tr!(lang, "… và {n} nhóm khác.", "… and {n} more groups.", n = n));
                }
                view! {
                    <div class="notice" role="note">
                        <b>{t(Msg::DisagreeingFigures, lang)}</b>
                        <ul>{items.into_iter().map(|i| view! { <li>{i}</li> }).collect_view()}</ul>
                    </div>
                }
            });
            let hidden = figures.len().saturating_sub(LIST_MAX);
            let more = (hidden > 0).then(|| {
                let text = tr!(
                    lang,
                    "… và {n} số liệu khác. Tải CSV để xem tất cả.",
                    "… and {n} more figures. Download the CSV to see them all.",
                    n = format::number(hidden as f64, Some(0), lang),
                );
                view! { <p class="hint" role="note">{text}</p> }
            });
            let groups = group_by_source(&figures[..figures.len().min(LIST_MAX)]);
            let items = groups
                .into_iter()
                .map(|group| {
                    let src = db.source(group.source).cloned();
                    let head = src.map(|s| {
                        let h = source_head(&s, lang);
                        let (title, tlang) = (h.title, s.language.clone());
                        let derived = h.derived.map(|d| view! { " " <small class="derived">{d}</small> });
                        let notes = (!h.notes.is_empty()).then(|| editor_notes(lang, h.notes.join(" · ")));
                        view! {
                            <p class="src">
                                {match s.url.as_deref().and_then(safe_link).map(str::to_string) {
                                    Some(u) => view! { <a href=u target="_blank" rel="noopener" lang=tlang>{title}</a> }.into_any(),
                                    None => view! { <cite lang=tlang>{title}</cite> }.into_any(),
                                }}
                                {derived}
                                " — " {h.publisher} ", " {h.date}
                            </p>
                            {notes}
                        }
                    });
                    let body = group
                        .sentences
                        .into_iter()
                        .map(|sg| {
                            let (sentence, slang) = (sg.sentence.to_string(), sg.language.to_string());
                            let figs = sg
                                .figures
                                .iter()
                                .map(|o| {
                                    let notes = figure_notes(o);
                                    view! {
                                        <li data-obs=o.id.clone()>
                                            <span class="fig">{figure_line(&db, o, lang)}</span>
                                            {notes.map(|n| editor_notes(lang, n))}
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
                {more}
            }
        })
    };
    let published = published.and_then(|p| p.parse::<chiso_core::period::Date>().ok());
    let edition = move || {
        published.map(|d| {
            let lang = state.with(|s| s.lang);
            let text = tr!(lang, "Bản dữ liệu công bố ngày {}", "Data edition published on {}", format::date(d, lang));
            view! { <p class="edition" data-testid="edition">{text}</p> }
        })
    };
    view! {
        <section class="sources" aria-labelledby="sources-title">
            <h2 id="sources-title">{move || t(Msg::Sources, state.with(|s| s.lang))}</h2>
            {edition}
            {body}
        </section>
    }
}
