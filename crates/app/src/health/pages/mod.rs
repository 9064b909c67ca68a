//! Health staff pages: the settings (the score itself is a card on the customer page).

pub mod settings;
