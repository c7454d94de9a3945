//! DRF's throttling: rates, the sliding-window check and the wait it reports (DRF-CONTRACT §9).
//!
//! The history of each client lives in a [`ThrottleStore`] so that replicas can share it; the
//! in-memory [`MemoryThrottleStore`] serves a single process and tests.
//!
//! ```
//! use restforge::http::throttle::{MemoryThrottleStore, Rate, ThrottleStore};
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

use axum::http::HeaderName;

use crate::http::app::AppState;
use crate::http::error::ApiError;
use crate::http::request::{Request, RequestContext};
use futures_util::future::BoxFuture;

/// A throttle class of your own (DRF's `BaseThrottle`), which a view adds to the settings'
/// rates through [`ViewHooks::get_throttles`](crate::http::generics::ViewHooks::get_throttles).
///
/// The rates of the settings (`anon`, `user`, and a view's `throttle_scope`) are DRF's
/// `AnonRateThrottle`, `UserRateThrottle` and `ScopedRateThrottle`, and always apply. Every
/// throttle of a request runs; a refused request is DRF's 429 with the longest wait.
///
/// ```
/// use restforge::prelude::*;
/// use restforge::http::throttle::{Decision, Throttle, hit};
///
/// /// Three posts a minute per user, on top of the settings' rates.
/// #[derive(Debug, Clone, Copy, Default)]
/// struct PostBurstThrottle;
///
/// impl Throttle for PostBurstThrottle {
///     async fn allow_request(&self, request: &Request<'_>) -> Result<Decision, ApiError> {
///         match request.user() {
///             Some(user) if request.action() == Some("create") => {
///                 hit(request, "post_burst", &user.id.to_string(), "3/min".parse().unwrap()).await
///             }
///             _ => Ok(Decision::Allow),
///         }
///     }
/// }
/// ```
pub trait Throttle: std::fmt::Debug + Send + Sync + 'static {
    /// DRF's `allow_request`, with its `wait()` in the refusal.
    fn allow_request(
        &self,
        request: &Request<'_>,
    ) -> impl Future<Output = Result<Decision, ApiError>> + Send;
}

/// What a throttle decides for one request.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Decision {
    Allow,
    /// Refused; `wait` is DRF's `wait()` in seconds, when known.
    Throttle {
        wait: Option<f64>,
    },
}

/// A [`Throttle`] behind a pointer, as views hold them. Implemented for every throttle.
pub trait DynThrottle: std::fmt::Debug + Send + Sync {
    /// [`Throttle::allow_request`], boxed.
    fn decide<'a>(&'a self, request: &'a Request<'a>) -> BoxFuture<'a, Result<Decision, ApiError>>;
}

impl<T: Throttle> DynThrottle for T {
    fn decide<'a>(&'a self, request: &'a Request<'a>) -> BoxFuture<'a, Result<Decision, ApiError>> {
        Box::pin(self.allow_request(request))
    }
}

/// DRF's `SimpleRateThrottle.allow_request` for a scope and a client: one hit on the history
/// under `throttle_<scope>_<ident>`, in the app's store (shared by replicas through Redis).
pub async fn hit(
    request: &Request<'_>,
    scope: &str,
    ident: &str,
    rate: Rate,
) -> Result<Decision, ApiError> {
    let now = epoch_seconds();
    match request
        .state()
        .throttles
        .hit(&cache_key(scope, ident), rate, now)
        .await
    {
        Ok(()) => Ok(Decision::Allow),
        Err(wait) => Ok(Decision::Throttle { wait }),
    }
}

/// Seconds since the Unix epoch, the clock throttle histories are kept in.
fn epoch_seconds() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64())
}

/// The longer of two waits, a known wait beating an unknown one (DRF reports the longest).
fn longer(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

/// DRF's `get_ident`: the client's address as the settings' `NUM_PROXIES` tells it.
pub fn ident(request: &Request<'_>) -> String {
    ident_of(request.context(), request.state().settings.num_proxies)
}

/// [`client_ident`] of a request: its peer address and `X-Forwarded-For` lines (several are
/// one list, as WSGI servers join them).
fn ident_of(ctx: &RequestContext, num_proxies: Option<usize>) -> String {
    let forwarded: Vec<&str> = ctx
        .headers
        .get_all(HeaderName::from_static("x-forwarded-for"))
        .iter()
        .filter_map(|value| value.to_str().ok())
        .collect();
    client_ident(
        ctx.remote_addr.as_deref().unwrap_or(""),
        (!forwarded.is_empty())
            .then(|| forwarded.join(","))
            .as_deref(),
        num_proxies,
    )
}

/// Runs `throttles` after the settings' rates refused or allowed the request (`built_in`):
/// every one runs, and a refusal carries the longest wait (DRF's `check_throttles`).
pub async fn check_throttles(
    built_in: Result<(), ApiError>,
    throttles: &[&'static dyn DynThrottle],
    request: &Request<'_>,
) -> Result<(), ApiError> {
    let mut refused = false;
    let mut longest: Option<f64> = None;
    match built_in {
        Ok(()) => {}
        Err(ApiError::Throttled { wait }) => {
            refused = true;
            longest = wait.map(|w| w as f64);
        }
        Err(other) => return Err(other),
    }
    for throttle in throttles {
        if let Decision::Throttle { wait } = throttle.decide(request).await? {
            refused = true;
            longest = longer(longest, wait);
        }
    }
    if refused {
        Err(ApiError::throttled(longest))
    } else {
        Ok(())
    }
}

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

/// DRF's `check_throttles` with AnonRateThrottle, UserRateThrottle and ScopedRateThrottle, each
/// active when the settings give its scope a rate. Every throttle is checked (and records the
/// request) and the longest wait is reported, as DRF does.
pub async fn throttle_request(
    state: &AppState,
    ctx: &RequestContext,
    scope: Option<&str>,
) -> Result<(), ApiError> {
    let settings = &*state.settings;
    if settings.throttle_rates.is_empty() {
        return Ok(());
    }
    let ident = || ident_of(ctx, settings.num_proxies);
    let user_or_ident = || match &ctx.user {
        Some(user) => user.id.to_string(),
        None => ident(),
    };
    let mut checks: Vec<(String, Rate)> = Vec::new();
    if ctx.user.is_none()
        && let Some(rate) = settings.throttle_rates.get("anon").copied()
    {
        checks.push((cache_key("anon", &ident()), rate));
    }
    if let Some(rate) = settings.throttle_rates.get("user").copied() {
        checks.push((cache_key("user", &user_or_ident()), rate));
    }
    if let Some(scope) = scope
        && let Some(rate) = settings.throttle_rates.get(scope).copied()
    {
        checks.push((cache_key(scope, &user_or_ident()), rate));
    }
    let now = epoch_seconds();
    let mut refused = false;
    let mut longest_wait: Option<f64> = None;
    for (key, rate) in checks {
        if let Err(wait) = state.throttles.hit(&key, rate, now).await {
            refused = true;
            longest_wait = longer(longest_wait, wait);
        }
    }
    if refused {
        Err(ApiError::throttled(longest_wait))
    } else {
        Ok(())
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

/// Where throttle histories live (Django's `CACHES['default']` as DRF's throttles use it).
#[derive(Clone, Default, PartialEq, Eq)]
pub enum ThrottleCache {
    /// In this process: each replica counts on its own.
    #[default]
    Memory,
    /// A Redis server shared by every replica: `redis://[:password@]host[:port][/db]`. Keys are
    /// `<key_prefix>throttle_<scope>_<ident>` (Django's `KEY_PREFIX`).
    Redis { url: String, key_prefix: String },
}

impl std::fmt::Debug for ThrottleCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ThrottleCache::Memory => f.write_str("Memory"),
            // The URL may carry a password: show only where it points.
            ThrottleCache::Redis { url, key_prefix } => f
                .debug_struct("Redis")
                .field("host", &RedisAddress::parse(url).map(|a| a.host))
                .field("key_prefix", key_prefix)
                .finish(),
        }
    }
}

/// The store a [`ThrottleCache`] names.
#[derive(Debug)]
pub enum Throttles {
    Memory(MemoryThrottleStore),
    Redis(RedisThrottleStore),
}

impl Throttles {
    /// The store for `cache`; connecting to Redis happens on first use.
    pub fn new(cache: &ThrottleCache) -> Self {
        match cache {
            ThrottleCache::Memory => Throttles::Memory(MemoryThrottleStore::default()),
            ThrottleCache::Redis { url, key_prefix } => {
                Throttles::Redis(RedisThrottleStore::new(url, key_prefix))
            }
        }
    }
}

impl ThrottleStore for Throttles {
    async fn hit(&self, key: &str, rate: Rate, now: f64) -> Result<(), Option<f64>> {
        match self {
            Throttles::Memory(store) => store.hit(key, rate, now).await,
            Throttles::Redis(store) => store.hit(key, rate, now).await,
        }
    }
}

/// [`check`] as one Lua script, so a check-and-record is atomic across replicas. The history is
/// a list, newest first, of timestamps as strings (Lua numbers would lose their fraction as
/// Redis integers). Returns `{0}` allowed, `{1, wait}` refused, `{2}` refused with no wait.
const THROTTLE_SCRIPT: &str = r#"
local key = KEYS[1]
local now = tonumber(ARGV[1])
local duration = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
while true do
  local oldest = redis.call('LINDEX', key, -1)
  if oldest and tonumber(oldest) <= now - duration then
    redis.call('RPOP', key)
  else
    break
  end
end
local length = redis.call('LLEN', key)
if length >= limit then
  local oldest = redis.call('LINDEX', key, -1)
  local remaining = duration
  if oldest then remaining = duration - (now - tonumber(oldest)) end
  local available = limit - length + 1
  if available > 0 then return {1, tostring(remaining / available)} end
  return {2}
end
redis.call('LPUSH', key, ARGV[1])
redis.call('EXPIRE', key, duration)
return {0}
"#;

/// A [`ThrottleStore`] in Redis, for several replicas sharing one limit. It speaks RESP over
/// one reused connection (reconnecting after an error); the check runs as a Lua script.
///
/// If Redis cannot be reached the request is let through and a warning is logged: a cache
/// outage should not take the API down with it.
#[derive(Debug)]
pub struct RedisThrottleStore {
    url: String,
    key_prefix: String,
    connection: tokio::sync::Mutex<Option<tokio::io::BufStream<tokio::net::TcpStream>>>,
}

/// The parts of a `redis://` URL.
#[derive(Debug, Clone, PartialEq, Eq)]
struct RedisAddress {
    host: String,
    username: Option<String>,
    password: Option<String>,
    db: u32,
}

impl RedisAddress {
    fn parse(url: &str) -> Option<Self> {
        let rest = url.strip_prefix("redis://")?;
        let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
        let (credentials, host) = match authority.rsplit_once('@') {
            Some((c, h)) => (Some(c), h),
            None => (None, authority),
        };
        let (username, password) = match credentials.map(|c| c.split_once(':').unwrap_or(("", c))) {
            Some((u, p)) => ((!u.is_empty()).then(|| u.to_owned()), Some(p.to_owned())),
            None => (None, None),
        };
        let host = if host.contains(':') {
            host.to_owned()
        } else {
            format!("{host}:6379")
        };
        let db = if path.is_empty() {
            0
        } else {
            path.parse().ok()?
        };
        Some(RedisAddress {
            host,
            username,
            password,
            db,
        })
    }
}

/// A RESP reply.
#[derive(Debug, Clone, PartialEq)]
enum Reply {
    Simple(String),
    Integer(i64),
    Bulk(Option<Vec<u8>>),
    Array(Vec<Reply>),
}

impl RedisThrottleStore {
    pub fn new(url: &str, key_prefix: &str) -> Self {
        RedisThrottleStore {
            url: url.to_owned(),
            key_prefix: key_prefix.to_owned(),
            connection: tokio::sync::Mutex::new(None),
        }
    }

    async fn connect(&self) -> std::io::Result<tokio::io::BufStream<tokio::net::TcpStream>> {
        let address = RedisAddress::parse(&self.url).ok_or_else(|| {
            std::io::Error::new(std::io::ErrorKind::InvalidInput, "not a redis:// URL")
        })?;
        let stream = tokio::net::TcpStream::connect(&address.host).await?;
        let mut stream = tokio::io::BufStream::new(stream);
        if let Some(password) = &address.password {
            let mut args = vec![b"AUTH".to_vec()];
            args.extend(address.username.as_ref().map(|u| u.as_bytes().to_vec()));
            args.push(password.as_bytes().to_vec());
            command(&mut stream, &args).await?;
        }
        if address.db != 0 {
            command(
                &mut stream,
                &[b"SELECT".to_vec(), address.db.to_string().into_bytes()],
            )
            .await?;
        }
        Ok(stream)
    }

    async fn eval(&self, key: &str, rate: Rate, now: f64) -> std::io::Result<Reply> {
        let mut connection = self.connection.lock().await;
        if connection.is_none() {
            *connection = Some(self.connect().await?);
        }
        let stream = connection.as_mut().expect("connected above");
        let args = [
            b"EVAL".to_vec(),
            THROTTLE_SCRIPT.as_bytes().to_vec(),
            b"1".to_vec(),
            format!("{}{key}", self.key_prefix).into_bytes(),
            format!("{now:.6}").into_bytes(),
            rate.duration.to_string().into_bytes(),
            rate.num_requests.to_string().into_bytes(),
        ];
        let reply = command(stream, &args).await;
        if reply.is_err() {
            // The connection may be half-used; start afresh next time.
            *connection = None;
        }
        reply
    }
}

impl ThrottleStore for RedisThrottleStore {
    async fn hit(&self, key: &str, rate: Rate, now: f64) -> Result<(), Option<f64>> {
        match self.eval(key, rate, now).await {
            Ok(Reply::Array(items)) => match items.as_slice() {
                [Reply::Integer(0)] => Ok(()),
                [Reply::Integer(1), Reply::Bulk(Some(wait))] => {
                    Err(std::str::from_utf8(wait).ok().and_then(|w| w.parse().ok()))
                }
                _ => Err(None),
            },
            Ok(other) => {
                tracing::warn!(reply = ?other, "unexpected reply from the throttle script");
                Ok(())
            }
            Err(error) => {
                tracing::warn!(%error, "throttle cache unavailable; request not throttled");
                Ok(())
            }
        }
    }
}

/// Sends one command and reads its reply; a Redis error reply is an `io::Error`.
async fn command<S>(stream: &mut S, args: &[Vec<u8>]) -> std::io::Result<Reply>
where
    S: tokio::io::AsyncBufRead + tokio::io::AsyncWrite + Unpin + Send,
{
    use tokio::io::AsyncWriteExt;
    let mut out = format!("*{}\r\n", args.len()).into_bytes();
    for arg in args {
        out.extend_from_slice(format!("${}\r\n", arg.len()).as_bytes());
        out.extend_from_slice(arg);
        out.extend_from_slice(b"\r\n");
    }
    stream.write_all(&out).await?;
    stream.flush().await?;
    read_reply(stream).await
}

fn read_reply<S>(
    stream: &mut S,
) -> std::pin::Pin<Box<dyn Future<Output = std::io::Result<Reply>> + Send + '_>>
where
    S: tokio::io::AsyncBufRead + Unpin + Send,
{
    Box::pin(async move {
        use tokio::io::{AsyncBufReadExt, AsyncReadExt};
        let invalid =
            |what: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, what.to_owned());
        let mut line = String::new();
        if stream.read_line(&mut line).await? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        let line = line.trim_end_matches("\r\n");
        let (kind, rest) = line.split_at(line.len().min(1));
        match kind {
            "+" => Ok(Reply::Simple(rest.to_owned())),
            "-" => Err(std::io::Error::other(format!("redis: {rest}"))),
            ":" => rest
                .parse()
                .map(Reply::Integer)
                .map_err(|_| invalid("bad integer")),
            "$" => {
                let length: i64 = rest.parse().map_err(|_| invalid("bad length"))?;
                if length < 0 {
                    return Ok(Reply::Bulk(None));
                }
                let mut data = vec![0; length as usize + 2];
                stream.read_exact(&mut data).await?;
                data.truncate(length as usize);
                Ok(Reply::Bulk(Some(data)))
            }
            "*" => {
                let length: i64 = rest.parse().map_err(|_| invalid("bad length"))?;
                let mut items = Vec::new();
                for _ in 0..length.max(0) {
                    items.push(read_reply(stream).await?);
                }
                Ok(Reply::Array(items))
            }
            _ => Err(invalid("unknown reply type")),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::error::ApiError;

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
    fn redis_urls_parse_and_debug_hides_the_password() {
        assert_eq!(
            RedisAddress::parse("redis://:pw@cache:6380/2"),
            Some(RedisAddress {
                host: "cache:6380".into(),
                username: None,
                password: Some("pw".into()),
                db: 2
            })
        );
        assert_eq!(
            RedisAddress::parse("redis://127.0.0.1").map(|a| (a.host, a.db)),
            Some(("127.0.0.1:6379".into(), 0))
        );
        assert!(RedisAddress::parse("http://x").is_none());
        let cache = ThrottleCache::Redis {
            url: "redis://u:hunter2@cache/0".into(),
            key_prefix: "p:".into(),
        };
        let debug = format!("{cache:?}");
        assert!(
            !debug.contains("hunter2") && debug.contains("cache:6379"),
            "{debug}"
        );
    }

    #[tokio::test]
    async fn resp_replies_parse() {
        let mut input: &[u8] = b"*2\r\n:1\r\n$3\r\n2.5\r\n";
        assert_eq!(
            read_reply(&mut input).await.unwrap(),
            Reply::Array(vec![Reply::Integer(1), Reply::Bulk(Some(b"2.5".to_vec()))])
        );
        let mut error: &[u8] = b"-ERR wrong\r\n";
        assert!(read_reply(&mut error).await.is_err());
    }

    /// The shared store against a real server (`REDIS_URL`); the same sliding window as the
    /// in-process store.
    #[tokio::test]
    async fn redis_store_counts_like_the_memory_store() {
        let Ok(url) = std::env::var("REDIS_URL") else {
            eprintln!("skipped: REDIS_URL is not set");
            return;
        };
        let prefix = format!("restforge-test-{}:", uuid::Uuid::new_v4().simple());
        let one = RedisThrottleStore::new(&url, &prefix);
        let two = RedisThrottleStore::new(&url, &prefix);
        let rate: Rate = "2/min".parse().unwrap();
        assert_eq!(one.hit("k", rate, 1000.0).await, Ok(()));
        assert_eq!(two.hit("k", rate, 1001.0).await, Ok(()));
        // Oldest at 1000: 60 - 2 = 58 seconds.
        assert_eq!(one.hit("k", rate, 1002.0).await, Err(Some(58.0)));
        assert_eq!(two.hit("k", rate, 1060.5).await, Ok(()));
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
