//! Writes the demo data: customers, transactions, contracts and interactions through the bulk
//! importer (one audited, all-or-nothing import per file, exactly as an operator would), then
//! owners, interaction authors and usage events in one batched, audited transaction.

use super::history::{History, simulate};
use super::people::{Person, person};
use crate::transfer::pipeline::{ImportError, Progress, Source, import};
use anyhow::Context;
use carewell_domain::import::ImportKind;
use carewell_store::seed::UsageSeed;
use carewell_store::{Actor, Store};
use chrono::{DateTime, Utc};
use rand::SeedableRng;
use rand::rngs::StdRng;
use std::collections::HashMap;
use std::sync::Arc;

/// The seed of the demo RNG: the same `--customers N` gives the same people every time.
pub const SEED: u64 = 0x0000_CA4E_3E11;

/// Staff who own the customers, by role in the demo.
pub struct Owners {
    /// Owner of enterprise accounts.
    pub manager: String,
    /// Agents for en, zh-CN and et customers.
    pub agents: [String; 3],
}

fn ts(t: DateTime<Utc>) -> String {
    carewell_domain::time::fmt_ts(t)
}

fn money(minor: i64) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", minor.abs() / 100, minor.abs() % 100)
}

struct Files {
    customers: csv::Writer<Vec<u8>>,
    transactions: csv::Writer<Vec<u8>>,
    contracts: csv::Writer<Vec<u8>>,
    interactions: csv::Writer<Vec<u8>>,
}

impl Files {
    fn new() -> anyhow::Result<Self> {
        let w = csv::Writer::from_writer;
        let mut f = Self {
            customers: w(Vec::new()),
            transactions: w(Vec::new()),
            contracts: w(Vec::new()),
            interactions: w(Vec::new()),
        };
        f.customers.write_record([
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
            "anniversary",
            "consent_email",
            "consent_sms",
            "consent_phone",
            "consent_post",
            "attr_source",
        ])?;
        f.transactions.write_record([
            "external_ref",
            "customer_ref",
            "amount",
            "currency",
            "occurred_at",
            "description",
        ])?;
        f.contracts.write_record([
            "external_ref",
            "customer_ref",
            "name",
            "start_date",
            "end_date",
            "value",
            "currency",
            "renewal",
        ])?;
        f.interactions.write_record([
            "external_ref",
            "customer_ref",
            "kind",
            "occurred_at",
            "summary",
            "sentiment",
        ])?;
        Ok(f)
    }

    fn add(&mut self, p: &Person, h: &History) -> anyhow::Result<()> {
        let m = p.market();
        let yn = |b: bool| if b { "yes" } else { "no" };
        let sources = ["referral", "web", "trade fair", "partner"];
        self.customers.write_record([
            p.external_ref.as_str(),
            if p.organisation {
                "organisation"
            } else {
                "person"
            },
            &p.name,
            &p.email,
            &p.phone,
            m.language,
            m.country,
            p.timezone,
            p.segment,
            h.stage,
            &p.tags.join(";"),
            p.birthday.as_deref().unwrap_or(""),
            &h.since.to_string(),
            yn(p.consent[0]),
            yn(p.consent[1]),
            yn(p.consent[2]),
            yn(p.consent[3]),
            sources[p.name.len() % sources.len()],
        ])?;
        for (i, x) in h.purchases.iter().enumerate() {
            self.transactions.write_record([
                format!("{}-T{:03}", p.external_ref, i + 1).as_str(),
                &p.external_ref,
                &money(x.minor),
                m.currency,
                &ts(x.at),
                &x.description,
            ])?;
        }
        for (i, c) in h.contracts.iter().enumerate() {
            self.contracts.write_record([
                format!("{}-K{:02}", p.external_ref, i + 1).as_str(),
                &p.external_ref,
                c.name,
                &c.start.to_string(),
                &c.end.map(|d| d.to_string()).unwrap_or_default(),
                &money(c.minor),
                m.currency,
                c.renewal,
            ])?;
        }
        for (i, t) in h.touches.iter().enumerate() {
            self.interactions.write_record([
                format!("{}-I{:03}", p.external_ref, i + 1).as_str(),
                &p.external_ref,
                t.kind,
                &ts(t.at),
                t.summary,
                t.sentiment,
            ])?;
        }
        Ok(())
    }
}

async fn load(store: &Store, kind: ImportKind, w: csv::Writer<Vec<u8>>) -> anyhow::Result<u64> {
    let bytes = w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?;
    let name = format!("demo-{}.csv", format!("{kind:?}").to_lowercase());
    match import(
        store,
        kind,
        Source::Bytes(Arc::from(bytes)),
        &Actor::cli(),
        &name,
        &Progress::hidden(),
    )
    .await
    {
        Ok(r) => Ok(r.rows),
        Err(ImportError::Rows(errs)) => {
            let tr = crate::web::i18n::Tr::default();
            let first: Vec<String> = errs
                .iter()
                .take(5)
                .map(|e| format!("line {} {}: {}", e.line, e.column, tr.code(&e.code)))
                .collect();
            anyhow::bail!("demo {name} was refused: {}", first.join("; "))
        }
        Err(e) => Err(e).context(name),
    }
}

/// What was seeded.
#[derive(Debug, Default)]
pub struct Seeded {
    /// Customers.
    pub customers: u64,
    /// Transactions.
    pub transactions: u64,
    /// Contracts.
    pub contracts: u64,
    /// Interactions.
    pub interactions: u64,
    /// Usage events.
    pub usage: u64,
}

/// Generates and writes `n` customers with their histories, ending today.
pub async fn seed(store: &Store, n: usize, owners: &Owners) -> anyhow::Result<Seeded> {
    let mut rng = StdRng::seed_from_u64(SEED);
    let today = Utc::now();
    let mut files = Files::new()?;
    let mut owned: HashMap<&str, Vec<String>> = HashMap::new();
    let mut usage = Vec::new();
    for i in 0..n {
        let p = person(&mut rng, i);
        let h = simulate(&mut rng, &p, today);
        files.add(&p, &h)?;
        let owner = if p.segment == "enterprise" {
            owners.manager.as_str()
        } else {
            match p.market().language {
                "zh-CN" => owners.agents[1].as_str(),
                "et" => owners.agents[2].as_str(),
                _ => owners.agents[0].as_str(),
            }
        };
        owned.entry(owner).or_default().push(p.external_ref.clone());
        for u in h.usage {
            usage.push((p.external_ref.clone(), u));
        }
    }
    let mut out = Seeded {
        customers: load(store, ImportKind::Customers, files.customers).await?,
        transactions: load(store, ImportKind::Transactions, files.transactions).await?,
        contracts: load(store, ImportKind::Contracts, files.contracts).await?,
        interactions: load(store, ImportKind::Interactions, files.interactions).await?,
        usage: 0,
    };
    // Owners, interaction authors and usage events: the store's batched seeding writes.
    let owned: Vec<(String, Vec<String>)> = owned
        .into_iter()
        .map(|(o, refs)| (o.to_string(), refs))
        .collect();
    let usage: Vec<UsageSeed> = usage
        .into_iter()
        .map(|(customer_ref, u)| UsageSeed {
            customer_ref,
            event: u.event.to_string(),
            quantity: u.quantity,
            occurred_at: ts(u.at),
        })
        .collect();
    out.usage = store
        .seed_owners_and_usage(&Actor::cli(), &owned, &usage)
        .await?;
    Ok(out)
}
