//! The task list's choices, shared by the page and the API: whose tasks (`owner=me|none|all`),
//! open or done (`status=open|done`), the sort (`due`, `created`, `kind`, `customer`, `-` for
//! descending) and the cursor. "none" (the managers' queue) and "all" are for managers.

use crate::web::auth::CurrentUser;
use crate::web::error::{AppError, Denied};
use crate::web::sort::Sort;
use carewell_domain::role::Role;
use carewell_store::tasks::{TaskOwner, TaskQuery, TaskSort, TaskState};

/// The sortable columns by URL name.
pub const COLUMNS: &[(&str, TaskSort)] = &[
    ("due", TaskSort::Due),
    ("created", TaskSort::Created),
    ("kind", TaskSort::Kind),
    ("customer", TaskSort::Customer),
];

/// The list's default order: due first.
pub const DEFAULT_SORT: Sort<TaskSort> = Sort {
    key: TaskSort::Due,
    desc: false,
};

/// Whose tasks, as asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owner {
    /// The caller's own (default).
    Me,
    /// The managers' queue (tasks without an owner).
    Queue,
    /// Everyone's.
    All,
}

impl Owner {
    /// The URL names.
    pub const NAMES: [&'static str; 3] = ["me", "none", "all"];

    /// The URL name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Me => "me",
            Self::Queue => "none",
            Self::All => "all",
        }
    }

    fn parse(raw: &str) -> Option<Self> {
        match raw.trim() {
            "" | "me" => Some(Self::Me),
            "none" => Some(Self::Queue),
            "all" => Some(Self::All),
            _ => None,
        }
    }
}

/// The raw choices, as they come from the query string.
#[derive(Debug, Clone, Default)]
pub struct Raw<'a> {
    /// `me`, `none`, `all`.
    pub owner: Option<&'a str>,
    /// `open`, `done`.
    pub status: Option<&'a str>,
    /// `due`, `-created`, ….
    pub sort: Option<&'a str>,
    /// The previous page's last task id.
    pub cursor: Option<&'a str>,
}

/// The parsed choices.
#[derive(Debug, Clone)]
pub struct Choice {
    /// Whose tasks.
    pub owner: Owner,
    /// Open or done.
    pub state: TaskState,
    /// The sort.
    pub sort: Sort<TaskSort>,
    /// The cursor (trimmed; absent when blank).
    pub cursor: Option<String>,
}

impl Choice {
    /// Parses strictly (the API): an unknown value is a 422 naming the allowed ones.
    pub fn strict(raw: &Raw<'_>) -> Result<Self, AppError> {
        let owner_raw = raw.owner.unwrap_or_default();
        let owner = Owner::parse(owner_raw)
            .ok_or_else(|| AppError::one_of("owner", owner_raw, &Owner::NAMES))?;
        let status_raw = raw.status.unwrap_or_default();
        let state = state(status_raw)
            .ok_or_else(|| AppError::one_of("status", status_raw, &["open", "done"]))?;
        let sort = Sort::strict(raw.sort, COLUMNS, DEFAULT_SORT)?;
        Ok(Self {
            owner,
            state,
            sort,
            cursor: cursor(raw.cursor),
        })
    }

    /// Parses leniently (the page): anything unknown is the default.
    pub fn lenient(raw: &Raw<'_>) -> Self {
        Self {
            owner: Owner::parse(raw.owner.unwrap_or_default()).unwrap_or(Owner::Me),
            state: state(raw.status.unwrap_or_default()).unwrap_or(TaskState::Open),
            sort: Sort::parse(raw.sort, COLUMNS, DEFAULT_SORT),
            cursor: cursor(raw.cursor),
        }
    }

    /// The store's query for `user`: the queue and everyone's tasks are for managers (403
    /// for other roles).
    pub fn query(&self, user: &CurrentUser) -> Result<TaskQuery, AppError> {
        let owner = match self.owner {
            Owner::Me => TaskOwner::User(user.user.id.clone()),
            _ if !user.has(Role::MANAGERS) => {
                return Err(AppError::Forbidden(Denied::Role(user.user.role)));
            }
            Owner::Queue => TaskOwner::Queue,
            Owner::All => TaskOwner::All,
        };
        Ok(TaskQuery {
            owner,
            state: self.state,
            sort: self.sort.key,
            desc: self.sort.desc,
            after: self.cursor.clone(),
        })
    }

    /// `open` or `done`.
    pub fn status_name(&self) -> &'static str {
        match self.state {
            TaskState::Open => "open",
            TaskState::Done => "done",
        }
    }
}

fn state(raw: &str) -> Option<TaskState> {
    match raw.trim() {
        "" | "open" => Some(TaskState::Open),
        "done" => Some(TaskState::Done),
        _ => None,
    }
}

/// A cursor is a task id: anything longer than an id cannot be one (and matches nothing).
fn cursor(raw: Option<&str>) -> Option<String> {
    raw.map(str::trim)
        .filter(|c| !c.is_empty())
        .map(|c| c.chars().take(64).collect())
}
