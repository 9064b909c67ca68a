//! GET /customers: the customer list with search, filters and paging.

use crate::customers::api::customers::{DEFAULT_SORT, ListParams, SORTS};
use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;
use crate::web::i18n::Tr;
use crate::web::page::Chrome;
use crate::web::pager::{PAGE_SIZE, Pager, page_number};
use crate::web::sort::{self, Header, Sort};
use crate::web::view::{Opt, label, opts, when};
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use carewell_domain::customer::{Channel, LifecycleStage};
use carewell_domain::messaging::MessageClass;
use serde::Deserialize;
use std::collections::HashMap;

/// Search and filter parameters of the list page.
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    /// Free text.
    #[serde(default)]
    pub q: String,
    /// Exact segment.
    #[serde(default)]
    pub segment: String,
    /// Lifecycle stage.
    #[serde(default)]
    pub stage: String,
    /// Tag.
    #[serde(default)]
    pub tag: String,
    /// Page number from 1 (with free text: best match first).
    pub page: Option<String>,
    /// The order without free text (`name`, `-last_contact`, …; unknown ones are the default).
    pub sort: Option<String>,
    /// `me` or `none` (assigned to me, unassigned).
    #[serde(default)]
    pub owner: String,
    /// The previous page's last customer (without free text).
    pub cursor: Option<String>,
    /// Health band (`red`, `yellow`, `green`; anything else is ignored).
    #[serde(default)]
    pub health: String,
    /// Set after a customer was deleted, to confirm it.
    pub deleted: Option<String>,
    /// The further filters of the segment filter language (see
    /// [`carewell_domain::segment`]) and a saved segment to apply.
    #[serde(flatten)]
    pub more: MoreFilters,
}

/// The customer list's filters beyond search, segment, stage, tag and owner: the rest of the
/// segment filter language, and a saved segment.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct MoreFilters {
    /// Any of these tags, comma-separated.
    #[serde(default)]
    pub tags: String,
    /// Country.
    #[serde(default)]
    pub country: String,
    /// Language.
    #[serde(default)]
    pub language: String,
    /// Consent channel.
    #[serde(default)]
    pub consent: String,
    /// Consent class.
    #[serde(default)]
    pub consent_class: String,
    /// Created from.
    #[serde(default)]
    pub created_from: String,
    /// Created to.
    #[serde(default)]
    pub created_to: String,
    /// Last contact from.
    #[serde(default)]
    pub last_contact_from: String,
    /// Last contact to.
    #[serde(default)]
    pub last_contact_to: String,
    /// `name=value` lines.
    #[serde(default)]
    pub attributes: String,
    /// A saved segment.
    #[serde(default)]
    pub segment_id: String,
}

impl MoreFilters {
    /// The values by parameter name (blank ones included).
    pub fn pairs(&self) -> [(&'static str, &str); 11] {
        [
            ("tags", &self.tags),
            ("country", &self.country),
            ("language", &self.language),
            ("consent", &self.consent),
            ("consent_class", &self.consent_class),
            ("created_from", &self.created_from),
            ("created_to", &self.created_to),
            ("last_contact_from", &self.last_contact_from),
            ("last_contact_to", &self.last_contact_to),
            ("attributes", &self.attributes),
            ("segment_id", &self.segment_id),
        ]
    }

    /// The value of parameter `name` (blank when unknown).
    pub fn value(&self, name: &str) -> &str {
        self.pairs()
            .into_iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v)
            .unwrap_or("")
    }

    /// Whether any is set.
    pub fn any(&self) -> bool {
        self.pairs().iter().any(|(_, v)| !v.trim().is_empty())
    }
}

/// One row of the table.
pub struct Row {
    id: String,
    name: String,
    kind: String,
    stage: String,
    stage_label: String,
    segment: String,
    tags: Vec<String>,
    language: String,
    country: String,
    owner: String,
    unassigned: bool,
    last_contact: crate::web::view::When,
    open_complaints: i64,
    value: String,
    created: crate::web::view::When,
    /// The health band and score (`""` when not computed).
    health: String,
    health_label: String,
    health_score: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "customers/list.html")]
/// The customer list page.
pub struct ListPage {
    chrome: Chrome,
    q: String,
    tag: String,
    segments: Vec<Opt>,
    stages: Vec<Opt>,
    rows: Vec<Row>,
    total: String,
    filtered: bool,
    /// Customers match, but the page number is past the last page.
    past_end: bool,
    pager: Pager,
    deleted: bool,
    /// Sortable headers (without free text), else plain ones.
    headers: Vec<Header>,
    sortable: bool,
    sort: String,
    owners: Vec<Opt>,
    /// The further filters as given.
    more: MoreFilters,
    /// Whether the further filters are open (any is set).
    more_open: bool,
    /// The saved segment applied: (id, name).
    saved: Option<(String, String)>,
    /// Consent channels.
    consents: Vec<Opt>,
    /// Message classes.
    consent_classes: Vec<Opt>,
    /// Field errors (none: a bad filter is a 422 page).
    errors: crate::web::form::FormErrors,
    healths: Vec<Opt>,
}

/// GET /customers: search and browse customers (every signed-in role).
pub async fn list(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Query(q): Query<ListQuery>,
) -> Result<ListPage, AppError> {
    let page = page_number(q.page.as_deref());
    let sort = Sort::parse(q.sort.as_deref(), SORTS, DEFAULT_SORT);
    let sort_value = sort.value(SORTS);
    let searching = !q.q.trim().is_empty();
    let health = carewell_domain::health::Band::parse(&q.health)
        .map(|b| b.as_str().to_string())
        .unwrap_or_default();
    let params = ListParams {
        health: Some(health.clone()),
        q: Some(q.q.clone()),
        segment: Some(q.segment.clone()),
        stage: Some(q.stage.clone()),
        tag: Some(q.tag.clone()),
        owner: Some(q.owner.clone()),
        sort: Some(sort_value.clone()),
        cursor: q.cursor.clone(),
        tags: Some(q.more.tags.clone()),
        country: Some(q.more.country.clone()),
        language: Some(q.more.language.clone()),
        consent: Some(q.more.consent.clone()),
        consent_class: Some(q.more.consent_class.clone()),
        created_from: Some(q.more.created_from.clone()),
        created_to: Some(q.more.created_to.clone()),
        last_contact_from: Some(q.more.last_contact_from.clone()),
        last_contact_to: Some(q.more.last_contact_to.clone()),
        attributes: Some(q.more.attributes.clone()),
        segment_id: Some(q.more.segment_id.clone()),
        ..Default::default()
    };
    let query = params.resolve(&s, &user.user.id).await?;
    let saved = match q.more.segment_id.trim() {
        "" => None,
        id => Some(s.store.segment(id).await?),
    };
    let offset = if searching { (page - 1) * PAGE_SIZE } else { 0 };
    let found = s.store.search_customers(&query, PAGE_SIZE, offset).await?;
    let ids: Vec<String> = found.items.iter().map(|c| c.id.clone()).collect();
    let bands = s.store.health_bands(&ids).await?;
    let names: HashMap<String, String> = s
        .store
        .users()
        .await?
        .into_iter()
        .map(|u| {
            let name = if u.name.trim().is_empty() {
                u.email.to_string()
            } else {
                u.name.clone()
            };
            (u.id, name)
        })
        .collect();
    let rows: Vec<Row> = found
        .items
        .into_iter()
        .map(|c| Row {
            health: bands
                .get(&c.id)
                .map(|(b, _)| b.as_str().to_string())
                .unwrap_or_default(),
            health_label: bands
                .get(&c.id)
                .map(|(b, _)| label(&tr, "health-band", b.as_str()))
                .unwrap_or_default(),
            health_score: bands
                .get(&c.id)
                .map(|(_, n)| n.to_string())
                .unwrap_or_default(),
            stage_label: label(&tr, "stage", c.stage.as_str()),
            stage: c.stage.as_str().to_string(),
            kind: label(&tr, "kind", c.kind.as_str()),
            owner: c
                .owner_id
                .as_ref()
                .and_then(|o| names.get(o).cloned())
                .unwrap_or_else(|| tr.t("customers-unassigned")),
            unassigned: c.owner_id.is_none(),
            last_contact: c.last_contact_at.as_deref().map(when).unwrap_or_default(),
            open_complaints: c.open_complaints,
            value: match &c.value_currency {
                Some(cur) => tr.money_minor(c.value_minor, cur),
                None => String::new(),
            },
            created: when(&c.created_at),
            id: c.id,
            name: c.name,
            segment: c.segment.unwrap_or_default(),
            tags: c.tags,
            language: c.language,
            country: c.country.unwrap_or_default(),
        })
        .collect();
    let stage_names: Vec<&str> = LifecycleStage::ALL.iter().map(|s| s.as_str()).collect();
    let owner = q.owner.trim().to_string();
    let mut filters = vec![
        ("q", q.q.as_str()),
        ("segment", q.segment.as_str()),
        ("stage", q.stage.as_str()),
        ("tag", q.tag.as_str()),
        ("owner", owner.as_str()),
        ("health", health.as_str()),
    ];
    filters.extend(q.more.pairs());
    let pager = if searching {
        Pager::new(&tr, "/customers", &filters, page, PAGE_SIZE, found.total)
    } else {
        let mut paging = filters.to_vec();
        paging.push(("sort", &sort_value));
        Pager::cursor(
            "/customers",
            &paging,
            "cursor",
            q.cursor.as_deref(),
            found.next.as_deref(),
        )
    };
    let shown: Vec<(&str, String)> = [
        ("name", "field-name"),
        ("stage", "field-stage"),
        ("owner", "field-owner-id"),
        ("last_contact", "customers-last-contact"),
        ("open_complaints", "customers-open-complaints"),
        ("value", "customers-value"),
        ("created", "customers-created"),
    ]
    .into_iter()
    .map(|(n, key)| (n, tr.t(key)))
    .collect();
    let headers = sort::headers(
        "/customers",
        &filters,
        SORTS,
        sort,
        &shown,
        &["last_contact", "open_complaints", "value", "created"],
    );
    let owners = [
        ("", "customers-owner-any"),
        ("me", "customers-owner-me"),
        ("none", "customers-owner-none"),
    ]
    .into_iter()
    .map(|(value, key)| Opt {
        value: value.into(),
        label: tr.t(key),
        selected: owner == value,
    })
    .collect();
    Ok(ListPage {
        segments: Opt::plain(&s.store.segments().await?, &q.segment),
        stages: opts(&tr, "stage", &stage_names, &q.stage),
        past_end: found.total > 0 && rows.is_empty(),
        total: if found.capped {
            tr.t("customers-count-capped")
        } else {
            tr.t_n("customers-count", found.total)
        },
        filtered: query.q.is_some()
            || query.segment.is_some()
            || query.stage.is_some()
            || query.tag.is_some()
            || query.owner_id.is_some()
            || query.unassigned
            || q.more.any()
            || query.health.is_some(),
        headers,
        sortable: !searching,
        sort: sort_value,
        owners,
        healths: opts(&tr, "health-band", &["red", "yellow", "green"], &health),
        chrome: Chrome::new(tr, &user),
        q: q.q,
        tag: q.tag,
        rows,
        pager,
        deleted: q.deleted.is_some(),
        more_open: q.more.pairs()[..10]
            .iter()
            .any(|(_, v)| !v.trim().is_empty()),
        saved: saved.map(|g| (g.id, g.name)),
        consents: opts(
            &tr,
            "channel",
            &Channel::ALL.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
            &q.more.consent,
        ),
        consent_classes: opts(
            &tr,
            "seg-class",
            &MessageClass::ALL
                .iter()
                .map(|c| c.as_str())
                .collect::<Vec<_>>(),
            &q.more.consent_class,
        ),
        more: q.more,
        errors: Default::default(),
    })
}
