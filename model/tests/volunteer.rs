//! Property tests of the 志愿表 rules: share links decode whatever they are given without
//! panicking and keep only what is valid; valid lists survive a round trip; list edits keep
//! their invariants; bands answer for every rank of the table; checks and replays run on any
//! list.

use portal_model::admissions::{AdmissionType, Batch, ScoreTable, Track, YearLowest};
use portal_model::volunteer::bands::{group_bands, GroupFilter};
use portal_model::volunteer::checks::check;
use portal_model::volunteer::groups::{Group, GroupIndex, GroupMajor, GroupSchool};
use portal_model::volunteer::list::{ListRow, VolunteerList};
use portal_model::volunteer::placement::place;
use portal_model::volunteer::profile::Profile;
use portal_model::volunteer::replay::{replay, Outcome};
use portal_model::volunteer::rules::BatchRules;
use portal_model::volunteer::share::{decode, encode, MAX_SHARE_ROWS};
use portal_model::volunteer::subjects::{Requirement, Subject, SubjectSet};
use portal_model::{Kind, Level, Nature};
use proptest::prelude::*;

const RULES: BatchRules = BatchRules { batch: Batch::Undergraduate, groups: 40, majors: 6, adjustment: true };
const REQUIREMENTS: [&str; 6] =
    ["不限", "物理", "物理+化学", "首选物理，再选化学或生物", "历史", "物理+烹饪"];

fn table(year: u16) -> ScoreTable {
    ScoreTable { year, top: 700, ranks: (1..=500).map(|i| i * 400).collect(), source: None }
}

/// An index of groups with the given (requirement, ranks per year) — ranks may be missing.
fn index(groups: &[(usize, Vec<Option<u32>>)]) -> GroupIndex {
    let years = [2023u16, 2024, 2025];
    let line = |year: u16, rank: u32| YearLowest {
        year,
        score: table(year).score_at_rank(rank).unwrap_or(0),
        rank: Some(rank),
    };
    let groups: Vec<Group> = groups
        .iter()
        .enumerate()
        .map(|(i, (req, ranks))| {
            let lines: Vec<YearLowest> =
                years.iter().zip(ranks).filter_map(|(y, r)| r.map(|r| line(*y, r))).collect();
            Group {
                school: i as u32 + 1,
                code: "01".into(),
                batch: Batch::Undergraduate,
                admission_type: AdmissionType::General,
                subjects: Requirement::new(REQUIREMENTS[*req % REQUIREMENTS.len()]),
                majors: vec![GroupMajor {
                    code: "01".into(),
                    name: "软件工程".into(),
                    places: 5,
                    tuition: None,
                    lines: lines.clone(),
                }],
                lines,
                change: None,
            }
        })
        .collect();
    let schools = (1..=groups.len() as u32)
        .map(|id| GroupSchool {
            id,
            name: format!("学校{id}"),
            code: id.to_string(),
            level: Level::Undergraduate,
            kind: Kind::Engineering,
            nature: Nature::Public,
            province: "福建".into(),
        })
        .collect();
    GroupIndex {
        province: "福建".into(),
        track: Track::Physics,
        years: years.to_vec(),
        plan_year: 2025,
        tables: years.iter().map(|y| table(*y)).collect(),
        schools,
        groups,
        sources: Vec::new(),
        derived_ranks: false,
        summaries: Default::default(),
    }
}

fn groups() -> impl Strategy<Value = Vec<(usize, Vec<Option<u32>>)>> {
    prop::collection::vec(
        (0..6usize, prop::collection::vec(prop::option::weighted(0.9, 1..200_000u32), 3)),
        0..60,
    )
}

fn code() -> impl Strategy<Value = String> {
    prop_oneof!["[0-9]{2}", "[A-Za-z0-9]{1,4}", "[-_.%,a-z专业组]{1,5}"]
}

fn row() -> impl Strategy<Value = ListRow> {
    (1..5000u32, code(), prop::collection::vec(code(), 0..7), any::<bool>())
        .prop_map(|(school, group, majors, adjust)| ListRow { school, group, majors, adjust })
}

fn profile() -> impl Strategy<Value = Profile> {
    (
        prop::sample::select(vec!["福建", "江西", "湖南", "北京"]),
        prop::option::of(2000..2100u16),
        prop::sample::select(vec![Track::Physics, Track::History, Track::Comprehensive]),
        prop::sample::subsequence(Subject::ALL.to_vec(), 0..4),
        prop::option::of(0..=900u16),
        prop::option::of(1..=2_000_000u32),
    )
        .prop_map(|(province, year, track, subjects, score, rank)| {
            let mut subjects = SubjectSet::of(&subjects);
            if track == Track::Physics {
                subjects = subjects.without(Subject::Physics);
            }
            if track == Track::History {
                subjects = subjects.without(Subject::History);
            }
            Profile { province: province.into(), year, track, subjects, score, rank }
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_text_decodes_without_panicking(text in "\\PC{0,300}") {
        let d = decode(&text);
        prop_assert!(d.list.rows.len() <= MAX_SHARE_ROWS);
        prop_assert!(d.profile.is_some() || d.list.rows.is_empty());
        for message in d.messages() {
            prop_assert!(!message.is_empty());
        }
    }

    #[test]
    fn link_like_text_decodes_without_panicking(
        head in prop::sample::select(vec!["1.fujian.p.2025.cb.560..u.", "1.jiangxi.h....u.", "1.beijing.c..pcb...v.", "2.fujian.p.....u."]),
        rows in prop::collection::vec("[0-9a-z%,_.~-]{0,16}", 0..220),
    ) {
        let d = decode(&format!("{head}{}", rows.join("_")));
        prop_assert!(d.list.rows.len() <= MAX_SHARE_ROWS);
        let mut keys: Vec<(u32, String)> = d.list.rows.iter().map(|r| (r.school, r.group.clone())).collect();
        keys.sort();
        keys.dedup();
        prop_assert_eq!(keys.len(), d.list.rows.len(), "no repeated group survives");
    }

    #[test]
    fn valid_plans_round_trip(p in profile(), rows in prop::collection::vec(row(), 0..50)) {
        let mut unique: Vec<ListRow> = Vec::new();
        for r in rows {
            if !unique.iter().any(|u| u.school == r.school && u.group == r.group) {
                unique.push(r);
            }
        }
        let list = VolunteerList::with_rows(Batch::Undergraduate, unique);
        let d = decode(&encode(&p, &list));
        prop_assert_eq!(d.dropped.clone(), vec![]);
        prop_assert_eq!(d.profile, Some(p));
        prop_assert_eq!(d.list, list);
    }

    #[test]
    fn known_rows_are_kept_within_the_limits(
        g in groups(),
        rows in prop::collection::vec((1..80u32, prop::sample::select(vec!["01", "02"]), prop::collection::vec(prop::sample::select(vec!["01", "02", "09"]), 0..9)), 0..150),
    ) {
        let ix = index(&g);
        let text: Vec<String> = rows.iter().map(|(s, c, m)| format!("{s}-{c}-{}-y", m.join(","))).collect();
        let mut d = decode(&format!("1.fujian.p.....u.{}", text.join("_")));
        d.keep_known(&ix, Some(&RULES));
        prop_assert!(d.list.rows.len() <= RULES.groups);
        for r in &d.list.rows {
            let group = ix.group(r.school, &r.group);
            prop_assert!(group.is_some());
            prop_assert!(r.majors.len() <= RULES.majors);
            prop_assert!(r.majors.iter().all(|m| group.is_some_and(|g| g.major(m).is_some())));
        }
    }

    #[test]
    fn list_edits_keep_their_invariants(g in groups(), ops in prop::collection::vec((0..6u8, 0..70usize, 0..70usize), 0..200)) {
        let ix = index(&g);
        let mut list = VolunteerList::new(Batch::Undergraduate);
        for (op, a, b) in ops {
            let before = list.clone();
            match op {
                0 => { if let Some(group) = ix.groups.get(a) { let _ = list.add(group, &RULES); } }
                1 => { let _ = list.remove(a); }
                2 => { let _ = list.undo_remove(); }
                3 => { let _ = list.move_up(a); }
                4 => { let _ = list.move_down(a); }
                _ => { let _ = list.move_to(a, b); }
            }
            prop_assert!(list.len() <= RULES.groups);
            let mut keys: Vec<(u32, String)> = list.rows.iter().map(|r| (r.school, r.group.clone())).collect();
            keys.sort();
            keys.dedup();
            prop_assert_eq!(keys.len(), list.len(), "no group twice");
            if matches!(op, 3..=5) {
                let mut a: Vec<_> = before.rows.clone();
                let mut b: Vec<_> = list.rows.clone();
                a.sort_by_key(|r| (r.school, r.group.clone()));
                b.sort_by_key(|r| (r.school, r.group.clone()));
                prop_assert_eq!(a, b, "a move keeps the same rows");
            }
        }
    }

}

proptest! {
    // Each case asks up to 200 ranks: fewer cases keep the suite quick on a loaded machine.
    #![proptest_config(ProptestConfig::with_cases(96))]

    /// Issue #26, item 3: for any rank from 1 to the table's last, an index with at least one
    /// eligible group with history answers with at least one group.
    #[test]
    fn every_rank_of_the_table_gets_an_answer(g in groups(), step in 997..20_011u32) {
        let ix = index(&g);
        let p = Profile { subjects: SubjectSet::of(&[Subject::Chemistry, Subject::Biology]), ..Profile::default() };
        let last = table(2025).candidates();
        let mut rank = 1;
        while rank <= last {
            let asked = Profile { rank: Some(rank), ..p.clone() };
            let b = group_bands(&ix, &asked, &GroupFilter::default());
            let shown = b.reach.len() + b.matched.len() + b.safe.len();
            let answerable = b.counts.considered > b.counts.without_history;
            prop_assert_eq!(shown > 0, answerable, "rank {}", rank);
            for band in [portal_model::rank::Band::Reach, portal_model::rank::Band::Match, portal_model::rank::Band::Safe] {
                prop_assert!(b.band(band).is_empty() == b.why_empty(band).is_some());
            }
            rank = if rank == last { last + 1 } else { (rank + step).min(last) };
        }
    }

    #[test]
    fn checks_and_replays_run_on_any_list(g in groups(), p in profile(), rows in prop::collection::vec(row(), 0..60), year in 2020..2027u16) {
        let ix = index(&g);
        let mut rows = rows;
        for (i, group) in ix.groups.iter().enumerate().take(10) {
            rows.push(ListRow { school: group.school, group: group.code.clone(), majors: vec!["01".into()], adjust: i % 2 == 0 });
        }
        let list = VolunteerList::with_rows(Batch::Undergraduate, rows);
        let placement = place(&p, &ix);
        for c in check(&list, &ix, &p, &placement, Some(&RULES)) {
            prop_assert!(!c.message().is_empty());
            prop_assert!(c.row().is_none_or(|r| r < list.len()));
        }
        if let Ok(r) = replay(&list, &ix, &placement, year) {
            prop_assert_eq!(r.rows.len(), list.len());
            let taken = r.rows.iter().filter(|o| matches!(o, Outcome::Taken { .. })).count();
            prop_assert!(taken <= 1);
            prop_assert!(!r.summary().is_empty());
        }
    }
}
