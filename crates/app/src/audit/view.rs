//! How audit entries read on the page: a translated name for each action code (a Fluent
//! message `audit-act-<code>` with `.`/`_` as `-`, else "<entity>: <verb>"), a translated
//! entity type, a link to the entity's own page where it has one, the entity types offered by
//! the filter, and the sort (sequence number, newest or oldest first).

use crate::web::i18n::Tr;
use crate::web::sort::Sort;

/// The one sortable column of the log: its sequence number (= time of writing).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Col {
    /// The position in the chain.
    Seq,
}

/// The allow-list of sort columns (`?sort=seq` oldest first, `?sort=-seq` newest first).
pub const COLUMNS: &[(&str, Col)] = &[("seq", Col::Seq)];

/// Newest first.
pub const DEFAULT_SORT: Sort<Col> = Sort {
    key: Col::Seq,
    desc: true,
};

/// The sort asked for (anything but `seq` / `-seq` is newest first).
pub fn parse_sort(raw: Option<&str>) -> Sort<Col> {
    Sort::parse(raw, COLUMNS, DEFAULT_SORT)
}

/// The entity types offered by the filter (what the application writes to the log).
pub const ENTITIES: &[&str] = &[
    "customer",
    "complaint",
    "offboarding_case",
    "interaction",
    "ledger_entry",
    "task",
    "message",
    "user",
    "api_token",
    "import",
    "job",
    "sla_policy",
    "webhook_endpoint",
    "client_fit_settings",
    "offboarding_notice_rule",
    "offboarding_retention_rule",
    "ledger_threshold",
    "audit_log",
];

/// A stable code as a Fluent identifier part (`complaint.confirm-demand` → `complaint-confirm-demand`).
fn ident(code: &str) -> String {
    code.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect()
}

/// The translated name of an entity type; unknown types are shown with their words spaced.
pub fn entity_label(tr: &Tr, entity: &str) -> String {
    let key = format!("audit-ent-{}", ident(entity));
    let t = tr.t(&key);
    if t == key {
        entity.replace(['_', '.', '-'], " ")
    } else {
        t
    }
}

/// The translated name of an action code; a code without its own message reads as
/// "<entity type>: <verb>" (the part after the first dot, words spaced).
pub fn action_label(tr: &Tr, action: &str, entity: &str) -> String {
    let key = format!("audit-act-{}", ident(action));
    let t = tr.t(&key);
    if t != key {
        return t;
    }
    let (head, verb) = action.split_once('.').unwrap_or((entity, action));
    tr.t_with(
        "audit-act-fallback",
        &[
            ("entity", &entity_label(tr, head)),
            ("verb", &verb.replace(['_', '.', '-'], " ")),
        ],
    )
}

/// The page of an entity, where it has one (not for deletions: the entity is gone).
pub fn entity_link(entity: &str, id: &str, action: &str) -> Option<String> {
    // Ids are UUIDs: anything else is not linked (nothing from the log is put in a URL raw).
    let plain = !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if action.ends_with(".delete") || !plain {
        return None;
    }
    Some(match entity {
        "customer" => format!("/customers/{id}"),
        "complaint" => format!("/complaints/{id}"),
        "offboarding_case" => format!("/offboarding/{id}"),
        "user" => format!("/admin/users/{id}"),
        "message" => format!("/messages/{id}"),
        "task" => "/tasks".to_string(),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_as_words_in_every_language() {
        for lang in ["en", "zh-CN", "et"] {
            let tr = Tr::for_tag(lang);
            for (a, e) in [
                ("complaint.transition", "complaint"),
                ("complaint.confirm-demand", "complaint"),
                ("offboarding.log-contact", "offboarding_case"),
                ("client_fit.flag_abuse", "interaction"),
                ("something.unknown-verb", "widget"),
            ] {
                let l = action_label(&tr, a, e);
                assert!(!l.contains("audit-act"), "{lang} {a}: {l}");
                assert_ne!(l, a, "{lang} {a}");
            }
            for e in ENTITIES {
                assert!(!entity_label(&tr, e).contains('_'), "{lang} {e}");
            }
        }
        let en = Tr::for_tag("en");
        assert_eq!(
            action_label(&en, "something.unknown-verb", "widget"),
            "something: unknown verb"
        );
    }

    #[test]
    fn links_only_to_pages_that_exist() {
        assert_eq!(
            entity_link("complaint", "abc", "complaint.create").as_deref(),
            Some("/complaints/abc")
        );
        assert_eq!(entity_link("customer", "abc", "customer.delete"), None);
        assert_eq!(entity_link("customer", "../x?y", "customer.update"), None);
        assert_eq!(entity_link("import", "x", "import.customers"), None);
    }
}
