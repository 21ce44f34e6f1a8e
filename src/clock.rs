//! The shop's clock: dates and times shown to admins and customers, and the days `/balance`
//! and `/stats` count in, are the shop's local ones (`SHOP_UTC_OFFSET`), not UTC's.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

/// A fixed offset from UTC (Indonesia, Malaysia and Bangladesh keep no daylight saving time).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ShopClock {
    offset: FixedOffset,
}

impl Default for ShopClock {
    fn default() -> Self {
        ShopClock::new(FixedOffset::east_opt(0).expect("zero is a valid offset"))
    }
}

impl ShopClock {
    pub fn new(offset: FixedOffset) -> Self {
        ShopClock { offset }
    }

    /// Today in the shop.
    pub fn today(&self) -> NaiveDate {
        self.day_of(Utc::now())
    }

    /// The shop's date of an instant.
    pub fn day_of(&self, at: DateTime<Utc>) -> NaiveDate {
        at.with_timezone(&self.offset).date_naive()
    }

    /// When a shop day begins, as an instant.
    pub fn midnight(&self, day: NaiveDate) -> DateTime<Utc> {
        let local = day.and_hms_opt(0, 0, 0).expect("midnight exists");
        (local - self.offset).and_utc()
    }

    /// `2026-11-24 07:30 UTC+07:00`.
    pub fn date_time(&self, at: DateTime<Utc>) -> String {
        format!(
            "{} {}",
            at.with_timezone(&self.offset).format("%Y-%m-%d %H:%M"),
            self.zone()
        )
    }

    /// `2026-11-24`, the shop's date.
    pub fn date(&self, at: DateTime<Utc>) -> String {
        self.day_of(at).format("%Y-%m-%d").to_string()
    }

    /// `UTC` or `UTC+07:00`.
    pub fn zone(&self) -> String {
        match self.offset.local_minus_utc() {
            0 => "UTC".to_string(),
            _ => format!("UTC{}", self.offset),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jakarta() -> ShopClock {
        ShopClock::new("+07:00".parse().unwrap())
    }

    #[test]
    fn days_begin_at_the_shops_midnight() {
        let evening_utc: DateTime<Utc> = "2026-11-23T18:30:00Z".parse().unwrap();
        assert_eq!(jakarta().day_of(evening_utc).to_string(), "2026-11-24");
        assert_eq!(
            ShopClock::default().day_of(evening_utc).to_string(),
            "2026-11-23"
        );
        let day = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        assert_eq!(
            jakarta().midnight(day).to_rfc3339(),
            "2026-11-23T17:00:00+00:00"
        );
    }

    #[test]
    fn times_are_shown_with_their_zone() {
        let at: DateTime<Utc> = "2026-11-23T18:30:00Z".parse().unwrap();
        assert_eq!(jakarta().date_time(at), "2026-11-24 01:30 UTC+07:00");
        assert_eq!(ShopClock::default().date_time(at), "2026-11-23 18:30 UTC");
        let st_johns = ShopClock::new("-03:30".parse().unwrap());
        assert_eq!(st_johns.zone(), "UTC-03:30");
    }
}
