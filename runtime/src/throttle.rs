//! DRF's throttling: rates, the sliding-window check and the wait it reports (DRF-CONTRACT §9).
//!
//! The history of each client lives in a [`ThrottleStore`] so that replicas can share it; the
//! in-memory [`MemoryThrottleStore`] serves a single process and tests.
//!
//! ```
//! use restforge::throttle::{MemoryThrottleStore, Rate, ThrottleStore};
//!
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! let rate: Rate = "2/min".parse().unwrap();
//! let store = MemoryThrottleStore::default();
//! assert!(store.hit("throttle_anon_1.2.3.4", rate, 0.0).await.is_ok());
//! assert!(store.hit("throttle_anon_1.2.3.4", rate, 1.0).await.is_ok());
//! // The oldest request (at 0s) leaves the window at 60s: wait 58s.
//! assert_eq!(store.hit("throttle_anon_1.2.3.4", rate, 2.0).await, Err(Some(58.0)));
//! # });
//! ```

use std::collections::HashMap;
use std::future::Future;
use std::str::FromStr;
use std::sync::Mutex;

/// `"<count>/<period>"`: at most `num_requests` in `duration` seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    /// Requests allowed per window.
    pub num_requests: u32,
    /// Window length in seconds.
    pub duration: u64,
}

/// A rate string that is not `<int>/<period>` with a period starting with s, m, h or d.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid throttle rate `{0}`: expected `<count>/<s|m|h|d…>`, e.g. `100/day`")]
pub struct InvalidRate(String);

impl FromStr for Rate {
    type Err = InvalidRate;

    /// Only the first letter of the period counts, as in DRF: `3/min` = `3/m`, and `5/month`
    /// means per minute.
    fn from_str(rate: &str) -> Result<Self, Self::Err> {
        let invalid = || InvalidRate(rate.to_owned());
        let (count, period) = rate.split_once('/').ok_or_else(invalid)?;
        let duration = match period.chars().next() {
            Some('s') => 1,
            Some('m') => 60,
            Some('h') => 3600,
            Some('d') => 86_400,
            _ => return Err(invalid()),
        };
        Ok(Self {
            num_requests: count.trim().parse().map_err(|_| invalid())?,
            duration,
        })
    }
}

/// DRF's cache key for a throttle scope and client: `throttle_<scope>_<ident>`.
pub fn cache_key(scope: &str, ident: &str) -> String {
    format!("throttle_{scope}_{ident}")
}

/// DRF's `get_ident`: the client address used for anonymous throttling.
///
/// With `num_proxies` unset, the whole `X-Forwarded-For` value without whitespace is used when
/// present; with `num_proxies = n`, the n-th address from the right (or `remote_addr` for 0).
pub fn client_ident(
    remote_addr: &str,
    x_forwarded_for: Option<&str>,
    num_proxies: Option<usize>,
) -> String {
    match (num_proxies, x_forwarded_for) {
        (Some(0), _) | (_, None) => remote_addr.to_owned(),
        (Some(n), Some(xff)) => {
            let addrs: Vec<&str> = xff.split(',').collect();
            addrs[addrs.len() - n.min(addrs.len())].trim().to_owned()
        }
        // Python's `''.join(xff.split())`; an empty header is falsy and falls back too.
        (None, Some("")) => remote_addr.to_owned(),
        (None, Some(xff)) => xff.split_whitespace().collect(),
    }
}

/// DRF's `allow_request` on one history (newest first): drop timestamps older than the window,
/// then either record `now` or refuse with DRF's `wait()` in seconds (`None` when the history
/// is already longer than the rate allows, e.g. after the rate was lowered).
pub fn check(history: &mut Vec<f64>, rate: Rate, now: f64) -> Result<(), Option<f64>> {
    let duration = rate.duration as f64;
    while history
        .last()
        .is_some_and(|oldest| *oldest <= now - duration)
    {
        history.pop();
    }
    if history.len() >= rate.num_requests as usize {
        let remaining = match history.last() {
            Some(oldest) => duration - (now - oldest),
            None => duration,
        };
        let available = i64::from(rate.num_requests) - history.len() as i64 + 1;
        return Err((available > 0).then(|| remaining / available as f64));
    }
    history.insert(0, now);
    Ok(())
}

/// Where throttle histories live. One call is one atomic check-and-record, so a shared store
/// (Redis) can do it in a single round trip without races between replicas.
pub trait ThrottleStore: Send + Sync {
    /// Applies [`check`] to the history under `key` at time `now` (seconds since the epoch) and
    /// keeps the result for `rate.duration` seconds.
    fn hit(
        &self,
        key: &str,
        rate: Rate,
        now: f64,
    ) -> impl Future<Output = Result<(), Option<f64>>> + Send;
}

/// A process-local [`ThrottleStore`] (DRF's default local-memory cache).
#[derive(Debug, Default)]
pub struct MemoryThrottleStore {
    histories: Mutex<HashMap<String, Vec<f64>>>,
}

impl ThrottleStore for MemoryThrottleStore {
    async fn hit(&self, key: &str, rate: Rate, now: f64) -> Result<(), Option<f64>> {
        let mut histories = self
            .histories
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let history = histories.entry(key.to_owned()).or_default();
        let result = check(history, rate, now);
        if history.is_empty() {
            histories.remove(key);
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ApiError;

    #[test]
    fn rates_use_the_first_letter_of_the_period() {
        let rate = |s: &str| s.parse::<Rate>();
        assert_eq!(rate("3/min"), rate("3/m"));
        assert_eq!(rate("5/month").unwrap().duration, 60);
        assert_eq!(
            rate("100/day").unwrap(),
            Rate {
                num_requests: 100,
                duration: 86_400
            }
        );
        assert_eq!(rate("1/s").unwrap().duration, 1);
        assert_eq!(rate("1/hour").unwrap().duration, 3600);
        assert!(rate("x/day").is_err());
        assert!(rate("5/week").is_err());
        assert!(rate("5").is_err());
    }

    #[test]
    fn sliding_window_waits_like_drf() {
        let rate = Rate {
            num_requests: 3,
            duration: 60,
        };
        let mut history = Vec::new();
        for t in [0.0, 10.0, 20.0] {
            assert_eq!(check(&mut history, rate, t), Ok(()));
        }
        // Oldest at 0: remaining 60 - (30 - 0) = 30, one request becomes available.
        assert_eq!(check(&mut history, rate, 30.0), Err(Some(30.0)));
        // At 60 the request from 0 leaves the window (`<= now - duration`).
        assert_eq!(check(&mut history, rate, 60.0), Ok(()));
        assert_eq!(history, vec![60.0, 20.0, 10.0]);

        // A lowered rate leaves more history than allowed: no wait is known.
        let lowered = Rate {
            num_requests: 1,
            duration: 60,
        };
        assert_eq!(check(&mut history, lowered, 61.0), Err(None));
    }

    #[tokio::test]
    async fn store_failure_becomes_drf_429() {
        let store = MemoryThrottleStore::default();
        let rate: Rate = "1/min".parse().unwrap();
        let key = cache_key("anon", "10.0.0.1");
        assert_eq!(key, "throttle_anon_10.0.0.1");
        store.hit(&key, rate, 100.0).await.unwrap();
        let wait = store.hit(&key, rate, 100.5).await.unwrap_err();
        let error = ApiError::throttled(wait);
        assert_eq!(
            String::from_utf8(error.body()).unwrap(),
            r#"{"detail":"Request was throttled. Expected available in 60 seconds."}"#
        );
        // Another client is not affected.
        assert!(store.hit("throttle_anon_other", rate, 100.5).await.is_ok());
    }

    #[test]
    fn ident_follows_x_forwarded_for_rules() {
        assert_eq!(client_ident("1.1.1.1", None, None), "1.1.1.1");
        assert_eq!(
            client_ident("1.1.1.1", Some("2.2.2.2, 3.3.3.3"), None),
            "2.2.2.2,3.3.3.3"
        );
        assert_eq!(
            client_ident("1.1.1.1", Some("2.2.2.2, 3.3.3.3"), Some(1)),
            "3.3.3.3"
        );
        assert_eq!(
            client_ident("1.1.1.1", Some("2.2.2.2, 3.3.3.3"), Some(5)),
            "2.2.2.2"
        );
        assert_eq!(client_ident("1.1.1.1", Some("2.2.2.2"), Some(0)), "1.1.1.1");
    }
}
