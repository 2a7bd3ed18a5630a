//! Diacritics-insensitive search over unit names, so "tan ky", "TÂN KỲ" and "Tân Kỳ" all find "Huyện Tân Kỳ".
//!
//! Text is compared after [`fold`]: lower case, Vietnamese tone marks, hats, breves and horns removed, "đ" read as
//! "d", whitespace collapsed. Both precomposed (NFC) and decomposed (NFD) input fold the same, with a hand-written
//! table and no Unicode library.

/// Folds text for comparison: lower case, no diacritics ("Đô Lương" → "do luong"), combining marks dropped, runs
/// of whitespace collapsed to one space and trimmed.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if is_combining_mark(c) {
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        for lower in c.to_lowercase() {
            out.push(base_letter(lower));
        }
    }
    out
}

/// Combining diacritical marks (U+0300–U+036F, which includes the dot below U+0323 and the horn U+031B), and the
/// supplement blocks sometimes produced by other input methods.
fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}')
}

/// The base letter of a lower-case Vietnamese letter; any other character is returned unchanged.
fn base_letter(c: char) -> char {
    match c {
        'à' | 'á' | 'ả' | 'ã' | 'ạ' | 'ă' | 'ằ' | 'ắ' | 'ẳ' | 'ẵ' | 'ặ' | 'â' | 'ầ' | 'ấ' | 'ẩ' | 'ẫ' | 'ậ' => {
            'a'
        }
        'è' | 'é' | 'ẻ' | 'ẽ' | 'ẹ' | 'ê' | 'ề' | 'ế' | 'ể' | 'ễ' | 'ệ' => 'e',
        'ì' | 'í' | 'ỉ' | 'ĩ' | 'ị' => 'i',
        'ò' | 'ó' | 'ỏ' | 'õ' | 'ọ' | 'ô' | 'ồ' | 'ố' | 'ổ' | 'ỗ' | 'ộ' | 'ơ' | 'ờ' | 'ớ' | 'ở' | 'ỡ' | 'ợ' => {
            'o'
        }
        'ù' | 'ú' | 'ủ' | 'ũ' | 'ụ' | 'ư' | 'ừ' | 'ứ' | 'ử' | 'ữ' | 'ự' => 'u',
        'ỳ' | 'ý' | 'ỷ' | 'ỹ' | 'ỵ' => 'y',
        'đ' => 'd',
        other => other,
    }
}

/// Whether every whitespace-separated word of `query` occurs, folded, somewhere in `haystack` ("quynh" matches
/// "Huyện Quỳnh Lưu"; "tan ky" matches "Huyện Tân Kỳ"). An empty query matches everything.
pub fn matches(query: &str, haystack: &str) -> bool {
    let hay = fold(haystack);
    fold(query).split(' ').all(|token| hay.contains(token))
}

/// Rank tier: folded query equals the folded haystack.
const EXACT: u32 = 4000;
/// Rank tier: the folded query appears as a phrase starting at a word ("tan ky" in "huyen tan ky").
const PHRASE_AT_WORD: u32 = 3000;
/// Rank tier: every query word starts some word of the haystack.
const WORD_PREFIXES: u32 = 2000;
/// Rank tier: every query word occurs somewhere.
const SUBSTRINGS: u32 = 1000;

/// How well `haystack` matches `query`, higher is better; `None` when it does not match (see [`matches`]).
///
/// Tiers, best first: the whole folded text equals the query; the query appears as a phrase starting at a word;
/// every query word starts a word; every query word occurs somewhere. Within a tier a shorter haystack ranks
/// higher (so "Huyện Tân Kỳ" comes before "Thị trấn Tân Kỳ"). An empty query scores 0 for everything.
pub fn score(query: &str, haystack: &str) -> Option<u32> {
    let q = fold(query);
    if q.is_empty() {
        return Some(0);
    }
    let hay = fold(haystack);
    let tokens: Vec<&str> = q.split(' ').collect();
    if !tokens.iter().all(|t| hay.contains(t)) {
        return None;
    }
    let words: Vec<&str> = hay.split(' ').collect();
    let tier = if hay == q {
        EXACT
    } else if starts_at_word(&hay, &q) {
        PHRASE_AT_WORD
    } else if tokens.iter().all(|t| words.iter().any(|w| w.starts_with(t))) {
        WORD_PREFIXES
    } else {
        SUBSTRINGS
    };
    let length_bonus = 999u32.saturating_sub(u32::try_from(hay.chars().count()).unwrap_or(u32::MAX));
    Some(tier + length_bonus)
}

/// Whether `needle` occurs in `hay` at the start of a word.
fn starts_at_word(hay: &str, needle: &str) -> bool {
    hay.match_indices(needle).any(|(i, _)| i == 0 || hay[..i].ends_with(' '))
}

/// The items whose key matches `query`, best match first ([`score`]); items scoring alike keep their order.
pub fn rank<T, S: AsRef<str>>(query: &str, items: impl IntoIterator<Item = T>, key: impl Fn(&T) -> S) -> Vec<T> {
    let mut scored: Vec<(u32, T)> =
        items.into_iter().filter_map(|item| score(query, key(&item).as_ref()).map(|s| (s, item))).collect();
    crate::sort::sort_by_key(&mut scored, |(s, _)| std::cmp::Reverse(*s));
    scored.into_iter().map(|(_, item)| item).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAMES: [&str; 8] = [
        "Huyện Quỳnh Lưu",
        "Xã Quỳnh Lập",
        "Huyện Quế Phong",
        "Huyện Tân Kỳ",
        "Thị trấn Tân Kỳ",
        "Thị xã Cửa Lò",
        "Huyện Đô Lương",
        "Thị xã Hoàng Mai",
    ];

    fn found(query: &str) -> Vec<&'static str> {
        NAMES.into_iter().filter(|n| matches(query, n)).collect()
    }

    #[test]
    fn folding_removes_every_vietnamese_diacritic_and_lowers_case() {
        let lower = "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ";
        let want = "aaaaaaaaaaaaaaaaaeeeeeeeeeeeiiiiiooooooooooooooooouuuuuuuuuuuyyyyyd";
        assert_eq!(fold(lower), want);
        assert_eq!(fold(&lower.to_uppercase()), want);
    }

    #[test]
    fn folding_reads_names_as_typed_without_accents() {
        let cases = [
            ("Huyện Tân Kỳ", "huyen tan ky"),
            ("TÂN KỲ", "tan ky"),
            ("Đô Lương", "do luong"),
            ("  Thị   xã\tCửa Lò \n", "thi xa cua lo"),
            ("Nghĩa Đàn", "nghia dan"),
            ("", ""),
            ("Khối 2025-07", "khoi 2025-07"),
        ];
        for (input, want) in cases {
            assert_eq!(fold(input), want, "{input:?}");
        }
    }

    #[test]
    fn decomposed_text_folds_like_composed_text() {
        // "Tân Kỳ" in NFD: a + combining circumflex, y + combining grave.
        let nfd = "Ta\u{0302}n Ky\u{0300}";
        assert_eq!(fold(nfd), fold("Tân Kỳ"));
        // Horn and dot below decomposed; "Đ" has no decomposition and stays precomposed.
        assert_eq!(fold("Quy\u{0300}nh Lu\u{031B}u"), "quynh luu");
        assert_eq!(fold("Nghi\u{0323} Đo\u{0302}\u{0301}"), "nghi do");
    }

    #[test]
    fn queries_find_units_without_accents_or_case() {
        let cases: [(&str, &[&str]); 7] = [
            ("tan ky", &["Huyện Tân Kỳ", "Thị trấn Tân Kỳ"]),
            ("TÂN KỲ", &["Huyện Tân Kỳ", "Thị trấn Tân Kỳ"]),
            ("quynh", &["Huyện Quỳnh Lưu", "Xã Quỳnh Lập"]),
            ("cua lo", &["Thị xã Cửa Lò"]),
            ("do luong", &["Huyện Đô Lương"]),
            ("lo cua", &["Thị xã Cửa Lò"]),
            ("vinh", &[]),
        ];
        for (query, want) in cases {
            assert_eq!(found(query), want, "{query}");
        }
    }

    #[test]
    fn an_empty_query_matches_everything() {
        for query in ["", "   "] {
            assert_eq!(found(query).len(), NAMES.len());
            assert_eq!(score(query, "Huyện Tân Kỳ"), Some(0));
        }
    }

    #[test]
    fn scores_rank_exact_then_phrase_then_word_prefix_then_substring() {
        let exact = score("tan ky", "Tân Kỳ").unwrap();
        let phrase = score("tan ky", "Huyện Tân Kỳ").unwrap();
        let prefixes = score("ky tan", "Huyện Tân Kỳ").unwrap();
        let substring = score("an ky", "Huyện Tân Kỳ").unwrap();
        assert!(exact > phrase && phrase > prefixes && prefixes > substring, "{exact} {phrase} {prefixes} {substring}");
        assert_eq!(score("quế phong", "Huyện Quỳnh Lưu"), None);
    }

    #[test]
    fn ranking_puts_the_best_match_first_and_drops_the_rest() {
        let ranked = rank("tan ky", NAMES, |n| *n);
        assert_eq!(ranked, ["Huyện Tân Kỳ", "Thị trấn Tân Kỳ"]);
        let ranked =
            rank("an", ["Huyện Tân Kỳ", "Huyện Anh Sơn", "Huyện Quế Phong", "An"], |n| n.to_string());
        assert_eq!(ranked, ["An", "Huyện Anh Sơn", "Huyện Tân Kỳ"]);
    }
}
