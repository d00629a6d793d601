//! The 志愿表 page's rules (pure): each row as the page, the printed 志愿草表 and the CSV show
//! it, built from the model's `VolunteerList::resolve`; the CSV's columns; the profile in a line.

use portal_model::admissions::{Batch, Province, YearLowest};
use portal_model::rank::Band;
use portal_model::volunteer::digits;
use portal_model::volunteer::groups::{group_label, GroupIndex};
use portal_model::volunteer::list::VolunteerList;
use portal_model::volunteer::placement::Placement;
use portal_model::volunteer::profile::Profile;
use portal_model::SchoolId;

/// How many past years of a group's lines a row shows.
pub const LINE_YEARS: usize = 3;

/// A major as a row lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MajorChoice {
    /// 专业代码.
    pub code: String,
    /// Empty when the group does not offer it this year.
    pub name: String,
    pub places: u32,
    pub tuition: Option<u32>,
}

/// One volunteer as the page shows it: owned and comparable, so a row of the page redraws only
/// when its own data changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VolunteerRow {
    pub school: SchoolId,
    /// 专业组代码.
    pub group: String,
    /// 0-based.
    pub position: usize,
    /// Whether the data knows the group (a tampered or outdated list may name others).
    pub known: bool,
    pub school_name: String,
    /// 院校代码.
    pub school_code: String,
    pub batch: Option<Batch>,
    /// 选科要求 as published.
    pub requirement: String,
    pub eligible: bool,
    /// The chosen majors, in order.
    pub chosen: Vec<MajorChoice>,
    /// What the group offers this year, in the plan's order.
    pub offered: Vec<MajorChoice>,
    pub adjust: bool,
    pub band: Option<Band>,
    pub reference: Option<u32>,
    /// Newest first, at most [`LINE_YEARS`].
    pub lines: Vec<YearLowest>,
    /// 专业组有调整.
    pub change: Option<String>,
    /// What a screen reader hears after the row moved.
    pub announcement: String,
}

impl VolunteerRow {
    /// 厦门大学 第03组 (or the codes, for a group the data does not know).
    pub fn title(&self) -> String {
        if self.known {
            format!("{}{}", self.school_name, group_label(&self.group))
        } else {
            format!("院校{} {}", self.school, group_label(&self.group))
        }
    }

    /// 2025年 586分 / 45,222名 for each year shown.
    pub fn line_texts(&self) -> Vec<String> {
        self.lines.iter().map(line_text).collect()
    }
}

/// 2025年 586分 / 45,222名 (or without the rank where none was published).
pub fn line_text(l: &YearLowest) -> String {
    match l.rank {
        Some(r) => format!("{}年 {}分 / {}名", l.year, l.score, digits(r)),
        None => format!("{}年 {}分", l.year, l.score),
    }
}

/// The rows of `list` for the student.
pub fn rows(
    list: &VolunteerList,
    index: &GroupIndex,
    profile: &Profile,
    placement: &Placement,
) -> Vec<VolunteerRow> {
    let views = list.resolve(index, placement);
    let total = views.len();
    views
        .iter()
        .zip(&list.rows)
        .map(|(view, row)| {
            let major = |code: &str, m: Option<&portal_model::volunteer::groups::GroupMajor>| MajorChoice {
                code: code.to_string(),
                name: m.map(|m| m.name.clone()).unwrap_or_default(),
                places: m.map_or(0, |m| m.places),
                tuition: m.and_then(|m| m.tuition),
            };
            let group = view.group;
            VolunteerRow {
                school: row.school,
                group: row.group.clone(),
                position: view.position,
                known: group.is_some() && view.school.is_some(),
                school_name: view.school.map(|s| s.name.clone()).unwrap_or_default(),
                school_code: view.school.map(|s| s.code.clone()).unwrap_or_default(),
                batch: group.map(|g| g.batch),
                requirement: group.map(|g| g.subjects.text.clone()).unwrap_or_default(),
                eligible: group.is_none_or(|g| profile.eligible(&g.subjects)),
                chosen: view.majors.iter().map(|(code, m)| major(code, *m)).collect(),
                offered: group
                    .map(|g| g.majors.iter().map(|m| major(&m.code, Some(m))).collect())
                    .unwrap_or_default(),
                adjust: row.adjust,
                band: view.band,
                reference: view.reference,
                lines: group
                    .map(|g| g.lines.iter().rev().take(LINE_YEARS).copied().collect())
                    .unwrap_or_default(),
                change: group.and_then(|g| g.change.as_ref().map(|c| c.message(&g.code))),
                announcement: view.announcement(total),
            }
        })
        .collect()
}

/// The profile in one line: 福建 · 物理类 · 再选 化学+生物 · 560分 · 位次 18,312.
pub fn profile_line(profile: &Profile) -> String {
    let mut parts = vec![profile.province.clone(), profile.track.label().to_string()];
    if let Some(y) = profile.year {
        parts.push(format!("{y}年"));
    }
    let year = profile.year.unwrap_or(portal_model::admissions::YEAR_MAX);
    let system = Province::find(&profile.province).map(|p| p.system(year));
    if !profile.subjects.is_empty() {
        let word = match system {
            Some(portal_model::admissions::System::ThreeOneTwo) => "再选",
            _ => "选考",
        };
        parts.push(format!("{word} {}", profile.subjects.labels("+")));
    }
    if let Some(s) = profile.score {
        parts.push(format!("{s}分"));
    }
    if let Some(r) = profile.rank {
        parts.push(format!("位次 {}", digits(r)));
    }
    parts.join(" · ")
}

/// The CSV's header: the official codes a student types into the provincial system.
pub const CSV_HEADER: [&str; 20] = [
    "志愿序号",
    "院校代码",
    "院校名称",
    "专业组代码",
    "选科要求",
    "专业1代码",
    "专业1名称",
    "专业2代码",
    "专业2名称",
    "专业3代码",
    "专业3名称",
    "专业4代码",
    "专业4名称",
    "专业5代码",
    "专业5名称",
    "专业6代码",
    "专业6名称",
    "是否服从调剂",
    "冲稳保",
    "参考位次",
];

/// The CSV's rows, one per volunteer.
pub fn csv_rows(rows: &[VolunteerRow]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| {
            let mut fields = vec![
                (r.position + 1).to_string(),
                r.school_code.clone(),
                r.school_name.clone(),
                r.group.clone(),
                r.requirement.clone(),
            ];
            for i in 0..6 {
                let m = r.chosen.get(i);
                fields.push(m.map(|m| m.code.clone()).unwrap_or_default());
                fields.push(m.map(|m| m.name.clone()).unwrap_or_default());
            }
            fields.push(if r.adjust { "是" } else { "否" }.into());
            fields.push(r.band.map(|b| b.label().to_string()).unwrap_or_default());
            fields.push(r.reference.map(|v| v.to_string()).unwrap_or_default());
            fields
        })
        .collect()
}

/// The date a 志愿草表 is printed on: 2026年6月25日 (from year, month 1–12 and day).
pub fn print_date(year: u32, month: u32, day: u32) -> String {
    format!("{year}年{month}月{day}日")
}

#[cfg(test)]
mod tests {
    use super::*;
    use portal_model::admissions::Track;
    use portal_model::volunteer::list::ListRow;
    use portal_model::volunteer::placement::place;
    use portal_model::volunteer::subjects::{Subject, SubjectSet};

    fn index() -> GroupIndex {
        serde_json::from_str(
            r#"{"province":"福建","track":"physics","years":[2024,2025],"plan_year":2025,
            "tables":[{"year":2025,"top":700,"ranks":[10,100,1000,10000,20000]}],
            "schools":[{"id":3,"name":"甲大学","code":"4103","level":"undergraduate","kind":"engineering","nature":"public","province":"福建"}],
            "groups":[{"school":3,"code":"02","batch":"undergraduate","subjects":"物理+思想政治",
              "majors":[{"code":"01","name":"软件工程","places":40,"tuition":5800,"lines":[[2025,698,95]]},
                        {"code":"07","name":"法学","places":5}],
              "lines":[[2024,690,900],[2025,697,1000]]}]}"#,
        )
        .expect("index")
    }

    #[test]
    fn rows_carry_what_the_page_prints() {
        let ix = index();
        let profile = Profile {
            subjects: SubjectSet::of(&[Subject::Chemistry, Subject::Biology]),
            rank: Some(900),
            ..Profile::default()
        };
        let placement = place(&profile, &ix);
        let list = VolunteerList::with_rows(
            Batch::Undergraduate,
            vec![
                ListRow {
                    school: 3,
                    group: "02".into(),
                    majors: vec!["07".into(), "99".into()],
                    adjust: false,
                },
                ListRow { school: 8, group: "01".into(), majors: vec![], adjust: true },
            ],
        );
        let rows = rows(&list, &ix, &profile, &placement);
        let first = &rows[0];
        assert_eq!((first.title(), first.known, first.eligible), ("甲大学第02组".to_string(), true, false));
        assert_eq!(first.chosen.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(), ["法学", ""]);
        assert_eq!(first.offered.len(), 2);
        assert_eq!(first.line_texts(), vec!["2025年 697分 / 1,000名", "2024年 690分 / 900名"]);
        assert_eq!(first.band, Some(Band::Match));
        assert_eq!(first.announcement, "甲大学第02组，第1个志愿，共2个，稳");
        assert_eq!(
            (rows[1].title(), rows[1].known, rows[1].eligible),
            ("院校8 第01组".to_string(), false, true)
        );
        let csv = csv_rows(&rows);
        assert_eq!(csv[0].len(), CSV_HEADER.len());
        assert_eq!(&csv[0][..9], ["1", "4103", "甲大学", "02", "物理+思想政治", "07", "法学", "99", ""]);
        assert_eq!(&csv[0][17..], ["否", "稳", "950"]);
        assert_eq!(&csv[1][..4], ["2", "", "", "01"]);
    }

    #[test]
    fn the_profile_reads_in_one_line() {
        let p = Profile {
            province: "福建".into(),
            year: None,
            track: Track::Physics,
            subjects: SubjectSet::of(&[Subject::Chemistry, Subject::Biology]),
            score: Some(560),
            rank: Some(18_312),
        };
        assert_eq!(profile_line(&p), "福建 · 物理类 · 再选 化学+生物 · 560分 · 位次 18,312");
        assert_eq!(profile_line(&Profile::default()), "福建 · 物理类");
        assert_eq!(print_date(2026, 6, 5), "2026年6月5日");
    }
}
