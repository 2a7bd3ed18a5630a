//! The mutators of `cargo xtask fuzz`: a seeded random source ([`Rng`]) and [`mutate`], which stacks a few edits
//! on an input — bit flips, bytes set, inserted, deleted or duplicated, a splice with another input of the corpus,
//! and tokens of the target's syntax (JSON, CSV, URL query, reference period) inserted or written over.

/// SplitMix64: small, fast, and the same sequence for the same seed on every machine.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator started from `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`0` when `n` is `0`).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }

    /// True once in `n` times.
    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }
}

/// Bytes that often change how a parser reads what follows.
const INTERESTING: [u8; 16] =
    [0, b'"', b'\\', b',', b';', b'\t', b'\n', b'\r', b'{', b'[', b'%', b'~', b'.', 0x80, 0xc3, 0xff];

/// Stacks one to eight edits (mostly one or two) on `input`, drawing splices from `corpus` and tokens from `dict`; the result is cut
/// to `max_len` bytes.
pub fn mutate(input: &[u8], corpus: &[Vec<u8>], dict: &[&str], max_len: usize, rng: &mut Rng) -> Vec<u8> {
    let mut out = input.to_vec();
    // Mostly one or two edits (a valid input stays near valid), sometimes up to eight.
    let edits = if rng.one_in(4) { 1 + rng.below(8) } else { 1 + rng.below(2) };
    for _ in 0..edits {
        let len = out.len();
        match rng.below(10) {
            0 if len > 0 => {
                let i = rng.below(len);
                out[i] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let i = rng.below(len);
                out[i] = INTERESTING[rng.below(INTERESTING.len())];
            }
            2 => {
                let i = rng.below(len + 1);
                let b = if rng.one_in(2) { INTERESTING[rng.below(INTERESTING.len())] } else { rng.next_u64() as u8 };
                out.insert(i, b);
            }
            3 if len > 0 => {
                let i = rng.below(len);
                let n = 1 + rng.below((len - i).min(16));
                out.drain(i..i + n);
            }
            4 if len > 0 => {
                // Duplicate a range in place (repeats a record, a cell, a list item).
                let i = rng.below(len);
                let n = 1 + rng.below((len - i).min(64));
                let piece = out[i..i + n].to_vec();
                let at = rng.below(len + 1);
                out.splice(at..at, piece);
            }
            5 if !corpus.is_empty() => {
                // Splice: a range of another input in place of a range of this one.
                let other = &corpus[rng.below(corpus.len())];
                if !other.is_empty() {
                    let a = rng.below(other.len());
                    let b = a + rng.below(other.len() - a) + 1;
                    let i = rng.below(len + 1);
                    let j = i + rng.below(len - i + 1).min(b - a + 8);
                    out.splice(i..j, other[a..b].iter().copied());
                }
            }
            6 | 7 if !dict.is_empty() => {
                let token = dict[rng.below(dict.len())].as_bytes();
                let i = rng.below(len + 1);
                out.splice(i..i, token.iter().copied());
            }
            8 if !dict.is_empty() && len > 0 => {
                let token = dict[rng.below(dict.len())].as_bytes();
                let i = rng.below(len);
                let end = (i + token.len()).min(len);
                out.splice(i..end, token.iter().copied());
            }
            9 if len > 1 => out.truncate(rng.below(len)),
            _ => {}
        }
    }
    out.truncate(max_len);
    out
}

/// Tokens of JSON and of the dataset's fields.
pub const JSON: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    "\"",
    ":",
    ",",
    "null",
    "true",
    "false",
    "0",
    "-0",
    "1e309",
    "-1",
    "0.5",
    "\"\"",
    "\\\"",
    "\\u0000",
    "\\ud800",
    "\u{feff}",
    "\"observations\":",
    "\"observations\":[",
    "\"schema_version\":1",
    "\"schema_version\":2",
    "\"id\":",
    "\"unit\":\"40\"",
    "\"period\":\"2020-H1\"",
    "\"value\":",
    "\"value\":\"HTXS\"",
    "\"source\":",
    "\"indicator\":",
    "\"sentence\":",
    "\"derived\":",
    "\"parts\":",
    "\"url\":\"javascript:x\"",
    "\"bound\":\"lower\"",
    "\"level\":\"district\"",
    "\"measure\":\"percent\"",
    "\"synthetic\":true",
    "{}",
    "[]",
    "[[[[[[[[",
    "]]]]]]]]",
    "\n",
];

/// Tokens of a CSV sheet and its cells.
pub const CSV: &[&str] = &[
    ",",
    ";",
    "\t",
    "\"",
    "\"\"",
    "\r\n",
    "\n",
    "\r",
    "\u{feff}",
    "68,6",
    "1.437.000",
    "1 437",
    "3,120",
    "-5",
    "1e400",
    "NaN",
    "=1+1",
    "c.",
    "~",
    "2020-H1",
    "2016-01..2018-06",
    "27/03/2020",
    "2020-02-30",
    "40",
    "423",
    "bloc-co-quan-tinh",
    "423@2013",
    "javascript:alert(1)",
    "https://",
    "lower",
    "approx",
    "vi",
    "en",
    "party_members",
    "clean_strong_orgs_pct",
    "Huyện Tân Kỳ",
    "indicator,unit_code,reference_period,value",
    "exact_sentence",
    "source_url",
    "derived",
    "scope",
    "bound",
    "ồ",
    "\u{0}",
];

/// Tokens of the app's query string.
pub const URL: &[&str] = &[
    "&",
    "=",
    "~",
    "%",
    "%2e",
    "%2E",
    "%ff",
    "%c3%a0",
    "%00",
    "%25",
    "+",
    "?",
    "#",
    "..",
    "v=1",
    "v=99",
    "lang=en",
    "units=",
    "ind=",
    "years=",
    "time=",
    "view=map",
    "view=",
    "year=",
    "sort=-",
    "sort=",
    "at=",
    "at=2020-H1",
    "in=",
    "profile=",
    "carry=1",
    "theme=",
    "embed=table",
    "embed=chart",
    "embed=0",
    "filters=1",
    "eid=",
    "data=",
    "data=x.json",
    "anim=0",
    "level=commune",
    "423",
    "40",
    "2013",
    "2200",
    "1899",
    "-",
    " ",
    "\t",
    "ồ",
    "\\",
];

/// Tokens of reference periods.
pub const PERIOD: &[&str] = &[
    "..",
    "-",
    "H1",
    "H2",
    "H3",
    "H",
    "c.",
    "~",
    " ",
    "0",
    "9",
    "2020",
    "0000",
    "9999",
    "-02-29",
    "-12-31",
    "-13",
    "-00",
    "2019-12",
    "2020-H1",
    "2020-03-27",
    "+",
    "٣",
    "ồ",
    "\t",
];
