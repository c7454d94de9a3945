//! Django's grammar for dates, times, datetimes and durations (`django.utils.dateparse`, with
//! what Python 3.11's `fromisoformat` adds), Python's `uuid.UUID(hex=…)`, and Python's
//! `ipaddress` with Django's `clean_ipv6_address`: how the runtime reads request values and how
//! the generator checks a spec's defaults, one grammar for both.

use std::sync::LazyLock;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveTime, TimeDelta, Utc};
use regex::Regex;
use uuid::Uuid;

static DATETIME: LazyLock<Regex> = LazyLock::new(|| {
    // Django's datetime_re, plus what Python 3.11's fromisoformat adds: a date alone, an hour
    // alone, a seconds offset, any number of fraction digits.
    Regex::new(concat!(
        r"^(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})",
        r"(?:[T ](?P<hour>\d{1,2})(?::(?P<minute>\d{1,2})(?::(?P<second>\d{1,2})",
        r"(?:[.,](?P<fraction>\d+))?)?)?",
        r"\s*(?P<tz>Z|[+-]\d{2}(?::?\d{2}(?::?\d{2}(?:\.\d{1,6})?)?)?)?)?\z",
    ))
    .expect("datetime regex")
});

/// Why a text is not a datetime.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateTimeError {
    /// Not in the grammar, or not a real date and time.
    Invalid,
    /// Outside Python's years 1 to 9999 once in UTC.
    OutOfRange,
}

/// Django's `parse_datetime` (Python 3.11 `fromisoformat`, then Django's regex), a naive value
/// taken as UTC (`TIME_ZONE='UTC'`), an aware one converted.
///
/// ```
/// use restforge_core::grammar::{DateTimeError, parse_datetime};
///
/// assert_eq!(parse_datetime("2024-01-02T03:04:05+01:00").unwrap().to_rfc3339(), "2024-01-02T02:04:05+00:00");
/// assert_eq!(parse_datetime("2024-01-02 03:04").unwrap().to_rfc3339(), "2024-01-02T03:04:00+00:00");
/// assert_eq!(parse_datetime("2024-13-02T03:04"), Err(DateTimeError::Invalid));
/// ```
pub fn parse_datetime(text: &str) -> Result<DateTime<Utc>, DateTimeError> {
    let invalid = || DateTimeError::Invalid;
    let caps = DATETIME.captures(text).ok_or_else(invalid)?;
    let number = |name: &str| caps.name(name).map(|m| m.as_str().parse::<u32>().ok());
    let year: i32 = caps["year"].parse().map_err(|_| invalid())?;
    let month = number("month").flatten().ok_or_else(invalid)?;
    let day = number("day").flatten().ok_or_else(invalid)?;
    let date_only = caps.name("hour").is_none();
    // fromisoformat takes a bare date only as `YYYY-MM-DD`; Django's regex always wants a time.
    if date_only && text.len() != 10 {
        return Err(invalid());
    }
    // fromisoformat wants two-digit fields when a minute is missing or the hour stands alone.
    if caps.name("minute").is_none()
        && !date_only
        && (caps["hour"].len() != 2 || caps["month"].len() != 2 || caps["day"].len() != 2)
    {
        return Err(invalid());
    }
    let hour = number("hour").flatten().unwrap_or(0);
    let minute = number("minute").flatten().unwrap_or(0);
    let second = number("second").flatten().unwrap_or(0);
    let micros = caps.name("fraction").map_or(0, |m| {
        let digits: String = m.as_str().chars().chain("000000".chars()).take(6).collect();
        digits.parse().unwrap_or(0)
    });
    let naive = NaiveDate::from_ymd_opt(year, month, day)
        .and_then(|date| date.and_hms_micro_opt(hour, minute, second, micros))
        .ok_or_else(invalid)?;
    let offset = match caps.name("tz").map(|m| m.as_str()) {
        None | Some("Z") => 0,
        Some(tz) => parse_offset(tz).ok_or_else(invalid)?,
    };
    let utc = FixedOffset::east_opt(offset)
        .and_then(|offset| naive.and_local_timezone(offset).single())
        .ok_or_else(invalid)?
        .with_timezone(&Utc);
    // Python's datetime stops at years 1..=9999; converting past them overflows.
    if !(1..=9999).contains(&utc.year()) {
        return Err(DateTimeError::OutOfRange);
    }
    Ok(utc)
}

/// `+HH`, `+HHMM`, `+HH:MM`, `+HH:MM:SS` as seconds east of UTC (below 24 hours, as Python
/// requires).
fn parse_offset(tz: &str) -> Option<i32> {
    let sign = if tz.starts_with('-') { -1 } else { 1 };
    let digits: String = tz[1..]
        .split('.')
        .next()?
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let field = |i: usize| {
        digits
            .get(i..i + 2)
            .map_or(Some(0), |d| d.parse::<i32>().ok())
    };
    let (h, m, s) = (field(0)?, field(2)?, field(4)?);
    if m >= 60 || s >= 60 || h >= 24 {
        return None;
    }
    Some(sign * (h * 3600 + m * 60 + s))
}

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?P<year>\d{4})(?:-(?P<month>\d{1,2})-(?P<day>\d{1,2})|(?P<month2>\d{2})(?P<day2>\d{2}))\z")
        .expect("date regex")
});

/// Django's `parse_date`: `YYYY-MM-DD` or `YYYYMMDD` (fromisoformat) or Django's one-digit-field
/// variant.
///
/// ```
/// use restforge_core::grammar::parse_date;
///
/// assert!(parse_date("2024-02-29").is_some() && parse_date("20240229").is_some());
/// assert!(parse_date("2023-02-29").is_none() && parse_date("not-a-date").is_none());
/// ```
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let caps = DATE.captures(text)?;
    NaiveDate::from_ymd_opt(
        caps["year"].parse().ok()?,
        caps.name("month")
            .or(caps.name("month2"))?
            .as_str()
            .parse()
            .ok()?,
        caps.name("day")
            .or(caps.name("day2"))?
            .as_str()
            .parse()
            .ok()?,
    )
}

static TIME: LazyLock<Regex> = LazyLock::new(|| {
    // Django's time_re, plus fromisoformat's lone two-digit hour and offset (which DRF drops).
    Regex::new(concat!(
        r"^(?:(?P<hour>\d{1,2}):(?P<minute>\d{1,2})(?::(?P<second>\d{1,2})(?:[.,](?P<fraction>\d{1,6})\d{0,6})?)?",
        r"|(?P<hour_only>\d{2}))",
        r"(?:Z|[+-]\d{2}(?::?\d{2}(?::?\d{2}(?:\.\d{1,6})?)?)?)?\z",
    ))
    .expect("time regex")
});

/// Django's `parse_time`, without timezone.
///
/// ```
/// use restforge_core::grammar::parse_time;
///
/// assert!(parse_time("09:30").is_some() && parse_time("23:59:59.123456").is_some());
/// assert!(parse_time("25:99").is_none());
/// ```
pub fn parse_time(text: &str) -> Option<NaiveTime> {
    let caps = TIME.captures(text)?;
    let micros = caps.name("fraction").map_or(Some(0), |m| {
        format!("{:0<6}", m.as_str()).parse::<u32>().ok()
    })?;
    if let Some(hour) = caps.name("hour_only") {
        return NaiveTime::from_hms_opt(hour.as_str().parse().ok()?, 0, 0);
    }
    NaiveTime::from_hms_micro_opt(
        caps["hour"].parse().ok()?,
        caps["minute"].parse().ok()?,
        caps.name("second")
            .map_or(Some(0), |s| s.as_str().parse().ok())?,
        micros,
    )
}

static DURATION: LazyLock<Regex> = LazyLock::new(|| {
    // Django's standard_duration_re; its `(?=\d+:\d+)` lookahead is spelt as two alternatives.
    Regex::new(concat!(
        r"^(?:(?P<days>-?\d+) (?:days?, )?)?(?P<sign>-?)",
        r"(?:(?P<hours>\d+):(?P<minutes>\d+):|(?P<minutes_only>\d+):)?",
        r"(?P<seconds>\d+)(?:[.,](?P<fraction>\d{1,6})\d{0,6})?\z",
    ))
    .expect("duration regex")
});

static ISO_DURATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?P<sign>[-+]?)P(?:(?P<days>\d+(?:[.,]\d+)?)D)?",
        r"(?:T(?:(?P<hours>\d+(?:[.,]\d+)?)H)?(?:(?P<minutes>\d+(?:[.,]\d+)?)M)?",
        r"(?:(?P<seconds>\d+(?:[.,]\d+)?)S)?)?\z",
    ))
    .expect("iso duration regex")
});

/// Django's `parse_duration` for its own format and ISO 8601 (not PostgreSQL's interval format).
///
/// ```
/// use restforge_core::grammar::parse_duration;
///
/// assert_eq!(parse_duration("1 02:03:04").unwrap().num_seconds(), 93_784);
/// assert_eq!(parse_duration("P1DT2H").unwrap().num_hours(), 26);
/// assert!(parse_duration("soon").is_none() && parse_duration("P").is_none());
/// ```
pub fn parse_duration(text: &str) -> Option<TimeDelta> {
    let micros_of = |value: Option<regex::Match<'_>>, unit: f64| -> Option<i64> {
        let Some(value) = value else { return Some(0) };
        let n: f64 = value.as_str().replace(',', ".").parse().ok()?;
        // Durations beyond what a 64-bit count of microseconds holds (about 292,000 years)
        // are refused rather than saturated or wrapped.
        let micros = (n * unit).round();
        (micros.abs() < i64::MAX as f64).then_some(micros as i64)
    };
    const SECOND: f64 = 1e6;
    let (total, sign_all): (i64, i64) = if let Some(caps) = DURATION.captures(text) {
        let days = micros_of(caps.name("days"), 86_400.0 * SECOND)?;
        let minutes = caps.name("minutes").or(caps.name("minutes_only"));
        let rest = micros_of(caps.name("hours"), 3600.0 * SECOND)?
            .checked_add(micros_of(minutes, 60.0 * SECOND)?)?
            .checked_add(micros_of(caps.name("seconds"), SECOND)?)?
            .checked_add(caps.name("fraction").map_or(Some(0), |m| {
                format!("{:0<6}", m.as_str()).parse::<i64>().ok()
            })?)?;
        let sign = if &caps["sign"] == "-" { -1 } else { 1 };
        // The sign applies to the time part only; days carry their own.
        (days.checked_add(sign * rest)?, 1)
    } else {
        let caps = ISO_DURATION.captures(text)?;
        if caps.name("days").is_none()
            && caps.name("hours").is_none()
            && caps.name("minutes").is_none()
            && caps.name("seconds").is_none()
        {
            return None;
        }
        let total = micros_of(caps.name("days"), 86_400.0 * SECOND)?
            .checked_add(micros_of(caps.name("hours"), 3600.0 * SECOND)?)?
            .checked_add(micros_of(caps.name("minutes"), 60.0 * SECOND)?)?
            .checked_add(micros_of(caps.name("seconds"), SECOND)?)?;
        (total, if &caps["sign"] == "-" { -1 } else { 1 })
    };
    Some(TimeDelta::microseconds(sign_all.checked_mul(total)?))
}

/// Python's `uuid.UUID(hex=…)`: `urn:` and `uuid:` dropped, braces at the ends and every
/// hyphen ignored, then 32 hex digits.
///
/// ```
/// use restforge_core::grammar::parse_uuid;
///
/// assert!(parse_uuid("12345678-1234-5678-1234-567812345678").is_some());
/// assert!(parse_uuid("{12345678123456781234567812345678}").is_some());
/// assert!(parse_uuid("1234").is_none());
/// ```
pub fn parse_uuid(text: &str) -> Option<Uuid> {
    let hex = text.replace("urn:", "").replace("uuid:", "");
    let hex = hex.trim_matches(['{', '}']).replace('-', "");
    if hex.len() != 32 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u128::from_str_radix(&hex, 16).ok().map(Uuid::from_u128)
}

/// Python's `ipaddress.IPv4Address(text)`: four decimal octets of at most three ASCII digits,
/// without leading zeros, each at most 255.
///
/// ```
/// use restforge_core::grammar::parse_ipv4;
///
/// assert_eq!(parse_ipv4("192.0.2.1"), Some([192, 0, 2, 1]));
/// assert_eq!(parse_ipv4("192.0.2.01"), None);
/// ```
pub fn parse_ipv4(text: &str) -> Option<[u8; 4]> {
    let mut octets = [0u8; 4];
    let mut parts = text.split('.');
    for octet in &mut octets {
        let part = parts.next()?;
        let digits =
            !part.is_empty() && part.len() <= 3 && part.bytes().all(|b| b.is_ascii_digit());
        if !digits || (part.len() > 1 && part.starts_with('0')) {
            return None;
        }
        *octet = part.parse().ok()?;
    }
    parts.next().is_none().then_some(octets)
}

/// Django's `MAX_IPV6_ADDRESS_LENGTH`: longer text is no IPv6 address, whatever it says.
const MAX_IPV6_LENGTH: usize = 39;

/// Django's `_ipv6_address_from_str`: at most 39 characters, then Python's
/// `ipaddress.IPv6Address` (an embedded IPv4 address in the last 32 bits and a `%scope`
/// suffix allowed; the scope is dropped). The eight hextets.
pub fn parse_ipv6(text: &str) -> Option<[u16; 8]> {
    if text.chars().count() > MAX_IPV6_LENGTH {
        return None;
    }
    let address = match text.split_once('%') {
        Some((address, scope)) if !scope.is_empty() && !scope.contains('%') => address,
        Some(_) => return None,
        None => text,
    };
    let mut parts: Vec<String> = address.split(':').map(str::to_owned).collect();
    if address.is_empty() || parts.len() < 3 {
        return None;
    }
    if parts.last().is_some_and(|last| last.contains('.')) {
        let [a, b, c, d] = parse_ipv4(&parts.pop()?)?;
        parts.push(format!("{:x}", u16::from_be_bytes([a, b])));
        parts.push(format!("{:x}", u16::from_be_bytes([c, d])));
    }
    if parts.len() > 9 {
        return None;
    }
    let mut skip = None;
    for (i, part) in parts.iter().enumerate().take(parts.len() - 1).skip(1) {
        if part.is_empty() {
            if skip.is_some() {
                return None;
            }
            skip = Some(i);
        }
    }
    let (high, low) = match skip {
        Some(skip) => {
            let mut high = skip;
            let mut low = parts.len() - skip - 1;
            if parts[0].is_empty() {
                high -= 1;
                if high > 0 {
                    return None;
                }
            }
            if parts[parts.len() - 1].is_empty() {
                low -= 1;
                if low > 0 {
                    return None;
                }
            }
            if high + low >= 8 {
                return None;
            }
            (high, low)
        }
        None => {
            if parts.len() != 8 || parts[0].is_empty() || parts[7].is_empty() {
                return None;
            }
            (8, 0)
        }
    };
    let hextet = |part: &str| -> Option<u16> {
        let valid =
            !part.is_empty() && part.len() <= 4 && part.bytes().all(|b| b.is_ascii_hexdigit());
        if valid {
            u16::from_str_radix(part, 16).ok()
        } else {
            None
        }
    };
    let mut hextets = [0u16; 8];
    for (i, part) in parts[..high].iter().enumerate() {
        hextets[i] = hextet(part)?;
    }
    for (i, part) in parts[parts.len() - low..].iter().enumerate() {
        hextets[8 - low + i] = hextet(part)?;
    }
    Some(hextets)
}

/// Django's `clean_ipv6_address(text, unpack_ipv4)`: the address in Python's compressed form
/// (`2001:db8::1`), an IPv4-mapped one as `::ffff:1.2.3.4`, or as the IPv4 address alone when
/// `unpack_ipv4`. `None` when the text is no IPv6 address.
///
/// ```
/// use restforge_core::grammar::clean_ipv6;
///
/// assert_eq!(clean_ipv6("2001:0DB8:0:0:0:0:0:1", false).as_deref(), Some("2001:db8::1"));
/// assert_eq!(clean_ipv6("::ffff:c000:0201", false).as_deref(), Some("::ffff:192.0.2.1"));
/// assert_eq!(clean_ipv6("::ffff:192.0.2.1", true).as_deref(), Some("192.0.2.1"));
/// assert_eq!(clean_ipv6("1::2::3", false), None);
/// ```
pub fn clean_ipv6(text: &str, unpack_ipv4: bool) -> Option<String> {
    let hextets = parse_ipv6(text)?;
    if hextets[..5] == [0; 5] && hextets[5] == 0xffff {
        let [a, b] = hextets[6].to_be_bytes();
        let [c, d] = hextets[7].to_be_bytes();
        let ipv4 = format!("{a}.{b}.{c}.{d}");
        return Some(if unpack_ipv4 {
            ipv4
        } else {
            format!("::ffff:{ipv4}")
        });
    }
    // Python's `_compress_hextets`: the first longest run of two or more zero hextets is `::`.
    let mut best: Option<(usize, usize)> = None;
    let mut run: Option<(usize, usize)> = None;
    for (i, hextet) in hextets.iter().enumerate() {
        run = match (*hextet == 0, run) {
            (true, Some((start, len))) => Some((start, len + 1)),
            (true, None) => Some((i, 1)),
            (false, _) => None,
        };
        if let Some((start, len)) = run
            && best.is_none_or(|(_, best_len)| len > best_len)
        {
            best = Some((start, len));
        }
    }
    let hex = |range: &[u16]| -> Vec<String> { range.iter().map(|h| format!("{h:x}")).collect() };
    Some(match best.filter(|(_, len)| *len > 1) {
        Some((start, len)) => format!(
            "{}::{}",
            hex(&hextets[..start]).join(":"),
            hex(&hextets[start + len..]).join(":")
        ),
        None => hex(&hextets).join(":"),
    })
}
