//! 志愿表: the student's ordered list of 院校专业组 for one batch, each with up to N majors in
//! order and 服从调剂 yes/no, and the edits a page makes to it. Every edit either happens or
//! says why not ([`ListError::message`]); the last removal can be undone.
//!
//! Order matters: under 平行志愿 the file goes to the first group in list order whose line the
//! student clears, so moving a row is as much a decision as adding one.

use super::bands::{band_years, classify, reference_rank};
use super::groups::{Group, GroupIndex, GroupMajor, GroupSchool};
use super::placement::Placement;
use super::rules::BatchRules;
use crate::admissions::Batch;
use crate::rank::Band;
use crate::types::SchoolId;
use serde::{Deserialize, Serialize};

/// One volunteer: a group, its chosen majors (专业代码, in order) and 服从调剂.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListRow {
    pub school: SchoolId,
    /// 专业组代码.
    pub group: String,
    #[serde(default)]
    pub majors: Vec<String>,
    /// 服从专业调剂 (the default: refusing it is the risky choice).
    #[serde(default = "yes")]
    pub adjust: bool,
}

fn yes() -> bool {
    true
}

impl ListRow {
    /// A new row for `group`: no major chosen yet, 服从调剂.
    pub fn of(group: &Group) -> ListRow {
        ListRow { school: group.school, group: group.code.clone(), majors: Vec::new(), adjust: true }
    }
}

/// Why an edit did not happen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ListError {
    /// The list holds as many groups as the batch allows.
    Full {
        limit: usize,
    },
    /// The group is already in the list, at this position (0-based).
    AlreadyListed {
        position: usize,
    },
    /// The group belongs to another batch than the list.
    OtherBatch {
        list: Batch,
        group: Batch,
    },
    TooManyMajors {
        limit: usize,
    },
    /// A major code the group does not have this year.
    UnknownMajor(String),
    NoSuchRow,
    NothingToUndo,
}

impl ListError {
    pub fn message(&self) -> String {
        match self {
            ListError::Full { limit } => format!("最多可填报{limit}个院校专业组，志愿表已满"),
            ListError::AlreadyListed { position } => format!("这个专业组已在志愿表第{}位", position + 1),
            ListError::OtherBatch { list, group } => {
                format!("这是{}的专业组，本志愿表填的是{}", group.label(), list.label())
            }
            ListError::TooManyMajors { limit } => format!("每个专业组最多选{limit}个专业"),
            ListError::UnknownMajor(code) => format!("该专业组今年没有代码为{code}的专业"),
            ListError::NoSuchRow => "没有这个志愿".into(),
            ListError::NothingToUndo => "没有可以撤销的删除".into(),
        }
    }
}

/// The list of one batch.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VolunteerList {
    pub batch: Batch,
    #[serde(default)]
    pub rows: Vec<ListRow>,
    /// The last removed row, where it was and the list's batch then, for 撤销.
    #[serde(skip)]
    removed: Option<(usize, ListRow, Batch)>,
}

impl VolunteerList {
    pub fn new(batch: Batch) -> VolunteerList {
        VolunteerList { batch, rows: Vec::new(), removed: None }
    }

    /// A list of these rows, as decoded or stored (unchecked: [`super::checks`] reports what is
    /// wrong with it).
    pub fn with_rows(batch: Batch, rows: Vec<ListRow>) -> VolunteerList {
        VolunteerList { batch, rows, removed: None }
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Where the group is in the list (0-based).
    pub fn position(&self, school: SchoolId, code: &str) -> Option<usize> {
        self.rows.iter().position(|r| r.school == school && r.group == code)
    }

    /// Appends `group` (no majors yet, 服从调剂); its position, or why not. An empty list takes
    /// the group's batch (a new draft does not know yet which batch it is for).
    pub fn add(&mut self, group: &Group, rules: &BatchRules) -> Result<usize, ListError> {
        if group.batch != self.batch {
            if !self.rows.is_empty() {
                return Err(ListError::OtherBatch { list: self.batch, group: group.batch });
            }
            self.batch = group.batch;
        }
        if let Some(position) = self.position(group.school, &group.code) {
            return Err(ListError::AlreadyListed { position });
        }
        if self.rows.len() >= rules.groups {
            return Err(ListError::Full { limit: rules.groups });
        }
        self.rows.push(ListRow::of(group));
        Ok(self.rows.len() - 1)
    }

    /// Removes row `i`, kept for [`undo_remove`](Self::undo_remove).
    pub fn remove(&mut self, i: usize) -> Result<ListRow, ListError> {
        if i >= self.rows.len() {
            return Err(ListError::NoSuchRow);
        }
        let row = self.rows.remove(i);
        self.removed = Some((i, row.clone(), self.batch));
        Ok(row)
    }

    /// The row the last removal took, if it can still be put back.
    pub fn last_removed(&self) -> Option<&ListRow> {
        self.removed.as_ref().map(|(_, row, _)| row)
    }

    /// Puts the last removed row back where it was (or at the end, if the list has shrunk);
    /// its position. Refused when the group has been added again meanwhile, or the emptied list
    /// has since taken another batch.
    pub fn undo_remove(&mut self) -> Result<usize, ListError> {
        let (at, row, batch) = self.removed.take().ok_or(ListError::NothingToUndo)?;
        if let Some(position) = self.position(row.school, &row.group) {
            return Err(ListError::AlreadyListed { position });
        }
        if batch != self.batch {
            return Err(ListError::OtherBatch { list: self.batch, group: batch });
        }
        let at = at.min(self.rows.len());
        self.rows.insert(at, row);
        Ok(at)
    }

    /// Moves row `from` to position `to` (clamped to the list); the new position.
    pub fn move_to(&mut self, from: usize, to: usize) -> Result<usize, ListError> {
        if from >= self.rows.len() {
            return Err(ListError::NoSuchRow);
        }
        let to = to.min(self.rows.len() - 1);
        let row = self.rows.remove(from);
        self.rows.insert(to, row);
        Ok(to)
    }

    /// 上移: one place up (the first row stays); the new position.
    pub fn move_up(&mut self, i: usize) -> Result<usize, ListError> {
        self.move_to(i, i.saturating_sub(1))
    }

    /// 下移: one place down (the last row stays); the new position.
    pub fn move_down(&mut self, i: usize) -> Result<usize, ListError> {
        self.move_to(i, i.saturating_add(1))
    }

    /// Sets row `i`'s majors, in order: codes the group offers, repeats dropped, at most the
    /// batch's number.
    pub fn set_majors(
        &mut self,
        i: usize,
        majors: &[String],
        group: &Group,
        rules: &BatchRules,
    ) -> Result<(), ListError> {
        let row = self.rows.get_mut(i).ok_or(ListError::NoSuchRow)?;
        let mut chosen: Vec<String> = Vec::new();
        for code in majors {
            if group.major(code).is_none() {
                return Err(ListError::UnknownMajor(code.clone()));
            }
            if !chosen.contains(code) {
                chosen.push(code.clone());
            }
        }
        if chosen.len() > rules.majors {
            return Err(ListError::TooManyMajors { limit: rules.majors });
        }
        row.majors = chosen;
        Ok(())
    }

    /// 服从调剂 or not.
    pub fn set_adjust(&mut self, i: usize, adjust: bool) -> Result<(), ListError> {
        self.rows.get_mut(i).map(|r| r.adjust = adjust).ok_or(ListError::NoSuchRow)
    }

    /// Each row with what the index knows of it and its band for the student, in list order:
    /// what a page lists.
    pub fn resolve<'a>(&'a self, index: &'a GroupIndex, placement: &Placement) -> Vec<RowView<'a>> {
        let years = band_years(index, placement.year);
        self.rows
            .iter()
            .enumerate()
            .map(|(position, row)| {
                let group = index.group(row.school, &row.group);
                let reference = group.and_then(|g| reference_rank(g, &years));
                RowView {
                    position,
                    school: index.school(row.school),
                    group,
                    majors: row.majors.iter().map(|c| (c.as_str(), group.and_then(|g| g.major(c)))).collect(),
                    adjust: row.adjust,
                    reference,
                    band: reference.zip(placement.rank).and_then(|(m, v)| classify(v, m)),
                }
            })
            .collect()
    }
}

/// A row of the list as a page shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct RowView<'a> {
    /// 0-based; the page shows `position + 1`.
    pub position: usize,
    /// `None` when the index does not know the school or group (see the checks).
    pub school: Option<&'a GroupSchool>,
    pub group: Option<&'a Group>,
    /// Chosen majors in order: the code, and the major where the group has it.
    pub majors: Vec<(&'a str, Option<&'a GroupMajor>)>,
    pub adjust: bool,
    /// The reference rank and band for the student (`None` without lines or without a rank;
    /// a group further ahead than 冲 has a reference but no band).
    pub reference: Option<u32>,
    pub band: Option<Band>,
}

impl RowView<'_> {
    /// What a screen reader hears after a move: 第3个志愿，共12个，冲。
    pub fn announcement(&self, total: usize) -> String {
        let band = self.band.map(|b| format!("，{}", b.label())).unwrap_or_default();
        let name = match (self.school, self.group) {
            (Some(s), Some(g)) => format!("{}{}，", s.name, g.label()),
            _ => String::new(),
        };
        format!("{name}第{}个志愿，共{total}个{band}", self.position + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::super::testdata::{group, index};
    use super::*;

    const RULES: BatchRules =
        BatchRules { batch: Batch::Undergraduate, groups: 3, majors: 2, adjustment: true };

    fn keys(list: &VolunteerList) -> Vec<String> {
        list.rows.iter().map(|r| format!("{}-{}", r.school, r.group)).collect()
    }

    #[test]
    fn adds_up_to_the_limit_and_refuses_repeats() {
        let groups: Vec<Group> = (1..=4).map(|i| group(i, "01", "不限", &[(2025, 1000 * i)])).collect();
        let mut list = VolunteerList::new(Batch::Undergraduate);
        assert_eq!(list.add(&groups[0], &RULES), Ok(0));
        assert_eq!(list.add(&groups[0], &RULES), Err(ListError::AlreadyListed { position: 0 }));
        assert_eq!(list.add(&groups[1], &RULES), Ok(1));
        assert_eq!(list.add(&groups[2], &RULES), Ok(2));
        let full = list.add(&groups[3], &RULES);
        assert_eq!(full, Err(ListError::Full { limit: 3 }));
        assert_eq!(full.unwrap_err().message(), "最多可填报3个院校专业组，志愿表已满");
        let vocational = Group { batch: Batch::Vocational, ..groups[3].clone() };
        let mut one = VolunteerList::new(Batch::Undergraduate);
        one.add(&groups[0], &RULES).expect("add");
        assert_eq!(
            one.add(&vocational, &RULES).map_err(|e| e.message()),
            Err("这是专科批的专业组，本志愿表填的是本科批".into())
        );
        // An empty list takes the batch of its first group; undoing a removal from the list of
        // the batch before is refused.
        assert_eq!(one.remove(0).map(|r| r.school), Ok(1));
        assert_eq!(one.add(&vocational, &RULES), Ok(0));
        assert_eq!(one.batch, Batch::Vocational);
        one.remove(0).expect("remove");
        one.add(&groups[0], &RULES).expect("add");
        assert_eq!(
            one.undo_remove(),
            Err(ListError::OtherBatch { list: Batch::Undergraduate, group: Batch::Vocational })
        );
        assert_eq!(ListError::AlreadyListed { position: 4 }.message(), "这个专业组已在志愿表第5位");
    }

    #[test]
    fn moves_and_undoes_a_removal() {
        let groups: Vec<Group> = (1..=3).map(|i| group(i, "01", "不限", &[(2025, 1000 * i)])).collect();
        let mut list = VolunteerList::new(Batch::Undergraduate);
        for g in &groups {
            list.add(g, &RULES).expect("add");
        }
        assert_eq!(list.move_up(0), Ok(0), "the first row stays");
        assert_eq!(list.move_down(0), Ok(1));
        assert_eq!(keys(&list), ["2-01", "1-01", "3-01"]);
        assert_eq!(list.move_down(2), Ok(2), "the last row stays");
        assert_eq!(list.move_to(2, 0), Ok(0));
        assert_eq!(keys(&list), ["3-01", "2-01", "1-01"]);
        assert_eq!(list.move_to(0, 99), Ok(2));
        assert_eq!(list.move_to(7, 0), Err(ListError::NoSuchRow));
        let removed = list.remove(1).expect("remove");
        assert_eq!((removed.school, list.len()), (1, 2));
        assert_eq!(list.last_removed().map(|r| r.school), Some(1));
        assert_eq!(list.undo_remove(), Ok(1));
        assert_eq!(keys(&list), ["2-01", "1-01", "3-01"]);
        assert_eq!(list.undo_remove(), Err(ListError::NothingToUndo));
        // Re-added meanwhile: the undo would duplicate it.
        list.remove(0).expect("remove");
        list.add(&groups[1], &RULES).expect("add again");
        assert_eq!(list.undo_remove(), Err(ListError::AlreadyListed { position: 2 }));
        assert_eq!(list.remove(9), Err(ListError::NoSuchRow));
    }

    #[test]
    fn majors_are_the_groups_own_in_order_and_limited() {
        let g = group(1, "01", "不限", &[(2025, 1000)]);
        let mut list = VolunteerList::new(Batch::Undergraduate);
        list.add(&g, &RULES).expect("add");
        let codes = |c: &[&str]| c.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(list.set_majors(0, &codes(&["02", "01", "02"]), &g, &RULES), Ok(()));
        assert_eq!(list.rows[0].majors, ["02", "01"]);
        assert_eq!(
            list.set_majors(0, &codes(&["09"]), &g, &RULES),
            Err(ListError::UnknownMajor("09".into()))
        );
        let three = BatchRules { majors: 1, ..RULES };
        assert_eq!(
            list.set_majors(0, &codes(&["01", "02"]), &g, &three),
            Err(ListError::TooManyMajors { limit: 1 })
        );
        assert_eq!(list.set_adjust(0, false), Ok(()));
        assert!(!list.rows[0].adjust);
        assert_eq!(list.set_adjust(3, false), Err(ListError::NoSuchRow));
    }

    #[test]
    fn resolved_rows_carry_their_band_and_announce_it() {
        let ix =
            index(vec![group(1, "01", "不限", &[(2025, 9000)]), group(2, "01", "不限", &[(2025, 20_000)])]);
        let mut list = VolunteerList::new(Batch::Undergraduate);
        for g in &ix.groups {
            list.add(g, &RULES).expect("add");
        }
        list.rows.push(ListRow { school: 9, group: "01".into(), majors: vec!["01".into()], adjust: true });
        let placement = Placement { year: 2025, score: None, rank: Some(10_000), equivalents: vec![] };
        let rows = list.resolve(&ix, &placement);
        assert_eq!(
            rows.iter().map(|r| r.band).collect::<Vec<_>>(),
            [Some(Band::Reach), Some(Band::Safe), None]
        );
        assert_eq!(rows[0].announcement(3), "学校1第01组，第1个志愿，共3个，冲");
        assert_eq!((rows[2].group, rows[2].majors.clone()), (None, vec![("01", None)]));
        assert_eq!(rows[2].announcement(3), "第3个志愿，共3个");
    }

    #[test]
    fn stored_lists_decode_with_defaults() {
        let list: VolunteerList = serde_json::from_str(
            r#"{"batch":"undergraduate","rows":[{"school":3,"group":"02"},{"school":4,"group":"01","majors":["01"],"adjust":false}]}"#,
        )
        .expect("decode");
        assert_eq!((list.rows[0].adjust, list.rows[1].adjust), (true, false));
        assert!(list.last_removed().is_none());
    }
}
