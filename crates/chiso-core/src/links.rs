//! Addresses that come from outside (a link's `data=`, a source URL in a reader's own file), read the way the
//! browser's URL parser (WHATWG) will read them, so that what is checked is what is loaded or linked.
//!
//! The browser is more forgiving than a plain string check: it removes ASCII tabs and line breaks anywhere, trims
//! C0 controls and spaces at both ends, reads `\` as `/`, and takes `%2e` for a dot in `.` and `..` segments. So
//! `%09/%09/evil.test/x.json` is `//evil.test/x.json` (another site) and `.%2e/x.json` is `../x.json`. The
//! functions here apply the same steps first, then decide.

use crate::i18n::Lang;
use crate::tr;
use std::fmt;

/// Longest `data=` path accepted, in bytes.
pub const DATA_PATH_MAX: usize = 200;

/// Why a `data=` value was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataPathError {
    /// It names a scheme, a host or the site's root (`https:`, `//`, `/`): another site, or outside the app.
    OtherPlace,
    /// Its `..` segments climb out of the app's folder.
    OutsideFolder,
    /// It is not the path of a `.json` file (empty, too long, a query or fragment, an empty segment).
    NotAJsonFile,
    /// A percent escape or a control character is left after decoding: refused rather than guessed, so that a
    /// server decoding twice cannot climb either.
    Encoded,
}

impl fmt::Display for DataPathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for DataPathError {}

impl DataPathError {
    /// Why the file was refused, in the reader's language.
    pub fn message(self, lang: Lang) -> String {
        match self {
            DataPathError::OtherPlace => tr!(
                lang,
                "tệp dữ liệu phải nằm trong thư mục của ứng dụng, không ở trang web khác",
                "the data file must be in the app's folder, not on another site"
            ),
            DataPathError::OutsideFolder => {
                tr!(lang, "đường dẫn đi ra ngoài thư mục của ứng dụng", "the path leads out of the app's folder")
            }
            DataPathError::NotAJsonFile => {
                tr!(lang, "đây không phải đường dẫn tới một tệp .json", "this is not the path of a .json file")
            }
            DataPathError::Encoded => tr!(
                lang,
                "đường dẫn còn chứa ký tự mã hoá (%) hoặc ký tự điều khiển",
                "the path still holds an escape (%) or a control character"
            ),
        }
        .to_string()
    }
}

/// The text the browser's URL parser starts from: C0 controls and spaces trimmed at both ends, ASCII tabs and line
/// breaks removed anywhere.
pub fn browser_clean(s: &str) -> String {
    s.trim_matches(|c: char| c <= ' ').chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect()
}

/// Whether the text starts with a URL scheme (`https:`, `javascript:`, `c:`): a letter, then letters, digits, `+`,
/// `-` or `.`, then `:`.
fn has_scheme(s: &str) -> bool {
    let Some((scheme, _)) = s.split_once(':') else { return false };
    scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// A `.` segment for the URL parser: `.` or `%2e`, in any case.
fn is_single_dot(seg: &str) -> bool {
    seg == "." || seg.eq_ignore_ascii_case("%2e")
}

/// A `..` segment for the URL parser: `..`, `.%2e`, `%2e.` or `%2e%2e`, in any case.
fn is_double_dot(seg: &str) -> bool {
    matches!(seg.to_ascii_lowercase().as_str(), ".." | ".%2e" | "%2e." | "%2e%2e")
}

/// The path of a `data=` file relative to the app's folder, as the browser will resolve it, or why it is refused.
///
/// `value` is the parameter once decoded from the query (what the app passes to `fetch`). After the browser's own
/// clean-up ([`browser_clean`], `\` as `/`), only a relative path is accepted: no scheme, no `//` host, no leading
/// `/`, no query or fragment. Its dot segments (also written `%2e`) are removed as the browser removes them, and
/// it is refused if they climb out of the folder. What is left must be a `.json` file name with no empty segment,
/// no `%` and no control character. The result (`./x.json` → `x.json`) is what to fetch: relative to the folder,
/// it can only name a file inside it.
pub fn data_path(value: &str) -> Result<String, DataPathError> {
    let clean = browser_clean(value).replace('\\', "/");
    if has_scheme(&clean) || clean.starts_with('/') {
        return Err(DataPathError::OtherPlace);
    }
    if clean.is_empty() || clean.len() > DATA_PATH_MAX || clean.contains(['?', '#']) {
        return Err(DataPathError::NotAJsonFile);
    }
    let mut kept: Vec<&str> = Vec::new();
    for seg in clean.split('/') {
        if is_double_dot(seg) {
            kept.pop().ok_or(DataPathError::OutsideFolder)?;
        } else if !is_single_dot(seg) {
            kept.push(seg);
        }
    }
    let Some(file) = kept.last() else { return Err(DataPathError::NotAJsonFile) };
    if !file.ends_with(".json") || file.len() == ".json".len() || kept.iter().any(|s| s.is_empty()) {
        return Err(DataPathError::NotAJsonFile);
    }
    if kept.iter().any(|s| s.contains(|c: char| c == '%' || c.is_control())) {
        return Err(DataPathError::Encoded);
    }
    let path = kept.join("/");
    // What is returned must read back as itself (it is written into links): `./syn:x/a.json` would come back as
    // `syn:x/a.json`, a scheme, and `./ a.json` as ` a.json`, trimmed to another file. Found by `cargo xtask fuzz`.
    if has_scheme(&path) {
        return Err(DataPathError::OtherPlace);
    }
    if path.starts_with(' ') {
        return Err(DataPathError::NotAJsonFile);
    }
    Ok(path)
}

/// The absolute URL of a `data=` file for the page at `page_url` (its folder, then [`data_path`]): the same origin
/// and a path under the page's folder, or the reason it is refused.
pub fn resolve_data_url(page_url: &str, value: &str) -> Result<String, DataPathError> {
    let page = page_url.split(['?', '#']).next().unwrap_or_default();
    let folder = match page.rfind('/') {
        Some(i) => &page[..=i],
        None => return Err(DataPathError::OtherPlace),
    };
    Ok(format!("{folder}{}", data_path(value)?))
}

/// The address to put in an `<a href>` for a link read from data (a source's URL), or `None` when it must not
/// become a link: only `http://` and `https://` addresses pass, checked after the browser's clean-up
/// ([`browser_clean`]), so `javascript:`, `data:`, ` JaVaScRiPt:` or `java\tscript:` never do. The address is
/// returned trimmed; one holding a tab or a line break inside is refused rather than rewritten.
pub fn safe_link(url: &str) -> Option<&str> {
    let trimmed = url.trim_matches(|c: char| c <= ' ');
    if trimmed.contains(['\t', '\n', '\r']) {
        return None;
    }
    let (scheme, rest) = trimmed.split_once(':')?;
    let web = scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https");
    let host = rest.strip_prefix("//").filter(|r| !r.is_empty() && !r.starts_with('/'));
    (web && host.is_some()).then_some(trimmed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_paths_are_read_as_the_browser_reads_them_and_never_leave_the_app_folder() {
        use DataPathError::*;
        let cases: [(&str, Result<&str, DataPathError>); 29] = [
            ("synthetic/nghe-an-synthetic.json", Ok("synthetic/nghe-an-synthetic.json")),
            ("./x.json", Ok("x.json")),
            ("x.json", Ok("x.json")),
            ("a/./b/../x.json", Ok("a/x.json")),
            (" x.json\n", Ok("x.json")),
            ("syn\tthetic/x.json", Ok("synthetic/x.json")),
            // Tabs and line breaks are removed by the browser before it resolves: another site.
            ("\t/\t/evil.test/x.json", Err(OtherPlace)),
            ("\n/\n/evil.test/x.json", Err(OtherPlace)),
            ("\r/\r/evil.test/x.json", Err(OtherPlace)),
            ("\u{1}//evil.test/x.json", Err(OtherPlace)),
            ("\\\\evil.test/x.json", Err(OtherPlace)),
            ("/\\evil.test/x.json", Err(OtherPlace)),
            ("https://evil.test/x.json", Err(OtherPlace)),
            ("java\tscript:x.json", Err(OtherPlace)),
            ("//evil.test/x.json", Err(OtherPlace)),
            ("/etc/x.json", Err(OtherPlace)),
            // Dot segments, plain, with a tab, or percent-encoded once: out of the folder.
            ("../x.json", Err(OutsideFolder)),
            (".\t./x.json", Err(OutsideFolder)),
            ("%2e%2e/x.json", Err(OutsideFolder)),
            ("%2E./x.json", Err(OutsideFolder)),
            (".%2e/x.json", Err(OutsideFolder)),
            ("a/..\\..\\x.json", Err(OutsideFolder)),
            // What is left of an escape after the query's decoding (a link with `%25252e`): a literal segment to
            // the browser, but a server decoding twice would climb. Refused.
            ("%252e%252e/x.json", Err(Encoded)),
            ("a/%2e%2e%2fx.json", Err(Encoded)),
            ("x.json?x=1", Err(NotAJsonFile)),
            ("a//x.json", Err(NotAJsonFile)),
            ("x.csv", Err(NotAJsonFile)),
            ("a/..", Err(NotAJsonFile)),
            ("", Err(NotAJsonFile)),
        ];
        for (value, expected) in cases {
            assert_eq!(data_path(value).as_deref().map_err(|e| *e), expected, "{value:?}");
        }
    }

    #[test]
    fn an_accepted_data_path_reads_back_as_itself() {
        // Inputs found by `cargo xtask fuzz` (the URL state round trip): once the dot segments are gone, these
        // read as a scheme, or start with a space the next reading trims.
        use DataPathError::*;
        assert_eq!(data_path("./syn:thetic/x.json"), Err(OtherPlace));
        assert_eq!(data_path("a/../https:evil.test/x.json"), Err(OtherPlace));
        assert_eq!(data_path("./ synthetic/x.json"), Err(NotAJsonFile));
        for value in ["./a/x.json", "a b/c d.json", "a/./b/../x.json", "./x:y/../z.json", "syn thetic/x.json"] {
            let path = data_path(value).unwrap();
            assert_eq!(data_path(&path).as_deref(), Ok(path.as_str()), "{value:?}");
        }
    }

    #[test]
    fn a_data_url_is_the_page_folder_and_the_checked_path() {
        let page = "https://example.org/tin-tuc/chiso/index.html?data=x#top";
        assert_eq!(
            resolve_data_url(page, "./synthetic/x.json").as_deref(),
            Ok("https://example.org/tin-tuc/chiso/synthetic/x.json")
        );
        assert_eq!(
            resolve_data_url("https://example.org/chiso/", "x.json").as_deref(),
            Ok("https://example.org/chiso/x.json")
        );
        assert_eq!(resolve_data_url(page, "\t/\t/evil.test/x.json"), Err(DataPathError::OtherPlace));
        assert_eq!(resolve_data_url(page, ".%2e/.%2e/x.json"), Err(DataPathError::OutsideFolder));
    }

    #[test]
    fn refusals_are_explained_in_both_languages() {
        let e = DataPathError::OutsideFolder;
        assert!(e.message(Lang::Vi).contains("thư mục"));
        assert!(e.to_string().contains("folder"));
    }

    #[test]
    fn only_http_and_https_addresses_become_links() {
        let cases = [
            ("https://baonghean.vn/a.html", Some("https://baonghean.vn/a.html")),
            ("http://example.org", Some("http://example.org")),
            ("  HTTPS://example.org/x \n", Some("HTTPS://example.org/x")),
            ("javascript:alert(1)", None),
            (" JaVaScRiPt:alert(1)", None),
            ("java\tscript:alert(1)", None),
            ("\u{1}javascript:alert(1)", None),
            ("https\t://x.org", None),
            ("data:text/html,<script>alert(1)</script>", None),
            ("vbscript:x", None),
            ("file:///etc/passwd", None),
            ("//evil.test/x", None),
            ("/relative", None),
            ("https:evil.test", None),
            ("https:///x", None),
            ("", None),
        ];
        for (url, expected) in cases {
            assert_eq!(safe_link(url), expected, "{url:?}");
        }
    }
}
