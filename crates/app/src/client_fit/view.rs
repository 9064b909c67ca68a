//! View helpers of the client-fit pages: the badge classes and translated badges of levels
//! and recommendations.

use crate::web::i18n::Tr;
use crate::web::view::{self, label};
use carewell_domain::client_fit::{Level, Recommendation};

/// The badge class of a level.
pub fn level_class(l: Level) -> &'static str {
    match l {
        Level::None => view::OK,
        Level::Concern => view::WARN,
        Level::Serious => view::BAD,
    }
}

/// The badge class of a recommendation.
pub fn rec_class(r: Recommendation) -> &'static str {
    match r {
        Recommendation::Keep => view::OK,
        Recommendation::Watch => view::WARN,
        Recommendation::PartWays => view::BAD,
    }
}

/// A translated badge.
pub struct Badge {
    /// Text.
    pub label: String,
    /// CSS class.
    pub class: &'static str,
}

/// The translated badge of a level.
pub fn level_badge(tr: &Tr, l: Level) -> Badge {
    Badge {
        label: label(tr, "cf-level", l.as_str()),
        class: level_class(l),
    }
}

/// The translated badge of a recommendation.
pub fn rec_badge(tr: &Tr, r: Recommendation) -> Badge {
    Badge {
        label: label(tr, "cf-rec", r.as_str()),
        class: rec_class(r),
    }
}
