//! The deposits being cancelled in this process (a leaf: it knows only their ids), so that a
//! second tap while a cancel is under way asks the provider nothing.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};

/// The deposits being cancelled in this process.
#[derive(Clone, Default)]
pub(super) struct Cancelling(Arc<Mutex<HashSet<i64>>>);

/// One deposit's cancel under way: over when dropped.
pub(super) struct Underway {
    cancelling: Cancelling,
    id: i64,
}

impl Cancelling {
    pub(super) fn begin(&self, id: i64) -> Option<Underway> {
        let mut ids = self.0.lock().unwrap_or_else(|e| e.into_inner());
        ids.insert(id).then(|| Underway {
            cancelling: self.clone(),
            id,
        })
    }
}

impl Drop for Underway {
    fn drop(&mut self) {
        let mut ids = self.cancelling.0.lock().unwrap_or_else(|e| e.into_inner());
        ids.remove(&self.id);
    }
}
