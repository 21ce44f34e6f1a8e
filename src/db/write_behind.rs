//! Writes the caller need not wait for: the latest value per key, written by one background
//! task in batches. While a batch is being written the next one gathers, so a rush of small
//! writes (each chat's step, what each message shows) becomes a few statements instead of one
//! round trip each, and an idle shop still writes each value at once. The caller keeps what it
//! wrote in memory and reads it from there ([`WriteBehind::pending`] covers what is not yet
//! written); [`WriteBehind::flush`] waits until everything put so far is written.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::future::BoxFuture;
use tokio::sync::{Notify, watch};

/// Writes one batch: each key once, with its latest value.
pub type Write<K, V> =
    Arc<dyn Fn(Vec<(K, V)>) -> BoxFuture<'static, sqlx::Result<()>> + Send + Sync>;

/// How long a failed batch waits before it is tried again (with whatever came meanwhile).
const RETRY: Duration = Duration::from_millis(500);

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
    /// Each key's latest value not yet written, with the sequence number of its put.
    pending: HashMap<K, (u64, V)>,
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
            let sequence = queue.last;
            queue.pending.insert(key, (sequence, value));
            !std::mem::replace(&mut queue.started, true)
        };
        if start {
            tokio::spawn(run(self.shared.clone()));
        }
        self.shared.wake.notify_one();
    }

    /// The key's value that is queued and not yet written, if any.
    pub fn pending(&self, key: &K) -> Option<V> {
        self.shared.lock().pending.get(key).map(|(_, v)| v.clone())
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
    loop {
        let taken = {
            let mut queue = shared.lock();
            let last = queue.last;
            (!queue.pending.is_empty()).then(|| (std::mem::take(&mut queue.pending), last))
        };
        let Some((batch, last)) = taken else {
            if Arc::strong_count(&shared) == 1 {
                return;
            }
            let _ = tokio::time::timeout(Duration::from_secs(1), shared.wake.notified()).await;
            continue;
        };
        let values = batch
            .iter()
            .map(|(k, (_, v))| (k.clone(), v.clone()))
            .collect();
        match (shared.write)(values).await {
            Ok(()) => {
                shared.written.send_replace(last);
            }
            Err(error) => {
                tracing::warn!(what = shared.what, rows = batch.len(), %error, "batch not written; trying again");
                {
                    let mut queue = shared.lock();
                    for (key, entry) in batch {
                        // A newer value put meanwhile replaces the one that failed.
                        queue.pending.entry(key).or_insert(entry);
                    }
                }
                tokio::time::sleep(RETRY).await;
            }
        }
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
}
