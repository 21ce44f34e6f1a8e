//! Pacing for Telegram: at most one message per second per chat and a global rate, with a
//! global pause when Telegram answers 429.
//!
//! A slot is granted when the waiting task actually runs, never reserved ahead: if the runtime
//! is late waking several waiters (a busy machine), the first takes the slot and the others go
//! back to sleep, so requests still leave spaced out instead of in a clump.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

pub(super) struct Pacer {
    global_gap: Duration,
    chat_gap: Duration,
    state: Mutex<State>,
}

struct State {
    next_global: Instant,
    next_per_chat: HashMap<i64, Instant>,
}

impl Pacer {
    /// Telegram's published limits are "about" 30 messages per second overall and one per
    /// second per chat; 28 per second leaves room for network jitter.
    pub(super) fn telegram() -> Self {
        Pacer::new(Duration::from_millis(1000 / 28 + 1), Duration::from_secs(1))
    }

    pub(super) fn new(global_gap: Duration, chat_gap: Duration) -> Self {
        Pacer {
            global_gap,
            chat_gap,
            state: Mutex::new(State {
                next_global: Instant::now(),
                next_per_chat: HashMap::new(),
            }),
        }
    }

    /// Waits until a message to this chat may leave now, and takes that slot.
    pub(super) async fn wait(&self, chat: i64) {
        loop {
            let ready = {
                let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
                let now = Instant::now();
                let chat_ready = state.next_per_chat.get(&chat).copied().unwrap_or(now);
                let ready = state.next_global.max(chat_ready);
                if ready <= now {
                    state.next_global = now + self.global_gap;
                    state.next_per_chat.insert(chat, now + self.chat_gap);
                    if state.next_per_chat.len() > 10_000 {
                        state.next_per_chat.retain(|_, ready| *ready > now);
                    }
                    return;
                }
                ready
            };
            tokio::time::sleep_until(ready).await;
        }
    }

    /// Telegram asked us to wait: nobody sends before then.
    pub(super) fn pause(&self, wait: Duration) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let until = Instant::now() + wait;
        if until > state.next_global {
            state.next_global = until;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn spaces_messages_globally_and_per_chat() {
        let pacer = Pacer::new(Duration::from_millis(100), Duration::from_secs(1));
        let start = Instant::now();
        pacer.wait(1).await;
        pacer.wait(2).await;
        assert_eq!(
            start.elapsed(),
            Duration::from_millis(100),
            "the global gap"
        );
        pacer.wait(1).await;
        assert_eq!(
            start.elapsed(),
            Duration::from_secs(1),
            "one per second per chat"
        );
        pacer.pause(Duration::from_secs(5));
        pacer.wait(3).await;
        assert!(
            start.elapsed() >= Duration::from_secs(6),
            "a 429 pauses everyone"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn waiters_woken_late_still_leave_one_gap_apart() {
        let pacer = std::sync::Arc::new(Pacer::new(
            Duration::from_millis(100),
            Duration::from_secs(1),
        ));
        let start = Instant::now();
        let waiters: Vec<_> = (0..5)
            .map(|chat| {
                let pacer = pacer.clone();
                tokio::spawn(async move {
                    pacer.wait(chat).await;
                    Instant::now()
                })
            })
            .collect();
        // Every waiter has started waiting; then the runtime is busy for half a second while
        // their times come and go, and wakes them all at once.
        for _ in 0..10 {
            tokio::task::yield_now().await;
        }
        tokio::time::advance(Duration::from_millis(500)).await;
        let mut granted = Vec::new();
        for waiter in waiters {
            granted.push(waiter.await.unwrap());
        }
        granted.sort();
        for pair in granted.windows(2) {
            assert!(
                pair[1] - pair[0] >= Duration::from_millis(100),
                "granted {:?} and {:?} after start",
                pair[0] - start,
                pair[1] - start
            );
        }
    }
}
