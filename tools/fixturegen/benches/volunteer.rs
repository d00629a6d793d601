//! The 志愿表 rules at scale (make bench): on the synthetic 3,000-school set, 福建 物理类,
//!
//! 1. group-level 冲/稳/保 (`volunteer::bands::group_bands`) against today's school-level
//!    bands (`rank::bands`), asked in turn for the same ranks in the same run: the figure is
//!    the ratio of medians (budget 1.5×);
//! 2. one edit of a 50-row 志愿表 (add, move to another place, 上移) with the checks run again
//!    and the rows resolved, as a page does after each edit (budget: well under a 16 ms frame).
//!
//! Writes target/bench/volunteer.md, which bench/run.mjs adds to bench/results.md.
//!   cargo bench -p fixturegen --bench volunteer [-- --rounds 600]

use portal_model::admissions::Track;
use portal_model::rank::{self, Standing};
use portal_model::volunteer::bands::{group_bands, GroupFilter};
use portal_model::volunteer::checks::check;
use portal_model::volunteer::list::VolunteerList;
use portal_model::volunteer::placement::place;
use portal_model::volunteer::profile::Profile;
use portal_model::volunteer::rules::BatchRules;
use portal_model::volunteer::subjects::{Subject, SubjectSet};
use std::hint::black_box;
use std::time::{Duration, Instant};

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort_unstable();
    xs[xs.len() / 2]
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1000.0)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let rounds: usize = args
        .iter()
        .position(|a| a == "--rounds")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(600);
    let started = Instant::now();
    let data = fixturegen::synthetic(3000, 0);
    let cards = data.school_cards();
    let rank_index = data.admissions.rank_index(&cards, "福建", Track::Physics);
    let group_index = data.admissions.group_index(&cards, "福建", Track::Physics);
    eprintln!(
        "synthetic set generated in {:?}: 福建 物理类 {} schools, {} groups",
        started.elapsed(),
        rank_index.schools.len(),
        group_index.groups.len()
    );
    let last = group_index.tables.last().map_or(1, |t| t.candidates());
    let ranks: Vec<u32> = [1, 3_000, 20_000, 60_000, 120_000, last].into_iter().collect();
    let profile = |rank| Profile {
        subjects: SubjectSet::of(&[Subject::Chemistry, Subject::Biology]),
        rank: Some(rank),
        ..Profile::default()
    };
    let filter = GroupFilter::default();
    // The first query on a freshly loaded index also builds its summaries (kept after).
    let first_query = median(
        (0..9)
            .map(|_| {
                let fresh = data.admissions.group_index(&cards, "福建", Track::Physics);
                let t = Instant::now();
                black_box(group_bands(&fresh, &profile(60_000), &filter));
                t.elapsed()
            })
            .collect(),
    );
    // Warm up, then ask both in turn.
    for &r in &ranks {
        black_box(rank::bands(&rank_index, Standing::Rank(r)));
        black_box(group_bands(&group_index, &profile(r), &filter));
    }
    // In turn, in blocks of ten calls per rank: a call right after the other kind pays for the
    // memory that one freed (the allocator hands it back to the system and takes it again), so
    // each block's calls are timed together and the medians compared.
    const BLOCK: usize = 10;
    let (mut schools, mut groups) = (Vec::new(), Vec::new());
    for i in 0..rounds.div_ceil(BLOCK) {
        let r = ranks[i % ranks.len()];
        for _ in 0..BLOCK {
            let t = Instant::now();
            black_box(rank::bands(black_box(&rank_index), Standing::Rank(r)));
            schools.push(t.elapsed());
        }
        let p = profile(r);
        for _ in 0..BLOCK {
            let t = Instant::now();
            black_box(group_bands(black_box(&group_index), &p, &filter));
            groups.push(t.elapsed());
        }
    }
    let (school_ms, group_ms) = (median(schools), median(groups));
    let ratio = group_ms.as_secs_f64() / school_ms.as_secs_f64();

    // A 50-row list: one edit, then checks and rows again.
    let rules = BatchRules {
        batch: portal_model::admissions::Batch::Undergraduate,
        groups: 96,
        majors: 6,
        adjustment: true,
    };
    let asked = profile(60_000);
    let placement = place(&asked, &group_index);
    let candidates: Vec<_> = group_index.groups.iter().filter(|g| g.batch == rules.batch).collect();
    let mut list = VolunteerList::new(rules.batch);
    for g in candidates.iter().step_by(candidates.len() / 60).take(49) {
        list.add(g, &rules).expect("room in the list");
    }
    let extra =
        candidates.iter().find(|g| list.position(g.school, &g.code).is_none()).expect("a group not listed");
    let mut edits = Vec::new();
    for i in 0..rounds {
        let mut edited = list.clone();
        let t = Instant::now();
        match i % 3 {
            0 => {
                edited.add(extra, &rules).expect("add");
            }
            1 => {
                edited.move_to(i % 49, 48 - i % 49).expect("move");
            }
            _ => {
                edited.move_up(1 + i % 48).expect("up");
            }
        }
        black_box(check(&edited, &group_index, &asked, &placement, Some(&rules)));
        black_box(edited.resolve(&group_index, &placement));
        edits.push(t.elapsed());
    }
    let edit_ms = median(edits);

    let lines = [
        "## 志愿表 rules at scale: 3,000 synthetic schools, 福建 物理类".to_string(),
        String::new(),
        format!(
            "`cargo bench -p fixturegen --bench volunteer` (release, one thread), {} schools and {} 院校专业组 in the index, {rounds} calls of each, in turn in blocks of ten per rank, for ranks {}; medians, ratio in the same run.",
            rank_index.schools.len(),
            group_index.groups.len(),
            ranks.iter().map(|r| r.to_string()).collect::<Vec<_>>().join(", ")
        ),
        String::new(),
        "| what | median | against | ratio | budget |".into(),
        "|---|---:|---:|---:|---|".into(),
        format!(
            "| group-level 冲/稳/保 (`volunteer::bands::group_bands`) | {} | school-level `rank::bands` {} | {ratio:.2}× | ≤ 1.5× {} |",
            ms(group_ms),
            ms(school_ms),
            if ratio <= 1.5 { "✅ within" } else { "❌ over" }
        ),
        format!(
            "| the first group-level query on a freshly loaded index (it builds the index's summaries; median of 9) | {} | | | once per index |",
            ms(first_query)
        ),
        format!(
            "| one edit of a 50-row 志愿表 (add / move to / 上移) + checks + rows resolved | {} | a 16 ms frame | {:.3}× | well under a frame {} |",
            ms(edit_ms),
            edit_ms.as_secs_f64() / 0.016,
            if edit_ms < Duration::from_millis(4) { "✅ within" } else { "❌ over" }
        ),
        String::new(),
    ];
    let text = lines.join("\n");
    println!("{text}");
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/bench");
    if std::fs::create_dir_all(&out).is_ok() {
        let _ = std::fs::write(out.join("volunteer.md"), text + "\n");
    }
}
