//! Telegram's flood limits as the fake Bot API enforces them, answering 429 with
//! `retry_after` like Telegram: about one message per second in a chat after a short burst,
//! 20 a minute in a group, 30 a second overall. Sends and edits count; callback answers do not
//! (they go to the pressing client, not into the chat).
//!
//! The fake is a little more lenient than the shop's limiter (0.9 s per message in a chat
//! where the shop keeps 1 s; 30 a second where the shop keeps 28), as Telegram is "about"
//! these rates: a client that keeps its own pace never sees a 429, one that does not soon does.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

#[derive(Clone, Copy, Debug)]
pub struct FloodLimits {
    pub chat_period: Duration,
    pub chat_burst: u32,
    pub group_max: usize,
    pub group_window: Duration,
    pub global_max: usize,
    pub global_window: Duration,
}

impl FloodLimits {
    pub fn telegram() -> FloodLimits {
        FloodLimits {
            chat_period: Duration::from_millis(900),
            chat_burst: 5,
            group_max: 20,
            group_window: Duration::from_secs(60),
            global_max: 30,
            global_window: Duration::from_secs(1),
        }
    }
}

#[derive(Default)]
pub struct Flood {
    limits: Option<FloodLimits>,
    chats: HashMap<i64, Instant>,
    groups: HashMap<i64, VecDeque<Instant>>,
    global: VecDeque<Instant>,
    /// 429s answered so far.
    pub refused: usize,
}

/// The methods that put a message into a chat or change one.
pub fn counts(method: &str) -> bool {
    let method = method.to_ascii_lowercase();
    (method.starts_with("send") && method != "sendchataction")
        || method.starts_with("edit")
        || method.starts_with("copy")
        || method.starts_with("forward")
}

impl Flood {
    pub fn new(limits: Option<FloodLimits>) -> Flood {
        Flood {
            limits,
            ..Flood::default()
        }
    }

    /// Admits a message to `chat` now, or says how many seconds to wait.
    pub fn admit(&mut self, chat: i64, now: Instant) -> Result<(), u64> {
        let Some(limits) = self.limits else {
            return Ok(());
        };
        let mut ready = now;
        self.global
            .retain(|at| now.duration_since(*at) < limits.global_window);
        if self.global.len() >= limits.global_max {
            ready = ready.max(self.global[0] + limits.global_window);
        }
        let tolerance = limits.chat_period * limits.chat_burst.saturating_sub(1);
        if let Some(tat) = self.chats.get(&chat)
            && *tat > now + tolerance
        {
            ready = ready.max(*tat - tolerance);
        }
        if chat < 0 {
            let sent = self.groups.entry(chat).or_default();
            sent.retain(|at| now.duration_since(*at) < limits.group_window);
            if sent.len() >= limits.group_max {
                ready = ready.max(sent[0] + limits.group_window);
            }
        }
        if ready > now {
            self.refused += 1;
            let wait = ready - now;
            return Err(wait.as_secs() + u64::from(wait.subsec_nanos() > 0));
        }
        self.global.push_back(now);
        let tat = self.chats.get(&chat).copied().unwrap_or(now).max(now);
        self.chats.insert(chat, tat + limits.chat_period);
        if chat < 0 {
            self.groups.entry(chat).or_default().push_back(now);
        }
        Ok(())
    }
}
