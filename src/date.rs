//! Calendar dates with a precision (year, month or day) and periods between them.

use std::fmt;
use std::str::FromStr;

use jiff::civil::Date;

use crate::error::ValueError;

/// How precisely a [`ClaimDate`] is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Precision {
    /// Only the year (`"2024"`).
    Year,
    /// The year and month (`"2024-10"`).
    Month,
    /// The day (`"2024-10-23"`).
    Day,
}

/// A calendar date known to a year, a month or a day: ISO 8601 reduced precision.
///
/// "Earlier this month" in an article of October 2024 is `2024-10`; its
/// [`bounds`](ClaimDate::bounds) are the first and last day of October.
///
/// ```
/// use sourced::{ClaimDate, Precision};
///
/// let d: ClaimDate = "2024-10".parse()?;
/// assert_eq!(d.precision(), Precision::Month);
/// let (first, last) = d.bounds();
/// assert_eq!((first.to_string(), last.to_string()), ("2024-10-01".into(), "2024-10-31".into()));
/// assert!("2024-02-30".parse::<ClaimDate>().is_err());
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "String", into = "String"))]
pub struct ClaimDate {
    // Ordered by first day, then precision: 2024 < 2024-01 < 2024-01-01.
    first: Date,
    precision: Precision,
}

impl ClaimDate {
    /// A whole year.
    pub fn year(year: i16) -> Result<Self, ValueError> {
        Self::build(year, 1, 1, Precision::Year)
    }

    /// A month of a year.
    pub fn month(year: i16, month: i8) -> Result<Self, ValueError> {
        Self::build(year, month, 1, Precision::Month)
    }

    /// A day.
    pub fn day(year: i16, month: i8, day: i8) -> Result<Self, ValueError> {
        Self::build(year, month, day, Precision::Day)
    }

    fn build(year: i16, month: i8, day: i8, precision: Precision) -> Result<Self, ValueError> {
        let first = Date::new(year, month, day).map_err(|e| ValueError::Date {
            text: format!("{year:04}-{month:02}-{day:02}"),
            reason: e.to_string(),
        })?;
        Ok(ClaimDate { first, precision })
    }

    /// How precisely the date is known.
    pub fn precision(&self) -> Precision {
        self.precision
    }

    /// The first and last day the date may stand for.
    pub fn bounds(&self) -> (Date, Date) {
        (self.first, self.last())
    }

    /// The first day the date may stand for.
    pub fn first_day(&self) -> Date {
        self.first
    }

    /// The last day the date may stand for.
    pub fn last_day(&self) -> Date {
        self.last()
    }

    fn last(&self) -> Date {
        match self.precision {
            Precision::Day => self.first,
            Precision::Month => self.first.last_of_month(),
            Precision::Year => self.first.last_of_year(),
        }
    }
}

impl FromStr for ClaimDate {
    type Err = ValueError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        // The common form, read digit by digit before anything else (a loader reads a
        // million dates, and splitting the text first costs more than reading it).
        if let Some([y, m, d]) = day_digits(text)
            && let Ok(date) = ClaimDate::day(y, m as i8, d as i8)
        {
            return Ok(date);
        }
        let bad = |reason: &str| ValueError::Date {
            text: text.to_owned(),
            reason: reason.to_owned(),
        };
        // Up to three parts, without collecting them (a loader reads a million dates).
        let mut split = text.split('-');
        let parts = [split.next(), split.next(), split.next(), split.next()];
        let number = |part: &str, digits: usize, what: &str| -> Result<i16, ValueError> {
            if part.len() != digits || !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(bad(&format!(
                    "expected {digits} digits for the {what} (formats: YYYY, YYYY-MM, YYYY-MM-DD)"
                )));
            }
            part.parse::<i16>().map_err(|_| bad("number out of range"))
        };
        let date = match parts {
            // An invalid day of the common form (checked above): its error, with this text.
            _ if let Some([y, m, d]) = day_digits(text) => ClaimDate::day(y, m as i8, d as i8),
            [Some(y), None, ..] => ClaimDate::year(number(y, 4, "year")?),
            [Some(y), Some(m), None, _] => {
                ClaimDate::month(number(y, 4, "year")?, number(m, 2, "month")? as i8)
            }
            [Some(y), Some(m), Some(d), None] => ClaimDate::day(
                number(y, 4, "year")?,
                number(m, 2, "month")? as i8,
                number(d, 2, "day")? as i8,
            ),
            _ => return Err(bad("expected YYYY, YYYY-MM or YYYY-MM-DD")),
        };
        date.map_err(|e| match e {
            ValueError::Date { reason, .. } => bad(&reason),
            other => other,
        })
    }
}

/// Year, month and day of a text of the form `YYYY-MM-DD` (ten bytes, digits where digits
/// belong); `None` for any other text.
fn day_digits(text: &str) -> Option<[i16; 3]> {
    let &[y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = text.as_bytes() else {
        return None;
    };
    let value = |digits: &[u8]| {
        digits.iter().try_fold(0i16, |n, &b| {
            b.is_ascii_digit().then(|| n * 10 + i16::from(b - b'0'))
        })
    };
    Some([
        value(&[y0, y1, y2, y3])?,
        value(&[m0, m1])?,
        value(&[d0, d1])?,
    ])
}

impl fmt::Display for ClaimDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.first;
        match self.precision {
            Precision::Year => write!(f, "{:04}", d.year()),
            Precision::Month => write!(f, "{:04}-{:02}", d.year(), d.month()),
            Precision::Day => write!(f, "{:04}-{:02}-{:02}", d.year(), d.month(), d.day()),
        }
    }
}

impl fmt::Debug for ClaimDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ClaimDate({self})")
    }
}

impl TryFrom<String> for ClaimDate {
    type Error = ValueError;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

impl From<ClaimDate> for String {
    fn from(date: ClaimDate) -> String {
        date.to_string()
    }
}

/// The time a number refers to: one [`ClaimDate`] or a period from one to another.
///
/// Written `"2024-10-23"` for a single date and `"2024-10/2024-11"` (ISO 8601 interval) for a
/// period.
///
/// ```
/// use sourced::Period;
/// let p: Period = "2022-02-24/2024-10".parse()?;
/// assert_eq!(p.to_string(), "2022-02-24/2024-10");
/// assert_eq!(p.last_day().to_string(), "2024-10-31");
/// assert!("2024-11/2024-10".parse::<Period>().is_err());
/// Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "String", into = "String"))]
pub struct Period {
    start: ClaimDate,
    end: ClaimDate,
}

impl Period {
    /// The period from `start` to `end`; `end` may not finish before `start` begins.
    pub fn new(start: ClaimDate, end: ClaimDate) -> Result<Self, ValueError> {
        if end.last_day() < start.first_day() {
            return Err(ValueError::Date {
                text: format!("{start}/{end}"),
                reason: "the period ends before it starts".to_owned(),
            });
        }
        Ok(Period { start, end })
    }

    /// Where the period starts.
    pub fn start(&self) -> ClaimDate {
        self.start
    }

    /// Where the period ends.
    pub fn end(&self) -> ClaimDate {
        self.end
    }

    /// The first day the period may include.
    pub fn first_day(&self) -> Date {
        self.start.first_day()
    }

    /// The last day the period may include.
    pub fn last_day(&self) -> Date {
        self.end.last_day()
    }

    /// The middle day of the period, used to order claims in time.
    pub fn midpoint(&self) -> Date {
        let (a, b) = (self.first_day(), self.last_day());
        let days = a.until(b).map(|span| span.get_days()).unwrap_or(0);
        a.checked_add(jiff::Span::new().days(i64::from(days / 2)))
            .unwrap_or(a)
    }
}

impl From<ClaimDate> for Period {
    fn from(date: ClaimDate) -> Period {
        Period {
            start: date,
            end: date,
        }
    }
}

impl FromStr for Period {
    type Err = ValueError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        // A single day (the common period) has no '/' to search for.
        if let Some([y, m, d]) = day_digits(text)
            && let Ok(date) = ClaimDate::day(y, m as i8, d as i8)
        {
            return Ok(Period::from(date));
        }
        match text.split_once('/') {
            None => Ok(Period::from(text.parse::<ClaimDate>()?)),
            Some((a, b)) => Period::new(a.parse()?, b.parse()?),
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.start == self.end {
            write!(f, "{}", self.start)
        } else {
            write!(f, "{}/{}", self.start, self.end)
        }
    }
}

impl fmt::Debug for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Period({self})")
    }
}

impl TryFrom<String> for Period {
    type Error = ValueError;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

impl From<Period> for String {
    fn from(p: Period) -> String {
        p.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reduced_precision_dates_round_trip() {
        for text in ["2024", "2024-10", "2024-10-23", "0999-01-01"] {
            assert_eq!(text.parse::<ClaimDate>().unwrap().to_string(), text);
        }
    }

    #[test]
    fn impossible_and_malformed_dates_are_errors() {
        for text in [
            "2024-02-30",
            "2023-02-29",
            "2024-13",
            "24-10-01",
            "2024/10/01",
            "",
            "2024-1-1",
        ] {
            assert!(text.parse::<ClaimDate>().is_err(), "{text}");
        }
        assert!("2024-02-29".parse::<ClaimDate>().is_ok());
    }

    #[test]
    fn year_bounds_cover_the_whole_year() {
        let (a, b) = ClaimDate::year(2024).unwrap().bounds();
        assert_eq!(
            (a.to_string(), b.to_string()),
            ("2024-01-01".into(), "2024-12-31".into())
        );
    }
}
