//! Whether a figure's value is written in its exact sentence ([`value_in_sentence`]): the rule that keeps a typo
//! (193133 for "193.132") from passing as a published figure.
//!
//! The sentence is read as a publisher writes numbers in Vietnamese or English: `1.437`, `1,437`, `1437`,
//! `1.437.000`, `68,6`, `68.6`, `68,6%`, `68.6 per cent`, and `184 466` with a no-break space. A number with
//! separators is read every way it can be: `1.437` is 1437 or 1.437, `68,6` is 68.6; a group after a thousands
//! separator must have three digits, so `68,6` is never 686. A zero may be written as a word ("no", "none",
//! "không", "chưa có", …). Words for other numbers ("two", "hai") are not read: the rule then flags the figure,
//! and the sheet should quote the sentence that has the digits.

/// Words that say "zero" (checked as whole words, case-insensitively).
const ZERO_WORDS: [&str; 10] =
    ["no", "none", "zero", "nil", "not any", "without", "không", "chưa có", "chưa", "không còn"];

/// Whether `value` is written in `sentence`: some number of the sentence, read in a vi or en format, equals it (a
/// zero may also be a word for none). Years, codes and other numbers are read too, so this only tells a typo or a
/// wrong row from a figure that is there; it cannot tell which number of the sentence is the figure. Signs are not
/// read: a change of −3 is written "giảm 3" / "down by 3".
pub fn value_in_sentence(value: f64, sentence: &str) -> bool {
    let value = value.abs();
    if value == 0.0 && says_none(sentence) {
        return true;
    }
    numbers_in(sentence).iter().any(|token| readings(token).into_iter().any(|n| same(n, value)))
}

fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs().max(1.0)
}

/// Whether the sentence has a word for none.
fn says_none(sentence: &str) -> bool {
    let lower = sentence.to_lowercase();
    ZERO_WORDS.iter().any(|w| has_word(&lower, w))
}

/// Whether `word` is in `text` with no letter or digit right before or after it.
fn has_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

/// Is `c` a space that may group thousands (no-break or narrow no-break space)?
fn is_group_space(c: char) -> bool {
    matches!(c, '\u{a0}' | '\u{202f}' | '\u{2009}')
}

/// The numbers of a sentence as written: runs of digits joined by `.`, `,` or a no-break space followed by a digit.
/// Numbers grouped by plain spaces (`184 466`, `1 437 000`) are read both ways: each run alone and, where the first
/// group has one to three digits and every later one three, joined.
fn numbers_in(sentence: &str) -> Vec<String> {
    let chars: Vec<char> = sentence.chars().collect();
    // Each token with the index of the character after it.
    let mut found: Vec<(usize, usize, String)> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        let mut token = String::new();
        while i < chars.len() {
            let c = chars[i];
            let joins = (c == '.' || c == ',' || is_group_space(c))
                && chars.get(i + 1).is_some_and(char::is_ascii_digit)
                && !token.is_empty();
            if c.is_ascii_digit() {
                token.push(c);
            } else if joins {
                token.push(if is_group_space(c) { ' ' } else { c });
            } else {
                break;
            }
            i += 1;
        }
        found.push((start, i, token));
    }
    let mut out: Vec<String> = found.iter().map(|(_, _, t)| t.clone()).collect();
    let plain = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    for k in 0..found.len() {
        let mut joined = found[k].2.clone();
        let mut end = found[k].1;
        for (start, next_end, t) in &found[k + 1..] {
            if *start != end + 1
                || chars[end] != ' '
                || t.len() != 3
                || !plain(t)
                || !plain(&found[k].2)
                || found[k].2.len() > 3
            {
                break;
            }
            joined = format!("{joined} {t}");
            out.push(joined.clone());
            end = *next_end;
        }
    }
    out
}

/// Every number a token can be read as: no separator is one reading; otherwise all separators as thousands
/// separators (each group after one has three digits), or the last one as the decimal point and the others as
/// thousands separators. A space is only ever a thousands separator.
fn readings(token: &str) -> Vec<f64> {
    let parts: Vec<&str> = token.split(['.', ',', ' ']).collect();
    let seps: Vec<char> = token.chars().filter(|c| matches!(c, '.' | ',' | ' ')).collect();
    let digits = |ps: &[&str]| ps.concat();
    let mut out = Vec::new();
    if parts.len() == 1 {
        out.extend(token.parse::<f64>().ok());
        return out;
    }
    let grouped = |ps: &[&str]| ps.iter().skip(1).all(|p| p.len() == 3);
    if grouped(&parts) {
        out.extend(digits(&parts).parse::<f64>().ok());
    }
    let (last_sep, head) = (seps[seps.len() - 1], &parts[..parts.len() - 1]);
    if last_sep != ' ' && grouped(head) {
        let text = format!("{}.{}", digits(head), parts[parts.len() - 1]);
        out.extend(text.parse::<f64>().ok());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::value_in_sentence;

    #[test]
    fn a_value_is_found_in_its_sentence_in_every_vi_and_en_format_and_a_typo_is_not() {
        let cases: &[(f64, &str, bool)] = &[
            (1437.0, "the whole province had 1,437 grassroots party organizations", true),
            (1437.0, "toàn tỉnh có 1.437 tổ chức cơ sở đảng", true),
            (1437.0, "toàn tỉnh có 1437 tổ chức cơ sở đảng", true),
            (1437.0, "toàn tỉnh có 1\u{a0}437 tổ chức cơ sở đảng", true),
            (184466.0, "có 184 466 đảng viên", true),
            (1437000.0, "có 1 437 000 người", true),
            (135.0, "năm 2020 135 tổ chức", true),
            (2020135.0, "năm 2020 135 tổ chức", false),
            (1.437, "toàn tỉnh có 1.437 tổ chức", true),
            (68.6, "đạt 68,6%", true),
            (68.6, "reached 68.6 per cent", true),
            (68.6, "đạt tỉ lệ 68,6 phần trăm.", true),
            (68.6, "reached 68.60%", true),
            (686.0, "đạt 68,6%", false),
            (1437000.0, "1.437.000 người", true),
            (1437.5, "1.437,5 người", true),
            (1437.5, "1,437.5 people", true),
            (193133.0, "tổng số 193.132 đảng viên", false),
            (193132.0, "tổng số 193.132 đảng viên", true),
            (12.0, "năm 2012 có 5 tổ chức", false),
            (2012.0, "năm 2012 có 5 tổ chức", true),
            (5.0, "there were 5.", true),
            (1400.0, "khoảng 1.400 đảng viên", true),
            (1400.0, "more than 1,400 members", true),
            (1500.0, "hơn 1.400 đảng viên", false),
            (0.0, "no party member was expelled", true),
            (0.0, "không có thôn, bản nào chưa có chi bộ", true),
            (0.0, "there were none left", true),
            (0.0, "0 thôn chưa có đảng viên", true),
            (0.0, "the province noted 12 cases", false),
            (1.0, "no party member was expelled", false),
            (-3.0, "giảm 3 đảng viên", true),
        ];
        for &(value, sentence, expected) in cases {
            assert_eq!(value_in_sentence(value, sentence), expected, "{value} in {sentence:?}");
        }
    }
}
