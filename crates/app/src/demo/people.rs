//! Who the demo customers are: names, contact details and care data in three markets
//! (English-speaking UK/US/IE, mainland China, Estonia), drawn from a seeded RNG.

use rand::Rng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;

/// A market: language, country, time zone, currency and name pools.
pub struct Market {
    /// BCP 47 language.
    pub language: &'static str,
    /// ISO country.
    pub country: &'static str,
    /// IANA zones to pick from.
    pub zones: &'static [&'static str],
    /// Currency of purchases.
    pub currency: &'static str,
    /// Purchase amounts are scaled by this (CNY ≈ 7 × EUR).
    pub scale: f64,
    /// (written, ascii for e-mail) first names.
    pub first: &'static [(&'static str, &'static str)],
    /// (written, ascii) family names.
    pub last: &'static [(&'static str, &'static str)],
    /// Family name first (Chinese order, no space).
    pub family_first: bool,
    /// Company names.
    pub companies: &'static [&'static str],
    /// E-mail domain suffix for people.
    pub mail: &'static [&'static str],
    /// Phone prefix and digit count after it.
    pub phone: (&'static str, usize),
}

/// The markets with their weights (out of 100).
pub static MARKETS: [(u32, Market); 5] = [
    (
        20,
        Market {
            language: "en",
            country: "GB",
            zones: &["Europe/London"],
            currency: "GBP",
            scale: 0.85,
            first: &[
                ("Oliver", "oliver"),
                ("Amelia", "amelia"),
                ("George", "george"),
                ("Isla", "isla"),
                ("Harry", "harry"),
                ("Sophie", "sophie"),
                ("Jack", "jack"),
                ("Grace", "grace"),
                ("Thomas", "thomas"),
                ("Emily", "emily"),
            ],
            last: &[
                ("Smith", "smith"),
                ("Jones", "jones"),
                ("Taylor", "taylor"),
                ("Brown", "brown"),
                ("Williams", "williams"),
                ("Davies", "davies"),
                ("Evans", "evans"),
                ("Wilson", "wilson"),
                ("Hughes", "hughes"),
                ("Patel", "patel"),
            ],
            family_first: false,
            companies: &[
                "Harbour Lane Ltd",
                "Northgate Logistics Ltd",
                "Brightwater plc",
                "Kestrel Print Ltd",
                "Oakridge Dental Ltd",
                "Thames Valley Catering Ltd",
                "Penrose & Hale LLP",
                "Foxglove Studios Ltd",
            ],
            mail: &["example.co.uk", "mail.example.uk"],
            phone: ("+44 7700 9", 5),
        },
    ),
    (
        20,
        Market {
            language: "en",
            country: "US",
            zones: &[
                "America/New_York",
                "America/Chicago",
                "America/Denver",
                "America/Los_Angeles",
            ],
            currency: "USD",
            scale: 1.1,
            first: &[
                ("James", "james"),
                ("Emily", "emily"),
                ("Michael", "michael"),
                ("Olivia", "olivia"),
                ("Daniel", "daniel"),
                ("Madison", "madison"),
                ("Ethan", "ethan"),
                ("Ava", "ava"),
                ("Noah", "noah"),
                ("Chloe", "chloe"),
            ],
            last: &[
                ("Johnson", "johnson"),
                ("Miller", "miller"),
                ("Davis", "davis"),
                ("Garcia", "garcia"),
                ("Martinez", "martinez"),
                ("Anderson", "anderson"),
                ("Nguyen", "nguyen"),
                ("Thompson", "thompson"),
                ("Clark", "clark"),
                ("Lee", "lee"),
            ],
            family_first: false,
            companies: &[
                "Redwood Analytics Inc.",
                "Lakeshore Dental LLC",
                "Summit Ridge Outfitters",
                "Blue Heron Software Inc.",
                "Prairie Wind Farms LLC",
                "Copperline Manufacturing Co.",
                "Maple Street Bakery",
                "Granite State Insurance",
            ],
            mail: &["example.com", "mail.example.com"],
            phone: ("+1 555 01", 2),
        },
    ),
    (
        10,
        Market {
            language: "en",
            country: "IE",
            zones: &["Europe/Dublin"],
            currency: "EUR",
            scale: 1.0,
            first: &[
                ("Aoife", "aoife"),
                ("Seán", "sean"),
                ("Ciara", "ciara"),
                ("Conor", "conor"),
                ("Niamh", "niamh"),
                ("Cian", "cian"),
                ("Saoirse", "saoirse"),
                ("Darragh", "darragh"),
            ],
            last: &[
                ("Murphy", "murphy"),
                ("Kelly", "kelly"),
                ("O'Sullivan", "osullivan"),
                ("Walsh", "walsh"),
                ("Byrne", "byrne"),
                ("Ryan", "ryan"),
                ("O'Brien", "obrien"),
                ("Doyle", "doyle"),
            ],
            family_first: false,
            companies: &[
                "Liffey Software Ltd",
                "Atlantic Way Foods DAC",
                "Shannon Aero Parts Ltd",
                "Connemara Crafts Ltd",
                "Corrib Consulting Ltd",
            ],
            mail: &["example.ie"],
            phone: ("+353 87 ", 7),
        },
    ),
    (
        25,
        Market {
            language: "zh-CN",
            country: "CN",
            zones: &["Asia/Shanghai"],
            currency: "CNY",
            scale: 7.0,
            first: &[
                ("伟", "wei"),
                ("娜", "na"),
                ("敏", "min"),
                ("洋", "yang"),
                ("静", "jing"),
                ("帆", "fan"),
                ("磊", "lei"),
                ("丽", "li"),
                ("杰", "jie"),
                ("婷", "ting"),
                ("秀英", "xiuying"),
                ("建华", "jianhua"),
                ("志强", "zhiqiang"),
                ("晓明", "xiaoming"),
            ],
            last: &[
                ("王", "wang"),
                ("李", "li"),
                ("张", "zhang"),
                ("刘", "liu"),
                ("陈", "chen"),
                ("杨", "yang"),
                ("赵", "zhao"),
                ("黄", "huang"),
                ("周", "zhou"),
                ("吴", "wu"),
            ],
            family_first: true,
            companies: &[
                "上海云帆科技有限公司",
                "杭州青禾贸易有限公司",
                "深圳星河电子有限公司",
                "北京瑞达咨询有限公司",
                "成都锦江餐饮管理有限公司",
                "广州南方物流有限公司",
                "苏州恒信精密机械有限公司",
            ],
            mail: &["example.cn", "mail.example.com.cn"],
            phone: ("+86 138 ", 8),
        },
    ),
    (
        25,
        Market {
            language: "et",
            country: "EE",
            zones: &["Europe/Tallinn"],
            currency: "EUR",
            scale: 0.9,
            first: &[
                ("Mari", "mari"),
                ("Jaan", "jaan"),
                ("Kadri", "kadri"),
                ("Tõnu", "tonu"),
                ("Liis", "liis"),
                ("Andres", "andres"),
                ("Kristiina", "kristiina"),
                ("Margus", "margus"),
                ("Triin", "triin"),
                ("Peeter", "peeter"),
                ("Küllike", "kyllike"),
                ("Märt", "mart"),
            ],
            last: &[
                ("Tamm", "tamm"),
                ("Kask", "kask"),
                ("Saar", "saar"),
                ("Sepp", "sepp"),
                ("Mägi", "magi"),
                ("Rebane", "rebane"),
                ("Ilves", "ilves"),
                ("Kukk", "kukk"),
                ("Pärn", "parn"),
                ("Lepik", "lepik"),
            ],
            family_first: false,
            companies: &[
                "Tamm ja Pojad OÜ",
                "Põhjaranniku Logistika AS",
                "Kask Ehitus OÜ",
                "Saare Kalatööstus AS",
                "Mäe Puidutöö OÜ",
                "Emajõe Tarkvara OÜ",
                "Lõuna-Eesti Piim AS",
                "Rebase Raamatupidamine OÜ",
            ],
            mail: &["example.ee", "mail.example.ee"],
            phone: ("+372 5", 7),
        },
    ),
];

/// One generated customer (the columns of a customers CSV, plus simulation inputs).
#[derive(Debug, Clone)]
pub struct Person {
    /// external_ref.
    pub external_ref: String,
    /// Index into [`MARKETS`].
    pub market: usize,
    /// Organisation or person.
    pub organisation: bool,
    /// Display name.
    pub name: String,
    /// E-mail.
    pub email: String,
    /// Phone.
    pub phone: String,
    /// Time zone.
    pub timezone: &'static str,
    /// retail, smb or enterprise.
    pub segment: &'static str,
    /// Tags.
    pub tags: Vec<&'static str>,
    /// consent_email, sms, phone, post.
    pub consent: [bool; 4],
    /// Birthday (people only).
    pub birthday: Option<String>,
}

impl Person {
    /// The market.
    pub fn market(&self) -> &'static Market {
        &MARKETS[self.market].1
    }
}

const TAGS: [&str; 8] = [
    "vip",
    "newsletter",
    "early-adopter",
    "referral",
    "paper-invoices",
    "support-plan",
    "hardware",
    "events",
];

fn digits(rng: &mut StdRng, n: usize) -> String {
    (0..n)
        .map(|_| char::from(b'0' + rng.gen_range(0..10u8)))
        .collect()
}

fn pick_market(rng: &mut StdRng) -> usize {
    let mut roll = rng.gen_range(0..100u32);
    for (i, (w, _)) in MARKETS.iter().enumerate() {
        if roll < *w {
            return i;
        }
        roll -= w;
    }
    0
}

/// The `i`-th demo customer.
pub fn person(rng: &mut StdRng, i: usize) -> Person {
    let market = pick_market(rng);
    let m = &MARKETS[market].1;
    let organisation = rng.gen_bool(0.25);
    let (name, email) = if organisation {
        let c = m.companies[rng.gen_range(0..m.companies.len())];
        let slug: String = c
            .split_whitespace()
            .next()
            .unwrap_or("info")
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_lowercase();
        let slug = if slug.is_empty() {
            format!("co{i}")
        } else {
            slug
        };
        (
            // Several demo companies may share a trade name: a branch number keeps them apart.
            if rng.gen_bool(0.7) {
                c.to_string()
            } else {
                format!("{c} ({})", i % 97 + 2)
            },
            format!("info{i}@{slug}.{}", m.mail[0]),
        )
    } else {
        let (f, fa) = m.first[rng.gen_range(0..m.first.len())];
        let (l, la) = m.last[rng.gen_range(0..m.last.len())];
        let name = if m.family_first {
            format!("{l}{f}")
        } else {
            format!("{f} {l}")
        };
        let mail = m.mail[rng.gen_range(0..m.mail.len())];
        (name, format!("{fa}.{la}{i}@{mail}"))
    };
    let segment = if !organisation {
        "retail"
    } else if rng.gen_bool(0.3) {
        "enterprise"
    } else {
        "smb"
    };
    let n_tags = rng.gen_range(0..3);
    let mut tags: Vec<&'static str> = TAGS.choose_multiple(rng, n_tags).copied().collect();
    if organisation && !tags.contains(&"support-plan") && rng.gen_bool(0.5) {
        tags.push("support-plan");
    }
    tags.sort_unstable();
    let birthday = (!organisation).then(|| {
        format!(
            "{}-{:02}-{:02}",
            rng.gen_range(1950..2004),
            rng.gen_range(1..13),
            rng.gen_range(1..29)
        )
    });
    Person {
        external_ref: format!("DEMO-C{:05}", i + 1),
        market,
        organisation,
        phone: format!("{}{}", m.phone.0, digits(rng, m.phone.1)),
        timezone: m.zones[rng.gen_range(0..m.zones.len())],
        consent: [
            rng.gen_bool(0.75),
            rng.gen_bool(0.4),
            rng.gen_bool(0.5),
            rng.gen_bool(0.3),
        ],
        name,
        email,
        segment,
        tags,
        birthday,
    }
}
