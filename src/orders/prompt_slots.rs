//! [`Prompts`]: the bookkeeping behind prompted checks of settled orders: one slot per order
//! (waiting, or running and maybe asked again) and one semaphore per provider.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tokio::sync::Semaphore;

use crate::domain::ProviderId;

/// One order's prompted check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Slot {
    Waiting,
    Running { again: bool },
}

/// The checks of settled orders that callbacks prompted, per order and per provider.
#[derive(Default)]
pub(super) struct Prompts {
    slots: Mutex<HashMap<i64, Slot>>,
    permits: Mutex<HashMap<ProviderId, Arc<Semaphore>>>,
}

impl Prompts {
    pub(super) fn permits(&self, provider: ProviderId, size: usize) -> Arc<Semaphore> {
        let mut permits = self.permits.lock().expect("prompt permits");
        permits
            .entry(provider)
            .or_insert_with(|| Arc::new(Semaphore::new(size.max(1))))
            .clone()
    }

    /// Claims the order's slot; false when a check is already waiting (it will see this news
    /// too) or running (then it runs once more afterwards).
    pub(super) fn claim(&self, order_id: i64) -> bool {
        let mut slots = self.slots.lock().expect("prompt slots");
        match slots.get_mut(&order_id) {
            None => {
                slots.insert(order_id, Slot::Waiting);
                true
            }
            Some(Slot::Waiting) => false,
            Some(Slot::Running { again }) => {
                *again = true;
                false
            }
        }
    }

    pub(super) fn start(&self, order_id: i64) {
        self.slots
            .lock()
            .expect("prompt slots")
            .insert(order_id, Slot::Running { again: false });
    }

    /// Ends a check; true when another prompt came meanwhile and the order must be asked again.
    pub(super) fn finish(&self, order_id: i64) -> bool {
        let mut slots = self.slots.lock().expect("prompt slots");
        match slots.get(&order_id) {
            Some(Slot::Running { again: true }) => {
                slots.insert(order_id, Slot::Waiting);
                true
            }
            _ => {
                slots.remove(&order_id);
                false
            }
        }
    }
}
