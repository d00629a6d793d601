//! 院校对比: the rules of the compare tray (at most [`MAX`] schools, no duplicates, in the order
//! chosen), the `ids` query value (`1,2,3`) and the stored form of the tray (pure, host-tested).

use crate::browser::json;
use portal_model::query::parse_id;
use portal_model::SchoolId;
use serde::{Deserialize, Serialize};

/// How many schools can be compared at once.
pub const MAX: usize = 4;
/// Where the tray is kept in localStorage.
pub const STORAGE_KEY: &str = "haixia.compare.v1";

/// A school in the tray: its name is kept so the tray shows without loading anything.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chosen {
    pub id: SchoolId,
    pub name: String,
}

/// Why a school cannot be added.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AddError {
    Full,
    AlreadyChosen,
}

/// Adds a school at the end; the tray is unchanged when it is full or has the school.
pub fn add(tray: &[Chosen], school: Chosen) -> Result<Vec<Chosen>, AddError> {
    if tray.iter().any(|c| c.id == school.id) {
        return Err(AddError::AlreadyChosen);
    }
    if tray.len() >= MAX {
        return Err(AddError::Full);
    }
    let mut next = tray.to_vec();
    next.push(school);
    Ok(next)
}

/// The tray without the school (unchanged when it was not there).
pub fn remove(tray: &[Chosen], id: SchoolId) -> Vec<Chosen> {
    tray.iter().filter(|c| c.id != id).cloned().collect()
}

/// Adds the school, or removes it when it is chosen already (the 加入对比 toggle).
pub fn toggle(tray: &[Chosen], school: Chosen) -> Result<Vec<Chosen>, AddError> {
    if tray.iter().any(|c| c.id == school.id) {
        Ok(remove(tray, school.id))
    } else {
        add(tray, school)
    }
}

/// `?ids=1,2,3`: the ids in order; values that are no id are skipped, repeats dropped, and
/// only the first [`MAX`] kept.
pub fn parse_ids(text: &str) -> Vec<SchoolId> {
    let mut ids: Vec<SchoolId> = Vec::new();
    for part in text.split(',') {
        if let Some(id) = parse_id(part.trim()) {
            if !ids.contains(&id) && ids.len() < MAX {
                ids.push(id);
            }
        }
    }
    ids
}

/// The `ids` query value: `1,2,3`.
pub fn format_ids(ids: &[SchoolId]) -> String {
    ids.iter().map(|id| id.to_string()).collect::<Vec<_>>().join(",")
}

/// The stored tray; anything unreadable is an empty tray, and the rules are applied again
/// (another version or a hand edit may have stored more, or repeats).
pub fn parse_stored(text: &str) -> Vec<Chosen> {
    let stored: Vec<Chosen> = json::from_str(text).unwrap_or_default();
    stored.into_iter().fold(Vec::new(), |tray, school| add(&tray, school).unwrap_or(tray))
}

pub fn to_stored(tray: &[Chosen]) -> String {
    json::to_string(tray).unwrap_or_else(|_| "[]".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn school(id: SchoolId) -> Chosen {
        Chosen { id, name: format!("学校{id}") }
    }

    fn ids(tray: &[Chosen]) -> Vec<SchoolId> {
        tray.iter().map(|c| c.id).collect()
    }

    #[test]
    fn adds_up_to_four_without_repeats() {
        let mut tray = Vec::new();
        for id in 1..=4 {
            tray = add(&tray, school(id)).expect("room");
        }
        assert_eq!(ids(&tray), vec![1, 2, 3, 4]);
        assert_eq!(add(&tray, school(5)), Err(AddError::Full));
        assert_eq!(add(&tray, school(2)), Err(AddError::AlreadyChosen));
        assert_eq!(add(&tray[..2], school(1)), Err(AddError::AlreadyChosen));
    }

    #[test]
    fn removes_and_toggles() {
        let tray: Vec<Chosen> = (1..=3).map(school).collect();
        assert_eq!(ids(&remove(&tray, 2)), vec![1, 3]);
        assert_eq!(ids(&remove(&tray, 9)), vec![1, 2, 3]);
        assert_eq!(toggle(&tray, school(2)).map(|t| ids(&t)), Ok(vec![1, 3]));
        assert_eq!(toggle(&tray, school(7)).map(|t| ids(&t)), Ok(vec![1, 2, 3, 7]));
        let full: Vec<Chosen> = (1..=4).map(school).collect();
        assert_eq!(toggle(&full, school(8)), Err(AddError::Full));
        assert_eq!(toggle(&full, school(4)).map(|t| ids(&t)), Ok(vec![1, 2, 3]));
    }

    #[test]
    fn reads_and_writes_the_ids_value() {
        assert_eq!(parse_ids("1,2,3"), vec![1, 2, 3]);
        assert_eq!(parse_ids(" 3, 1 ,3,x,0,+2,07,5,6,9"), vec![3, 1, 5, 6]);
        assert_eq!(parse_ids(""), Vec::<SchoolId>::new());
        assert_eq!(format_ids(&[4, 2]), "4,2");
        assert_eq!(format_ids(&[]), "");
        assert_eq!(parse_ids(&format_ids(&[9, 8, 7])), vec![9, 8, 7]);
    }

    #[test]
    fn the_stored_tray_survives_bad_data() {
        let tray: Vec<Chosen> = (1..=2).map(school).collect();
        assert_eq!(parse_stored(&to_stored(&tray)), tray);
        assert_eq!(parse_stored("not json"), vec![]);
        let too_many = to_stored(&(1..=6).map(school).chain([school(1)]).collect::<Vec<_>>());
        assert_eq!(ids(&parse_stored(&too_many)), vec![1, 2, 3, 4]);
    }
}
