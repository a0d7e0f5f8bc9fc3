//! The `submit date` and `done date` of the receipt text (SMPP 3.4 Appendix B).
//!
//! Appendix B gives `YYMMDDhhmm`, 10 digits. SMSCs also send seconds
//! (`YYMMDDhhmmss`) and four-digit years (`YYYYMMDDhhmm`, `YYYYMMDDhhmmss`).
//! The two 12-digit forms cannot always be told apart; see [`ReceiptDate::parse`].
//!
//! The dates carry no time zone: Appendix B does not say which clock the SMSC
//! uses (usually its local time). [`ReceiptDate`] keeps the wall-clock fields
//! as written and leaves the zone to the application.

use core::fmt;

/// How many digits a receipt date has, and what they mean.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub enum DateFormat {
    /// `YYMMDDhhmm`, 10 digits: the format of SMPP 3.4 Appendix B.
    #[default]
    YyMmDdHhMm,
    /// `YYMMDDhhmmss`, 12 digits: the Appendix B format with seconds.
    YyMmDdHhMmSs,
    /// `YYYYMMDDhhmm`, 12 digits: a four-digit year, no seconds.
    YyyyMmDdHhMm,
    /// `YYYYMMDDhhmmss`, 14 digits.
    YyyyMmDdHhMmSs,
}

impl DateFormat {
    /// Number of digits.
    pub const fn digit_count(self) -> usize {
        match self {
            DateFormat::YyMmDdHhMm => 10,
            DateFormat::YyMmDdHhMmSs | DateFormat::YyyyMmDdHhMm => 12,
            DateFormat::YyyyMmDdHhMmSs => 14,
        }
    }

    const fn four_digit_year(self) -> bool {
        matches!(self, DateFormat::YyyyMmDdHhMm | DateFormat::YyyyMmDdHhMmSs)
    }

    const fn has_seconds(self) -> bool {
        matches!(self, DateFormat::YyMmDdHhMmSs | DateFormat::YyyyMmDdHhMmSs)
    }
}

/// A date and time of the receipt text, as the SMSC wrote it (no time zone).
///
/// `year` is the full year. A two-digit year `YY` is read as POSIX `%y`
/// does: 69–99 are 1969–1999, 00–68 are 2000–2068.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct ReceiptDate {
    /// Full year, e.g. 2010.
    pub year: u16,
    /// 1..=12.
    pub month: u8,
    /// 1..=31, and within the month.
    pub day: u8,
    /// 0..=23.
    pub hour: u8,
    /// 0..=59.
    pub minute: u8,
    /// 0..=59; 0 when the format has no seconds.
    pub second: u8,
}

/// The decimal value of `s`, which must be all ASCII digits (and non-empty).
fn decimal(s: &[u8]) -> Option<u16> {
    if s.is_empty() {
        return None;
    }
    s.iter().try_fold(0u16, |acc, &b| {
        let d = b.checked_sub(b'0').filter(|d| *d <= 9)?;
        acc.checked_mul(10)?.checked_add(u16::from(d))
    })
}

const fn is_leap(year: u16) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

const fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 31,
    }
}

impl ReceiptDate {
    /// A checked date: `None` unless month, day (within its month), hour,
    /// minute and second are in range.
    pub const fn new(
        year: u16,
        month: u8,
        day: u8,
        hour: u8,
        minute: u8,
        second: u8,
    ) -> Option<ReceiptDate> {
        let ok = month >= 1
            && month <= 12
            && day >= 1
            && day <= days_in_month(year, month)
            && hour <= 23
            && minute <= 59
            && second <= 59;
        if ok {
            Some(ReceiptDate {
                year,
                month,
                day,
                hour,
                minute,
                second,
            })
        } else {
            None
        }
    }

    /// The UTC date and time `secs` seconds after the Unix epoch
    /// (1970-01-01T00:00:00Z), for an SMSC writing its receipts'
    /// `submit date` and `done date` (SMPP 3.4 Appendix B) from its clock.
    /// `None` past the year 65535. The core reads no clock: the caller
    /// passes the time.
    pub const fn from_unix(secs: u64) -> Option<ReceiptDate> {
        let days = secs / 86_400;
        let rem = secs % 86_400;
        // Civil from days (Howard Hinnant's algorithm), with the era
        // starting on 0000-03-01; days since then are never negative here.
        let z = days + 719_468;
        let era = z / 146_097;
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + if month <= 2 { 1 } else { 0 };
        if year > u16::MAX as u64 {
            return None;
        }
        // Each cast is in range: day <= 31, month <= 12, hour < 24, minute
        // and second < 60, year checked above.
        ReceiptDate::new(
            year as u16,
            month as u8,
            day as u8,
            (rem / 3600) as u8,
            (rem % 3600 / 60) as u8,
            (rem % 60) as u8,
        )
    }

    /// Parses a date of 10, 12 or 14 digits, guessing the format from the width.
    ///
    /// 12 digits are read as `YYMMDDhhmmss` when that is a valid date, else
    /// as `YYYYMMDDhhmm` (`201506201641` is 2015-06-20 16:41, since month 15
    /// does not exist). Some 12-digit strings are valid both ways
    /// (`201206201641`); when the SMSC is known to send four-digit years, use
    /// [`ReceiptDate::parse_as`] on the raw token instead.
    pub fn parse(s: &[u8]) -> Option<ReceiptDate> {
        ReceiptDate::parse_with_format(s).map(|(d, _)| d)
    }

    /// [`ReceiptDate::parse`], also telling which format was recognised.
    pub fn parse_with_format(s: &[u8]) -> Option<(ReceiptDate, DateFormat)> {
        let candidates: &[DateFormat] = match s.len() {
            10 => &[DateFormat::YyMmDdHhMm],
            12 => &[DateFormat::YyMmDdHhMmSs, DateFormat::YyyyMmDdHhMm],
            14 => &[DateFormat::YyyyMmDdHhMmSs],
            _ => &[],
        };
        candidates
            .iter()
            .find_map(|&f| ReceiptDate::parse_as(s, f).map(|d| (d, f)))
    }

    /// Parses a date of exactly the given format.
    pub fn parse_as(s: &[u8], format: DateFormat) -> Option<ReceiptDate> {
        if s.len() != format.digit_count() {
            return None;
        }
        let (year, rest) = if format.four_digit_year() {
            let (y, rest) = s.split_at_checked(4)?;
            (decimal(y)?, rest)
        } else {
            let (y, rest) = s.split_at_checked(2)?;
            let yy = decimal(y)?;
            // POSIX %y: 69–99 are the 1900s, 00–68 the 2000s.
            (if yy >= 69 { 1900 + yy } else { 2000 + yy }, rest)
        };
        let two = |at: usize| -> Option<u8> {
            let d = decimal(rest.get(at..at + 2)?)?;
            u8::try_from(d).ok()
        };
        let second = if format.has_seconds() { two(8)? } else { 0 };
        ReceiptDate::new(year, two(0)?, two(2)?, two(4)?, two(6)?, second)
    }

    /// Writes the date's digits in `format` into `out`; returns the number
    /// written (`format.digit_count()`). Two-digit formats write `year % 100`.
    pub(crate) fn digits(&self, format: DateFormat, out: &mut [u8; 14]) -> usize {
        let mut n = 0;
        let mut put = |v: u16, width: u32| {
            for i in (0..width).rev() {
                let d = (v / 10u16.pow(i)) % 10;
                if let Some(slot) = out.get_mut(n) {
                    *slot = b'0' + d as u8;
                }
                n += 1;
            }
        };
        if format.four_digit_year() {
            put(self.year % 10_000, 4);
        } else {
            put(self.year % 100, 2);
        }
        put(self.month.into(), 2);
        put(self.day.into(), 2);
        put(self.hour.into(), 2);
        put(self.minute.into(), 2);
        if format.has_seconds() {
            put(self.second.into(), 2);
        }
        n
    }
}

/// ISO 8601 without a zone: `2010-05-23T20:39:00`.
impl fmt::Display for ReceiptDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: u16, mo: u8, da: u8, h: u8, mi: u8, s: u8) -> ReceiptDate {
        ReceiptDate::new(y, mo, da, h, mi, s).unwrap()
    }

    #[test]
    fn from_unix_is_utc_civil_time() {
        assert_eq!(ReceiptDate::from_unix(0), Some(d(1970, 1, 1, 0, 0, 0)));
        // 2000-02-29 (a leap day of a century year) 12:34:56.
        assert_eq!(
            ReceiptDate::from_unix(951_827_696),
            Some(d(2000, 2, 29, 12, 34, 56))
        );
        assert_eq!(
            ReceiptDate::from_unix(1_735_689_599),
            Some(d(2024, 12, 31, 23, 59, 59))
        );
        assert_eq!(ReceiptDate::from_unix(u64::MAX), None);
    }

    #[test]
    fn widths() {
        assert_eq!(
            ReceiptDate::parse_with_format(b"1005232039"),
            Some((d(2010, 5, 23, 20, 39, 0), DateFormat::YyMmDdHhMm))
        );
        assert_eq!(
            ReceiptDate::parse_with_format(b"110206193041"),
            Some((d(2011, 2, 6, 19, 30, 41), DateFormat::YyMmDdHhMmSs))
        );
        assert_eq!(
            ReceiptDate::parse_with_format(b"201506201641"),
            Some((d(2015, 6, 20, 16, 41, 0), DateFormat::YyyyMmDdHhMm))
        );
        assert_eq!(
            ReceiptDate::parse_with_format(b"20110314181534"),
            Some((d(2011, 3, 14, 18, 15, 34), DateFormat::YyyyMmDdHhMmSs))
        );
        // Ambiguous: valid both ways, the seconds form wins.
        assert_eq!(
            ReceiptDate::parse(b"201206201641"),
            Some(d(2020, 12, 6, 20, 16, 41))
        );
        assert_eq!(
            ReceiptDate::parse_as(b"201206201641", DateFormat::YyyyMmDdHhMm),
            Some(d(2012, 6, 20, 16, 41, 0))
        );
    }

    #[test]
    fn pivot_year() {
        assert_eq!(ReceiptDate::parse(b"7001010000").unwrap().year, 1970);
        assert_eq!(ReceiptDate::parse(b"6901010000").unwrap().year, 1969);
        assert_eq!(ReceiptDate::parse(b"6801010000").unwrap().year, 2068);
        assert_eq!(ReceiptDate::parse(b"0001010000").unwrap().year, 2000);
    }

    #[test]
    fn rejects() {
        for s in [
            &b"0000000000"[..],
            b"1013010000",
            b"1002300000",
            b"1002290000", // 2010 is not a leap year
            b"1001012400",
            b"1001010060",
            b"100101000",
            b"10010100001",
            b"10010100+0",
            b"",
            b"100101000060",
        ] {
            assert_eq!(ReceiptDate::parse(s), None, "{:?}", core::str::from_utf8(s));
        }
        assert!(ReceiptDate::parse(b"1202290000").is_some()); // 2012 is
    }

    #[test]
    fn digits_round_trip() {
        let date = d(2011, 3, 14, 18, 15, 34);
        for f in [
            DateFormat::YyMmDdHhMm,
            DateFormat::YyMmDdHhMmSs,
            DateFormat::YyyyMmDdHhMm,
            DateFormat::YyyyMmDdHhMmSs,
        ] {
            let mut out = [0u8; 14];
            let n = date.digits(f, &mut out);
            assert_eq!(n, f.digit_count());
            let back = ReceiptDate::parse_as(&out[..n], f).unwrap();
            let want = if f.has_seconds() {
                date
            } else {
                d(2011, 3, 14, 18, 15, 0)
            };
            assert_eq!(back, want);
        }
        let mut out = [0u8; 14];
        let n = date.digits(DateFormat::YyMmDdHhMm, &mut out);
        assert_eq!(&out[..n], b"1103141815");
    }

    #[test]
    fn display_is_iso() {
        extern crate std;
        use std::string::ToString;
        assert_eq!(d(2010, 5, 23, 20, 39, 0).to_string(), "2010-05-23T20:39:00");
    }
}
