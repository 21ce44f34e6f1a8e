//! Pacing for Telegram: at most one message per second per chat and a global rate, with a
//! global pause when Telegram answers 429.

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
    /// Telegram's published limits: 30 messages per second overall, 1 per second per chat.
    pub(super) fn telegram() -> Self {
        Pacer::new(Duration::from_millis(1000 / 30 + 1), Duration::from_secs(1))
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

    /// Waits for this chat's next slot, and reserves it.
    pub(super) async fn wait(&self, chat: i64) {
        let slot = {
            let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
            let now = Instant::now();
            let chat_ready = state.next_per_chat.get(&chat).copied().unwrap_or(now);
            let slot = now.max(state.next_global).max(chat_ready);
            state.next_global = slot + self.global_gap;
            state.next_per_chat.insert(chat, slot + self.chat_gap);
            if state.next_per_chat.len() > 10_000 {
                state.next_per_chat.retain(|_, ready| *ready > now);
            }
            slot
        };
        tokio::time::sleep_until(slot).await;
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
}
