//! Time fields: schedule_delivery_time, validity_period, final_date,
//! broadcast_end_time (SMPP 3.4 §7.1, SMPP 5.0 §4.7.23.4).
//!
//! A time is a C-Octet String that is either empty (NULL), or 16 characters
//! `YYMMDDhhmmsstnnp`: `p` is `+` / `-` for an absolute time with its offset
//! from UTC in quarter hours `nn`, or `R` for a time relative to the SMSC's
//! current time.

use super::names::Field;
use crate::error::DecodeError;

/// Size of a time field on the wire, NUL included.
pub(crate) const TIME_MAX: u16 = 17;

/// A decoded SMPP time value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum SmppTime {
    /// The NULL value: "immediate delivery" / "SMSC default validity".
    #[default]
    Empty,
    /// An absolute time (`p` = `+` or `-`).
    Absolute(AbsoluteTime),
    /// A time relative to the SMSC's current time (`p` = `R`).
    Relative(RelativeTime),
}

/// The offset of an absolute time from UTC, in quarter hours (0..=48).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum UtcOffset {
    /// Local time is ahead of UTC (`+`).
    Ahead(u8),
    /// Local time is behind UTC (`-`).
    Behind(u8),
}

impl UtcOffset {
    /// The offset in minutes, negative when behind UTC.
    pub const fn minutes(self) -> i16 {
        match self {
            UtcOffset::Ahead(q) => q as i16 * 15,
            UtcOffset::Behind(q) => -(q as i16 * 15),
        }
    }
}

/// `YYMMDDhhmmsstnn±`: an absolute date and time (SMPP 3.4 §7.1.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct AbsoluteTime {
    /// Two-digit year, 00..=99.
    pub year: u8,
    /// 01..=12.
    pub month: u8,
    /// 01..=31.
    pub day: u8,
    /// 00..=23.
    pub hour: u8,
    /// 00..=59.
    pub minute: u8,
    /// 00..=59.
    pub second: u8,
    /// Tenths of a second, 0..=9.
    pub tenths: u8,
    /// Offset from UTC.
    pub utc_offset: UtcOffset,
}

/// `YYMMDDhhmmss000R`: a period relative to the SMSC's time (SMPP 3.4 §7.1.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct RelativeTime {
    /// 00..=99.
    pub years: u8,
    /// 00..=99.
    pub months: u8,
    /// 00..=99.
    pub days: u8,
    /// 00..=99.
    pub hours: u8,
    /// 00..=99.
    pub minutes: u8,
    /// 00..=99.
    pub seconds: u8,
}

impl RelativeTime {
    /// The period in seconds, counting a year as 365 days and a month as 30.
    pub const fn as_secs(&self) -> u64 {
        let days = self.years as u64 * 365 + self.months as u64 * 30 + self.days as u64;
        ((days * 24 + self.hours as u64) * 60 + self.minutes as u64) * 60 + self.seconds as u64
    }
}

impl AbsoluteTime {
    /// The UTC time `millis` milliseconds after 1970-01-01T00:00:00Z, as
    /// "YYMMDDhhmmsst00+" (SMPP 3.4 §7.1.1: offset 00 from UTC, tenths of a
    /// second truncated). `None` outside 2000–2099, which a two-digit year
    /// cannot tell apart. The core reads no clock: the caller passes the time.
    ///
    /// ```
    /// use smpp_proto::codec::{AbsoluteTime, SmppTime};
    ///
    /// // 2026-01-15 08:30:00.250 UTC
    /// let t = AbsoluteTime::from_unix_millis(1_768_465_800_250).unwrap();
    /// assert_eq!(SmppTime::Absolute(t).to_string(), "260115083000200+");
    /// ```
    pub const fn from_unix_millis(millis: u64) -> Option<AbsoluteTime> {
        let Some(d) = crate::receipt::ReceiptDate::from_unix(millis / 1000) else {
            return None;
        };
        if d.year < 2000 || d.year > 2099 {
            return None;
        }
        Some(AbsoluteTime {
            // In range: 2000..=2099 checked above.
            year: (d.year - 2000) as u8,
            month: d.month,
            day: d.day,
            hour: d.hour,
            minute: d.minute,
            second: d.second,
            tenths: ((millis % 1000) / 100) as u8,
            utc_offset: UtcOffset::Ahead(0),
        })
    }

    /// An RFC 3339 date-time such as `2026-12-05T10:00:00Z` or
    /// `2026-12-05 11:30:00.5+01:00`, kept in its own offset from UTC
    /// (SMPP 3.4 §7.1.1 carries the offset in quarter hours). `None` when the
    /// text is not RFC 3339, the offset is not a whole number of quarter hours
    /// or over 12 hours, or the year is outside 2000–2099. Fractions of a
    /// second are truncated to tenths.
    ///
    /// ```
    /// use smpp_proto::codec::{AbsoluteTime, SmppTime};
    ///
    /// let t = AbsoluteTime::parse_rfc3339("2026-12-05T11:30:00.25+01:00").unwrap();
    /// assert_eq!(SmppTime::Absolute(t).to_string(), "261205113000204+");
    /// assert!(AbsoluteTime::parse_rfc3339("2026-12-05T11:30:00+01:10").is_none());
    /// ```
    pub fn parse_rfc3339(s: &str) -> Option<AbsoluteTime> {
        let b = s.as_bytes();
        let sep = |at: usize, c: &[u8]| b.get(at).is_some_and(|x| c.contains(x));
        if two(b, 0)? != 20
            || !sep(4, b"-")
            || !sep(7, b"-")
            || !sep(10, b"Tt ")
            || !sep(13, b":")
            || !sep(16, b":")
        {
            return None;
        }
        let (year, month, day) = (two(b, 2)?, two(b, 5)?, two(b, 8)?);
        let (hour, minute, second) = (two(b, 11)?, two(b, 14)?, two(b, 17)?);
        if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 {
            return None;
        }
        // A leap second (60) is allowed by RFC 3339 but not by SMPP.
        if second > 59 {
            return None;
        }
        let mut rest = b.get(19..)?;
        let mut tenths = 0;
        if let [b'.', frac @ ..] = rest {
            let digits = frac.iter().take_while(|c| c.is_ascii_digit()).count();
            if digits == 0 {
                return None;
            }
            tenths = frac.first()?.wrapping_sub(b'0');
            rest = frac.get(digits..)?;
        }
        let utc_offset = match rest {
            [b'Z' | b'z'] => UtcOffset::Ahead(0),
            [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
                let (h, m) = (two(rest, 1)?, two(rest, 4)?);
                if h > 12 || m > 59 || m % 15 != 0 || (h == 12 && m > 0) {
                    return None;
                }
                let q = h * 4 + m / 15;
                if *sign == b'+' {
                    UtcOffset::Ahead(q)
                } else {
                    UtcOffset::Behind(q)
                }
            }
            _ => return None,
        };
        Some(AbsoluteTime {
            year,
            month,
            day,
            hour,
            minute,
            second,
            tenths,
            utc_offset,
        })
    }
}

impl RelativeTime {
    /// The period of `secs` seconds (SMPP 3.4 §7.1.2), counting a year as
    /// 365 days and a month as 30 as [`RelativeTime::as_secs`] does, so
    /// that `as_secs` gives `secs` back. `None` from 100 years on.
    ///
    /// ```
    /// use smpp_proto::codec::{RelativeTime, SmppTime};
    ///
    /// let r = RelativeTime::from_secs(2 * 86_400 + 3_600 + 90).unwrap();
    /// assert_eq!(SmppTime::Relative(r).to_string(), "000002010130000R");
    /// assert_eq!(r.as_secs(), 2 * 86_400 + 3_600 + 90);
    /// ```
    pub const fn from_secs(secs: u64) -> Option<RelativeTime> {
        let days = secs / 86_400;
        let years = days / 365;
        if years > 99 {
            return None;
        }
        let rest = days % 365;
        // Each cast is in range: years <= 99 checked, months <= 12,
        // days < 30, hours < 24, minutes and seconds < 60.
        Some(RelativeTime {
            years: years as u8,
            months: (rest / 30) as u8,
            days: (rest % 30) as u8,
            hours: (secs % 86_400 / 3600) as u8,
            minutes: (secs % 3600 / 60) as u8,
            seconds: (secs % 60) as u8,
        })
    }
}

fn two(b: &[u8], at: usize) -> Option<u8> {
    let hi = b.get(at)?.checked_sub(b'0').filter(|d| *d <= 9)?;
    let lo = b.get(at + 1)?.checked_sub(b'0').filter(|d| *d <= 9)?;
    Some(hi * 10 + lo)
}

impl SmppTime {
    /// Parses the text of a time field (without its NUL).
    pub fn parse(s: &[u8]) -> Option<SmppTime> {
        if s.is_empty() {
            return Some(SmppTime::Empty);
        }
        if s.len() != 16 {
            return None;
        }
        let d = |at| two(s, at);
        let tenths = s.get(12)?.checked_sub(b'0').filter(|t| *t <= 9)?;
        let nn = d(13)?;
        match s.get(15)? {
            b'R' => Some(SmppTime::Relative(RelativeTime {
                years: d(0)?,
                months: d(2)?,
                days: d(4)?,
                hours: d(6)?,
                minutes: d(8)?,
                seconds: d(10)?,
            }))
            // SMPP 3.4 §7.1.2: tenths and nn are 0 in a relative time.
            .filter(|_| tenths == 0 && nn == 0),
            sign @ (b'+' | b'-') => {
                let t = AbsoluteTime {
                    year: d(0)?,
                    month: d(2)?,
                    day: d(4)?,
                    hour: d(6)?,
                    minute: d(8)?,
                    second: d(10)?,
                    tenths,
                    utc_offset: if *sign == b'+' {
                        UtcOffset::Ahead(nn)
                    } else {
                        UtcOffset::Behind(nn)
                    },
                };
                let ok = (1..=12).contains(&t.month)
                    && (1..=31).contains(&t.day)
                    && t.hour <= 23
                    && t.minute <= 59
                    && t.second <= 59
                    && nn <= 48;
                ok.then_some(SmppTime::Absolute(t))
            }
            _ => None,
        }
    }

    pub(crate) fn decode(s: &[u8], field: Field) -> Result<SmppTime, DecodeError> {
        SmppTime::parse(s).ok_or(DecodeError::InvalidTime { field })
    }

    /// Length of the text form without its NUL: 0 or 16.
    pub const fn text_len(&self) -> usize {
        match self {
            SmppTime::Empty => 0,
            _ => 16,
        }
    }

    /// The 16-character text form (meaningless for [`SmppTime::Empty`], which is all zero).
    pub fn to_text(&self) -> [u8; 16] {
        let mut out = [0u8; 16];
        let (fields, tenths, nn, p) = match self {
            SmppTime::Empty => return out,
            SmppTime::Absolute(t) => {
                let (nn, p) = match t.utc_offset {
                    UtcOffset::Ahead(q) => (q, b'+'),
                    UtcOffset::Behind(q) => (q, b'-'),
                };
                (
                    [t.year, t.month, t.day, t.hour, t.minute, t.second],
                    t.tenths,
                    nn,
                    p,
                )
            }
            SmppTime::Relative(r) => (
                [r.years, r.months, r.days, r.hours, r.minutes, r.seconds],
                0,
                0,
                b'R',
            ),
        };
        let digits = |v: u8| [b'0' + (v / 10) % 10, b'0' + v % 10];
        for (chunk, v) in out.chunks_exact_mut(2).zip(fields) {
            chunk.copy_from_slice(&digits(v));
        }
        out[12] = b'0' + tenths % 10;
        out[13..15].copy_from_slice(&digits(nn));
        out[15] = p;
        out
    }

    /// An absolute UTC time from milliseconds since the Unix epoch
    /// ([`AbsoluteTime::from_unix_millis`], SMPP 3.4 §7.1.1).
    pub const fn utc_from_unix_millis(millis: u64) -> Option<SmppTime> {
        match AbsoluteTime::from_unix_millis(millis) {
            Some(t) => Some(SmppTime::Absolute(t)),
            None => None,
        }
    }

    /// A time `secs` seconds after the SMSC's current time
    /// ([`RelativeTime::from_secs`], SMPP 3.4 §7.1.2).
    pub const fn relative_secs(secs: u64) -> Option<SmppTime> {
        match RelativeTime::from_secs(secs) {
            Some(r) => Some(SmppTime::Relative(r)),
            None => None,
        }
    }

    /// Whether this is the NULL value.
    pub const fn is_empty(&self) -> bool {
        matches!(self, SmppTime::Empty)
    }
}

impl core::fmt::Display for SmppTime {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let text = self.to_text();
        let text = text.get(..self.text_len()).ok_or(core::fmt::Error)?;
        let s = core::str::from_utf8(text).map_err(|_| core::fmt::Error)?;
        f.write_str(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339() {
        let text =
            |s: &str| AbsoluteTime::parse_rfc3339(s).map(|t| SmppTime::Absolute(t).to_text());
        assert_eq!(text("2026-12-05T10:00:00Z"), Some(*b"261205100000000+"));
        assert_eq!(
            text("2026-12-05 10:00:00.987-05:30"),
            Some(*b"261205100000922-")
        );
        assert_eq!(
            text("2099-01-31t23:59:59+12:00"),
            Some(*b"990131235959048+")
        );
        for bad in [
            "",
            "2026-12-05",
            "2026-12-05T10:00:00",
            "2026-12-05T10:00:00+01:10",
            "2026-12-05T10:00:00+13:00",
            "2026-12-05T10:00:60Z",
            "2026-13-05T10:00:00Z",
            "2026-12-05T10:00:00.Z",
            "2126-12-05T10:00:00Z",
            "1999-12-05T10:00:00Z",
            "2026-12-05T10:00:00Zjunk",
            "2026-12-05T24:00:00Z",
        ] {
            assert_eq!(text(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn round_trips() {
        for s in [
            &b""[..],
            b"261125131456032+",
            b"261125131456004-",
            b"000001000000000R",
            b"991231235959948+",
        ] {
            let t = SmppTime::parse(s).unwrap();
            assert_eq!(&t.to_text()[..t.text_len()], s);
        }
    }

    #[test]
    fn rejects_bad() {
        for s in [
            &b"2611251314560"[..],
            b"261325131456032+",
            b"26112513145603x+",
            b"261125131456049+",
            b"000001000000100R",
            b"26112513145603 +",
        ] {
            assert_eq!(SmppTime::parse(s), None, "{:?}", core::str::from_utf8(s));
        }
    }

    #[test]
    fn from_clock_values() {
        let t = SmppTime::utc_from_unix_millis(951_827_696_900).unwrap();
        assert_eq!(&t.to_text(), b"000229123456900+");
        assert_eq!(SmppTime::utc_from_unix_millis(0), None);
        assert_eq!(SmppTime::utc_from_unix_millis(4_102_444_800_000), None); // 2100
        for secs in [
            0,
            59,
            3600,
            86_400 * 400 + 7,
            99 * 365 * 86_400 + 364 * 86_400,
        ] {
            let SmppTime::Relative(r) = SmppTime::relative_secs(secs).unwrap() else {
                panic!()
            };
            assert_eq!(r.as_secs(), secs);
            let t = SmppTime::Relative(r);
            assert_eq!(SmppTime::parse(&t.to_text()), Some(t));
        }
        assert_eq!(SmppTime::relative_secs(100 * 365 * 86_400), None);
    }

    #[test]
    fn relative_seconds() {
        let t = SmppTime::parse(b"000001020304000R").unwrap();
        let SmppTime::Relative(r) = t else { panic!() };
        assert_eq!(r.as_secs(), 86400 + 2 * 3600 + 3 * 60 + 4);
    }
}
