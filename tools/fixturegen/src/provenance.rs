//! 数据来源 of a generated set: one document per kind of file, published by the generator
//! itself, so a page built from it says plainly that its figures are invented. Every row
//! cites its document, the way `portal-data build` cites an office's files; written as a
//! source folder (`portal-data demo`), each document becomes one `[[dataset]]` of its
//! manifest, in this order (the ids are the manifest's numbering).

use portal_dataset::Dataset;
use portal_model::sources::{DataSource, SourceId};

/// Who publishes every document of a generated set (the app reads it to call the set a demo).
pub const PUBLISHER: &str = portal_model::sources::GENERATED_PUBLISHER;

/// The documents, in id order: the school list, majors and articles are cited by no row and
/// take the ids no row cites, in that order (`portal_data::export`).
const DOCUMENTS: [(&str, &str); 8] = [
    ("院校名单（演示数据）", "2025-06-01"),
    ("院校开设专业（演示数据）", "2025-06-01"),
    ("2021—2025年一分一段表（演示数据）", "2025-06-25"),
    ("2021—2025年批次线（演示数据）", "2025-06-25"),
    ("2021—2025年院校专业组投档线（演示数据）", "2025-07-20"),
    ("2021—2025年专业录取分数（演示数据）", "2025-08-10"),
    ("2021—2025年招生计划（演示数据）", "2025-06-20"),
    ("院校新闻（演示数据）", "2025-08-31"),
];
const SCORE_TABLES: SourceId = 3;
const BATCH_LINES: SourceId = 4;
const GROUP_LINES: SourceId = 5;
const MAJOR_LINES: SourceId = 6;
const PLANS: SourceId = 7;

/// `data` with its documents, every admission row and 一分一段表 citing its own.
pub fn cited(mut data: Dataset) -> Dataset {
    data.sources = DOCUMENTS
        .iter()
        .zip(1..)
        .map(|(&(title, date), id)| DataSource {
            id,
            publisher: PUBLISHER.into(),
            title: title.into(),
            url: None,
            date: date.into(),
            sha256: String::new(),
        })
        .collect();
    for table in data.admissions.tables.values_mut() {
        table.source = Some(SCORE_TABLES);
    }
    for a in &mut data.admissions.schools {
        for l in &mut a.lines {
            l.source = Some(GROUP_LINES);
            l.control_source = l.control_line.map(|_| BATCH_LINES);
        }
        for l in &mut a.major_lines {
            l.source = Some(MAJOR_LINES);
        }
        for p in &mut a.plans {
            p.source = Some(PLANS);
        }
    }
    data
}
