//! [`provider_identity!`]: the two answers every adapter gives the same way inside its
//! `impl Provider`: its [`ProviderId`](crate::domain::ProviderId), and the currency of its
//! configuration (`self.config.currency`).

/// Expands to `fn id` (answering `$id`) and `fn currency` (answering `self.config.currency`).
macro_rules! provider_identity {
    ($id:expr) => {
        fn id(&self) -> $crate::domain::ProviderId {
            $id
        }

        fn currency(&self) -> $crate::domain::Currency {
            self.config.currency
        }
    };
}

pub(crate) use provider_identity;
