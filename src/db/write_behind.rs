//! Writes the caller need not wait for: the latest value per key, written by one background
//! task in batches. While a batch is being written the next one gathers, so a rush of small
//! writes (each chat's step, what each message shows) becomes a few statements instead of one
//! round trip each, and an idle shop still writes each value at once. The caller keeps what it
//! wrote in memory and reads it from there ([`WriteBehind::pending`] covers what is not yet
//! written); [`WriteBehind::flush`] waits until everything put so far is written.
//!
//! A batch that fails for a passing reason (the connection, the pool) is tried again later
//! with whatever came meanwhile. One that the database refuses for its content is written row
//! by row, so that one bad row (logged and dropped) never holds back the others.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::FutureExt;
use futures::future::BoxFuture;
use tokio::sync::{Notify, watch};

/// Writes one batch: each key once, with its latest value.
pub type Write<K, V> =
    Arc<dyn Fn(Vec<(K, V)>) -> BoxFuture<'static, sqlx::Result<()>> + Send + Sync>;

/// How long a failed batch waits before it is tried again (with whatever came meanwhile),
/// doubling up to [`RETRY_MAX`] while the failures last.
const RETRY: Duration = Duration::from_millis(500);
const RETRY_MAX: Duration = Duration::from_secs(8);

/// How long [`WriteBehind::flush`] waits at most.
const FLUSH_PATIENCE: Duration = Duration::from_secs(5);

/// The handle: cheap to clone; the writer task stops once every handle is gone and nothing
/// is left to write.
pub struct WriteBehind<K, V> {
    shared: Arc<Shared<K, V>>,
}

impl<K, V> Clone for WriteBehind<K, V> {
    fn clone(&self) -> Self {
        WriteBehind {
            shared: self.shared.clone(),
        }
    }
}

impl<K, V> std::fmt::Debug for WriteBehind<K, V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WriteBehind").finish_non_exhaustive()
    }
}

struct Shared<K, V> {
    what: &'static str,
    queue: Mutex<Queue<K, V>>,
    wake: Notify,
    /// The sequence number of the last put that is written.
    written: watch::Sender<u64>,
    write: Write<K, V>,
}

struct Queue<K, V> {
    /// Each key's latest value not yet written.
    pending: HashMap<K, V>,
    /// The batch being written: still read by [`WriteBehind::pending`] until it is.
    in_flight: HashMap<K, V>,
    /// The sequence number of the last put.
    last: u64,
    started: bool,
}

impl<K, V> WriteBehind<K, V>
where
    K: Clone + Eq + Hash + Send + 'static,
    V: Clone + Send + 'static,
{
    /// `what` names the data in the log when a batch fails.
    pub fn new(what: &'static str, write: Write<K, V>) -> WriteBehind<K, V> {
        WriteBehind {
            shared: Arc::new(Shared {
                what,
                queue: Mutex::new(Queue {
                    pending: HashMap::new(),
                    in_flight: HashMap::new(),
                    last: 0,
                    started: false,
                }),
                wake: Notify::new(),
                written: watch::Sender::new(0),
                write,
            }),
        }
    }

    /// Queues `value` as the key's latest. Must be called inside a Tokio runtime (the writer
    /// task starts with the first put).
    pub fn put(&self, key: K, value: V) {
        let start = {
            let mut queue = self.shared.lock();
            queue.last += 1;
            queue.pending.insert(key, value);
            !std::mem::replace(&mut queue.started, true)
        };
        if start {
            tokio::spawn(run(self.shared.clone()));
        }
        self.shared.wake.notify_one();
    }

    /// The key's value that is queued or being written, if any.
    pub fn pending(&self, key: &K) -> Option<V> {
        let queue = self.shared.lock();
        queue
            .pending
            .get(key)
            .or_else(|| queue.in_flight.get(key))
            .cloned()
    }

    /// Waits until every value put before this call is written (at most a few seconds: a
    /// database that refuses them all the while is logged, not waited for forever).
    pub async fn flush(&self) {
        let target = self.shared.lock().last;
        let mut written = self.shared.written.subscribe();
        let done = tokio::time::timeout(FLUSH_PATIENCE, written.wait_for(|w| *w >= target)).await;
        if done.is_err() {
            tracing::warn!(
                what = self.shared.what,
                "not everything written before the flush gave up"
            );
        }
    }
}

impl<K, V> Shared<K, V> {
    fn lock(&self) -> std::sync::MutexGuard<'_, Queue<K, V>> {
        self.queue.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The writer: takes everything queued, writes it as one batch, repeats.
async fn run<K, V>(shared: Arc<Shared<K, V>>)
where
    K: Clone + Eq + Hash + Send + 'static,
    V: Clone + Send + 'static,
{
    let mut retry = RETRY;
    loop {
        let taken = {
            let mut queue = shared.lock();
            let last = queue.last;
            if queue.pending.is_empty() {
                None
            } else {
                let batch = std::mem::take(&mut queue.pending);
                queue.in_flight = batch.clone();
                Some((batch, last))
            }
        };
        let Some((batch, last)) = taken else {
            if Arc::strong_count(&shared) == 1 {
                return;
            }
            let _ = tokio::time::timeout(Duration::from_secs(1), shared.wake.notified()).await;
            continue;
        };
        let again = write_batch(&shared, batch).await;
        let failed = !again.is_empty();
        {
            let mut queue = shared.lock();
            queue.in_flight.clear();
            for (key, value) in again {
                // A newer value put meanwhile replaces the one that failed.
                queue.pending.entry(key).or_insert(value);
            }
            if !failed {
                shared.written.send_replace(last);
            }
        }
        if failed {
            tokio::time::sleep(retry).await;
            retry = (retry * 2).min(RETRY_MAX);
        } else {
            retry = RETRY;
        }
    }
}

/// Writes `batch`; returns what is to be tried again.
async fn write_batch<K, V>(shared: &Shared<K, V>, batch: HashMap<K, V>) -> Vec<(K, V)>
where
    K: Clone + Eq + Hash + Send + 'static,
    V: Clone + Send + 'static,
{
    let values = batch.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    let error = match attempt(shared, values).await {
        Ok(()) => return Vec::new(),
        Err(error) => error,
    };
    if !refused(&error) {
        tracing::warn!(what = shared.what, rows = batch.len(), %error, "batch not written; trying again");
        return batch.into_iter().collect();
    }
    // Something in it is refused: row by row, so that one bad row holds back nothing else.
    let mut again = Vec::new();
    for (key, value) in batch {
        match attempt(shared, vec![(key.clone(), value.clone())]).await {
            Ok(()) => {}
            Err(error) if refused(&error) => {
                tracing::error!(what = shared.what, %error, "row refused by the database; dropped");
            }
            Err(error) => {
                tracing::warn!(what = shared.what, %error, "row not written; trying again");
                again.push((key, value));
            }
        }
    }
    again
}

/// One call of the write; a panic in it counts as a refusal.
async fn attempt<K, V>(shared: &Shared<K, V>, values: Vec<(K, V)>) -> sqlx::Result<()> {
    std::panic::AssertUnwindSafe((shared.write)(values))
        .catch_unwind()
        .await
        .unwrap_or_else(|_| Err(sqlx::Error::Protocol("the batch write panicked".into())))
}

/// Whether the database (or the encoding) refused the content, so that trying the same rows
/// again would fail again: bad data (SQLSTATE class 22), a broken constraint (23), a bad
/// statement (42), a value that cannot be encoded. Connection, pool and other server errors
/// pass.
fn refused(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::Database(db) => db.code().is_some_and(|code| {
            ["22", "23", "42"]
                .iter()
                .any(|class| code.starts_with(class))
        }),
        sqlx::Error::Encode(_)
        | sqlx::Error::Protocol(_)
        | sqlx::Error::TypeNotFound { .. }
        | sqlx::Error::ColumnDecode { .. }
        | sqlx::Error::Decode(_) => true,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every batch written, sorted by key.
    type Batches = Arc<Mutex<Vec<Vec<(u32, u32)>>>>;

    fn recorder(fail_first: usize) -> (Write<u32, u32>, Batches) {
        let batches: Batches = Arc::default();
        let failures = Arc::new(std::sync::atomic::AtomicUsize::new(fail_first));
        let seen = batches.clone();
        let write: Write<u32, u32> = Arc::new(move |mut batch: Vec<(u32, u32)>| {
            let seen = seen.clone();
            let failures = failures.clone();
            Box::pin(async move {
                tokio::time::sleep(Duration::from_millis(5)).await;
                if failures
                    .fetch_update(
                        std::sync::atomic::Ordering::SeqCst,
                        std::sync::atomic::Ordering::SeqCst,
                        |n| n.checked_sub(1),
                    )
                    .is_ok()
                {
                    return Err(sqlx::Error::PoolTimedOut);
                }
                batch.sort();
                seen.lock().unwrap().push(batch);
                Ok(())
            })
        });
        (write, batches)
    }

    #[tokio::test]
    async fn a_rush_is_written_in_few_batches_with_each_keys_latest_value() {
        let (write, batches) = recorder(0);
        let behind = WriteBehind::new("test", write);
        for round in 0..10 {
            for key in 0..100 {
                behind.put(key, round);
            }
        }
        assert_eq!(behind.pending(&7), Some(9));
        behind.flush().await;
        assert_eq!(behind.pending(&7), None);
        let batches = batches.lock().unwrap();
        assert!(batches.len() <= 2, "{} batches", batches.len());
        let last = batches.last().unwrap();
        assert_eq!(last.len(), 100);
        assert!(
            last.iter().all(|(_, v)| *v == 9),
            "the latest value of every key is written last"
        );
    }

    #[tokio::test]
    async fn a_failed_batch_is_written_again_and_flush_waits_for_it() {
        let (write, batches) = recorder(1);
        let behind = WriteBehind::new("test", write);
        behind.put(1, 10);
        behind.put(2, 20);
        behind.flush().await;
        assert_eq!(*batches.lock().unwrap(), vec![vec![(1, 10), (2, 20)]]);
    }

    #[tokio::test]
    async fn a_refused_row_is_dropped_and_holds_back_no_other() {
        let batches: Batches = Arc::default();
        let seen = batches.clone();
        let write: Write<u32, u32> = Arc::new(move |mut batch: Vec<(u32, u32)>| {
            let seen = seen.clone();
            Box::pin(async move {
                if batch.iter().any(|(_, v)| *v == 666) {
                    return Err(sqlx::Error::Encode("a value the database refuses".into()));
                }
                batch.sort();
                seen.lock().unwrap().push(batch);
                Ok(())
            })
        });
        let behind = WriteBehind::new("test", write);
        for key in 1..=5 {
            behind.put(key, if key == 3 { 666 } else { key * 10 });
        }
        let started = std::time::Instant::now();
        behind.flush().await;
        assert!(
            started.elapsed() < FLUSH_PATIENCE,
            "the flush did not wait out its patience"
        );
        let mut written: Vec<(u32, u32)> = batches.lock().unwrap().concat();
        written.sort();
        assert_eq!(written, vec![(1, 10), (2, 20), (4, 40), (5, 50)]);
        assert_eq!(
            behind.pending(&3),
            None,
            "the refused row is dropped, not retried forever"
        );
        behind.put(3, 30);
        behind.flush().await;
        assert!(batches.lock().unwrap().concat().contains(&(3, 30)));
    }
}
