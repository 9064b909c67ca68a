//! A customer's past: purchases drawn BG/NBD-style (a Poisson purchase rate per customer from a
//! gamma distribution; after each purchase the customer may drop out with a beta-distributed
//! probability), contracts for organisations, interactions in the customer's language, usage.

use super::people::Person;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use rand::Rng;
use rand::rngs::StdRng;
use rand_distr::{Beta, Distribution, Gamma, LogNormal};

/// Length of the simulated history.
pub const DAYS: i64 = 730;

/// A purchase or refund.
pub struct Purchase {
    /// When.
    pub at: DateTime<Utc>,
    /// Amount in minor units (negative: refund).
    pub minor: i64,
    /// What.
    pub description: String,
}

/// A contract.
pub struct Contract {
    /// Plan name.
    pub name: &'static str,
    /// First day.
    pub start: NaiveDate,
    /// Last day.
    pub end: Option<NaiveDate>,
    /// Value in minor units.
    pub minor: i64,
    /// auto, manual, none.
    pub renewal: &'static str,
}

/// A logged contact.
pub struct Touch {
    /// call, meeting, email, chat, visit.
    pub kind: &'static str,
    /// When.
    pub at: DateTime<Utc>,
    /// Summary in the customer's language.
    pub summary: &'static str,
    /// positive, neutral, negative.
    pub sentiment: &'static str,
}

/// A product usage event.
pub struct Usage {
    /// Event name.
    pub event: &'static str,
    /// Quantity.
    pub quantity: f64,
    /// When.
    pub at: DateTime<Utc>,
}

/// Everything simulated for one customer.
pub struct History {
    /// Lifecycle stage that fits the history.
    pub stage: &'static str,
    /// First purchase day (relationship anniversary).
    pub since: NaiveDate,
    /// Purchases.
    pub purchases: Vec<Purchase>,
    /// Contracts (organisations).
    pub contracts: Vec<Contract>,
    /// Interactions.
    pub touches: Vec<Touch>,
    /// Usage events.
    pub usage: Vec<Usage>,
}

fn at_work(rng: &mut StdRng, day: DateTime<Utc>) -> DateTime<Utc> {
    let d = day.date_naive();
    let t = d
        .and_hms_opt(
            rng.gen_range(7..17),
            rng.gen_range(0..60),
            rng.gen_range(0..60),
        )
        .unwrap_or_default();
    t.and_utc()
}

fn items(language: &str) -> &'static [&'static str] {
    match language {
        "zh-CN" => &[
            "年度服务费",
            "配件订单",
            "软件许可续费",
            "维修服务",
            "培训课程",
            "耗材补货",
        ],
        "et" => &[
            "Aastane hooldustasu",
            "Varuosade tellimus",
            "Tarkvaralitsentsi pikendus",
            "Remonditeenus",
            "Koolitus",
            "Tarvikute tellimus",
        ],
        _ => &[
            "Annual service fee",
            "Accessories order",
            "Software licence renewal",
            "Repair service",
            "Training course",
            "Consumables reorder",
        ],
    }
}

fn summaries(language: &str, kind: &str, sentiment: &str) -> &'static [&'static str] {
    match (language, kind, sentiment) {
        ("zh-CN", "call", "negative") => &[
            "客户来电投诉发货延迟，已承诺周五前回复。",
            "客户对上月账单有异议，要求退款。",
        ],
        ("zh-CN", "call", _) => &[
            "电话回访，客户对服务满意。",
            "确认了下季度的订货计划。",
            "客户询问新功能的价格。",
        ],
        ("zh-CN", "meeting", _) => &[
            "与采购负责人开会，讨论合同续签。",
            "季度业务回顾，客户希望增加培训。",
        ],
        ("zh-CN", "email", "negative") => &["客户邮件反映系统故障，已转技术支持。"],
        ("zh-CN", "email", _) => &[
            "发送了报价单和产品资料。",
            "客户邮件确认收到发票。",
            "已发送续约提醒。",
        ],
        ("zh-CN", _, _) => &["在线咨询使用问题，已解决。", "客户到店取货并咨询保养。"],
        ("et", "call", "negative") => &[
            "Klient helistas hilinenud tarne pärast, lubasime reedeks vastuse.",
            "Klient vaidlustas eelmise kuu arve ja soovib raha tagasi.",
        ],
        ("et", "call", _) => &[
            "Tagasiside kõne, klient on teenusega rahul.",
            "Kinnitasime järgmise kvartali tellimused.",
            "Klient küsis uue funktsiooni hinda.",
        ],
        ("et", "meeting", _) => &[
            "Kohtumine ostujuhiga, arutasime lepingu pikendamist.",
            "Kvartaliülevaade, klient soovib lisakoolitust.",
        ],
        ("et", "email", "negative") => {
            &["Klient teatas e-kirjaga süsteemi tõrkest, edastatud toele."]
        }
        ("et", "email", _) => &[
            "Saatsime hinnapakkumise ja tootekirjelduse.",
            "Klient kinnitas arve kättesaamist.",
            "Saatsime lepingu pikendamise meeldetuletuse.",
        ],
        ("et", _, _) => &[
            "Vestluses lahendasime kasutusküsimuse.",
            "Klient käis kaupluses ja küsis hoolduse kohta.",
        ],
        (_, "call", "negative") => &[
            "Customer called about a late delivery; promised an answer by Friday.",
            "Disputed last month's invoice and asked for a refund.",
        ],
        (_, "call", _) => &[
            "Check-in call; happy with the service.",
            "Confirmed next quarter's order plan.",
            "Asked about pricing for the new feature.",
        ],
        (_, "meeting", _) => &[
            "Met the purchasing lead to discuss the renewal.",
            "Quarterly review; they would like more training.",
        ],
        (_, "email", "negative") => &["Reported an outage by e-mail; passed to support."],
        (_, "email", _) => &[
            "Sent the quote and product sheet.",
            "Confirmed the invoice was received.",
            "Sent the renewal reminder.",
        ],
        _ => &[
            "Solved a how-to question in chat.",
            "Visited the shop to collect an order and asked about servicing.",
        ],
    }
}

fn contract_name(language: &str, enterprise: bool) -> &'static str {
    match (language, enterprise) {
        ("zh-CN", true) => "企业支持合同",
        ("zh-CN", false) => "年度服务合同",
        ("et", true) => "Ettevõtte tugileping",
        ("et", false) => "Aastane hooldusleping",
        (_, true) => "Enterprise support agreement",
        (_, false) => "Annual care plan",
    }
}

/// Simulates one customer's history ending at `today`.
pub fn simulate(rng: &mut StdRng, p: &Person, today: DateTime<Utc>) -> History {
    let m = p.market();
    let start = today - Duration::days(DAYS);
    // Heterogeneous purchase rates (per week) and drop-out probabilities (BG/NBD).
    let rate = Gamma::<f64>::new(0.9, if p.organisation { 0.35 } else { 0.22 })
        .map(|g| g.sample(rng))
        .unwrap_or(0.1)
        .max(0.01);
    let drop: f64 = Beta::new(0.6, 5.0).map(|b| b.sample(rng)).unwrap_or(0.2);
    let mean_spend = match p.segment {
        "enterprise" => 2500.0,
        "smb" => 350.0,
        _ => 45.0,
    } * m.scale;
    let spend = LogNormal::new(0.0, 0.5).ok();
    let born = start + Duration::days(rng.gen_range(0..DAYS - 14));
    let mut t = born;
    let mut alive = true;
    let mut purchases = Vec::new();
    let item_names = items(m.language);
    while t < today && purchases.len() < 80 {
        let f = spend.map(|d| d.sample(rng)).unwrap_or(1.0);
        let minor = (mean_spend * f * 100.0).round() as i64;
        let desc = item_names[rng.gen_range(0..item_names.len())];
        purchases.push(Purchase {
            at: at_work(rng, t),
            minor: minor.max(100),
            description: desc.to_string(),
        });
        if rng.gen_bool(0.03) {
            let later = t + Duration::days(rng.gen_range(3..20));
            purchases.push(Purchase {
                at: at_work(rng, later),
                minor: -(minor.max(100) / 2),
                description: format!("{desc} (refund)"),
            });
        }
        if rng.gen_bool(drop.clamp(0.0, 1.0)) {
            alive = false;
            break;
        }
        let wait_weeks = -rng.gen_range(f64::EPSILON..1.0f64).ln() / rate;
        t += Duration::minutes((wait_weeks * 7.0 * 24.0 * 60.0) as i64 + 60);
    }
    purchases.retain(|x| x.at < today);
    let last = purchases.iter().map(|x| x.at).max().unwrap_or(born);
    let idle = (today - last).num_days();
    let stage = if (today - born).num_days() < 45 {
        "onboarding"
    } else if !alive && idle > 240 {
        if rng.gen_bool(0.8) {
            "departed"
        } else {
            "leaving"
        }
    } else if !alive || idle > 180 {
        match rng.gen_range(0..20) {
            0..12 => "at-risk",
            12..15 => "leaving",
            _ => "active",
        }
    } else if rng.gen_bool(0.07) {
        "at-risk"
    } else {
        "active"
    };
    let end_of_life = if stage == "departed" || stage == "leaving" {
        last + Duration::days(30)
    } else {
        today
    };
    let mut contracts = Vec::new();
    if p.organisation {
        let enterprise = p.segment == "enterprise";
        let mut s = born.date_naive();
        for _ in 0..rng.gen_range(1..3) {
            let gone = stage == "departed";
            let value = (mean_spend * 12.0 * rng.gen_range(0.6..1.6) * 100.0).round() as i64;
            let end = s + Duration::days(365);
            contracts.push(Contract {
                name: contract_name(m.language, enterprise),
                start: s,
                end: Some(end),
                minor: value,
                renewal: if gone {
                    "none"
                } else if rng.gen_bool(0.6) {
                    "auto"
                } else {
                    "manual"
                },
            });
            s = end + Duration::days(1);
            if s > today.date_naive() || gone {
                break;
            }
        }
    }
    let n_touch = rng.gen_range(1..if p.organisation { 10 } else { 6 });
    let span = (end_of_life - born).num_days().max(1);
    let mut touches: Vec<Touch> = (0..n_touch)
        .map(|_| {
            let day = born + Duration::days(rng.gen_range(0..span));
            let at = at_work(rng, day);
            let kind = match rng.gen_range(0..100) {
                0..30 => "call",
                30..65 => "email",
                65..80 if p.organisation => "meeting",
                65..80 => "call",
                80..95 => "chat",
                _ => "visit",
            };
            let troubled = matches!(stage, "at-risk" | "leaving" | "departed");
            let sentiment = match rng.gen_range(0..10) {
                0..3 if troubled => "negative",
                0 => "negative",
                1..5 => "neutral",
                _ => "positive",
            };
            let pool = summaries(m.language, kind, sentiment);
            Touch {
                kind,
                at,
                summary: pool[rng.gen_range(0..pool.len())],
                sentiment,
            }
        })
        .collect();
    touches.sort_by_key(|t| t.at);
    let events: &[&str] = if p.organisation {
        &["login", "report.viewed", "api.call", "invoice.downloaded"]
    } else {
        &["login", "app.opened", "invoice.downloaded"]
    };
    let n_usage = (span / 14).clamp(1, 52) as usize;
    let usage = (0..n_usage)
        .map(|_| {
            let event = events[rng.gen_range(0..events.len())];
            Usage {
                event,
                quantity: if event == "api.call" {
                    f64::from(rng.gen_range(10..500))
                } else {
                    1.0
                },
                at: born + Duration::minutes(rng.gen_range(0..span * 24 * 60)),
            }
        })
        .collect();
    History {
        stage,
        since: purchases
            .first()
            .map(|x| x.at.date_naive())
            .unwrap_or(born.date_naive()),
        purchases,
        contracts,
        touches,
        usage,
    }
}
