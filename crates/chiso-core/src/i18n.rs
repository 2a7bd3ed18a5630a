//! The two interface languages (Vietnamese first, English second) and every fixed text of the app: labels for
//! levels, unit types and measures, unit names as shown in each language, and the table of interface strings
//! ([`Msg`]).
//!
//! Themes, indicators and categories carry their own [`Localized`] names in the dataset; they are not repeated
//! here. Pick the right half of any [`Localized`] with [`Localized::get`].

use crate::model::{Level, Localized, Measure, Unit, UnitType};
use serde::{Deserialize, Serialize};

/// An interface language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Vietnamese, the default.
    #[default]
    Vi,
    /// English.
    En,
}

impl Lang {
    /// Both languages, Vietnamese first.
    pub const ALL: [Lang; 2] = [Lang::Vi, Lang::En];

    /// The code used in URLs, storage and the `lang` attribute: `vi` or `en`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    /// Reads a code written by [`Lang::code`] (case-insensitive, surrounding spaces ignored; a region suffix such
    /// as `en-GB` or `vi_VN` is accepted). `None` for any other language.
    pub fn from_code(code: &str) -> Option<Lang> {
        let code = code.trim();
        let primary = code.split(['-', '_']).next().unwrap_or(code);
        Lang::ALL.into_iter().find(|l| l.code().eq_ignore_ascii_case(primary))
    }

    /// The other language (what the language switch offers).
    pub fn other(self) -> Lang {
        match self {
            Lang::Vi => Lang::En,
            Lang::En => Lang::Vi,
        }
    }

    /// Picks the Vietnamese or the English one of two texts.
    pub fn pick<T>(self, vi: T, en: T) -> T {
        match self {
            Lang::Vi => vi,
            Lang::En => en,
        }
    }
}

/// The one way to write an interface text in both languages: the Vietnamese text, then the English one, each a
/// string literal, picked by `lang`. Without arguments it is a `&'static str`; with format arguments (or captured
/// variables in the literals) each literal is a `format!` string and the result a `String`; only the chosen one is
/// formatted.
///
/// ```
/// use chiso_core::{i18n::Lang, tr};
/// assert_eq!(tr!(Lang::En, "Đóng", "Close"), "Close");
/// let n = 3;
/// assert_eq!(tr!(Lang::Vi, "… và {n} nguồn khác", "… and {n} more", n = n), "… và 3 nguồn khác");
/// ```
///
/// Texts used in several places have a name in [`Msg`] (whose table is written with the same pairs). A literal with
/// a `{placeholder}` but no arguments does not compile, so a text is never shown with its braces.
#[macro_export]
macro_rules! tr {
    ($lang:expr, $vi:literal, $en:literal $(,)?) => {{
        const _: () = assert!(
            !$crate::i18n::has_placeholder($vi) && !$crate::i18n::has_placeholder($en),
            "a text with a placeholder needs its arguments: tr!(lang, vi, en, name = value)"
        );
        $crate::i18n::Lang::pick($lang, $vi, $en)
    }};
    ($lang:expr, $vi:literal, $en:literal, $($arg:tt)+) => {
        match $lang {
            $crate::i18n::Lang::Vi => format!($vi, $($arg)+),
            $crate::i18n::Lang::En => format!($en, $($arg)+),
        }
    };
}

/// Whether a text has a `{` (a format placeholder): used by [`tr!`] at compile time.
#[doc(hidden)]
pub const fn has_placeholder(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'{' {
            return true;
        }
        i += 1;
    }
    false
}

impl Localized {
    /// The text in `lang`; falls back to the other language when that one is empty.
    pub fn get(&self, lang: Lang) -> &str {
        let (wanted, other) = lang.pick((&self.vi, &self.en), (&self.en, &self.vi));
        if wanted.is_empty() {
            other
        } else {
            wanted
        }
    }
}

/// Label of an administrative level ("Cấp huyện" / "District level").
pub fn level_label(level: Level, lang: Lang) -> &'static str {
    match level {
        Level::Province => tr!(lang, "Tỉnh", "Province"),
        Level::District => tr!(lang, "Cấp huyện", "District level"),
        Level::Commune => tr!(lang, "Cấp xã", "Commune level"),
        Level::Bloc => tr!(lang, "Khối (không theo địa bàn)", "Bloc (non-territorial)"),
    }
}

/// Label of a unit type, in lower case as in running text ("thị xã" / "town").
pub fn unit_type_label(unit_type: UnitType, lang: Lang) -> &'static str {
    match unit_type {
        UnitType::Tinh => tr!(lang, "tỉnh", "province"),
        UnitType::ThanhPho => tr!(lang, "thành phố", "city"),
        UnitType::ThiXa => tr!(lang, "thị xã", "town"),
        UnitType::Huyen => tr!(lang, "huyện", "district"),
        UnitType::Xa => tr!(lang, "xã", "commune"),
        UnitType::Phuong => tr!(lang, "phường", "ward"),
        UnitType::ThiTran => tr!(lang, "thị trấn", "township"),
        UnitType::Khoi => tr!(lang, "đảng bộ khối", "bloc Party committee"),
    }
}

/// Label of a measure ("tỉ lệ %" / "percent").
pub fn measure_label(measure: Measure, lang: Lang) -> &'static str {
    match measure {
        Measure::Count => tr!(lang, "số lượng", "count"),
        Measure::Percent => tr!(lang, "tỉ lệ %", "percent"),
        Measure::Category => tr!(lang, "xếp loại", "rating"),
        Measure::Flag => tr!(lang, "có/không", "yes/no"),
    }
}

/// A unit's name as shown in `lang`: the official Vietnamese name ("Huyện Tân Kỳ") in Vietnamese; in English the
/// name without its type word followed by the English type ("Tân Kỳ District", "Vinh City", "Nghệ An Province").
/// Blocs keep their Vietnamese name in both languages.
pub fn unit_display_name(unit: &Unit, lang: Lang) -> String {
    let suffix = match unit.unit_type {
        UnitType::Tinh => "Province",
        UnitType::ThanhPho => "City",
        UnitType::ThiXa => "Town",
        UnitType::Huyen => "District",
        UnitType::Xa => "Commune",
        UnitType::Phuong => "Ward",
        UnitType::ThiTran => "Township",
        UnitType::Khoi => return unit.name.clone(),
    };
    match lang {
        Lang::Vi => unit.name.clone(),
        Lang::En if unit.short_name.is_empty() => unit.name.clone(),
        Lang::En => format!("{} {suffix}", unit.short_name),
    }
}

/// A fixed text of the interface. [`Msg::text`] (or [`t`]) gives it in a language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Msg {
    /// Page title.
    AppTitle,
    /// One line under the title.
    AppSubtitle,
    /// The link from an embed to the full explorer.
    OpenInChiso,
    /// "Level" selector.
    Level,
    /// "Units" selector.
    Units,
    /// "Indicator" selector.
    Indicator,
    /// "Theme" heading.
    Theme,
    /// "Year range" control.
    YearRange,
    /// Start of a range.
    From,
    /// End of a range.
    To,
    /// Placeholder of the unit search box.
    SearchUnits,
    /// Shown when a search finds no unit.
    NoMatches,
    /// Shown when no unit is selected.
    NoUnitsSelected,
    /// A missing value.
    NoData,
    /// While the dataset loads.
    Loading,
    /// When the dataset cannot be loaded.
    LoadFailed,
    /// Button to try loading again.
    Retry,
    /// Label of the view switch.
    View,
    /// Line chart view.
    ViewLine,
    /// Ranking (bar chart) view.
    ViewBar,
    /// Table view.
    ViewTable,
    /// Heading of the source list.
    Sources,
    /// One source.
    Source,
    /// Publisher of a source.
    Publisher,
    /// Link to the original publication.
    OpenOriginal,
    /// The verbatim sentence a figure was read from.
    ExactSentence,
    /// Button showing that sentence.
    ShowSentence,
    /// Button hiding it again.
    HideSentence,
    /// The period a figure refers to.
    ReferencePeriod,
    /// Column: value.
    Value,
    /// Column: unit.
    Unit,
    /// Column: year.
    Year,
    /// Change between two figures.
    Change,
    /// Change in the indicator's own measure.
    AbsoluteChange,
    /// Change in percent of the earlier figure.
    RelativeChange,
    /// The legend key of a hollow marker: an estimated figure ("about N", "more than N") or an approximate date
    /// ([`crate::charts::is_uncertain`]), said the same way in both languages.
    Approximate,
    /// Marks a figure computed from published ones.
    Derived,
    /// Prefix of a lower bound ("more than 5,688").
    LowerBound,
    /// Prefix of an approximate value ("about 7,400").
    About,
    /// Language selector.
    Language,
    /// Button switching to the other language (written in that language).
    SwitchLanguage,
    /// Chart of category indicators.
    CountPerCategory,
    /// Selects every unit.
    SelectAll,
    /// Clears the selection.
    ClearSelection,
    /// Removes one selected unit.
    Remove,
    /// Closes a panel.
    Close,
    /// Title of the panel shown when the app itself fails.
    ErrorPanelTitle,
    /// Body of that panel.
    ErrorPanelBody,
    /// Shown when sources give different figures for the same unit and period.
    DisagreeingFigures,
    /// An editorial note.
    Note,
    /// The time a change covers, from its first to its last figure ("2013 → 2024"), a column of the change table.
    TimeSpan,
    /// Hint for indicators where a higher value is better.
    HigherIsBetter,
    /// Hint for indicators where a lower value is better.
    LowerIsBetter,
    /// Marks synthetic (made-up) data.
    Synthetic,
    /// The button that opens a reader's own data file.
    OpenDataFile,
    /// The dark-mode switch.
    DarkMode,
    /// The filter panel (and its button on phones).
    Filters,
    /// The map tab.
    ViewMap,
    /// Legend of a solid point: a published figure.
    PublishedFigure,
    /// Placeholder of the search across periods.
    FindPlaceHint,
    /// The button that saves the whole app for use with no connection.
    SaveOffline,
}

impl Msg {
    /// Every message, in declaration order.
    pub const ALL: [Msg; 61] = [
        Msg::AppTitle,
        Msg::AppSubtitle,
        Msg::OpenInChiso,
        Msg::Level,
        Msg::Units,
        Msg::Indicator,
        Msg::Theme,
        Msg::YearRange,
        Msg::From,
        Msg::To,
        Msg::SearchUnits,
        Msg::NoMatches,
        Msg::NoUnitsSelected,
        Msg::NoData,
        Msg::Loading,
        Msg::LoadFailed,
        Msg::Retry,
        Msg::View,
        Msg::ViewLine,
        Msg::ViewBar,
        Msg::ViewTable,
        Msg::Sources,
        Msg::Source,
        Msg::Publisher,
        Msg::OpenOriginal,
        Msg::ExactSentence,
        Msg::ShowSentence,
        Msg::HideSentence,
        Msg::ReferencePeriod,
        Msg::Value,
        Msg::Unit,
        Msg::Year,
        Msg::Change,
        Msg::AbsoluteChange,
        Msg::RelativeChange,
        Msg::Approximate,
        Msg::Derived,
        Msg::LowerBound,
        Msg::About,
        Msg::Language,
        Msg::SwitchLanguage,
        Msg::CountPerCategory,
        Msg::SelectAll,
        Msg::ClearSelection,
        Msg::Remove,
        Msg::Close,
        Msg::ErrorPanelTitle,
        Msg::ErrorPanelBody,
        Msg::DisagreeingFigures,
        Msg::Note,
        Msg::TimeSpan,
        Msg::HigherIsBetter,
        Msg::LowerIsBetter,
        Msg::Synthetic,
        Msg::OpenDataFile,
        Msg::DarkMode,
        Msg::Filters,
        Msg::ViewMap,
        Msg::PublishedFigure,
        Msg::FindPlaceHint,
        Msg::SaveOffline,
    ];

    /// The text in `lang`.
    pub fn text(self, lang: Lang) -> &'static str {
        let (vi, en) = self.pair();
        lang.pick(vi, en)
    }

    /// The Vietnamese and English texts.
    fn pair(self) -> (&'static str, &'static str) {
        match self {
            Msg::AppTitle => ("Chỉ số — Xây dựng Đảng ở Nghệ An", "Chỉ số — Party building in Nghệ An"),
            Msg::OpenInChiso => ("Mở trong Chỉ số ↗", "Open in Chỉ số ↗"),
            Msg::AppSubtitle => (
                "Các chỉ số xây dựng Đảng đã được công bố của tỉnh Nghệ An, theo đơn vị và theo năm",
                "Published Party-building indicators for Nghệ An province, by unit and by year",
            ),
            Msg::Level => ("Cấp", "Level"),
            Msg::Units => ("Các đơn vị", "Units"),
            Msg::Indicator => ("Chỉ số", "Indicator"),
            Msg::Theme => ("Chủ đề", "Theme"),
            Msg::YearRange => ("Khoảng năm", "Year range"),
            Msg::From => ("Từ", "From"),
            Msg::To => ("Đến", "To"),
            Msg::SearchUnits => ("Tìm đơn vị (gõ không dấu cũng được)", "Search units"),
            Msg::NoMatches => ("Không tìm thấy đơn vị nào", "No matching units"),
            Msg::NoUnitsSelected => ("Chưa chọn đơn vị nào", "No units selected"),
            Msg::NoData => ("không có số liệu", "no data"),
            Msg::Loading => ("Đang tải dữ liệu…", "Loading the data…"),
            Msg::LoadFailed => ("Không tải được dữ liệu", "Could not load the data"),
            Msg::Retry => ("Thử lại", "Retry"),
            Msg::View => ("Cách xem", "View"),
            Msg::ViewLine => ("Biểu đồ đường", "Line chart"),
            Msg::ViewBar => ("Xếp hạng", "Ranking"),
            Msg::ViewTable => ("Bảng", "Table"),
            Msg::Sources => ("Nguồn", "Sources"),
            Msg::Source => ("Nguồn", "Source"),
            Msg::Publisher => ("Cơ quan công bố", "Publisher"),
            Msg::OpenOriginal => ("Mở bài gốc", "Open the original"),
            Msg::ExactSentence => ("Câu trích nguyên văn", "Exact sentence"),
            Msg::ShowSentence => ("Xem câu trích", "Show the sentence"),
            Msg::HideSentence => ("Ẩn câu trích", "Hide the sentence"),
            Msg::ReferencePeriod => ("Thời điểm", "Reference period"),
            Msg::Value => ("Giá trị", "Value"),
            Msg::Unit => ("Đơn vị", "Unit"),
            Msg::Year => ("Năm", "Year"),
            Msg::Change => ("Thay đổi", "Change"),
            Msg::AbsoluteChange => ("Thay đổi tuyệt đối", "Absolute change"),
            Msg::RelativeChange => ("Thay đổi tương đối", "Relative change"),
            Msg::Approximate => ("số liệu ước tính hoặc thời điểm gần đúng", "estimated figure or approximate date"),
            Msg::Derived => ("tính từ số liệu công bố", "derived from published figures"),
            Msg::LowerBound => ("hơn", "more than"),
            Msg::About => ("khoảng", "about"),
            Msg::Language => ("Ngôn ngữ", "Language"),
            Msg::SwitchLanguage => ("English", "Tiếng Việt"),
            Msg::CountPerCategory => ("Số đơn vị theo xếp loại", "Units per rating"),
            Msg::SelectAll => ("Chọn tất cả", "Select all"),
            Msg::ClearSelection => ("Bỏ chọn tất cả", "Clear"),
            Msg::Remove => ("Bỏ", "Remove"),
            Msg::Close => ("Đóng", "Close"),
            Msg::ErrorPanelTitle => ("Đã xảy ra lỗi trong ứng dụng", "The app hit an error"),
            Msg::ErrorPanelBody => (
                "Hãy tải lại trang. Nếu lỗi lặp lại, xin báo cho chúng tôi.",
                "Please reload the page. If the error comes back, please let us know.",
            ),
            Msg::DisagreeingFigures => ("Các nguồn công bố số liệu khác nhau", "Sources publish different figures"),
            Msg::Note => ("Ghi chú", "Note"),
            Msg::TimeSpan => ("Khoảng thời gian", "Time span"),
            Msg::HigherIsBetter => ("cao hơn là tốt hơn", "higher is better"),
            Msg::LowerIsBetter => ("thấp hơn là tốt hơn", "lower is better"),
            Msg::Synthetic => ("dữ liệu tổng hợp (giả lập)", "synthetic data"),
            Msg::OpenDataFile => ("Mở tệp dữ liệu của bạn", "Open your data file"),
            Msg::DarkMode => ("Nền tối", "Dark mode"),
            Msg::Filters => ("Bộ lọc", "Filters"),
            Msg::ViewMap => ("Bản đồ", "Map"),
            Msg::PublishedFigure => ("số liệu công bố", "published figure"),
            Msg::FindPlaceHint => {
                ("Tìm địa danh ở mọi thời kỳ (vd. Cửa Lò)", "Find a place of any period (e.g. Cửa Lò)")
            }
            Msg::SaveOffline => ("Lưu để dùng ngoại tuyến", "Save for offline"),
        }
    }
}

/// Shorthand for [`Msg::text`].
pub fn t(msg: Msg, lang: Lang) -> &'static str {
    msg.text(lang)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn the_hollow_marker_key_says_the_same_thing_in_both_languages() {
        assert_eq!(t(Msg::Approximate, Lang::Vi), "số liệu ước tính hoặc thời điểm gần đúng");
        assert_eq!(t(Msg::Approximate, Lang::En), "estimated figure or approximate date");
    }

    fn unit(name: &str, short: &str, level: Level, unit_type: UnitType) -> Unit {
        Unit {
            id: "x".into(),
            code: String::new(),
            name: name.into(),
            short_name: short.into(),
            level,
            unit_type,
            parent: None,
            period: None,
            from: None,
            to: None,
            lineage: "x".into(),
            successors: vec![],
            predecessors: vec![],
            change: None,
            flags: Default::default(),
        }
    }

    #[test]
    fn language_codes_round_trip_and_vietnamese_is_the_default() {
        assert_eq!(Lang::default(), Lang::Vi);
        for lang in Lang::ALL {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
            assert_eq!(serde_json::to_string(&lang).unwrap(), format!("\"{}\"", lang.code()));
            assert_eq!(serde_json::from_str::<Lang>(&format!("\"{}\"", lang.code())).unwrap(), lang);
            assert_eq!(lang.other().other(), lang);
            assert_ne!(lang.other(), lang);
        }
    }

    #[test]
    fn language_codes_are_read_leniently_but_unknown_ones_are_refused() {
        let cases =
            [("EN", Some(Lang::En)), (" vi ", Some(Lang::Vi)), ("en-GB", Some(Lang::En)), ("vi_VN", Some(Lang::Vi))];
        for (code, want) in cases {
            assert_eq!(Lang::from_code(code), want, "{code}");
        }
        for code in ["fr", "", "vie", "english"] {
            assert_eq!(Lang::from_code(code), None, "{code}");
        }
    }

    #[test]
    fn localized_text_is_picked_by_language_and_falls_back_when_missing() {
        let both = Localized::new("Đảng viên", "Party members");
        assert_eq!(both.get(Lang::Vi), "Đảng viên");
        assert_eq!(both.get(Lang::En), "Party members");
        let vi_only = Localized::new("Đảng viên", "");
        assert_eq!(vi_only.get(Lang::En), "Đảng viên");
        let en_only = Localized::new("", "Party members");
        assert_eq!(en_only.get(Lang::Vi), "Party members");
    }

    #[test]
    fn levels_unit_types_and_measures_have_the_agreed_labels() {
        assert_eq!(level_label(Level::District, Lang::Vi), "Cấp huyện");
        assert_eq!(level_label(Level::Bloc, Lang::En), "Bloc (non-territorial)");
        assert_eq!(unit_type_label(UnitType::ThiTran, Lang::Vi), "thị trấn");
        assert_eq!(unit_type_label(UnitType::Khoi, Lang::En), "bloc Party committee");
        assert_eq!(measure_label(Measure::Percent, Lang::Vi), "tỉ lệ %");
        assert_eq!(measure_label(Measure::Category, Lang::En), "rating");
        for level in Level::ALL {
            assert_ne!(level_label(level, Lang::Vi), level_label(level, Lang::En));
        }
    }

    #[test]
    fn unit_names_are_official_in_vietnamese_and_name_plus_type_in_english() {
        let cases = [
            ("Huyện Tân Kỳ", "Tân Kỳ", Level::District, UnitType::Huyen, "Tân Kỳ District"),
            ("Thành phố Vinh", "Vinh", Level::District, UnitType::ThanhPho, "Vinh City"),
            ("Thị xã Cửa Lò", "Cửa Lò", Level::District, UnitType::ThiXa, "Cửa Lò Town"),
            ("Xã Môn Sơn", "Môn Sơn", Level::Commune, UnitType::Xa, "Môn Sơn Commune"),
            ("Phường Hưng Bình", "Hưng Bình", Level::Commune, UnitType::Phuong, "Hưng Bình Ward"),
            ("Thị trấn Tân Kỳ", "Tân Kỳ", Level::Commune, UnitType::ThiTran, "Tân Kỳ Township"),
            ("Tỉnh Nghệ An", "Nghệ An", Level::Province, UnitType::Tinh, "Nghệ An Province"),
            (
                "Đảng bộ Khối các cơ quan tỉnh",
                "Khối các cơ quan tỉnh",
                Level::Bloc,
                UnitType::Khoi,
                "Đảng bộ Khối các cơ quan tỉnh",
            ),
        ];
        for (name, short, level, unit_type, en) in cases {
            let u = unit(name, short, level, unit_type);
            assert_eq!(unit_display_name(&u, Lang::Vi), name);
            assert_eq!(unit_display_name(&u, Lang::En), en);
        }
    }

    #[test]
    fn every_message_is_listed_once_and_has_text_in_both_languages() {
        assert_eq!(Msg::ALL.len(), Msg::SaveOffline as usize + 1);
        for (i, msg) in Msg::ALL.into_iter().enumerate() {
            assert_eq!(msg as usize, i, "{msg:?} is out of place in Msg::ALL");
            for lang in Lang::ALL {
                let text = msg.text(lang);
                assert!(!text.trim().is_empty(), "{msg:?} is empty in {lang:?}");
                assert_eq!(text, text.trim(), "{msg:?} has stray spaces in {lang:?}");
                assert_eq!(t(msg, lang), text);
            }
        }
    }

    #[test]
    fn messages_differ_between_languages_except_the_few_that_are_spelled_alike() {
        // None today; a key whose Vietnamese equals its English is almost always an untranslated string.
        let alike: HashSet<Msg> = HashSet::new();
        for msg in Msg::ALL {
            if !alike.contains(&msg) {
                assert_ne!(msg.text(Lang::Vi), msg.text(Lang::En), "{msg:?} looks untranslated");
            }
        }
    }

    #[test]
    fn vietnamese_messages_are_written_with_their_diacritics() {
        let ascii_only: Vec<Msg> = Msg::ALL.into_iter().filter(|m| m.text(Lang::Vi).is_ascii()).collect();
        // "English" (the switch) is the only Vietnamese-side text with no Vietnamese letters in it.
        assert_eq!(ascii_only, vec![Msg::SwitchLanguage]);
    }

    #[test]
    fn the_language_switch_is_written_in_the_language_it_switches_to() {
        for lang in Lang::ALL {
            assert_eq!(t(Msg::SwitchLanguage, lang), tr!(lang, "English", "Tiếng Việt"));
        }
    }
}
