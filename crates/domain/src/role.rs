//! Staff roles and what each may do.

use crate::DomainError;
use serde::{Deserialize, Serialize};

/// A staff member's role. Every route declares the roles it allows.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    PartialOrd,
    Ord,
    utoipa::ToSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Everything, including users, tokens and configuration.
    Admin,
    /// Runs a team: approvals, reports, assignments.
    Manager,
    /// Works customers, complaints and cases.
    Agent,
    /// Reads everything, owns data protection and retention holds.
    Compliance,
    /// Reads, changes nothing.
    Viewer,
}

impl Role {
    /// All roles, most powerful first.
    pub const ALL: [Role; 5] = [
        Role::Admin,
        Role::Manager,
        Role::Agent,
        Role::Compliance,
        Role::Viewer,
    ];
    /// Roles that may read customer records.
    pub const READERS: &'static [Role] = &Role::ALL;
    /// Roles that may change customer records.
    pub const WRITERS: &'static [Role] = &[Role::Admin, Role::Manager, Role::Agent];
    /// Roles that run the team.
    pub const MANAGERS: &'static [Role] = &[Role::Admin, Role::Manager];
    /// Roles that may read the audit log.
    pub const AUDITORS: &'static [Role] = &[Role::Admin, Role::Compliance];
    /// Administrators only.
    pub const ADMINS: &'static [Role] = &[Role::Admin];

    /// Whether this role may read records under a retention hold (compliance and admins).
    pub fn sees_held(&self) -> bool {
        Self::AUDITORS.contains(self)
    }

    /// Parses `admin`, `manager`, `agent`, `compliance` or `viewer`.
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        match raw.trim().to_ascii_lowercase().as_str() {
            "admin" => Ok(Self::Admin),
            "manager" => Ok(Self::Manager),
            "agent" => Ok(Self::Agent),
            "compliance" => Ok(Self::Compliance),
            "viewer" => Ok(Self::Viewer),
            other => Err(DomainError::new(
                "role",
                crate::Code::OneOf {
                    value: other.to_string(),
                    allowed: Self::ALL.iter().map(|r| r.as_str().to_string()).collect(),
                },
            )),
        }
    }

    /// The role's name.
    pub fn as_str(&self) -> &'static str {
        match self {
            Self::Admin => "admin",
            Self::Manager => "manager",
            Self::Agent => "agent",
            Self::Compliance => "compliance",
            Self::Viewer => "viewer",
        }
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Ok(r));
        }
        assert!(Role::parse("root").is_err());
    }
}
