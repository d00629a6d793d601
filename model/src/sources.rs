//! 数据来源: the published documents the admission data came from. Each is one `[[dataset]]`
//! of the source folder's manifest (docs/data.md); `portal-data build` writes them all to
//! `sources.json` (`GET /sources`), and rows and indexes name theirs by id, so a page can say
//! where every figure it shows came from without each row repeating the document.

use crate::admissions::{MajorScoreLine, PlanRow, ScoreLine, ScoreTable};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// The publisher of every document of a generated data set (the bundled demo, tools/fixturegen):
/// its figures are invented, and pages say so.
pub const GENERATED_PUBLISHER: &str = "海峡高考门户演示数据（生成，非官方发布）";

/// Whether a data set's documents are only examples: none listed, or all generated.
pub fn only_examples(registry: &[DataSource]) -> bool {
    registry.iter().all(|s| s.publisher == GENERATED_PUBLISHER)
}

/// A document's number: its position in the manifest, from 1.
pub type SourceId = u32;

/// One published document: who published it, its title, where and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataSource {
    pub id: SourceId,
    /// 发布单位, e.g. 福建省教育考试院.
    pub publisher: String,
    /// The document's title as published.
    pub title: String,
    #[serde(default)]
    pub url: Option<String>,
    /// `YYYY-MM-DD`, the date of publication.
    pub date: String,
    /// SHA-256 of the file as read (lowercase hex), so a figure can be traced to the exact file.
    #[serde(default)]
    pub sha256: String,
}

/// The documents `ids` name, in the registry's order, each once; ids the registry lacks are
/// left out (an older or partial data set).
pub fn cited(registry: &[DataSource], ids: impl IntoIterator<Item = SourceId>) -> Vec<&DataSource> {
    let mut wanted: Vec<SourceId> = ids.into_iter().collect();
    wanted.sort_unstable();
    wanted.dedup();
    registry.iter().filter(|s| wanted.binary_search(&s.id).is_ok()).collect()
}

/// What a set of figures cites: the documents, and whether any rank among them was derived
/// from a 一分一段表 (推算) rather than published. Built by the data tools for an index and by
/// a page for the rows it shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Citations {
    pub ids: BTreeSet<SourceId>,
    pub derived: bool,
}

impl Citations {
    pub fn add(&mut self, id: Option<SourceId>) {
        self.ids.extend(id);
    }
    pub fn line(&mut self, l: &ScoreLine) {
        self.add(l.source);
        self.add(l.control_source);
        self.add(l.rank_source);
        self.derived |= l.rank_source.is_some();
    }
    pub fn major_line(&mut self, l: &MajorScoreLine) {
        self.add(l.source);
        self.add(l.rank_source);
        self.derived |= l.rank_source.is_some();
    }
    pub fn plan(&mut self, p: &PlanRow) {
        self.add(p.source);
    }
    pub fn table(&mut self, t: Option<&ScoreTable>) {
        self.add(t.and_then(|t| t.source));
    }
    /// The ids in order and the derived flag, as an index carries them.
    pub fn finish(self) -> (Vec<SourceId>, bool) {
        (self.ids.into_iter().collect(), self.derived)
    }
    /// An index's citations read back.
    pub fn of_index(ids: &[SourceId], derived: bool) -> Citations {
        Citations { ids: ids.iter().copied().collect(), derived }
    }
    pub fn of_lines<'a>(lines: impl IntoIterator<Item = &'a ScoreLine>) -> Citations {
        let mut c = Citations::default();
        lines.into_iter().for_each(|l| c.line(l));
        c
    }
    pub fn of_major_lines<'a>(lines: impl IntoIterator<Item = &'a MajorScoreLine>) -> Citations {
        let mut c = Citations::default();
        lines.into_iter().for_each(|l| c.major_line(l));
        c
    }
    pub fn of_plans<'a>(plans: impl IntoIterator<Item = &'a PlanRow>) -> Citations {
        let mut c = Citations::default();
        plans.into_iter().for_each(|p| c.plan(p));
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_generated_documents_or_none_are_examples() {
        let doc = |publisher: &str| DataSource {
            id: 1,
            publisher: publisher.into(),
            title: "一分一段表".into(),
            url: None,
            date: "2025-06-25".into(),
            sha256: String::new(),
        };
        assert!(only_examples(&[]));
        assert!(only_examples(&[doc(GENERATED_PUBLISHER), doc(GENERATED_PUBLISHER)]));
        assert!(!only_examples(&[doc(GENERATED_PUBLISHER), doc("福建省教育考试院")]));
    }

    #[test]
    fn cited_lists_each_known_document_once_in_registry_order() {
        let doc = |id| DataSource {
            id,
            publisher: "福建省教育考试院".into(),
            title: format!("文件{id}"),
            url: None,
            date: "2025-06-25".into(),
            sha256: String::new(),
        };
        let registry = [doc(1), doc(2), doc(3)];
        let ids: Vec<SourceId> = cited(&registry, [3, 1, 3, 9]).iter().map(|s| s.id).collect();
        assert_eq!(ids, vec![1, 3]);
        let old: DataSource =
            serde_json::from_str(r#"{"id":4,"publisher":"p","title":"t","date":"2025-01-01"}"#)
                .expect("decodes");
        assert_eq!((old.url, old.sha256.as_str()), (None, ""));
    }

    #[test]
    fn citations_gather_every_document_and_whether_a_rank_was_derived() {
        use crate::admissions::{AdmissionType, Batch, Track};
        let line = |source, control_source, rank_source| ScoreLine {
            year: 2025,
            province: "福建".into(),
            track: Track::Physics,
            batch: Batch::Undergraduate,
            admission_type: AdmissionType::General,
            group: None,
            subjects: String::new(),
            lowest: 600,
            lowest_rank: Some(9000),
            average: None,
            highest: None,
            control_line: Some(450),
            source,
            rank_source,
            control_source,
        };
        let published = Citations::of_lines(&[line(Some(5), Some(4), None), line(Some(5), None, None)]);
        assert_eq!(published.clone().finish(), (vec![4, 5], false));
        let derived = Citations::of_lines(&[line(Some(5), Some(4), Some(3))]);
        assert_eq!(derived.clone().finish(), (vec![3, 4, 5], true));
        assert_eq!(Citations::of_index(&[3, 4, 5], true), derived);
        assert_eq!(Citations::of_lines(&[line(None, None, None)]).finish(), (vec![], false));
    }
}
