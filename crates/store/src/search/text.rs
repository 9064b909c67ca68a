//! Search text: how a customer's fields become one search document and a query becomes the
//! literal that document must contain. Both sides go through the same functions, so a piece of
//! what a person typed is a piece of the stored document.
//!
//! - **Case and form**: Unicode NFC, lower-cased, control and invisible format characters
//!   dropped (a NUL byte in a query is simply gone), whitespace runs made one space.
//! - **Accents**: folded on both sides (é→e, ñ→n, ø→o, ß→ss, ł→l …), except the Estonian
//!   letters õ ä ö ü š ž, which are matched as typed: the document holds each field twice,
//!   once with only the other accents folded (`Õunapuu` → `õunapuu`) and once fully folded
//!   (`ounapuu`); the query keeps those six letters. So "õuna" and "ÕUNA" find Õunapuu and not
//!   Ounapuu, while "ouna", typed without an Estonian keyboard, finds both; "jose" and "josé"
//!   find José.
//! - **Word starts**: a [`MARK`] precedes every character that starts a word (a letter or digit
//!   after anything else) and every CJK/kana/hangul character, which is a word of its own. A
//!   query gets the same marks inside it, so substrings still match; the marks make short
//!   queries reach the trigram index: "li" is searched as `MARK li` (a word starting with li),
//!   and the two Chinese characters "小明" as `MARK 小 MARK 明`, four characters — any 2+
//!   character substring of a Chinese name is an indexed search.
//! - **Fields** are joined by [`SEP`], which no query contains, so no match spans two fields.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::decompose_compatible;

/// Precedes every word start in a document and in a query pattern.
pub const MARK: char = '\u{3}';

/// Separates the fields of a document.
pub const SEP: char = '\u{1}';

/// Characters of a query that are searched; the rest of a longer query is ignored.
pub const MAX_QUERY_CHARS: usize = 100;

/// Letters kept as typed when folding accents (Estonian: õ ä ö ü š ž).
const KEPT: [char; 6] = ['õ', 'ä', 'ö', 'ü', 'š', 'ž'];

/// NFC, lower case, no control or invisible format characters, single spaces, trimmed.
pub fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.nfc().flat_map(char::to_lowercase) {
        if c.is_whitespace() {
            space = !out.is_empty();
        } else if !c.is_control() && !is_format(c) {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    out
}

/// Invisible format characters people paste by accident (soft hyphen, zero-width space and
/// joiners, word joiner, byte-order mark).
fn is_format(c: char) -> bool {
    matches!(
        c,
        '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{2060}' | '\u{feff}'
    )
}

/// Accents folded on [`clean`]ed text, keeping the Estonian letters.
pub fn fold_keep_et(s: &str) -> String {
    fold_with(s, true)
}

/// Every accent folded on [`clean`]ed text.
pub fn fold(s: &str) -> String {
    fold_with(s, false)
}

fn fold_with(s: &str, keep_et: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if keep_et && KEPT.contains(&c) {
            out.push(c);
            continue;
        }
        match c {
            'ß' => out.push_str("ss"),
            'æ' => out.push_str("ae"),
            'œ' => out.push_str("oe"),
            'þ' => out.push_str("th"),
            'ø' => out.push('o'),
            'đ' | 'ð' => out.push('d'),
            'ł' => out.push('l'),
            'ı' => out.push('i'),
            _ => decompose_compatible(c, |d| {
                if !('\u{300}'..='\u{36f}').contains(&d) {
                    out.extend(d.to_lowercase());
                }
            }),
        }
    }
    out.nfc().collect()
}

/// Han, kana and hangul: characters that are words of their own (no spaces between them).
pub fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30ff | 0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xac00..=0xd7af | 0xf900..=0xfaff
        | 0x20000..=0x323af)
}

/// `s` with a [`MARK`] before each wide character and before each letter or digit that
/// follows a non-word character (or comes first, when `first_starts_word`).
fn mark(s: &str, first_starts_word: bool) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut prev_word = !first_starts_word;
    for c in s.chars() {
        let word = c.is_alphanumeric();
        if is_wide(c) || (word && !prev_word) {
            out.push(MARK);
        }
        out.push(c);
        prev_word = word;
    }
    out
}

/// The digits of a phone number.
fn digits(s: &str) -> String {
    s.chars().filter(char::is_ascii_digit).collect()
}

/// What is searched of one customer.
#[derive(Debug, Clone, Copy)]
pub struct Fields<'a> {
    /// Display name.
    pub name: &'a str,
    /// E-mail.
    pub email: Option<&'a str>,
    /// Phone.
    pub phone: Option<&'a str>,
    /// External reference.
    pub external_ref: Option<&'a str>,
    /// Tags.
    pub tags: &'a [String],
}

/// One customer's row in `customer_search`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The marked, folded fields joined by [`SEP`].
    pub doc: String,
    /// The name, fully folded: name-prefix lookups and the order of results.
    pub name_key: String,
    /// The e-mail, cleaned: exact lookups.
    pub email_key: Option<String>,
    /// The phone's digits: exact lookups.
    pub phone_key: Option<String>,
    /// The external reference, cleaned: exact lookups.
    pub ref_key: Option<String>,
}

impl Entry {
    /// The entry for `f`.
    pub fn new(f: Fields<'_>) -> Entry {
        let mut parts: Vec<String> = Vec::new();
        let mut add = |s: String| {
            if !s.is_empty() && !parts.contains(&s) {
                parts.push(s);
            }
        };
        let texts = [Some(f.name), f.email, f.phone, f.external_ref];
        for text in texts
            .into_iter()
            .flatten()
            .chain(f.tags.iter().map(String::as_str))
        {
            let c = clean(text);
            add(fold_keep_et(&c));
            add(fold(&c));
        }
        let phone_key = f.phone.map(digits).filter(|d| !d.is_empty());
        if let Some(d) = &phone_key {
            add(d.clone());
        }
        // The reference's digits too: a query that looks like a phone number is searched by
        // its digits (see `Needle::parse`), and may be a reference like INV-2024-0117.
        if let Some(d) = f.external_ref.map(digits).filter(|d| d.len() >= 5) {
            add(d);
        }
        let doc = parts
            .iter()
            .map(|p| mark(p, true))
            .collect::<Vec<_>>()
            .join(&SEP.to_string());
        let key = |s: Option<&str>| s.map(clean).filter(|s| !s.is_empty());
        Entry {
            doc,
            name_key: fold(&clean(f.name)),
            email_key: key(f.email),
            phone_key,
            ref_key: key(f.external_ref),
        }
    }
}

/// A search query, normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Needle {
    /// The literal a matching document contains (marked, folded but for õ ä ö ü š ž).
    pub pattern: String,
    /// Whether `pattern` has the three characters a trigram index needs (false for a single
    /// character, which only finds exact keys and names starting with it).
    pub indexed: bool,
    /// `pattern` as the start of a word, for ranking.
    pub word_start: String,
    /// The query fully folded: compared with `name_key`.
    pub name_key: String,
    /// The query cleaned: compared with the e-mail and reference keys.
    pub exact: String,
    /// The query's digits, when it looks like a phone number (5+ digits and nothing but
    /// digits, spaces and `+-()./`).
    pub phone: Option<String>,
}

impl Needle {
    /// The needle for what a person typed; `None` when nothing searchable is left.
    pub fn parse(q: &str) -> Option<Needle> {
        // Bound the work on a huge query before cleaning it.
        let raw: String = q.chars().take(MAX_QUERY_CHARS * 4).collect();
        let exact: String = clean(&raw).chars().take(MAX_QUERY_CHARS).collect();
        if exact.is_empty() {
            return None;
        }
        let text = fold_keep_et(&exact);
        let marked = mark(&text, false);
        let bare = marked.strip_prefix(MARK).unwrap_or(&marked);
        let word_start = format!("{MARK}{bare}");
        let (pattern, indexed) = if marked.chars().count() >= 3 {
            (marked.clone(), true)
        } else if text.chars().count() >= 2 {
            // Two letters: searched as the start of a word ("li" finds Li Wei, Lisa).
            (word_start.clone(), true)
        } else {
            (marked.clone(), false)
        };
        let phone_chars = exact
            .chars()
            .all(|c| c.is_ascii_digit() || " +-()./".contains(c));
        let phone = Some(digits(&exact)).filter(|d| phone_chars && d.len() >= 5);
        // A phone number is searched by its digits, however it is spaced or punctuated (the
        // document has the digits of the phone and reference): rarer trigrams than "+372 ".
        let (pattern, indexed) = match &phone {
            Some(d) => (d.clone(), true),
            None => (pattern, indexed),
        };
        Some(Needle {
            pattern,
            indexed,
            word_start,
            name_key: fold(&text),
            exact,
            phone,
        })
    }
}

/// `*s*` for `GLOB`, with `*`, `?` and `[` in `s` taken literally (each as a one-character
/// class: `[*]`). Case-sensitive, like the text it is compared with, which is lower-cased.
/// FTS5 narrows a `GLOB` by the trigrams of its literal runs of 3+ characters; a pattern
/// broken by these characters into shorter runs is checked against every document.
pub fn glob_contains(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 4);
    out.push('*');
    for c in s.chars() {
        if matches!(c, '*' | '?' | '[') {
            out.push('[');
            out.push(c);
            out.push(']');
        } else {
            out.push(c);
        }
    }
    out.push('*');
    out
}

/// `%s%` for `LIKE … ESCAPE '\'`, with `\`, `%` and `_` in `s` taken literally.
pub fn like_contains(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 4);
    out.push('%');
    for c in s.chars() {
        if matches!(c, '\\' | '%' | '_') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// The smallest string greater than every string starting with `prefix` (for a range scan
/// `key >= prefix AND key < upper`, served by a B-tree index on both engines).
pub fn prefix_upper(prefix: &str) -> String {
    format!("{prefix}{}", char::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(name: &str) -> String {
        Entry::new(Fields {
            name,
            email: None,
            phone: None,
            external_ref: None,
            tags: &[],
        })
        .doc
    }

    fn finds(name: &str, q: &str) -> bool {
        let n = Needle::parse(q).expect("a needle");
        doc(name).contains(&n.pattern)
    }

    #[test]
    fn substrings_case_and_accents() {
        assert!(finds("Mari Tammsaare", "Tamm"));
        assert!(finds("Mari Tammsaare", "msaa"));
        assert!(finds("Mari Tammsaare", "ri ta"));
        assert!(finds("José García", "jose"));
        assert!(finds("José García", "JOSÉ GARC"));
        assert!(finds("Straße", "strasse"));
        assert!(finds("Søren Ølgaard", "soren"));
        assert!(!finds("Mari Tammsaare", "tamme"));
    }

    #[test]
    fn estonian_letters_as_typed() {
        assert!(finds("Õunapuu", "õuna"));
        assert!(finds("Õunapuu", "ÕUNA"));
        assert!(finds("Õunapuu", "ouna"));
        assert!(!finds("Ounapuu", "õuna"));
        assert!(finds("Šõmin Žäär", "žää"));
        assert!(!finds("Zaar", "žaa"));
        // A query mixing an Estonian letter with another accent.
        assert!(finds("Jõé", "jõé"));
        assert!(finds("Jõé", "jõe"));
        // Decomposed input is the same as composed.
        assert!(finds("O\u{303}unapuu", "õuna"));
    }

    #[test]
    fn chinese_two_and_three_characters() {
        assert!(finds("王小明", "小明"));
        assert!(finds("王小明", "王小明"));
        assert!(finds("王小明", "王小"));
        assert!(!finds("王小明", "明王"));
        let two = Needle::parse("小明").expect("needle");
        assert!(two.indexed);
        assert_eq!(two.pattern.chars().count(), 4);
        assert!(!Needle::parse("明").expect("needle").indexed);
    }

    #[test]
    fn two_letters_are_a_word_start() {
        let n = Needle::parse("Li").expect("needle");
        assert!(n.indexed);
        assert!(finds("Li Wei", "li"));
        assert!(finds("Wei Li", "li"));
        assert!(!finds("Emilie", "li"));
    }

    #[test]
    fn fields_do_not_run_together() {
        let e = Entry::new(Fields {
            name: "Ann",
            email: Some("bob@example.com"),
            phone: Some("+372 5123 4567"),
            external_ref: Some("C-1"),
            tags: &["vip".into()],
        });
        assert!(!e.doc.contains(&Needle::parse("annbob").expect("n").pattern));
        assert!(
            e.doc
                .contains(&Needle::parse("51234567").expect("n").pattern)
        );
        assert!(
            e.doc
                .contains(&Needle::parse("5123 4567").expect("n").pattern)
        );
        assert!(e.doc.contains(&Needle::parse("vip").expect("n").pattern));
        assert_eq!(e.phone_key.as_deref(), Some("37251234567"));
        assert_eq!(
            Needle::parse("+372 5123 4567").expect("n").phone.as_deref(),
            Some("37251234567")
        );
        assert_eq!(e.ref_key.as_deref(), Some("c-1"));
    }

    #[test]
    fn hostile_queries() {
        assert_eq!(Needle::parse("\0\0 \u{3}"), None);
        assert_eq!(Needle::parse("   "), None);
        assert_eq!(glob_contains("a*b?[c]"), "*a[*]b[?][[]c]*");
        let long = "x".repeat(10_000);
        assert_eq!(
            Needle::parse(&long).expect("n").pattern.chars().count(),
            MAX_QUERY_CHARS
        );
        assert_eq!(like_contains("a%_\\"), "%a\\%\\_\\\\%");
        assert!(!Needle::parse("ab\0cd").expect("n").pattern.contains('\0'));
    }
}
