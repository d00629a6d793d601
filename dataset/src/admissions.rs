//! 招生数据 of a data set: per school its lines, major lines, plans, majors and 院校专业组; the
//! 一分一段表 of every province, track and year; and what is read off them (the provinces'
//! metadata, the rank and group indexes), each index citing the documents it came from.

use crate::Dataset;
use portal_model::admissions::*;
use portal_model::sources::Citations;
use portal_model::volunteer::groups::{ChangeKind, Group, GroupChange, GroupIndex, GroupSchool};
use portal_model::{SchoolCard, SchoolId};
use std::collections::{BTreeMap, BTreeSet};

/// A school's admission data.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SchoolAdmissions {
    pub school_id: SchoolId,
    /// Where it recruits, in the order its pages offer them.
    pub provinces: Vec<String>,
    pub lines: Vec<ScoreLine>,
    pub major_lines: Vec<MajorScoreLine>,
    pub plans: Vec<PlanRow>,
    pub majors: Vec<MajorCategory>,
    /// Its 院校专业组 of the newest plan, per province and track that volunteers by group.
    pub groups: Vec<SchoolGroups>,
}

/// A school's 院校专业组 of the newest plan in one province and track, with their codes and
/// their history, as the group index lists them.
#[derive(Clone, Debug, PartialEq)]
pub struct SchoolGroups {
    pub province: String,
    pub track: Track,
    /// 院校代码 in that province's catalogue.
    pub code: String,
    /// The year of the plan the groups are from.
    pub plan_year: u16,
    /// By 专业组代码.
    pub groups: Vec<Group>,
}

/// The key of a 一分一段表: province (short name), track, year.
pub type TableKey = (String, Track, u16);

/// The admission data of a whole data set.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Admissions {
    /// In school id order.
    pub schools: Vec<SchoolAdmissions>,
    /// Every 一分一段表.
    pub tables: BTreeMap<TableKey, ScoreTable>,
}

impl Admissions {
    pub fn of(&self, id: SchoolId) -> Option<&SchoolAdmissions> {
        // Kept in id order, so a search; a list in another order still answers, slowly.
        match self.schools.binary_search_by_key(&id, |s| s.school_id) {
            Ok(i) => self.schools.get(i),
            Err(_) => self.schools.iter().find(|s| s.school_id == id),
        }
    }

    /// Provinces with data, in the national order.
    pub fn provinces(&self) -> Vec<&'static Province> {
        let named: BTreeSet<&str> =
            self.schools.iter().flat_map(|s| s.provinces.iter().map(String::as_str)).collect();
        PROVINCES.iter().filter(|p| named.contains(p.name)).collect()
    }

    /// The tracks of a province that have lines, in the order the systems list them.
    pub fn tracks_with_lines(&self, province: &str) -> Vec<Track> {
        let tracks: BTreeSet<Track> = self
            .schools
            .iter()
            .flat_map(|s| s.lines.iter())
            .filter(|l| l.province == province)
            .map(|l| l.track)
            .collect();
        tracks.into_iter().collect()
    }

    /// `provinces.json`: what exists per province (years newest first).
    pub fn province_meta(&self) -> Vec<ProvinceMeta> {
        self.provinces()
            .into_iter()
            .map(|p| {
                let mut years: BTreeMap<u16, BTreeSet<Track>> = BTreeMap::new();
                let mut batches: BTreeSet<Batch> = BTreeSet::new();
                for school in &self.schools {
                    let keys = school
                        .lines
                        .iter()
                        .map(|l| (&l.province, l.year, l.track, l.batch))
                        .chain(school.plans.iter().map(|l| (&l.province, l.year, l.track, l.batch)));
                    for (province, year, track, batch) in keys {
                        if province == p.name {
                            years.entry(year).or_default().insert(track);
                            batches.insert(batch);
                        }
                    }
                }
                ProvinceMeta {
                    name: p.name.into(),
                    key: p.key.into(),
                    years: years
                        .into_iter()
                        .rev()
                        .map(|(year, tracks)| YearTracks {
                            year,
                            system: p.system(year),
                            tracks: tracks.into_iter().collect(),
                        })
                        .collect(),
                    batches: batches.into_iter().collect(),
                }
            })
            .collect()
    }

    /// The rank index of one province and track, citing the documents of its lines and of its
    /// table.
    pub fn rank_index(&self, cards: &[SchoolCard], province: &str, track: Track) -> RankIndex {
        let mut years: BTreeSet<u16> = BTreeSet::new();
        let mut schools = Vec::new();
        let mut cited = Citations::default();
        for card in cards {
            let Some(data) = self.of(card.id) else { continue };
            let lines: Vec<&ScoreLine> =
                data.lines.iter().filter(|l| l.province == province && l.track == track).collect();
            let lowest = index_lowest(lines.iter().copied());
            if lowest.is_empty() {
                continue;
            }
            lines.iter().for_each(|l| cited.line(l));
            years.extend(lowest.iter().map(|l| l.year));
            schools.push(RankRow { id: card.id, name: card.name.clone(), level: card.level, lowest });
        }
        let table = years.last().and_then(|&y| self.tables.get(&(province.to_string(), track, y))).cloned();
        cited.table(table.as_ref());
        let (sources, derived_ranks) = cited.finish();
        RankIndex {
            province: province.into(),
            track,
            years: years.into_iter().collect(),
            table,
            schools,
            sources,
            derived_ranks,
        }
    }

    /// The group index of one province and track: every school's groups of the newest plan,
    /// and the 一分一段表 of every year with lines, citing the documents of the schools' lines,
    /// major lines and plans there and of the tables.
    pub fn group_index(&self, cards: &[SchoolCard], province: &str, track: Track) -> GroupIndex {
        let mut index = GroupIndex::empty(province, track);
        let mut cards: Vec<&SchoolCard> = cards.iter().collect();
        cards.sort_by_key(|c| c.id);
        let mut cited = Citations::default();
        let here = |p: &str, t: Track| p == province && t == track;
        for card in cards {
            let Some(data) = self.of(card.id) else { continue };
            let Some(mine) = data.groups.iter().find(|g| here(&g.province, g.track)) else {
                continue;
            };
            data.lines.iter().filter(|l| here(&l.province, l.track)).for_each(|l| cited.line(l));
            data.major_lines.iter().filter(|l| here(&l.province, l.track)).for_each(|l| cited.major_line(l));
            data.plans.iter().filter(|p| here(&p.province, p.track)).for_each(|p| cited.plan(p));
            index.schools.push(GroupSchool {
                id: card.id,
                name: card.name.clone(),
                code: mine.code.clone(),
                level: card.level,
                kind: card.kind,
                nature: card.nature,
                province: card.province.clone(),
            });
            index.plan_year = index.plan_year.max(mine.plan_year);
            index.years.extend(mine.groups.iter().flat_map(|g| g.lines.iter().map(|l| l.year)));
            index.groups.extend(mine.groups.iter().cloned());
        }
        index.years.sort_unstable();
        index.years.dedup();
        index.tables = index
            .years
            .iter()
            .filter_map(|y| self.tables.get(&(province.to_string(), track, *y)).cloned())
            .collect();
        index.tables.iter().for_each(|t| cited.table(Some(t)));
        (index.sources, index.derived_ranks) = cited.finish();
        index
    }
}

/// The views of the admission pages and indexes.
impl Dataset {
    /// `schools/{id}/scores.json`: the school's lines in every province.
    pub fn school_scores(&self, card: &SchoolCard) -> SchoolScores {
        let data = self.admissions.of(card.id);
        SchoolScores {
            school: card.clone(),
            provinces: data.map(|d| d.provinces.clone()).unwrap_or_default(),
            lines: data.map(|d| d.lines.clone()).unwrap_or_default(),
        }
    }

    /// A school's major lines in one province, in the data set's order.
    pub fn major_lines_in(&self, id: SchoolId, province: &str) -> Vec<MajorScoreLine> {
        let data = self.admissions.of(id);
        data.map(|d| d.major_lines.iter().filter(|l| l.province == province).cloned().collect())
            .unwrap_or_default()
    }

    /// A school's plans in one province, in the data set's order.
    pub fn plans_in(&self, id: SchoolId, province: &str) -> Vec<PlanRow> {
        let data = self.admissions.of(id);
        data.map(|d| d.plans.iter().filter(|l| l.province == province).cloned().collect()).unwrap_or_default()
    }

    pub fn school_majors(&self, card: &SchoolCard) -> SchoolMajors {
        SchoolMajors {
            school: card.clone(),
            categories: self.admissions.of(card.id).map(|d| d.majors.clone()).unwrap_or_default(),
        }
    }

    /// Every rank index: one per province and track with lines.
    pub fn rank_indexes(&self) -> Vec<RankIndex> {
        let cards = self.school_cards();
        let mut out = Vec::new();
        for province in self.admissions.provinces() {
            for track in self.admissions.tracks_with_lines(province.name) {
                out.push(self.admissions.rank_index(&cards, province.name, track));
            }
        }
        out
    }

    /// Every group index: one per province and track where schools have 院校专业组 of a plan.
    pub fn group_indexes(&self) -> Vec<GroupIndex> {
        let cards = self.school_cards();
        let keys: BTreeSet<(&str, Track)> = self
            .admissions
            .schools
            .iter()
            .flat_map(|s| s.groups.iter().filter(|g| !g.groups.is_empty()))
            .map(|g| (g.province.as_str(), g.track))
            .collect();
        let mut out = Vec::new();
        for province in self.admissions.provinces() {
            for &(_, track) in keys.iter().filter(|(p, _)| *p == province.name) {
                out.push(self.admissions.group_index(&cards, province.name, track));
            }
        }
        out
    }
}

/// A group's 专业组代码 in one year, and whether that year's lines are those of the group it
/// was split from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct YearNumber<'a> {
    pub year: u16,
    pub code: &'a str,
    pub inherited: bool,
}

/// 专业组有调整 as the group index names it, from a group's numbers by year (oldest first): a
/// split (its first year of its own, and the group it came from in the last year before),
/// else its latest change of number. The generator and `portal-data build` both name changes
/// through this.
pub fn group_change(numbers: &[YearNumber]) -> Option<GroupChange> {
    let first_own = numbers.iter().find(|n| !n.inherited).map(|n| n.year);
    match (numbers.iter().rfind(|n| n.inherited), first_own) {
        (Some(parent), Some(year)) => {
            Some(GroupChange { year, kind: ChangeKind::Split, from: parent.code.to_string() })
        }
        _ => numbers.windows(2).rev().find(|w| w[0].code != w[1].code).map(|w| GroupChange {
            year: w[1].year,
            kind: ChangeKind::Renamed,
            from: w[0].code.to_string(),
        }),
    }
}
