//! How a source and the editors' remarks are cited in the sources panel: one date format per language, titles
//! the excerpt did not show derived from the link (and said to be), and the editors' notes — written in English
//! in the published data — shown in English under a label that says so, never passed off as Vietnamese.
//!
//! At data build time [`split_title`] turns the raw title column of `data/raw/figures.csv` ("(title not shown in
//! excerpt; URL slug: "…")") into a title, whether it was derived from the link ([`Source::title_derived`]), and
//! the editor's remark ([`Source::note`]). In the browser [`source_head`] writes a source's head line parts and
//! [`figure_notes`] a figure's editorial notes.

use crate::format;
use crate::i18n::Lang;
use crate::model::{Observation, Source};
use crate::period::RefPeriod;
use crate::tr;

/// The language the editors' notes of the published data are written in (scope, notes, dates as published,
/// remarks on sources): English.
pub const EDITOR_LANGUAGE: &str = "en";

/// A raw source title split into what is shown and what is said about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitTitle {
    /// The title to show.
    pub title: String,
    /// Whether the title was derived from the link (the excerpt did not show it).
    pub derived: bool,
    /// The editor's remark on the title, in English, if any.
    pub note: Option<String>,
}

/// Splits a raw title: `(title not shown in excerpt; URL slug: "Xếp loại …"; republished from x)` gives the quoted
/// title (the slug with its diacritics, as the editors restored it), derived, with the rest as a remark; any other
/// title in parentheses is the editors' description of the page: the title comes from the link (its slug made
/// readable, or the site's name) and the description becomes the remark; a title followed by `[note: …]` keeps
/// the title and moves the note out. Any other title is kept as it is.
pub fn split_title(raw: &str, url: Option<&str>) -> SplitTitle {
    let raw = raw.trim();
    if raw.starts_with('(') && raw.ends_with(')') {
        let inner = &raw[1..raw.len() - 1];
        let quoted = inner.split_once('"').and_then(|(_, rest)| rest.split_once('"'));
        let (title, rest) = match quoted {
            Some((t, rest)) if !t.trim().is_empty() && inner.contains("URL slug") => (t.trim().to_string(), rest),
            // An editors' description of the page, not a title: the link gives the title, the description is
            // the remark.
            _ => (url.and_then(link_title).unwrap_or_else(|| inner.to_string()), inner),
        };
        let note = rest.trim_matches(|c: char| c == ';' || c == ',' || c.is_whitespace());
        return SplitTitle { title, derived: true, note: (!note.is_empty()).then(|| note.to_string()) };
    }
    if let Some((title, rest)) = raw.split_once("[note:") {
        let note = rest.trim().trim_end_matches(']').trim();
        return SplitTitle {
            title: title.trim().to_string(),
            derived: false,
            note: (!note.is_empty()).then(|| note.to_string()),
        };
    }
    SplitTitle { title: raw.to_string(), derived: false, note: None }
}

/// A title from a link: its last segment made readable ([`readable_slug`]) when it is a slug of three words or
/// more, else the site's name (`http://www.cualotourism.com/detail_message.asp?…` → "cualotourism.com").
fn link_title(url: &str) -> Option<String> {
    readable_slug(url).filter(|t| t.split(' ').count() >= 3).or_else(|| {
        let host = url.split_once("://").map_or(url, |(_, r)| r).split(['/', '?', '#']).next()?;
        let host = host.trim_start_matches("www.");
        (!host.is_empty()).then(|| host.to_string())
    })
}

/// The last segment of a link made readable, when the excerpt showed no title and the editors gave none: the
/// article number and the file ending dropped, hyphens made spaces, the first letter capitalised
/// (`…/77-xa-mien-nui-dat-chuan-280997.html` → "77 xa mien nui dat chuan"). Diacritics are not guessed.
pub fn readable_slug(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let seg = path.trim_end_matches('/').rsplit('/').next()?;
    let seg = seg.split('.').next().unwrap_or(seg);
    let mut words: Vec<&str> = seg.split('-').filter(|w| !w.is_empty()).collect();
    // Article numbers: "post283011", "a746190", "280997" at the end.
    while words.len() > 1 {
        let last = words[words.len() - 1];
        let digits = last.trim_start_matches(|c: char| c.is_ascii_alphabetic());
        if digits.len() >= 5 && digits.chars().all(|c| c.is_ascii_digit()) && last.len() - digits.len() <= 4 {
            words.pop();
        } else {
            break;
        }
    }
    let text = words.join(" ");
    let mut chars = text.chars();
    let first = chars.next()?;
    Some(first.to_uppercase().chain(chars).collect())
}

/// A source's publication date in the reader's format ("5/8/2025" / "5 Aug 2025", "7/2020" / "Jul 2020",
/// "2014"), with what the free text says besides, in English ("Decision 2261-QĐ/TU of 4/1/2024"). An undated
/// source is "không rõ ngày" / "undated", the whole text then being the remark.
pub fn source_date(date: &str, lang: Lang) -> (String, Option<String>) {
    let date = date.trim();
    let (head, rest) = date.split_once(' ').unwrap_or((date, ""));
    let is_date = !head.is_empty() && head.chars().all(|c| c.is_ascii_digit() || c == '-');
    match head.parse::<RefPeriod>().ok().filter(|_| is_date) {
        Some(p) => {
            let rest = rest.trim();
            let rest = rest.strip_prefix('(').and_then(|r| r.strip_suffix(')')).unwrap_or(rest).trim();
            (format::period(&p, false, lang), (!rest.is_empty()).then(|| rest.to_string()))
        }
        None if date.is_empty() => (tr!(lang, "không rõ ngày", "undated").to_string(), None),
        None => (tr!(lang, "không rõ ngày", "undated").to_string(), Some(date.to_string())),
    }
}

/// An editor's date text with its leading ISO date written the English way, as the note around it is English
/// ("2025-01-01 (at merger)" → "1 Jan 2025 (at merger)"); any other text is kept as it is ("2003..c. 2014").
fn english_dates(text: &str) -> String {
    let (head, rest) = text.split_once(' ').unwrap_or((text, ""));
    let is_date = !head.is_empty() && head.chars().all(|c| c.is_ascii_digit() || c == '-');
    match head.parse::<RefPeriod>().ok().filter(|_| is_date) {
        Some(p) if rest.is_empty() => format::period(&p, false, Lang::En),
        Some(p) => format!("{} {rest}", format::period(&p, false, Lang::En)),
        None => text.to_string(),
    }
}

/// The head line of a source in the sources panel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceHead {
    /// Title, as published or derived.
    pub title: String,
    /// Said after a derived title: "(tiêu đề suy ra từ đường dẫn)" / "(title derived from the link)".
    pub derived: Option<String>,
    /// Publisher.
    pub publisher: String,
    /// Publication date in the reader's format ([`source_date`]).
    pub date: String,
    /// The editors' remarks on the source (on its title, on its date), in [`EDITOR_LANGUAGE`].
    pub notes: Vec<String>,
}

/// The head line of a source, in the reader's language (titles and editors' remarks stay in theirs).
pub fn source_head(s: &Source, lang: Lang) -> SourceHead {
    let (date, date_note) = source_date(&s.date, lang);
    SourceHead {
        title: s.title.clone(),
        derived: s
            .title_derived
            .then(|| tr!(lang, "(tiêu đề suy ra từ đường dẫn)", "(title derived from the link)").to_string()),
        publisher: s.publisher.clone(),
        date,
        notes: s.note.iter().cloned().chain(date_note).collect(),
    }
}

/// A figure as the sources panel lists it: "unit — indicator — period: value" (a rating's category as written).
pub fn figure_line(db: &crate::query::Db, o: &Observation, lang: Lang) -> String {
    let ind = db.indicator(&o.indicator);
    let m = ind.map_or(crate::model::Measure::Count, |i| i.measure);
    let value = match o.value.as_category() {
        Some(c) => c.to_string(),
        None => format::value(&o.value, m, o.bound, lang),
    };
    let unit = db.unit(&o.unit).map(|u| crate::i18n::unit_display_name(u, lang)).unwrap_or_default();
    format!(
        "{unit} — {} — {}: {value}",
        ind.map(|i| i.name.get(lang)).unwrap_or_default(),
        format::period(&o.period, o.approximate, lang)
    )
}

/// The label of the editors' notes: "Ghi chú của người biên tập (tiếng Anh)" / "Editor's notes".
pub fn editor_notes_label(lang: Lang) -> &'static str {
    tr!(lang, "Ghi chú của người biên tập (tiếng Anh)", "Editor's notes")
}

/// A figure's editorial notes, in [`EDITOR_LANGUAGE`] as the editors wrote them, joined " · ": its scope, how it
/// was derived, the note, the date and the unit as published. `None` when there are none.
pub fn figure_notes(o: &Observation) -> Option<String> {
    let parts: Vec<String> = [
        o.scope.as_ref().map(|s| format!("Scope: {s}")),
        o.derived.as_ref().map(|d| format!("Derived: {d}")),
        o.note.as_ref().map(|n| format!("Note: {n}")),
        o.period_text.as_ref().map(|p| format!("Date as published: {}", english_dates(p))),
        o.unit_text.as_ref().map(|u| format!("Unit as published: {u}")),
    ]
    .into_iter()
    .flatten()
    .collect();
    (!parts.is_empty()).then(|| parts.join(" · "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_placeholder_title_becomes_the_quoted_title_said_to_be_derived_with_the_rest_as_a_remark() {
        let t = split_title(
            "(title not shown in excerpt; URL slug: \"Xếp loại 28 đảng bộ trực thuộc Tỉnh ủy Nghệ An năm 2023\")",
            None,
        );
        assert_eq!(t.title, "Xếp loại 28 đảng bộ trực thuộc Tỉnh ủy Nghệ An năm 2023");
        assert!(t.derived);
        assert_eq!(t.note, None);
        let t = split_title(
            "(URL slug: \"Đại hội Đảng bộ tỉnh Nghệ An sẽ 2 không: văn nghệ và hoa chúc mừng\"; republished from congly.vn)",
            None,
        );
        assert_eq!(t.title, "Đại hội Đảng bộ tỉnh Nghệ An sẽ 2 không: văn nghệ và hoa chúc mừng");
        assert_eq!(t.note.as_deref(), Some("republished from congly.vn"));
    }

    #[test]
    fn a_placeholder_without_a_quoted_title_shows_the_link_made_readable() {
        let t = split_title(
            "(title not shown in excerpt; URL slug)",
            Some("https://baonghean.vn/77-xa-mien-nui-nghe-an-dat-chuan-nong-thon-moi-280997.html"),
        );
        assert_eq!(t.title, "77 xa mien nui nghe an dat chuan nong thon moi");
        assert!(t.derived);
        let page = split_title(
            "(district profiles page, cualotourism.com; old, pre-2007)",
            Some("http://www.cualotourism.com/detail_message.asp?SubCatID=684&msgID=1464"),
        );
        assert_eq!(page.title, "cualotourism.com", "a link without a slug gives the site's name");
        assert!(page.derived);
        assert_eq!(page.note.as_deref(), Some("district profiles page, cualotourism.com; old, pre-2007"));
        assert_eq!(
            readable_slug("https://nghean24h.vn/nghe-an-sap-xep-can-bo-doi-du-nhu-the-nao-a728762.html").as_deref(),
            Some("Nghe an sap xep can bo doi du nhu the nao")
        );
        assert_eq!(
            readable_slug("https://baonghean.vn/xep-loai-28-dang-bo-post283011.html?x=1").as_deref(),
            Some("Xep loai 28 dang bo")
        );
        assert_eq!(
            readable_slug("https://e.baonghean.vn/xay-dung-bdbp-nghe-an/").as_deref(),
            Some("Xay dung bdbp nghe an")
        );
    }

    #[test]
    fn a_title_with_an_editors_note_keeps_the_title_and_moves_the_note_out() {
        let t = split_title(
            "Nghệ An: Kỷ luật 16 tổ chức Đảng (Thành Duy, 26/12/2019) [note: URL slug belongs to a different article]",
            None,
        );
        assert_eq!(t.title, "Nghệ An: Kỷ luật 16 tổ chức Đảng (Thành Duy, 26/12/2019)");
        assert!(!t.derived);
        assert_eq!(t.note.as_deref(), Some("URL slug belongs to a different article"));
        let plain = split_title("Improving the quality of Party organizations (Baonghean)", None);
        assert_eq!(
            (plain.title.as_str(), plain.derived, plain.note),
            ("Improving the quality of Party organizations (Baonghean)", false, None)
        );
    }

    #[test]
    fn source_dates_are_written_as_every_other_date_in_the_readers_language() {
        for (raw, vi, en, note) in [
            ("2025-08-05", "5/8/2025", "5 Aug 2025", None),
            ("2020-07", "7/2020", "Jul 2020", None),
            ("2014", "2014", "2014", None),
            (
                "2024-01 (Decision 2261-QĐ/TU of 4/1/2024)",
                "1/2024",
                "Jan 2024",
                Some("Decision 2261-QĐ/TU of 4/1/2024"),
            ),
            ("undated (pre-2007)", "không rõ ngày", "undated", Some("undated (pre-2007)")),
            ("", "không rõ ngày", "undated", None),
        ] {
            assert_eq!(source_date(raw, Lang::Vi), (vi.to_string(), note.map(str::to_string)), "{raw}");
            assert_eq!(source_date(raw, Lang::En).0, en, "{raw}");
        }
    }

    #[test]
    fn a_figures_editorial_notes_are_english_with_english_dates() {
        let mut o = crate::fixtures::obs("o", "members", "u", "2025", crate::model::Value::Number(1.0));
        assert_eq!(figure_notes(&o), None);
        o.scope = Some("Commune-level units".into());
        o.period_text = Some("2025-01-01 (at merger)".into());
        assert_eq!(
            figure_notes(&o).as_deref(),
            Some("Scope: Commune-level units · Date as published: 1 Jan 2025 (at merger)")
        );
        o.period_text = Some("2003..c. 2014".into());
        assert!(figure_notes(&o).is_some_and(|n| n.ends_with("Date as published: 2003..c. 2014")));
    }

    #[test]
    fn a_derived_title_is_said_to_be_derived_and_remarks_are_gathered_as_editors_notes() {
        let s = Source {
            id: "s".into(),
            title: "Xếp loại 28 đảng bộ".into(),
            title_derived: true,
            note: Some("republished from congly.vn".into()),
            publisher: "Báo Nghệ An".into(),
            date: "2024-01 (Decision 2261-QĐ/TU of 4/1/2024)".into(),
            url: None,
            file: None,
            language: "vi".into(),
        };
        let head = source_head(&s, Lang::Vi);
        assert_eq!(head.derived.as_deref(), Some("(tiêu đề suy ra từ đường dẫn)"));
        assert_eq!(head.date, "1/2024");
        assert_eq!(head.notes, ["republished from congly.vn", "Decision 2261-QĐ/TU of 4/1/2024"]);
        assert_eq!(source_head(&s, Lang::En).derived.as_deref(), Some("(title derived from the link)"));
        let plain = Source { title_derived: false, note: None, date: "2014".into(), ..s };
        let head = source_head(&plain, Lang::Vi);
        assert_eq!((head.derived, head.notes.len()), (None, 0));
        assert_eq!(editor_notes_label(Lang::Vi), "Ghi chú của người biên tập (tiếng Anh)");
    }
}
