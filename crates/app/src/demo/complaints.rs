//! Demo complaints: 21 complaints (7 per language) in every workflow state, written in the
//! customers' own language, with a few compensation entries (one above the approval threshold,
//! approved by the manager). Everything goes through the store's workflow functions, so the
//! history, audit chain, SLA timers and outbox messages are exactly what real use produces.
//! The demo has no SMTP server: customer e-mail waits in the outbox (see the delivery log).

use anyhow::Context;
use carewell_domain::complaint::ComplaintInput;
use carewell_domain::complaint::workflow::Action;
use carewell_domain::ledger::{EntryKind, NewEntry, SourceKind};
use carewell_domain::money::{Currency, Money};
use carewell_store::Clearance;
use carewell_store::complaints::ComplaintQuery;
use carewell_store::customers::{Customer, CustomerQuery};
use carewell_store::{Actor, Store};
use chrono::{Duration, Utc};

/// One complaint's text in one language: subject, description, the confirmed demand, the
/// resolution, and what we wait for when waiting on the customer.
struct Text {
    subject: &'static str,
    description: &'static str,
    demand: &'static str,
    resolution: &'static str,
}

/// Category, severity and root cause of the seven stories (same order in every language).
const STORIES: [(&str, &str, &str); 7] = [
    ("billing", "high", "billing-system"),
    ("delivery", "medium", "courier-handling"),
    ("staff", "low", "training"),
    ("service", "critical", "release-regression"),
    ("billing", "high", "renewal-process"),
    ("product", "medium", "software-defect"),
    ("service", "low", "scheduling"),
];

const EN: [Text; 7] = [
    Text {
        subject: "Charged twice for March",
        description: "My card was charged twice for the March invoice.",
        demand: "Refund the duplicate charge",
        resolution: "Refunded the duplicate charge of 25.00",
    },
    Text {
        subject: "Delivery arrived damaged",
        description: "The box was crushed and the device does not start.",
        demand: "Replace the device",
        resolution: "Sent a replacement by express courier",
    },
    Text {
        subject: "Rude answer on the phone",
        description: "The agent hung up on me when I asked about my contract.",
        demand: "An apology and a call back",
        resolution: "The team lead apologised by phone; coaching for the agent",
    },
    Text {
        subject: "Service down for two days",
        description: "We could not log in on Monday and Tuesday.",
        demand: "Credit for the outage",
        resolution: "Credited two days of service",
    },
    Text {
        subject: "Wrong plan after renewal",
        description: "We were moved to a more expensive plan without being asked.",
        demand: "Back to the old plan and price",
        resolution: "Restored the previous plan and price",
    },
    Text {
        subject: "App crashes on export",
        description: "Exporting reports crashes the app every time.",
        demand: "A working export",
        resolution: "Fixed in release 4.2; a workaround was sent meanwhile",
    },
    Text {
        subject: "Promised call never came",
        description: "I was promised a call back last week and nobody called.",
        demand: "A call back this week",
        resolution: "Called back and answered every question",
    },
];

const ZH: [Text; 7] = [
    Text {
        subject: "三月份重复扣费",
        description: "我的银行卡在三月账单上被扣了两次款。",
        demand: "退还重复扣的款项",
        resolution: "已退还重复扣款 200 元",
    },
    Text {
        subject: "收到的包裹已损坏",
        description: "箱子被压坏了，设备无法开机。",
        demand: "更换设备",
        resolution: "已通过快递寄出新设备",
    },
    Text {
        subject: "电话客服态度恶劣",
        description: "我询问合同问题时，客服直接挂断了电话。",
        demand: "道歉并回电",
        resolution: "组长已致电道歉，并对客服进行了培训",
    },
    Text {
        subject: "服务中断两天",
        description: "周一和周二我们都无法登录。",
        demand: "补偿停机时间",
        resolution: "已补偿两天的服务费",
    },
    Text {
        subject: "续约后套餐被更改",
        description: "未经同意，我们被转到了更贵的套餐。",
        demand: "恢复原套餐和价格",
        resolution: "已恢复原套餐和价格",
    },
    Text {
        subject: "导出时应用崩溃",
        description: "每次导出报表，应用都会崩溃。",
        demand: "能够正常导出",
        resolution: "4.2 版本已修复，并提前发送了临时解决办法",
    },
    Text {
        subject: "承诺的回电一直没有来",
        description: "上周说好给我回电话，但一直没有人联系我。",
        demand: "本周内回电",
        resolution: "已回电并解答了所有问题",
    },
];

const ET: [Text; 7] = [
    Text {
        subject: "Märtsi arve eest võeti raha kaks korda",
        description: "Minu kaardilt võeti märtsi arve eest raha kaks korda.",
        demand: "Tagastage topelt võetud summa",
        resolution: "Topelt võetud 25 € tagastati",
    },
    Text {
        subject: "Pakk saabus katkisena",
        description: "Kast oli muljutud ja seade ei käivitu.",
        demand: "Vahetage seade välja",
        resolution: "Uus seade saadeti kulleriga",
    },
    Text {
        subject: "Ebaviisakas vastus telefonis",
        description: "Klienditeenindaja pani toru ära, kui küsisin lepingu kohta.",
        demand: "Vabandus ja tagasihelistamine",
        resolution: "Meeskonnajuht vabandas telefonis; teenindaja sai koolituse",
    },
    Text {
        subject: "Teenus oli kaks päeva maas",
        description: "Esmaspäeval ja teisipäeval ei saanud me sisse logida.",
        demand: "Hüvitis katkestuse eest",
        resolution: "Kahe päeva teenustasu hüvitati",
    },
    Text {
        subject: "Pärast pikendamist vale pakett",
        description: "Meid viidi küsimata kallimale paketile.",
        demand: "Tagasi vanale paketile ja hinnale",
        resolution: "Endine pakett ja hind taastati",
    },
    Text {
        subject: "Rakendus jookseb eksportimisel kokku",
        description: "Aruannete eksportimine jooksutab rakenduse iga kord kokku.",
        demand: "Töötav eksport",
        resolution: "Parandatud versioonis 4.2; vahepeal saadeti ajutine lahendus",
    },
    Text {
        subject: "Lubatud kõne jäi tulemata",
        description: "Mulle lubati eelmisel nädalal tagasi helistada, aga keegi ei helistanud.",
        demand: "Tagasihelistamine sel nädalal",
        resolution: "Helistasime tagasi ja vastasime kõigile küsimustele",
    },
];

/// What we wait for, in the customer's language (it is quoted in the message to them).
fn waiting_for(lang: usize) -> &'static str {
    [
        "a copy of your bank statement",
        "您的银行对账单复印件",
        "teie pangaväljavõtte koopia",
    ][lang]
}

/// How far each complaint gets: 0 new, 1 acknowledged, 2 listening, 3 demand confirmed,
/// 4 resolving, 5 resolved, 6 followed up, 7 closed, 8 waiting on the customer.
const TARGETS: [[u8; 7]; 3] = [
    [0, 1, 3, 8, 4, 5, 7],
    [1, 2, 4, 5, 6, 7, 0],
    [0, 2, 8, 4, 5, 7, 3],
];

/// Days before now each complaint arrived (hours added per index spread them out).
const DAYS_AGO: [i64; 7] = [0, 1, 2, 4, 6, 9, 12];

const CHANNELS: [&str; 4] = ["email", "phone", "web-form", "chat"];

fn steps(target: u8, t: &Text, root_cause: &str, lang: usize) -> Vec<Action> {
    let mut out = Vec::new();
    let n = if target == 8 { 3 } else { target };
    let all = [
        Action::Acknowledge { note: None },
        Action::Listen { note: None },
        Action::ConfirmDemand {
            demand: t.demand.into(),
        },
        Action::StartResolving { note: None },
        Action::Resolve {
            resolution: t.resolution.into(),
            root_cause: root_cause.into(),
        },
        Action::FollowUp {
            note: Some("Called the customer; all fine now".into()),
        },
        Action::Close { note: None },
    ];
    out.extend(all.into_iter().take(n as usize));
    if target == 8 {
        out.push(Action::WaitOnCustomer {
            note: Some(waiting_for(lang).into()),
        });
    }
    out
}

/// Demo staff ids in [`super::STAFF`] order: admin, manager, agents en/zh/et, ….
pub async fn seed(store: &Store, staff: &[String]) -> anyhow::Result<usize> {
    if staff.len() < 5 {
        return Ok(0);
    }
    // Once: skipped when one of the demo's stories is already there (other demo parts may
    // have added complaints of their own).
    for first in [&EN[0], &ZH[0], &ET[0]] {
        let q = ComplaintQuery {
            q: Some(first.subject.to_string()),
            ..ComplaintQuery::default()
        };
        if store.search_complaints(&q, 1, 0).await?.total > 0 {
            return Ok(0);
        }
    }
    let customers = store
        .search_customers(&CustomerQuery::default(), 500, 0)
        .await?
        .items;
    let by_lang = |prefix: &str| -> Vec<&Customer> {
        customers
            .iter()
            .filter(|c| c.language.starts_with(prefix))
            .collect()
    };
    let groups = [by_lang("en"), by_lang("zh"), by_lang("et")];
    let manager = Actor {
        id: staff[1].clone(),
        label: super::STAFF[1].0.into(),
    };
    let now = Utc::now();
    let mut n = 0;
    for (lang, texts) in [EN, ZH, ET].iter().enumerate() {
        let agent = Actor {
            id: staff[2 + lang].clone(),
            label: super::STAFF[2 + lang].0.into(),
        };
        let group = &groups[lang];
        if group.is_empty() {
            continue;
        }
        for (i, text) in texts.iter().enumerate() {
            // Every other customer of the language, so the complaints are spread out.
            let cu = group[(i * 2 + 1) % group.len()];
            let (category, severity, root_cause) = STORIES[i];
            let input = ComplaintInput::parse(
                &cu.id,
                CHANNELS[(i + lang) % CHANNELS.len()],
                category,
                severity,
                Some(text.subject),
                text.description,
                vec![],
            )
            .map_err(|e| anyhow::anyhow!("demo complaint: {e:?}"))?;
            let received = now
                - Duration::days(DAYS_AGO[i])
                - Duration::hours(1 + (i as i64 * 3 + lang as i64) % 7);
            let c = store
                .create_complaint_received(&agent, &input, Some(&agent.id), Some(received))
                .await
                .context("demo complaint")?;
            n += 1;
            let target = TARGETS[lang][i];
            let plan = steps(target, text, root_cause, lang);
            let span = (now - received).num_seconds().max(60);
            let k = plan.len() as i64 + 1;
            for (j, action) in plan.iter().enumerate() {
                let at = received + Duration::seconds(span * (j as i64 + 1) / k);
                store
                    .transition_complaint(&agent, &c.id, action, at)
                    .await
                    .with_context(|| format!("demo complaint step {}", action.name()))?;
                // The customer answers the satisfaction question after the follow-up.
                if matches!(action, Action::FollowUp { .. }) {
                    let score = 3 + (i as i64 + lang as i64) % 3;
                    let link = store.satisfaction_link(&agent, &c.id).await?;
                    let token = link.rsplit('/').next().unwrap_or_default();
                    store.record_satisfaction(token, score, None).await?;
                }
            }
            compensate(store, &agent, &manager, cu, &c.id, lang, i, target).await?;
        }
    }
    Ok(n)
}

/// A few compensation entries on resolved complaints, in the customer's currency; the large one
/// is approved by the manager (nothing left pending, so the demo's approval queue starts empty).
#[allow(clippy::too_many_arguments)]
async fn compensate(
    store: &Store,
    agent: &Actor,
    manager: &Actor,
    cu: &Customer,
    complaint_id: &str,
    lang: usize,
    story: usize,
    target: u8,
) -> anyhow::Result<()> {
    if !(5..=7).contains(&target) {
        return Ok(());
    }
    let (kind, minor, currency, reason) = match (lang, story) {
        (0, 0) => (EntryKind::Refund, 2_500, "GBP", "Duplicate charge refunded"),
        (1, 4) | (1, 3) => (EntryKind::Coupon, 20_000, "CNY", "服务中断补偿券"),
        (2, 3) => (EntryKind::Credit, 15_000, "EUR", "Kahe päeva teenustasu"),
        (2, 4) => (
            EntryKind::WaivedInvoice,
            4_000,
            "EUR",
            "Märtsi arve tühistatud",
        ),
        _ => return Ok(()),
    };
    let money = Money {
        minor,
        currency: Currency::parse(currency)?,
    };
    let entry = NewEntry::new(
        &cu.id,
        kind,
        money,
        reason,
        SourceKind::Complaint,
        complaint_id,
    )?;
    let booked = store
        .add_compensation(Clearance::SYSTEM, agent, &entry)
        .await?;
    if booked.approval == carewell_domain::ledger::Approval::Pending {
        store
            .decide_compensation(
                Clearance::SYSTEM,
                manager,
                &booked.id,
                true,
                Some("Goodwill approved"),
            )
            .await?;
    }
    Ok(())
}
