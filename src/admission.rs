//! The admission pages' rules (pure): what the selectors
//! offer, the trend a chart draws, the major table's sort, and the rows a CSV download holds.

use portal_model::admissions::{Batch, MajorScoreLine, PlanRow, ScoreLine, Track};
use std::fmt::Display;

/// Where a visitor with no choice yet starts.
pub const DEFAULT_PROVINCE: &str = "福建";

/// What a missing number reads as.
pub const MISSING: &str = "暂无数据";

/// A number, or 暂无数据.
pub fn or_missing<T: Display>(value: Option<T>) -> String {
    value.map_or_else(|| MISSING.to_string(), |v| v.to_string())
}

fn unique<T: PartialEq>(items: impl Iterator<Item = T>) -> Vec<T> {
    let mut out = Vec::new();
    for item in items {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

/// The tracks a set of rows has, in the order met (newest year first in every file).
pub fn tracks_of(rows: impl Iterator<Item = Track>) -> Vec<Track> {
    unique(rows)
}

/// Years, newest first.
pub fn years_of(rows: impl Iterator<Item = u16>) -> Vec<u16> {
    let mut years = unique(rows);
    years.sort_unstable_by(|a, b| b.cmp(a));
    years
}

pub fn batches_of(rows: impl Iterator<Item = Batch>) -> Vec<Batch> {
    unique(rows)
}

/// The 专业组 of some plan rows, in the order met.
pub fn unique_groups(plans: &[PlanRow]) -> Vec<String> {
    unique(plans.iter().filter_map(|p| p.group.clone()))
}

/// The track to show: the URL's, else the remembered one, else the first, each only where
/// the school has it there (a link asking for a track it lacks shows one it has, never a
/// blank 科类 and empty tables; the page says so, see [`missing_track`]).
pub fn pick_track(available: &[Track], from_url: Option<Track>, remembered: Option<Track>) -> Option<Track> {
    let offered = |t: &Track| available.contains(t);
    from_url.filter(offered).or_else(|| remembered.filter(offered)).or_else(|| available.first().copied())
}

/// The URL's track when the school has none of its lines there (the page says so).
pub fn missing_track(available: &[Track], from_url: Option<Track>) -> Option<Track> {
    from_url.filter(|t| !available.contains(t))
}

/// One year of the trend: the school's lowest 普通类 line outside 提前批 (any line when there
/// is none), with its rank and the province's control line.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct YearPoint {
    pub year: u16,
    pub score: u16,
    pub rank: Option<u32>,
    pub control: Option<u16>,
}

/// Oldest year first.
pub fn trend(lines: &[ScoreLine]) -> Vec<YearPoint> {
    use portal_model::admissions::AdmissionType;
    let main = |l: &&ScoreLine| l.admission_type == AdmissionType::General && l.batch != Batch::Early;
    let mut years = years_of(lines.iter().map(|l| l.year));
    years.reverse();
    years
        .into_iter()
        .filter_map(|year| {
            let of_year: Vec<&ScoreLine> = lines.iter().filter(|l| l.year == year).collect();
            let pool: Vec<&ScoreLine> =
                if of_year.iter().any(main) { of_year.into_iter().filter(main).collect() } else { of_year };
            pool.into_iter().min_by_key(|l| l.lowest).map(|l| YearPoint {
                year,
                score: l.lowest,
                rank: l.lowest_rank,
                control: l.control_line,
            })
        })
        .collect()
}

/// How the major table is sorted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortKey {
    /// Highest lowest score first.
    Score,
    /// Best (smallest) rank first; no rank last.
    Rank,
    /// By name (Unicode order).
    Name,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sort {
    pub key: SortKey,
    pub ascending: bool,
}

impl Sort {
    /// The natural direction of a column when first chosen.
    pub fn first(key: SortKey) -> Sort {
        Sort { key, ascending: key != SortKey::Score }
    }

    /// Clicking a column: the same column flips, another starts in its natural direction.
    pub fn toggle(self, key: SortKey) -> Sort {
        if self.key == key {
            Sort { ascending: !self.ascending, ..self }
        } else {
            Sort::first(key)
        }
    }

    /// `aria-sort` of a column.
    pub fn aria(self, key: SortKey) -> &'static str {
        match (self.key == key, self.ascending) {
            (false, _) => "none",
            (true, true) => "ascending",
            (true, false) => "descending",
        }
    }
}

/// Sorts major lines; rows without a rank stay last whichever the direction.
pub fn sort_major_lines(lines: &mut [MajorScoreLine], sort: Sort) {
    use std::cmp::Ordering;
    lines.sort_by(|a, b| {
        let order = match sort.key {
            SortKey::Score => a.lowest.cmp(&b.lowest),
            SortKey::Rank => match (a.lowest_rank, b.lowest_rank) {
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) => return Ordering::Less,
                (None, Some(_)) => return Ordering::Greater,
                (None, None) => Ordering::Equal,
            },
            SortKey::Name => a.major.cmp(&b.major),
        };
        if sort.ascending {
            order
        } else {
            order.reverse()
        }
    });
}

fn group(g: &Option<String>) -> String {
    g.clone().unwrap_or_default()
}

pub const SCORE_HEADER: [&str; 11] = [
    "年份",
    "省份",
    "科类",
    "批次",
    "招生类型",
    "专业组",
    "选科要求",
    "最低分",
    "最低位次",
    "平均分",
    "省控线",
];

pub fn score_rows(lines: &[ScoreLine]) -> Vec<Vec<String>> {
    lines
        .iter()
        .map(|l| {
            vec![
                l.year.to_string(),
                l.province.clone(),
                l.track.label().into(),
                l.batch.label().into(),
                l.admission_type.label().into(),
                group(&l.group),
                l.subjects.clone(),
                l.lowest.to_string(),
                or_missing(l.lowest_rank),
                or_missing(l.average.map(|a| crate::chart::num(f64::from(a)))),
                or_missing(l.control_line),
            ]
        })
        .collect()
}

pub const MAJOR_HEADER: [&str; 10] =
    ["年份", "省份", "科类", "批次", "专业组", "专业", "专业类", "最低分", "最低位次", "平均分"];

pub fn major_rows(lines: &[MajorScoreLine]) -> Vec<Vec<String>> {
    lines
        .iter()
        .map(|l| {
            vec![
                l.year.to_string(),
                l.province.clone(),
                l.track.label().into(),
                l.batch.label().into(),
                group(&l.group),
                l.major.clone(),
                l.major_class.clone(),
                l.lowest.to_string(),
                or_missing(l.lowest_rank),
                or_missing(l.average.map(|a| crate::chart::num(f64::from(a)))),
            ]
        })
        .collect()
}

pub const PLAN_HEADER: [&str; 12] = [
    "年份",
    "省份",
    "科类",
    "批次",
    "招生类型",
    "专业组",
    "专业",
    "计划人数",
    "学制",
    "学费（元/年）",
    "选科要求",
    "备注",
];

pub fn plan_rows(plans: &[PlanRow]) -> Vec<Vec<String>> {
    plans
        .iter()
        .map(|p| {
            vec![
                p.year.to_string(),
                p.province.clone(),
                p.track.label().into(),
                p.batch.label().into(),
                p.admission_type.label().into(),
                group(&p.group),
                p.major.clone(),
                p.places.to_string(),
                or_missing(p.duration.map(|d| format!("{d}年"))),
                or_missing(p.tuition),
                p.subjects.clone(),
                p.remarks.clone(),
            ]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use portal_model::admissions::AdmissionType;

    fn line(year: u16, batch: Batch, kind: AdmissionType, lowest: u16, rank: Option<u32>) -> ScoreLine {
        ScoreLine {
            year,
            province: "福建".into(),
            track: Track::Physics,
            batch,
            admission_type: kind,
            group: None,
            subjects: String::new(),
            lowest,
            lowest_rank: rank,
            average: None,
            highest: None,
            control_line: Some(300),
            source: None,
            rank_source: None,
            control_source: None,
        }
    }

    #[test]
    fn picks_the_url_then_memory_then_first() {
        let have = [Track::Physics, Track::History];
        assert_eq!(pick_track(&have, Some(Track::History), Some(Track::Physics)), Some(Track::History));
        // A track the school lacks there: the remembered one, else the first; said apart.
        assert_eq!(pick_track(&have, Some(Track::Science), Some(Track::History)), Some(Track::History));
        assert_eq!(pick_track(&have[..1], Some(Track::History), Some(Track::History)), Some(Track::Physics));
        assert_eq!(missing_track(&have[..1], Some(Track::History)), Some(Track::History));
        assert_eq!(missing_track(&have, Some(Track::History)), None);
        assert_eq!(missing_track(&have, None), None);
        assert_eq!(pick_track(&have, None, Some(Track::History)), Some(Track::History));
        assert_eq!(pick_track(&have, None, Some(Track::Science)), Some(Track::Physics));
        assert_eq!(pick_track(&[], None, None), None);
    }

    #[test]
    fn trend_takes_the_main_lowest_per_year() {
        let lines = vec![
            line(2025, Batch::Vocational, AdmissionType::General, 402, Some(93)),
            line(2025, Batch::Vocational, AdmissionType::General, 400, None),
            line(2025, Batch::Early, AdmissionType::Directed, 370, Some(100)),
            line(2024, Batch::Early, AdmissionType::Directed, 380, Some(99)),
        ];
        let t = trend(&lines);
        assert_eq!(t.len(), 2);
        assert_eq!((t[0].year, t[0].score), (2024, 380));
        assert_eq!((t[1].year, t[1].score, t[1].rank), (2025, 400, None));
    }

    #[test]
    fn sorts_major_lines_with_missing_ranks_last() {
        let m = |name: &str, lowest: u16, rank: Option<u32>| MajorScoreLine {
            year: 2025,
            province: "福建".into(),
            track: Track::Physics,
            batch: Batch::Vocational,
            admission_type: AdmissionType::General,
            group: None,
            major: name.into(),
            major_class: String::new(),
            subjects: String::new(),
            lowest,
            lowest_rank: rank,
            average: None,
            highest: None,
            source: None,
            rank_source: None,
        };
        let mut lines = vec![m("乙", 400, None), m("甲", 420, Some(5)), m("丙", 410, Some(9))];
        sort_major_lines(&mut lines, Sort::first(SortKey::Score));
        assert_eq!(lines.iter().map(|l| l.lowest).collect::<Vec<_>>(), [420, 410, 400]);
        sort_major_lines(&mut lines, Sort::first(SortKey::Rank));
        assert_eq!(lines.iter().map(|l| l.lowest_rank).collect::<Vec<_>>(), [Some(5), Some(9), None]);
        sort_major_lines(&mut lines, Sort::first(SortKey::Rank).toggle(SortKey::Rank));
        assert_eq!(lines.iter().map(|l| l.lowest_rank).collect::<Vec<_>>(), [Some(9), Some(5), None]);
        sort_major_lines(&mut lines, Sort::first(SortKey::Name));
        assert_eq!(lines[0].major, "丙");
        let s = Sort::first(SortKey::Score);
        assert_eq!((s.aria(SortKey::Score), s.aria(SortKey::Name)), ("descending", "none"));
    }

    #[test]
    fn rows_say_missing_numbers() {
        let rows = score_rows(&[line(2021, Batch::Vocational, AdmissionType::General, 400, None)]);
        assert_eq!(rows[0][8], MISSING);
        assert_eq!(rows[0].len(), SCORE_HEADER.len());
        assert_eq!(or_missing(Some(3)), "3");
    }
}
