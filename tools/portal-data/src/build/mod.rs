//! `portal-data build`: a checked source folder turned into the site's data set
//! (`portal_dataset::Dataset`) and written as the static files the fixtures source reads.
//!
//! Only a [`ValidSource`] is built, so a source with errors writes nothing; the files are
//! written to a new folder beside the output and swapped in whole (`portal_dataset::publish`),
//! so a failure while writing leaves the output as it was. The same source gives byte-identical
//! files: every list follows the source's order or a sort, never a hash map's.
//!
//! What the office does not publish is derived here and marked: a line's rank from the
//! 一分一段表 (`rank_source`), a school page's 基本信息 from its facts, an article's summary
//! from its body, the 院校专业组 history from each year's plans and lines.

mod admissions;
mod articles;
mod groups;
mod schools;

use crate::source::ValidSource;
use portal_dataset::Dataset;
use portal_model::sources::{DataSource, SourceId};
use std::collections::BTreeMap;
use std::io;
use std::path::Path;

/// The ids the site knows a source's schools by (院校代码 → 网站编号).
pub(crate) type SchoolIds = BTreeMap<String, portal_model::SchoolId>;

/// The data set a valid source describes.
pub fn dataset(valid: &ValidSource) -> Dataset {
    let source = valid.source();
    let ids: SchoolIds =
        source.schools.iter().filter_map(|s| Some((s.value.code.clone(), s.value.site_number()?))).collect();
    let document = |dataset: usize| -> Option<SourceId> {
        source.datasets.get(dataset).map(|d| d.dataset.number as SourceId)
    };
    let schools = schools::records(source, &ids);
    let articles = articles::records(source, &ids, &schools);
    let admissions = admissions::admissions(source, &ids, &document);
    let featured = source
        .featured
        .iter()
        .filter_map(|f| {
            let school = source
                .school(f)
                .or_else(|| source.schools.iter().map(|s| &s.value).find(|s| s.name == *f))?;
            ids.get(&school.code).copied()
        })
        .collect();
    let sources = source
        .datasets
        .iter()
        .map(|d| {
            let p = &d.dataset.provenance;
            DataSource {
                id: d.dataset.number as SourceId,
                publisher: p.publisher.clone(),
                title: p.title.clone(),
                url: p.url.clone(),
                date: p.date.clone(),
                sha256: p.sha256.clone(),
            }
        })
        .collect();
    Dataset { schools, articles, admissions, featured, sources }
}

/// What a build wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Built {
    pub schools: usize,
    pub articles: usize,
    /// Score lines, major lines and plans.
    pub admission_rows: usize,
    /// Lines whose rank was derived from the 一分一段表.
    pub derived_ranks: usize,
}

/// Builds a valid source into the folder `out`, replacing it whole.
pub fn build(valid: &ValidSource, out: &Path) -> io::Result<Built> {
    let data = dataset(valid);
    portal_dataset::publish(&data, out)?;
    let all = &data.admissions.schools;
    Ok(Built {
        schools: data.schools.len(),
        articles: data.articles.len(),
        admission_rows: all.iter().map(|a| a.lines.len() + a.major_lines.len() + a.plans.len()).sum(),
        derived_ranks: all
            .iter()
            .map(|a| {
                a.lines.iter().filter(|l| l.rank_source.is_some()).count()
                    + a.major_lines.iter().filter(|l| l.rank_source.is_some()).count()
            })
            .sum(),
    })
}
