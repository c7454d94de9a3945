//! Django's grammar for dates, times, datetimes and durations (`django.utils.dateparse`, with
//! what Python 3.11's `fromisoformat` adds), and Python's `uuid.UUID(hex=…)`: how the runtime
//! reads request values and how the generator checks a spec's defaults, one grammar for both.

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
