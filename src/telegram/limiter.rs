//! The process-wide pace of Telegram messages: one FIFO queue per chat, a per-chat rate with a
//! short burst, a per-group budget per minute, one global rate, and a global pause when
//! Telegram answers 429.
//!
//! A slot is granted when the waiting task actually runs, never reserved ahead: if the runtime
//! is late waking several waiters (a busy machine), the first takes the slot and the others go
//! back to sleep, so requests still leave spaced out instead of in a clump. Lateness of up to
//! half a global period is absorbed rather than added to every later slot, so the rate holds
//! at 28 a second on a busy runtime too; and no second ever holds more than 28 (the messages
//! of the last second are counted), so requests that reach Telegram a little bunched still
//! stay under its 30. A chat's requests
//! wait in line ([`Limiter::turn`], a fair mutex held until the request is answered, retries
//! included), so its replies arrive in the order they were asked for.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::OwnedMutexGuard;
use tokio::time::Instant;

/// How fast messages may go.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// One message per this long in a chat, on average ...
    pub chat_period: Duration,
    /// ... after a burst of this many.
    pub chat_burst: u32,
    /// A group (negative chat id) gets at most `group_max` messages in any `group_window`.
    pub group_max: usize,
    pub group_window: Duration,
    /// One message per this long overall.
    pub global_period: Duration,
}

impl Limits {
    /// Telegram's published limits: "avoid more than one message per second" in a chat ("we
    /// may allow short bursts": five here, about what a customer tapping through menus needs),
    /// 20 per minute in a group, about 30 per second overall; 28 per second leaves room for
    /// network jitter.
    pub fn telegram() -> Limits {
        Limits {
            chat_period: Duration::from_secs(1),
            chat_burst: 5,
            group_max: 20,
            group_window: Duration::from_secs(60),
            global_period: Duration::from_nanos(1_000_000_000 / 28 + 1),
        }
    }

    /// Whether these are [`Limits::off`].
    pub fn is_off(&self) -> bool {
        self.global_period.is_zero() && self.chat_period.is_zero()
    }

    /// No pacing (benchmarks against a loopback fake).
    pub fn off() -> Limits {
        Limits {
            chat_period: Duration::ZERO,
            chat_burst: 1,
            group_max: usize::MAX,
            group_window: Duration::ZERO,
            global_period: Duration::ZERO,
        }
    }
}

const SECOND: Duration = Duration::from_secs(1);

pub struct Limiter {
    limits: Limits,
    state: Mutex<State>,
    queues: Mutex<HashMap<i64, Arc<tokio::sync::Mutex<()>>>>,
}

struct State {
    /// The global theoretical arrival time (GCRA): the next message may leave then.
    next_global: Instant,
    /// Nobody sends before this (Telegram's `retry_after`).
    paused_until: Instant,
    /// Per chat, the theoretical arrival time of its next message.
    chats: HashMap<i64, Instant>,
    /// Per group, when its last `group_max` messages left.
    groups: HashMap<i64, VecDeque<Instant>>,
    /// When the messages of the last second left (at most the global rate's worth).
    last_second: VecDeque<Instant>,
}

/// A chat's place at the head of its queue: held while one request (and its retries) goes.
pub struct Turn {
    chat: i64,
    queue: Option<OwnedMutexGuard<()>>,
    limiter: Arc<Limiter>,
}

impl Drop for Turn {
    fn drop(&mut self) {
        let mut queues = self
            .limiter
            .queues
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        // The map's Arc and this guard's: nobody else waits, the queue can go.
        if queues
            .get(&self.chat)
            .is_some_and(|queue| Arc::strong_count(queue) == 2)
        {
            queues.remove(&self.chat);
        }
        self.queue.take();
    }
}

impl Limiter {
    pub fn new(limits: Limits) -> Arc<Limiter> {
        let now = Instant::now();
        Arc::new(Limiter {
            limits,
            state: Mutex::new(State {
                next_global: now,
                paused_until: now,
                chats: HashMap::new(),
                groups: HashMap::new(),
                last_second: VecDeque::new(),
            }),
            queues: Mutex::new(HashMap::new()),
        })
    }

    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// The most messages any one second may hold: the global rate, rounded up.
    fn per_second(&self) -> usize {
        let period = self.limits.global_period.as_nanos();
        if period == 0 {
            return usize::MAX;
        }
        SECOND.as_nanos().div_ceil(period).max(1) as usize
    }

    /// Waits until every earlier request to `chat` is answered.
    pub async fn turn(self: &Arc<Self>, chat: i64) -> Turn {
        let queue = {
            let mut queues = self.queues.lock().unwrap_or_else(|e| e.into_inner());
            queues.entry(chat).or_default().clone()
        };
        let guard = queue.lock_owned().await;
        Turn {
            chat,
            queue: Some(guard),
            limiter: self.clone(),
        }
    }

    /// Waits until a message to `chat` may leave now, and takes that slot.
    pub async fn slot(&self, chat: i64) {
        loop {
            let ready = {
                let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
                let now = Instant::now();
                match self.ready(&state, chat, now) {
                    Some(ready) if ready > now => ready,
                    _ => {
                        self.take(&mut state, chat, now);
                        return;
                    }
                }
            };
            tokio::time::sleep_until(ready).await;
        }
    }

    /// When a message to `chat` may leave (`None`: now).
    fn ready(&self, state: &State, chat: i64, now: Instant) -> Option<Instant> {
        let limits = &self.limits;
        let mut ready = state.next_global.max(state.paused_until);
        if let Some(tat) = state.chats.get(&chat) {
            let allowance = limits.chat_period * limits.chat_burst.saturating_sub(1);
            ready = ready.max(tat.checked_sub(allowance).unwrap_or(now));
        }
        if let Some(sent) = state.groups.get(&chat)
            && sent.len() >= limits.group_max
            && let Some(oldest) = sent.front()
        {
            ready = ready.max(*oldest + limits.group_window);
        }
        if state.last_second.len() >= self.per_second()
            && let Some(oldest) = state.last_second.front()
        {
            ready = ready.max(*oldest + SECOND);
        }
        (ready > now).then_some(ready)
    }

    fn take(&self, state: &mut State, chat: i64, now: Instant) {
        let limits = &self.limits;
        // A waiter woken a little late (tokio's timers fire on the millisecond, a busy runtime
        // later still) does not push every later slot back: up to half a period of lateness is
        // absorbed. Any second still holds at most one slot more than the rate.
        let late_ok = now.checked_sub(limits.global_period / 2).unwrap_or(now);
        state.next_global = state.next_global.max(late_ok) + limits.global_period;
        if !limits.global_period.is_zero() {
            state.last_second.push_back(now);
            while state.last_second.len() > self.per_second() {
                state.last_second.pop_front();
            }
        }
        let tat = state.chats.get(&chat).copied().unwrap_or(now).max(now);
        state.chats.insert(chat, tat + limits.chat_period);
        if chat < 0 && limits.group_max != usize::MAX {
            let sent = state.groups.entry(chat).or_default();
            sent.push_back(now);
            while sent.len() > limits.group_max {
                sent.pop_front();
            }
        }
        if state.chats.len() > 10_000 {
            state.chats.retain(|_, tat| *tat > now);
        }
        if state.groups.len() > 1_000 {
            let window = limits.group_window;
            state
                .groups
                .retain(|_, sent| sent.back().is_some_and(|last| *last + window > now));
        }
    }

    /// Telegram asked us to wait: nobody sends before then.
    pub fn pause(&self, wait: Duration) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let until = Instant::now() + wait;
        if until > state.paused_until {
            state.paused_until = until;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits() -> Limits {
        Limits {
            global_period: Duration::from_millis(100),
            ..Limits::telegram()
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_chat_gets_a_short_burst_then_one_per_second() {
        let limiter = Limiter::new(limits());
        let start = Instant::now();
        let mut at = Vec::new();
        for _ in 0..7 {
            limiter.slot(1).await;
            at.push((Instant::now() - start).as_millis());
        }
        // Five at the global pace, then one per second after the first.
        assert_eq!(at, [0, 100, 200, 300, 400, 1000, 2000]);
    }

    #[tokio::test(start_paused = true)]
    async fn no_second_holds_more_than_28_when_wake_ups_are_late() {
        let limiter = Limiter::new(Limits::telegram());
        let mut sent = Vec::new();
        let period = Limits::telegram().global_period;
        for n in 0..300i64 {
            if n % 29 == 0 {
                // This waiter wakes 17 ms after its slot (under half a period, so the slots
                // after it stay where they were): its second holds the 28 slots after it.
                tokio::time::sleep(period + Duration::from_millis(17)).await;
            }
            limiter.slot(n).await;
            sent.push(Instant::now());
        }
        let most = sent
            .iter()
            .map(|start| {
                let end = *start + SECOND;
                sent.iter().filter(|t| **t >= *start && **t < end).count()
            })
            .max()
            .unwrap();
        assert!(most <= 28, "{most} messages in one second");
        let rate = 299.0 / (sent[299] - sent[0]).as_secs_f64();
        assert!(rate > 26.5, "the pace still holds: {rate:.1} a second");
    }

    #[tokio::test(start_paused = true)]
    async fn the_global_pace_holds_across_chats_and_a_429_pauses_everyone() {
        let limiter = Limiter::new(Limits::telegram());
        let start = Instant::now();
        for chat in 0..57 {
            limiter.slot(chat).await;
        }
        // 57 messages to 57 chats: 56 gaps of 1/28 s.
        let elapsed = start.elapsed();
        assert!(
            elapsed >= Duration::from_secs(2) && elapsed < Duration::from_millis(2_010),
            "{elapsed:?}"
        );
        limiter.pause(Duration::from_secs(5));
        limiter.slot(1_000).await;
        assert!(start.elapsed() >= elapsed + Duration::from_secs(5));
    }

    #[tokio::test(start_paused = true)]
    async fn a_group_gets_twenty_a_minute() {
        let limiter = Limiter::new(limits());
        let start = Instant::now();
        for _ in 0..21 {
            limiter.slot(-42).await;
        }
        // 5 in a burst, then one per second: the 20th at 15 s, the 21st a minute after the 1st.
        assert_eq!(start.elapsed(), Duration::from_secs(60));
    }

    #[tokio::test(start_paused = true)]
    async fn a_chats_requests_keep_their_order() {
        let limiter = Limiter::new(limits());
        let order = Arc::new(Mutex::new(Vec::new()));
        let mut tasks = Vec::new();
        for n in 0..6 {
            let limiter = limiter.clone();
            let order = order.clone();
            tasks.push(tokio::spawn(async move {
                let _turn = limiter.turn(7).await;
                limiter.slot(7).await;
                // The request takes a while; the next one waits for its answer.
                tokio::time::sleep(Duration::from_millis(50)).await;
                order.lock().unwrap().push(n);
            }));
            tokio::task::yield_now().await;
        }
        for task in tasks {
            task.await.unwrap();
        }
        assert_eq!(*order.lock().unwrap(), [0, 1, 2, 3, 4, 5]);
        assert!(
            limiter.queues.lock().unwrap().is_empty(),
            "queues are freed"
        );
    }

    #[tokio::test(start_paused = true)]
    async fn waiters_woken_late_still_leave_one_gap_apart() {
        let limiter = Limiter::new(limits());
        let start = Instant::now();
        let waiters: Vec<_> = (0..5)
            .map(|chat| {
                let limiter = limiter.clone();
                tokio::spawn(async move {
                    limiter.slot(chat).await;
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
        // At most half a gap of the lateness is made up, never more.
        for pair in granted.windows(2) {
            assert!(
                pair[1] - pair[0] >= Duration::from_millis(50),
                "granted {:?} and {:?} after start",
                pair[0] - start,
                pair[1] - start
            );
        }
    }
}
