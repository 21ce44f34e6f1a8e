//! Which upstream provider: the five APIs by the name used in URLs, config and the database.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The five upstream APIs, by the name used in URLs, config and the database.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProviderId {
    FlashTopup,
    Iak,
    Flowix,
    GoTopUp,
    AutoFlexi,
}

impl ProviderId {
    pub const ALL: [ProviderId; 5] = [
        ProviderId::FlashTopup,
        ProviderId::Iak,
        ProviderId::Flowix,
        ProviderId::GoTopUp,
        ProviderId::AutoFlexi,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ProviderId::FlashTopup => "flashtopup",
            ProviderId::Iak => "iak",
            ProviderId::Flowix => "flowix",
            ProviderId::GoTopUp => "gotopup",
            ProviderId::AutoFlexi => "autoflexi",
        }
    }

    pub fn parse(name: &str) -> Option<ProviderId> {
        ProviderId::ALL.into_iter().find(|p| p.as_str() == name)
    }
}

impl fmt::Display for ProviderId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
