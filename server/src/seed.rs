//! Filling an empty database: from the bundled fixture files (the same files the fixtures
//! data source serves), or from a synthetic set of any size.

use portal_dataset::{Admissions, SchoolAdmissions, SchoolGroups};
use portal_dataset::{ArticleRecord, Dataset, SchoolRecord};
use portal_model::admissions::{self as adm, MajorScoreLine, PlanRow, RankIndex, SchoolMajors, SchoolScores};
use portal_model::fixtures as files;
use portal_model::volunteer::groups::GroupIndex;
use portal_model::{Article, Home, SchoolDirectory, SchoolPage, SearchResults};
use serde::de::DeserializeOwned;
use std::io;
use std::path::Path;

fn read<T: DeserializeOwned>(dir: &Path, rel: &str) -> io::Result<T> {
    let text = std::fs::read_to_string(dir.join(rel))?;
    serde_json::from_str(&text).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, format!("{rel}: {e}")))
}

/// Reads a `data/` folder written by fixturegen back into a data set.
pub fn from_fixture_dir(dir: &Path) -> io::Result<Dataset> {
    let directory: SchoolDirectory = read(dir, &files::directory())?;
    let mut schools = Vec::new();
    for card in directory.schools.items {
        let page: SchoolPage = read(dir, &files::school(card.id))?;
        schools.push(SchoolRecord { card: page.school, profile: page.profile });
    }
    schools.sort_by_key(|s| s.card.id);
    let index: SearchResults = read(dir, &files::search_index())?;
    let mut articles = Vec::new();
    for summary in index.articles {
        let article: Article = read(dir, &files::article(summary.id))?;
        articles.push(ArticleRecord { info: article.info, body_html: article.body_html });
    }
    articles.sort_by_key(|a| a.info.id);
    let admissions = admissions_from_fixture_dir(dir, &schools)?;
    // The editors' featured schools are the home page's, in its order.
    let home: Home = read(dir, &files::home())?;
    let featured = home.featured.iter().map(|c| c.id).collect();
    // 数据来源: a data set built by `portal-data build` lists its documents; an older folder has none.
    let sources =
        if dir.join(files::sources()).exists() { read(dir, &files::sources())? } else { Vec::new() };
    Ok(Dataset { schools, articles, admissions, featured, sources })
}

/// Reads the admission files of a `data/` folder back (for seeding from the bundled fixtures).
/// A school without a scores file simply has no admission data (an older data folder).
fn admissions_from_fixture_dir(dir: &Path, schools: &[SchoolRecord]) -> io::Result<Admissions> {
    let mut out = Admissions::default();
    for record in schools {
        let id = record.card.id;
        if !dir.join(files::school_scores(id)).exists() {
            continue;
        }
        let scores: SchoolScores = read(dir, &files::school_scores(id))?;
        let majors: SchoolMajors = read(dir, &files::school_majors(id))?;
        let mut school = SchoolAdmissions {
            school_id: id,
            provinces: scores.provinces.clone(),
            lines: scores.lines,
            majors: majors.categories,
            ..SchoolAdmissions::default()
        };
        for province in &scores.provinces {
            let key = adm::province_key(province).ok_or_else(|| {
                io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("school {id}: unknown province {province}"),
                )
            })?;
            let major_lines: Vec<MajorScoreLine> = read(dir, &files::school_major_scores(id, key))?;
            let plans: Vec<PlanRow> = read(dir, &files::school_plans(id, key))?;
            school.major_lines.extend(major_lines);
            school.plans.extend(plans);
        }
        out.schools.push(school);
    }
    // The 一分一段表 of each index (the latest year of each province and track, and every year
    // of the group indexes), and the groups of each school.
    for province in adm::PROVINCES.iter() {
        for track in adm::Track::ALL {
            let rel = files::rank_index(province.key, *track);
            if dir.join(&rel).exists() {
                let index: RankIndex = read(dir, &rel)?;
                if let Some(table) = index.table {
                    out.tables.insert((province.name.to_string(), *track, table.year), table);
                }
            }
            let rel = files::group_index(province.key, *track);
            if !dir.join(&rel).exists() {
                continue;
            }
            let index: GroupIndex = read(dir, &rel)?;
            for table in index.tables {
                out.tables.insert((province.name.to_string(), *track, table.year), table);
            }
            for school in &index.schools {
                let Some(data) = out.schools.iter_mut().find(|s| s.school_id == school.id) else { continue };
                data.groups.push(SchoolGroups {
                    province: province.name.to_string(),
                    track: *track,
                    code: school.code.clone(),
                    plan_year: index.plan_year,
                    groups: index.groups.iter().filter(|g| g.school == school.id).cloned().collect(),
                });
            }
        }
    }
    Ok(out)
}
