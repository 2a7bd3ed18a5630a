//! The Content-Security-Policy of the built page: `cargo xtask build` (the prerender hook, [`add_meta`]) writes it
//! into `index.html` as a `<meta http-equiv>` tag, with the SHA-256 hash of every inline script the page runs —
//! the prerendered page's boot script, and Trunk's loader, which the boot script re-inserts with the same text —
//! so no script runs that the build did not write, and no `unsafe-inline` is needed for scripts. [`verify`] checks
//! a built page's tag against its scripts (run after every build, and by the tests).
//!
//! Styles: the stylesheets are files (`style-src 'self'`); style *attributes* are allowed
//! (`style-src-attr 'unsafe-inline'`) because ECharts writes them (its tooltip's HTML, its canvas container) as does
//! the prerendered chart box's height. `frame-ancestors` (who may embed the app) is ignored in a meta tag: a host
//! sends it as a header ([`header`], README "Content-Security-Policy").

use base64::Engine as _;
use sha2::{Digest, Sha256};

/// The `type`s of a `<script>` the page runs: none (classic), `module`, and the inert `chiso/module` the boot
/// script turns back into a module with the same text (`crate::prerender::DEFERRED_MODULE`).
fn runs(script_type: Option<&str>) -> bool {
    match script_type.map(str::trim) {
        None | Some("") => true,
        Some(t) => ["module", "text/javascript", "application/javascript", crate::prerender::DEFERRED_MODULE]
            .iter()
            .any(|k| t.eq_ignore_ascii_case(k)),
    }
}

/// The value of attribute `name` in an opening tag (double-quoted, as Trunk and the hooks write them).
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

/// The text of every inline script of `html` that runs, in document order.
pub fn inline_scripts(html: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find("<script") {
        rest = &rest[i..];
        let Some(end) = rest.find('>') else { break };
        let tag = &rest[..end];
        let body_start = end + 1;
        let Some(close) = rest[body_start..].find("</script") else { break };
        let body = &rest[body_start..body_start + close];
        if attr(tag, "src").is_none() && runs(attr(tag, "type")) {
            out.push(body);
        }
        rest = &rest[body_start + close..];
    }
    out
}

/// `'sha256-…'` of a script's text, as the browser computes it (on the text after its line-break normalisation).
pub fn hash(script: &str) -> String {
    let text = script.replace("\r\n", "\n").replace('\r', "\n");
    let digest = Sha256::digest(text.as_bytes());
    format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(digest))
}

/// The policy for a page whose inline scripts are those of `html`.
pub fn policy(html: &str) -> String {
    let mut hashes: Vec<String> = inline_scripts(html).into_iter().map(hash).collect();
    hashes.dedup();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {}; style-src 'self'; \
         style-src-attr 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; worker-src 'self'; \
         manifest-src 'self'; object-src 'none'; base-uri 'self'; form-action 'none'",
        hashes.join(" ")
    )
}

/// The same policy as an HTTP header for a host, with what a meta tag cannot say: who may frame the app
/// (`frame-ancestors`, e.g. `'self' https://news.example`).
pub fn header(html: &str, frame_ancestors: &str) -> String {
    format!("{}; frame-ancestors {frame_ancestors}", policy(html))
}

/// The opening of the meta tag (the tests and [`verify`] look for it).
const META: &str = "<meta http-equiv=\"Content-Security-Policy\" content=\"";

/// Writes the policy into `html` as the first element after `<meta charset>` (a policy only covers what comes
/// after it), computed from the page's inline scripts as they are now: call it last.
pub fn add_meta(html: &str) -> Result<String, String> {
    if html.contains(META) {
        return Err("index.html already has a Content-Security-Policy".into());
    }
    let charset = "<meta charset=\"utf-8\">";
    let at = html.find(charset).ok_or("index.html has no <meta charset=\"utf-8\"> to put the policy after")?;
    let at = at + charset.len();
    Ok(format!("{}\n    {META}{}\">{}", &html[..at], policy(html), &html[at..]))
}

/// Checks a built page: it has the policy, before any script; its script hashes are exactly those of the inline
/// scripts it runs (none missing, none stale); scripts are never allowed inline wholesale.
pub fn verify(html: &str) -> Result<(), String> {
    let start = html.find(META).ok_or("no Content-Security-Policy meta tag")?;
    if html.find("<script").is_some_and(|s| s < start) {
        return Err("a script comes before the Content-Security-Policy".into());
    }
    let content = &html[start + META.len()..];
    let content = &content[..content.find('"').ok_or("unclosed Content-Security-Policy")?];
    let script_src = content
        .split(';')
        .map(str::trim)
        .find_map(|d| d.strip_prefix("script-src "))
        .ok_or("the policy has no script-src")?;
    if script_src.contains("'unsafe-inline'") || script_src.contains("'unsafe-eval'") {
        return Err(format!("script-src allows inline scripts or eval: {script_src}"));
    }
    let mut listed: Vec<&str> = script_src.split_whitespace().filter(|s| s.starts_with("'sha256-")).collect();
    let mut wanted: Vec<String> = inline_scripts(html).into_iter().map(hash).collect();
    listed.sort_unstable();
    wanted.sort_unstable();
    wanted.dedup();
    if listed != wanted {
        return Err(format!("script hashes {listed:?} do not match the inline scripts' {wanted:?}"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>x</title>\
        <script>(function(){boot()})()</script><script type=\"application/json\" id=\"pr-names\">{\"a\":1}</script>\
        <script type=\"chiso/module\">\nimport init from './chiso-1.js';\nawait init();\n</script>\
        <script src=\"sw-register.js\" defer></script></head><body></body></html>";

    #[test]
    fn the_hash_is_the_base64_sha256_a_browser_computes() {
        // echo -n "alert('Hello, world.');" | openssl dgst -sha256 -binary | base64 (the example of CSP Level 3).
        assert_eq!(hash("alert('Hello, world.');"), "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='");
        assert_eq!(hash("a\r\nb"), hash("a\nb"), "the HTML parser turns CRLF into LF before hashing");
    }

    #[test]
    fn only_the_inline_scripts_that_run_are_hashed_also_the_one_the_boot_script_reinserts() {
        let scripts = inline_scripts(PAGE);
        assert_eq!(scripts, vec!["(function(){boot()})()", "\nimport init from './chiso-1.js';\nawait init();\n"]);
    }

    #[test]
    fn the_meta_tag_comes_first_and_matches_the_page() {
        let html = add_meta(PAGE).unwrap();
        let meta = html.find("http-equiv=\"Content-Security-Policy\"").unwrap();
        assert!(meta < html.find("<title>").unwrap() && meta < html.find("<script").unwrap());
        for s in inline_scripts(PAGE) {
            assert!(html.contains(&hash(s)));
        }
        assert!(html.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"));
        assert_eq!(verify(&html), Ok(()));
        assert!(add_meta(&html).is_err(), "written once");
    }

    #[test]
    fn a_changed_added_or_missing_script_fails_verification() {
        let html = add_meta(PAGE).unwrap();
        assert!(verify(&html.replace("boot()", "boot(1)")).is_err(), "changed after hashing");
        assert!(verify(&html.replace("</body>", "<script>evil()</script></body>")).is_err(), "added");
        let stale = html.replace("<script>(function(){boot()})()</script>", "");
        assert!(verify(&stale).is_err(), "a hash of a script that is gone");
        assert!(verify(PAGE).is_err(), "no policy");
        let lax = html.replace("'wasm-unsafe-eval'", "'wasm-unsafe-eval' 'unsafe-inline'");
        assert!(verify(&lax).is_err());
    }

    #[test]
    fn the_header_for_hosts_adds_who_may_frame_the_app() {
        let h = header(PAGE, "'self' https://news.example");
        assert!(h.starts_with("default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-"));
        assert!(h.ends_with("; frame-ancestors 'self' https://news.example"));
    }

    #[test]
    fn the_built_page_if_any_has_a_policy_matching_its_scripts() {
        // The build runs `verify` itself; this also checks a `dist/` built before a change to this module.
        let index = crate::util::repo_root().join("dist/index.html");
        match std::fs::read_to_string(&index) {
            Ok(html) if html.contains("id=\"prerender\"") => assert_eq!(verify(&html), Ok(())),
            _ => eprintln!("no built dist/index.html: checked at the next build"),
        }
    }
}
