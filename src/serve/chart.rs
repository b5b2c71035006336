//! Attention over time: per-period counts of one to four queries (or their share of all articles in each
//! period), drawn as an SVG by the server so that it needs no script; each period is a link that narrows the date
//! range to it.

use super::params::Params;
use crate::dates::{self, Period, TimeBound};
use crate::search::{PeriodCount, QuerySpec};
use chrono::{Datelike, NaiveDate, Weekday};
use std::collections::HashMap;

/// Most periods one histogram may have (`by=day` over centuries is refused rather than computed).
pub const MAX_PERIODS: i64 = 20_000;

const WIDTH: f64 = 900.0;
const HEIGHT: f64 = 200.0;
const LEFT: f64 = 48.0;
const BOTTOM: f64 = 22.0;
const TOP: f64 = 8.0;

/// Refuses a histogram whose date range would hold more than `MAX_PERIODS` periods.
pub fn check_span(spec: &QuerySpec, by: Period) -> Result<(), String> {
    let today = crate::clock::now().date_naive();
    let first = spec.from.map(TimeBound::day);
    let last = spec.until.map(TimeBound::day);
    let (first, last) = match (first, last) {
        (None, None) => return Ok(()),
        (Some(f), None) => (f, today.max(f)),
        (None, Some(l)) => (NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(l).min(l), l),
        (Some(f), Some(l)) => (f, l),
    };
    let days = (last - first).num_days();
    let per = match by {
        Period::Year => 365,
        Period::Month => 28,
        Period::Week => 7,
        Period::Day => 1,
    };
    if days / per > MAX_PERIODS {
        return Err(format!(
            "that date range holds more than {MAX_PERIODS} periods of a {}; choose a longer period or a shorter range",
            by.as_str()
        ));
    }
    Ok(())
}

/// Most bars the page draws; a finer period asked for is drawn at the next longer one.
pub const MAX_BARS: usize = 1500;

/// The next longer period.
pub fn coarser(by: Period) -> Option<Period> {
    match by {
        Period::Day => Some(Period::Week),
        Period::Week => Some(Period::Month),
        Period::Month => Some(Period::Year),
        Period::Year => None,
    }
}

/// The period to chart when none was asked: the finest that gives a readable number of bars, from the number
/// of months the matching articles span.
pub fn auto_period(months: usize) -> Period {
    match months {
        0..=2 => Period::Day,
        3..=9 => Period::Week,
        10..=180 => Period::Month,
        _ => Period::Year,
    }
}

/// The first day of the period a label names (`2024`, `2024-06`, `2024-W25`, `2024-06-23`).
pub fn label_start(by: Period, label: &str) -> Option<NaiveDate> {
    match by {
        Period::Year => NaiveDate::from_ymd_opt(label.parse().ok()?, 1, 1),
        Period::Month => {
            let (y, m) = label.split_once('-')?;
            NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, 1)
        }
        Period::Week => {
            let (y, w) = label.split_once("-W")?;
            NaiveDate::from_isoywd_opt(y.parse().ok()?, w.parse().ok()?, Weekday::Mon)
        }
        Period::Day => NaiveDate::parse_from_str(label, "%Y-%m-%d").ok(),
    }
}

/// `from` and `to` (inclusive) of the period starting on `start`, as the date parameters read them.
fn range_of(by: Period, start: NaiveDate) -> (String, String) {
    match by {
        Period::Year => (start.year().to_string(), start.year().to_string()),
        Period::Month => {
            let m = format!("{}-{:02}", start.year(), start.month());
            (m.clone(), m)
        }
        Period::Week => {
            let end = dates::next_period(by, start).pred_opt().unwrap_or(start);
            (start.to_string(), end.to_string())
        }
        Period::Day => (start.to_string(), start.to_string()),
    }
}

pub struct Bar {
    pub x: String,
    pub y: String,
    pub w: String,
    pub h: String,
    pub href: String,
    pub title: String,
}

pub struct Line {
    pub class: String,
    pub points: String,
    pub name: String,
}

pub struct Tick {
    pub x: String,
    pub label: String,
}

pub struct Choice {
    pub label: &'static str,
    pub href: String,
    pub current: bool,
}

/// Everything the template draws.
pub struct ChartView {
    pub width: f64,
    pub height: f64,
    pub plot_left: f64,
    pub plot_bottom: f64,
    /// One bar per period (a single series), or the clickable columns behind the lines (several).
    pub bars: Vec<Bar>,
    pub columns: Vec<Bar>,
    pub lines: Vec<Line>,
    pub ticks: Vec<Tick>,
    pub max_label: String,
    pub periods: Vec<Choice>,
    pub scales: Vec<Choice>,
    pub by: &'static str,
}

fn f(v: f64) -> String {
    format!("{v:.1}")
}

/// Lays out the series (name, counts) over the union of their periods; with `all`, values are shares of it.
pub fn view(
    p: &Params,
    by: Period,
    series: &[(String, Vec<PeriodCount>)],
    all: Option<&[PeriodCount]>,
) -> ChartView {
    let maps: Vec<HashMap<&str, u64>> = series
        .iter()
        .map(|(_, c)| c.iter().map(|pc| (pc.period.as_str(), pc.count)).collect())
        .collect();
    let totals: Option<HashMap<&str, u64>> =
        all.map(|a| a.iter().map(|pc| (pc.period.as_str(), pc.count)).collect());
    let starts: Vec<NaiveDate> = series
        .iter()
        .flat_map(|(_, c)| c.iter().filter_map(|pc| label_start(by, &pc.period)))
        .collect();
    let mut labels: Vec<(String, NaiveDate)> = Vec::new();
    if let (Some(&first), Some(&last)) = (starts.iter().min(), starts.iter().max()) {
        let mut d = first;
        while d <= last && labels.len() < MAX_PERIODS as usize {
            labels.push((dates::period_label(by, d), d));
            let next = dates::next_period(by, d);
            if next <= d {
                break;
            }
            d = next;
        }
    }
    let value = |i: usize, label: &str| -> f64 {
        let n = maps[i].get(label).copied().unwrap_or(0) as f64;
        match &totals {
            Some(t) => match t.get(label).copied().unwrap_or(0) {
                0 => 0.0,
                all => 100.0 * n / all as f64,
            },
            None => n,
        }
    };
    let values: Vec<Vec<f64>> = (0..series.len())
        .map(|i| labels.iter().map(|(l, _)| value(i, l)).collect())
        .collect();
    let max = values.iter().flatten().copied().fold(0.0_f64, f64::max);
    let plot_w = WIDTH - LEFT;
    let plot_h = HEIGHT - BOTTOM - TOP;
    let n = labels.len().max(1) as f64;
    let step = plot_w / n;
    let scale = if max > 0.0 { plot_h / max } else { 0.0 };
    let base = HEIGHT - BOTTOM;
    let unit = |v: f64| -> String {
        if totals.is_some() {
            format!("{v:.2}% of all articles")
        } else {
            format!("{v:.0} articles")
        }
    };
    let narrow = |start: NaiveDate| -> String {
        let (from, to) = range_of(by, start);
        p.link(|q| {
            q.from = Some(from);
            q.to = Some(to);
            q.on = None;
            q.since = None;
            q.by = None;
        })
    };
    let mut bars = Vec::new();
    let mut columns = Vec::new();
    let mut lines = Vec::new();
    if series.len() == 1 {
        for (i, (label, start)) in labels.iter().enumerate() {
            let v = values[0][i];
            let h = v * scale;
            bars.push(Bar {
                x: f(LEFT + i as f64 * step + step * 0.1),
                y: f(base - h),
                w: f((step * 0.8).max(0.5)),
                h: f(h),
                href: narrow(*start),
                title: format!("{label}: {}", unit(v)),
            });
        }
    } else {
        for (i, (label, start)) in labels.iter().enumerate() {
            let parts: Vec<String> = series
                .iter()
                .enumerate()
                .map(|(s, (name, _))| format!("{name}: {}", unit(values[s][i])))
                .collect();
            columns.push(Bar {
                x: f(LEFT + i as f64 * step),
                y: f(TOP),
                w: f(step),
                h: f(plot_h),
                href: narrow(*start),
                title: format!("{label}\n{}", parts.join("\n")),
            });
        }
        for (s, (name, _)) in series.iter().enumerate() {
            let points: Vec<String> = values[s]
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    format!(
                        "{},{}",
                        f(LEFT + (i as f64 + 0.5) * step),
                        f(base - v * scale)
                    )
                })
                .collect();
            lines.push(Line {
                class: format!("series s{s}"),
                points: points.join(" "),
                name: name.clone(),
            });
        }
    }
    // About six labels along the axis.
    let mut ticks = Vec::new();
    let every = (labels.len() / 6).max(1);
    for (i, (label, _)) in labels.iter().enumerate() {
        if i % every == 0 {
            ticks.push(Tick {
                x: f(LEFT + i as f64 * step),
                label: label.clone(),
            });
        }
    }
    let periods = Period::ALL
        .into_iter()
        .map(|b| Choice {
            label: b.as_str(),
            href: p.link(|q| q.by = Some(b)),
            current: b == by,
        })
        .collect();
    let scales = vec![
        Choice {
            label: "articles",
            href: p.link(|q| q.share = false),
            current: totals.is_none(),
        },
        Choice {
            label: "share of all articles",
            href: p.link(|q| q.share = true),
            current: totals.is_some(),
        },
    ];
    ChartView {
        width: WIDTH,
        height: HEIGHT,
        plot_left: LEFT,
        plot_bottom: base,
        bars,
        columns,
        lines,
        ticks,
        max_label: if totals.is_some() {
            format!("{max:.1}%")
        } else {
            format!("{max:.0}")
        },
        periods,
        scales,
        by: by.as_str(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_give_back_their_start() {
        for by in Period::ALL {
            let d = NaiveDate::from_ymd_opt(2024, 6, 23).unwrap();
            let start = dates::period_start(by, d);
            let label = dates::period_label(by, start);
            assert_eq!(label_start(by, &label), Some(start), "{label}");
        }
    }

    #[test]
    fn bars_fill_empty_periods_and_link_to_their_range() {
        let p = Params::default();
        let counts = vec![
            PeriodCount {
                period: "2024-01".into(),
                count: 2,
            },
            PeriodCount {
                period: "2024-03".into(),
                count: 4,
            },
        ];
        let v = view(&p, Period::Month, &[("q".into(), counts)], None);
        assert_eq!(v.bars.len(), 3);
        assert!(
            v.bars[1].href.contains("from=2024-02&to=2024-02"),
            "{}",
            v.bars[1].href
        );
        assert_eq!(v.max_label, "4");
    }

    #[test]
    fn span_is_bounded() {
        let spec = QuerySpec {
            from: Some(TimeBound::Day(NaiveDate::from_ymd_opt(1, 1, 1).unwrap())),
            ..QuerySpec::default()
        };
        assert!(check_span(&spec, Period::Day).is_err());
        assert!(check_span(&spec, Period::Year).is_ok());
    }
}
