//! Care moments: birthdays and relationship anniversaries, in the customer's time zone.
//!
//! SQL picks the few customers whose care date's month and day lie near today (the window
//! from yesterday to the days ahead plus one, which covers every time zone); the domain
//! decides per customer ([`carewell_domain::cadence::due`], 29 February on the 28th in other
//! years). Each moment is recorded in `care_moments` under the key (customer, moment, year)
//! before it acts, in the same transaction: a second run, a restart or a second app server
//! finds the key taken and does nothing. A message goes through the outbox as marketing, so
//! consent, caps and quiet hours apply at delivery.

use super::CARE_MOMENT;
use crate::outbox::{self, NewMessage};
use crate::tasks::{self, NewTask};
use crate::{Actor, Store, StoreError, audit, now};
use carewell_domain::cadence::{self, Moment, MomentMode};
use carewell_domain::messaging::MessageClass;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

/// What a care-moment run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct CareRun {
    /// Tasks created.
    pub tasks: u64,
    /// Messages queued.
    pub messages: u64,
}

#[derive(sqlx::FromRow)]
struct Candidate {
    id: String,
    name: String,
    email: Option<String>,
    language: String,
    timezone: Option<String>,
    owner_id: Option<String>,
    care_date: String,
}

/// Runs the care moments at `now`; `server_zone` is the time zone of customers without one.
pub async fn care_moments_run(
    store: &Store,
    now_at: DateTime<Utc>,
    server_zone: &str,
) -> Result<CareRun, StoreError> {
    let settings = store.cadence_settings().await?;
    let mut run = CareRun::default();
    for s in settings.moments {
        let ahead = match s.mode {
            MomentMode::Off => continue,
            MomentMode::Task => s.days_ahead,
            MomentMode::Message => 0,
        };
        let r = one_moment(store, now_at, server_zone, s.moment, s.mode, ahead).await?;
        run.tasks += r.tasks;
        run.messages += r.messages;
    }
    Ok(run)
}

async fn one_moment(
    store: &Store,
    now_at: DateTime<Utc>,
    server_zone: &str,
    moment: Moment,
    mode: MomentMode,
    ahead: i64,
) -> Result<CareRun, StoreError> {
    let col = match moment {
        Moment::Birthday => "birthday",
        Moment::Anniversary => "anniversary",
    };
    let from = now_at.date_naive() - Duration::days(1);
    let days = cadence::month_days(from, ahead + 2);
    let marks: Vec<String> = (0..days.len()).map(|i| format!("${}", i + 3)).collect();
    let sql = format!(
        "SELECT c.id, c.name, c.email, c.language, c.timezone, \
         (SELECT u.id FROM users u WHERE u.id = c.owner_id AND u.active = 1) AS owner_id, \
         c.{col} AS care_date FROM customers c \
         WHERE c.{col} IS NOT NULL AND substr(c.{col}, 6, 5) IN ({}) \
         AND c.stage NOT IN ('leaving', 'departed') \
         AND NOT EXISTS (SELECT 1 FROM offboarding_holds hh WHERE hh.customer_id = c.id AND hh.released_at IS NULL) \
         AND NOT EXISTS (SELECT 1 FROM care_moments cm WHERE cm.customer_id = c.id AND cm.moment = $1 AND cm.on_date >= $2) \
         ORDER BY c.id",
        marks.join(", ")
    );
    let mut q = sqlx::query_as::<_, Candidate>(&sql)
        .bind(moment.as_str())
        .bind(from.to_string());
    for d in &days {
        q = q.bind(d.as_str());
    }
    let candidates = q.fetch_all(store.pool()).await?;
    let mut run = CareRun::default();
    for chunk in candidates.chunks(500) {
        let mut tx = store.begin().await?;
        let before = run;
        for c in chunk {
            let Ok(date) = NaiveDate::parse_from_str(c.care_date.trim(), "%Y-%m-%d") else {
                continue;
            };
            let today = cadence::local_today(now_at, c.timezone.as_deref(), server_zone);
            let Some(due) = cadence::due(date, today, ahead) else {
                continue;
            };
            let at = now();
            let action = match mode {
                MomentMode::Message => "message",
                _ => "task",
            };
            let taken = sqlx::query(
                "INSERT INTO care_moments (customer_id, moment, year, on_date, years, action, ref_id, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, NULL, $7) ON CONFLICT DO NOTHING",
            )
            .bind(&c.id)
            .bind(moment.as_str())
            .bind(i64::from(due.year))
            .bind(due.date.to_string())
            .bind(i64::from(due.years))
            .bind(action)
            .bind(&at)
            .execute(&mut *tx.tx)
            .await?
            .rows_affected();
            if taken == 0 {
                continue;
            }
            let ref_id = match mode {
                MomentMode::Message => {
                    run.messages += 1;
                    let msg = NewMessage::email(
                        format!("care:{}:{}:{}", c.id, moment, due.year),
                        c.email.as_deref().unwrap_or(""),
                        &c.language,
                        MessageClass::Marketing,
                        &format!("care.{moment}"),
                        &format!("cad-msg-{moment}"),
                        json!({ "name": c.name, "years": due.years.to_string() }),
                    )
                    .for_customer(&c.id);
                    outbox::enqueue(&mut tx, &msg).await?
                }
                _ => {
                    run.tasks += 1;
                    let mut args =
                        json!({ "moment": moment.as_str(), "date": due.date.to_string() });
                    if moment == Moment::Anniversary {
                        args["years"] = json!(due.years);
                    }
                    let t = tasks::create(
                        &mut tx,
                        &NewTask {
                            kind: CARE_MOMENT,
                            title: c.name.clone(),
                            args,
                            customer_id: Some(&c.id),
                            owner_id: c.owner_id.as_deref(),
                            source_kind: "care",
                            source_id: &format!("{moment}:{}", due.year),
                            due_at: format!("{}T00:00:00.000000Z", due.date),
                        },
                    )
                    .await?;
                    Some(t.id)
                }
            };
            sqlx::query(
                "UPDATE care_moments SET ref_id = $1 WHERE customer_id = $2 AND moment = $3 AND year = $4",
            )
            .bind(ref_id.as_deref())
            .bind(&c.id)
            .bind(moment.as_str())
            .bind(i64::from(due.year))
            .execute(&mut *tx.tx)
            .await?;
        }
        if run != before {
            audit::append(
                &mut tx,
                &Actor::system(),
                "cadence.care_moments",
                "cadence",
                &now_at.date_naive().to_string(),
                &json!(null),
                &json!({
                    "moment": moment.as_str(),
                    "tasks": run.tasks - before.tasks,
                    "messages": run.messages - before.messages,
                }),
            )
            .await?;
        }
        tx.commit().await?;
    }
    Ok(run)
}

/// A care moment as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema, sqlx::FromRow)]
pub struct CareMoment {
    /// The customer.
    pub customer_id: String,
    /// `birthday` or `anniversary`.
    pub moment: String,
    /// The year it belongs to.
    pub year: i64,
    /// The day (customer's time zone), `YYYY-MM-DD`.
    pub on_date: String,
    /// Whole years since the care date.
    pub years: i64,
    /// `task` or `message`.
    pub action: String,
    /// The task or outbox message.
    pub ref_id: Option<String>,
}

impl Store {
    /// The care moments recorded for one customer, newest first.
    pub async fn care_moments_of(&self, customer_id: &str) -> Result<Vec<CareMoment>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT customer_id, moment, year, on_date, years, action, ref_id FROM care_moments \
             WHERE customer_id = $1 ORDER BY on_date DESC, moment",
        )
        .bind(customer_id)
        .fetch_all(self.pool())
        .await?)
    }
}
