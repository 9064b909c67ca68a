//! Spreadsheet formula injection (OWASP "CSV Injection"): a cell that starts with `=`, `+`,
//! `-`, `@`, a tab or a carriage return is run as a formula by Excel, LibreOffice and Google
//! Sheets. Every CSV Carewell writes passes its text cells through [`guard`], which puts a
//! single quote in front of such a cell (a spreadsheet shows the text as written), and the
//! importer reads every cell through [`unguard`], which takes that quote off again, so
//! export → import → export gives the same file, whatever the data.
//!
//! Two decisions:
//! - A plain negative decimal (`-12.50`, an amount or a count) is a number, not a formula, and
//!   stays as it is so spreadsheets can still sum it. Nothing else starting with `-` is exempt.
//! - A cell whose text already starts with quotes before a trigger (`'=x`, `''+1`) gains one
//!   more quote, so [`unguard`] can tell our quote from the data's own: the pair is exact
//!   (`unguard(guard(s)) == s` for every `s`). The price: a file from elsewhere whose cell
//!   reads `'=x` is imported as `=x` (a spreadsheet would show it the same way).

use std::borrow::Cow;

/// The first characters that make a spreadsheet read a cell as a formula.
pub const TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// `-` followed by digits, with at most one decimal point between digits.
fn negative_number(s: &str) -> bool {
    let Some(rest) = s.strip_prefix('-') else {
        return false;
    };
    let (int, frac) = rest.split_once('.').unwrap_or((rest, "0"));
    !int.is_empty()
        && !frac.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
}

/// Whether `s` needs the quote: after any quotes of its own, it starts like a formula.
fn needs_guard(s: &str) -> bool {
    let rest = s.trim_start_matches('\'');
    rest.starts_with(TRIGGERS) && !negative_number(rest)
}

/// The cell as written to a CSV file: `'` in front when a spreadsheet would run it.
pub fn guard(s: &str) -> Cow<'_, str> {
    if needs_guard(s) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// The cell as read from a CSV file: the quote [`guard`] added taken off.
pub fn unguard(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if needs_guard(rest) => rest,
        _ => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn formulas_are_quoted() {
        for (s, want) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("+372 5123 4567", "'+372 5123 4567"),
            ("'=x", "''=x"),
            ("-12.50", "-12.50"),
            ("-7", "-7"),
            ("-1.", "'-1."),
            ("-.5", "'-.5"),
            ("Mari", "Mari"),
            ("'quoted", "'quoted"),
            ("", ""),
        ] {
            assert_eq!(guard(s), want, "{s:?}");
            assert_eq!(unguard(want), s, "{want:?}");
        }
    }

    proptest! {
        #[test]
        fn guard_round_trips(s in "['=+@\\-\t\ra-z0-9.]{0,8}") {
            let g = guard(&s);
            prop_assert!(!g.starts_with(TRIGGERS) || negative_number(&g));
            prop_assert_eq!(unguard(&g), s.as_str());
        }
    }
}
