//! Small text helpers: Vietnamese diacritics folding and slugs.

/// Lowercases and removes Vietnamese diacritics ("Đảng bộ Khối" → "dang bo khoi").
pub(crate) fn fold(s: &str) -> String {
    const GROUPS: [(&str, char); 7] = [
        ("àáảãạăằắẳẵặâầấẩẫậ", 'a'),
        ("èéẻẽẹêềếểễệ", 'e'),
        ("ìíỉĩị", 'i'),
        ("òóỏõọôồốổỗộơờớởỡợ", 'o'),
        ("ùúủũụưừứửữự", 'u'),
        ("ỳýỷỹỵ", 'y'),
        ("đ", 'd'),
    ];
    s.to_lowercase().chars().map(|c| GROUPS.iter().find(|(g, _)| g.contains(c)).map_or(c, |(_, b)| *b)).collect()
}

/// The ASCII words of a text, lowercased, split on anything that is not a letter or digit.
pub(crate) fn words(s: &str) -> Vec<String> {
    fold(s).split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_string).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_text_folds_to_ascii_words() {
        assert_eq!(words("Đảng bộ Khối các cơ quan tỉnh"), ["dang", "bo", "khoi", "cac", "co", "quan", "tinh"]);
        assert_eq!(fold("Thị xã Thái Hoà"), "thi xa thai hoa");
    }
}
