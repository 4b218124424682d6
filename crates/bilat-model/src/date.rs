//! Dates that say how precise they are.
//!
//! Sources rarely give a day: "in 1998", "in autumn 2024", "in the 1990s". A [`FuzzyDate`] keeps
//! what the source said and nothing more, so "autumn 2024" is never turned into 2024-09-01.
//! Every fuzzy date covers an inclusive interval of days ([`FuzzyDate::first_day`] to
//! [`FuzzyDate::last_day`]); comparisons between sources are made on those intervals.
//!
//! Text form (also the JSON form):
//!
//! | form | precision | example |
//! |---|---|---|
//! | `YYYY-MM-DD` | day | `2024-02-14` |
//! | `YYYY-MM` | month | `2022-10` |
//! | `YYYY-Qn` | quarter | `2023-Q1` |
//! | `YYYY-spring` … `YYYY-winter` | season (northern meteorological: MAM, JJA, SON, DJF; winter runs from December of the year into February of the next) | `2024-autumn` |
//! | `YYYY` | year | `1998` |
//! | `A/B` | range of two of the above | `1990/2005`, `2022-10-11/2022-10-13` |

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A calendar day in the proleptic Gregorian calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Day {
    /// A checked constructor: `None` for a day that does not exist (2023-02-29).
    pub fn new(year: i32, month: u8, day: u8) -> Option<Day> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Day { year, month, day })
    }

    /// Days since 0000-03-01, for differences between days.
    pub fn ordinal(self) -> i64 {
        // Shift the year so that it starts in March; February is then the last month.
        let (y, m) = if self.month <= 2 {
            (i64::from(self.year) - 1, i64::from(self.month) + 9)
        } else {
            (i64::from(self.year), i64::from(self.month) - 3)
        };
        365 * y + y.div_euclid(4) - y.div_euclid(100)
            + y.div_euclid(400)
            + (153 * m + 2) / 5
            + i64::from(self.day)
            - 1
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

pub fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Season {
    Spring,
    Summer,
    Autumn,
    Winter,
}

impl Season {
    fn name(self) -> &'static str {
        match self {
            Season::Spring => "spring",
            Season::Summer => "summer",
            Season::Autumn => "autumn",
            Season::Winter => "winter",
        }
    }
}

/// How precise a date is; also the order of precision (`Day` is the finest).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Day,
    Month,
    Quarter,
    Season,
    Year,
    Range,
}

impl Precision {
    /// The lower-case name, as written in files.
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Day => "day",
            Precision::Month => "month",
            Precision::Quarter => "quarter",
            Precision::Season => "season",
            Precision::Year => "year",
            Precision::Range => "range",
        }
    }
}

impl fmt::Display for Precision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A single point of a given precision (the ends of a range are points).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Point {
    Day(Day),
    Month(i32, u8),
    Quarter(i32, u8),
    Season(i32, Season),
    Year(i32),
}

impl Point {
    fn first_day(self) -> Day {
        match self {
            Point::Day(d) => d,
            Point::Month(y, m) => Day {
                year: y,
                month: m,
                day: 1,
            },
            Point::Quarter(y, q) => Day {
                year: y,
                month: (q - 1) * 3 + 1,
                day: 1,
            },
            Point::Season(y, s) => {
                let month = match s {
                    Season::Spring => 3,
                    Season::Summer => 6,
                    Season::Autumn => 9,
                    Season::Winter => 12,
                };
                Day {
                    year: y,
                    month,
                    day: 1,
                }
            }
            Point::Year(y) => Day {
                year: y,
                month: 1,
                day: 1,
            },
        }
    }

    fn last_day(self) -> Day {
        let end_of = |year: i32, month: u8| Day {
            year,
            month,
            day: days_in_month(year, month),
        };
        match self {
            Point::Day(d) => d,
            Point::Month(y, m) => end_of(y, m),
            Point::Quarter(y, q) => end_of(y, q * 3),
            Point::Season(y, s) => match s {
                Season::Spring => end_of(y, 5),
                Season::Summer => end_of(y, 8),
                Season::Autumn => end_of(y, 11),
                Season::Winter => end_of(y + 1, 2),
            },
            Point::Year(y) => end_of(y, 12),
        }
    }

    fn precision(self) -> Precision {
        match self {
            Point::Day(_) => Precision::Day,
            Point::Month(..) => Precision::Month,
            Point::Quarter(..) => Precision::Quarter,
            Point::Season(..) => Precision::Season,
            Point::Year(_) => Precision::Year,
        }
    }
}

impl fmt::Display for Point {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Point::Day(d) => write!(f, "{d}"),
            Point::Month(y, m) => write!(f, "{y:04}-{m:02}"),
            Point::Quarter(y, q) => write!(f, "{y:04}-Q{q}"),
            Point::Season(y, s) => write!(f, "{y:04}-{}", s.name()),
            Point::Year(y) => write!(f, "{y:04}"),
        }
    }
}

/// A date as precise as its source: a point, or a range of two points.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FuzzyDate {
    Point(Point),
    Range(Point, Point),
}

/// Why a date did not parse: the offending text and what was expected.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error(
    "expected a date such as 2024-02-14, 2024-02, 2024-Q1, 2024-autumn, 2024 or A/B, found `{found}`: {reason}"
)]
pub struct DateError {
    pub found: String,
    pub reason: &'static str,
}

impl FuzzyDate {
    pub fn day(year: i32, month: u8, day: u8) -> Option<FuzzyDate> {
        Day::new(year, month, day).map(|d| FuzzyDate::Point(Point::Day(d)))
    }

    pub fn year(year: i32) -> FuzzyDate {
        FuzzyDate::Point(Point::Year(year))
    }

    pub fn parse(text: &str) -> Result<FuzzyDate, DateError> {
        let text = text.trim();
        let err = |reason| DateError {
            found: text.chars().take(60).collect(),
            reason,
        };
        if let Some((a, b)) = text.split_once('/') {
            let start = parse_point(a.trim()).map_err(err)?;
            let end = parse_point(b.trim()).map_err(err)?;
            if end.last_day() < start.first_day() {
                return Err(err("the range ends before it starts"));
            }
            return Ok(FuzzyDate::Range(start, end));
        }
        parse_point(text).map(FuzzyDate::Point).map_err(err)
    }

    pub fn precision(&self) -> Precision {
        match self {
            FuzzyDate::Point(p) => p.precision(),
            FuzzyDate::Range(..) => Precision::Range,
        }
    }

    pub fn first_day(&self) -> Day {
        match self {
            FuzzyDate::Point(p) | FuzzyDate::Range(p, _) => p.first_day(),
        }
    }

    pub fn last_day(&self) -> Day {
        match self {
            FuzzyDate::Point(p) | FuzzyDate::Range(_, p) => p.last_day(),
        }
    }

    /// The year of the first day; what a timeline groups by.
    pub fn year_of(&self) -> i32 {
        self.first_day().year
    }

    /// Whether two dates can describe the same moment (their intervals share a day).
    pub fn overlaps(&self, other: &FuzzyDate) -> bool {
        self.first_day() <= other.last_day() && other.first_day() <= self.last_day()
    }

    /// Whether this date lies wholly before `other` begins.
    pub fn is_before(&self, other: &FuzzyDate) -> bool {
        self.last_day() < other.first_day()
    }
}

fn parse_point(text: &str) -> Result<Point, &'static str> {
    let mut parts = text.splitn(3, '-');
    let year_text = parts.next().unwrap_or_default();
    if year_text.len() != 4 || !year_text.bytes().all(|b| b.is_ascii_digit()) {
        return Err("the year must be four digits");
    }
    let year: i32 = year_text
        .parse()
        .map_err(|_| "the year must be four digits")?;
    let Some(second) = parts.next() else {
        return Ok(Point::Year(year));
    };
    let third = parts.next();
    let season = match second {
        "spring" => Some(Season::Spring),
        "summer" => Some(Season::Summer),
        "autumn" => Some(Season::Autumn),
        "winter" => Some(Season::Winter),
        _ => None,
    };
    if let Some(season) = season {
        return if third.is_none() {
            Ok(Point::Season(year, season))
        } else {
            Err("nothing may follow a season")
        };
    }
    if let Some(q) = second.strip_prefix('Q') {
        return match (q, third) {
            ("1" | "2" | "3" | "4", None) => Ok(Point::Quarter(year, q.as_bytes()[0] - b'0')),
            _ => Err("a quarter is Q1 to Q4"),
        };
    }
    let month = two_digits(second).ok_or("the month must be two digits")?;
    if !(1..=12).contains(&month) {
        return Err("the month must be 01 to 12");
    }
    let Some(day_text) = third else {
        return Ok(Point::Month(year, month));
    };
    let day = two_digits(day_text).ok_or("the day must be two digits")?;
    Day::new(year, month, day)
        .map(Point::Day)
        .ok_or("no such day in that month")
}

fn two_digits(text: &str) -> Option<u8> {
    if text.len() == 2 && text.bytes().all(|b| b.is_ascii_digit()) {
        text.parse().ok()
    } else {
        None
    }
}

impl fmt::Display for FuzzyDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FuzzyDate::Point(p) => write!(f, "{p}"),
            FuzzyDate::Range(a, b) => write!(f, "{a}/{b}"),
        }
    }
}

impl std::str::FromStr for FuzzyDate {
    type Err = DateError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        FuzzyDate::parse(s)
    }
}

impl Serialize for FuzzyDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for FuzzyDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        FuzzyDate::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, precision: Precision, first: &str, last: &str) {
        let date = FuzzyDate::parse(text).unwrap();
        assert_eq!(date.precision(), precision, "{text}");
        assert_eq!(date.first_day().to_string(), first, "{text}");
        assert_eq!(date.last_day().to_string(), last, "{text}");
        assert_eq!(date.to_string(), text, "round trip");
    }

    #[test]
    fn each_precision_covers_its_interval() {
        check("2024-02-14", Precision::Day, "2024-02-14", "2024-02-14");
        check("2024-02", Precision::Month, "2024-02-01", "2024-02-29");
        check("2023-02", Precision::Month, "2023-02-01", "2023-02-28");
        check("2023-Q1", Precision::Quarter, "2023-01-01", "2023-03-31");
        check("2024-autumn", Precision::Season, "2024-09-01", "2024-11-30");
        check("2023-winter", Precision::Season, "2023-12-01", "2024-02-29");
        check("1998", Precision::Year, "1998-01-01", "1998-12-31");
        check("1990/2005", Precision::Range, "1990-01-01", "2005-12-31");
        check(
            "2022-10-11/2022-10-13",
            Precision::Range,
            "2022-10-11",
            "2022-10-13",
        );
    }

    #[test]
    fn impossible_dates_are_refused_with_the_text() {
        for bad in [
            "2023-02-29",
            "2024-13",
            "2024-Q5",
            "24-01-01",
            "2024-1-1",
            "",
            "2024-autumn-01",
            "2025/2024",
            "2024-02-30",
        ] {
            let err = FuzzyDate::parse(bad).unwrap_err();
            assert_eq!(err.found, bad.trim());
        }
    }

    #[test]
    fn overlap_and_order_follow_the_intervals() {
        let autumn = FuzzyDate::parse("2024-autumn").unwrap();
        let oct30 = FuzzyDate::parse("2024-10-30").unwrap();
        let feb = FuzzyDate::parse("2024-02").unwrap();
        assert!(autumn.overlaps(&oct30));
        assert!(feb.is_before(&autumn));
        assert!(!autumn.is_before(&oct30));
    }

    #[test]
    fn ordinal_counts_days() {
        let a = Day::new(2024, 2, 28).unwrap();
        let b = Day::new(2024, 3, 1).unwrap();
        assert_eq!(b.ordinal() - a.ordinal(), 2);
        let c = Day::new(1993, 7, 1).unwrap();
        let d = Day::new(2023, 7, 1).unwrap();
        assert_eq!(d.ordinal() - c.ordinal(), 10957);
    }
}
