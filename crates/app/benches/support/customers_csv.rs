//! The deterministic customers CSV the import and API benchmarks load: names in English,
//! Chinese and Estonian, e-mails `c{i}@example.com`, external references `C{i:07}`, phones,
//! languages, countries, zones, segments, stages, tags, attributes and consent columns.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::io::Write;
use std::path::Path;

/// First names (a fifth of the rows are organisations: a last name and Ltd/OÜ).
pub const FIRST: [&str; 12] = [
    "Mari", "Jaan", "Kadri", "Tõnu", "Olivia", "James", "Siobhan", "Liam", "伟", "娜", "芳", "磊",
];
/// Last names.
pub const LAST: [&str; 10] = [
    "Tamm", "Kask", "Saar", "Smith", "Murphy", "O'Brien", "王", "李", "张", "刘",
];
const LANGS: [(&str, &str, &str); 5] = [
    ("en", "GB", "Europe/London"),
    ("en", "US", "America/New_York"),
    ("en", "IE", "Europe/Dublin"),
    ("zh-CN", "CN", "Asia/Shanghai"),
    ("et", "EE", "Europe/Tallinn"),
];
const STAGES: [&str; 5] = ["onboarding", "active", "active", "at-risk", "departed"];
const SEGMENTS: [&str; 3] = ["retail", "smb", "enterprise"];

/// Writes the deterministic file of `rows` customers.
pub fn generate(path: &Path, rows: usize) {
    let mut rng = StdRng::seed_from_u64(20261122);
    let f = std::fs::File::create(path).unwrap();
    let mut w = csv::Writer::from_writer(std::io::BufWriter::with_capacity(1 << 20, f));
    w.write_record([
        "external_ref",
        "kind",
        "name",
        "email",
        "phone",
        "language",
        "country",
        "timezone",
        "segment",
        "stage",
        "tags",
        "birthday",
        "consent_email",
        "consent_sms",
        "attr_plan",
    ])
    .unwrap();
    for i in 0..rows {
        let (lang, country, tz) = LANGS[rng.gen_range(0..LANGS.len())];
        let org = rng.gen_bool(0.2);
        let name = if org {
            format!(
                "{} {}",
                LAST[rng.gen_range(0..LAST.len())],
                if country == "EE" { "OÜ" } else { "Ltd" }
            )
        } else {
            format!(
                "{} {}",
                FIRST[rng.gen_range(0..FIRST.len())],
                LAST[rng.gen_range(0..LAST.len())]
            )
        };
        let tags = match rng.gen_range(0..4) {
            0 => "",
            1 => "vip",
            2 => "newsletter;b2c",
            _ => "b2b",
        };
        let bday = if org {
            String::new()
        } else {
            format!(
                "{}-{:02}-{:02}",
                rng.gen_range(1950..2005),
                rng.gen_range(1..13),
                rng.gen_range(1..29)
            )
        };
        w.write_record([
            format!("C{i:07}").as_str(),
            if org { "organisation" } else { "person" },
            &name,
            &format!("c{i}@example.com"),
            &format!("+372 5{:07}", rng.gen_range(0..10_000_000)),
            lang,
            country,
            tz,
            SEGMENTS[rng.gen_range(0..SEGMENTS.len())],
            STAGES[rng.gen_range(0..STAGES.len())],
            tags,
            &bday,
            if rng.gen_bool(0.6) { "yes" } else { "no" },
            if rng.gen_bool(0.3) { "yes" } else { "" },
            ["gold", "silver", ""][rng.gen_range(0..3)],
        ])
        .unwrap();
    }
    w.into_inner().unwrap().flush().unwrap();
}
