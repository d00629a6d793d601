//! `manifest.toml`: what the source folder holds. Each `[[dataset]]` is one published document
//! (one file, or the folder of articles) with its provenance (publisher, title, URL, date), and
//! may fix key columns for the whole file (`province`, `year`, `track`, `batch`) when the
//! document states them only in its title. `[site]` holds editorial choices: the featured
//! schools of the home page. The file's checksum is computed by the tool; a `sha256` written in
//! the manifest is the original publication's (an exported or converted file has new bytes):
//! 数据来源 cites it instead, and a file that differs is noted.

use crate::problem::{Place, ProblemKind, Report};
use crate::values;
use portal_model::admissions::{Batch, Province, Track};
use serde::Deserialize;

pub const MANIFEST: &str = "manifest.toml";

/// The kinds of dataset, one table (or the articles) each.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DatasetKind {
    Schools,
    Majors,
    ScoreTable,
    BatchLines,
    GroupLines,
    MajorLines,
    Plans,
    Articles,
}

impl DatasetKind {
    pub const ALL: &'static [DatasetKind] = &[
        DatasetKind::Schools,
        DatasetKind::Majors,
        DatasetKind::ScoreTable,
        DatasetKind::BatchLines,
        DatasetKind::GroupLines,
        DatasetKind::MajorLines,
        DatasetKind::Plans,
        DatasetKind::Articles,
    ];

    /// The code written in the manifest.
    pub fn code(self) -> &'static str {
        match self {
            DatasetKind::Schools => "schools",
            DatasetKind::Majors => "majors",
            DatasetKind::ScoreTable => "score_table",
            DatasetKind::BatchLines => "batch_lines",
            DatasetKind::GroupLines => "group_lines",
            DatasetKind::MajorLines => "major_lines",
            DatasetKind::Plans => "plans",
            DatasetKind::Articles => "articles",
        }
    }

    /// The Chinese name, accepted in the manifest too.
    pub fn label(self) -> &'static str {
        match self {
            DatasetKind::Schools => "院校名单",
            DatasetKind::Majors => "开设专业",
            DatasetKind::ScoreTable => "一分一段表",
            DatasetKind::BatchLines => "批次线",
            DatasetKind::GroupLines => "院校专业组投档线",
            DatasetKind::MajorLines => "专业录取分",
            DatasetKind::Plans => "招生计划",
            DatasetKind::Articles => "文章",
        }
    }

    pub fn read(text: &str) -> Option<DatasetKind> {
        let t = values::clean(text);
        DatasetKind::ALL.iter().copied().find(|k| k.code() == t || k.label() == t)
    }

    /// `schools（院校名单）`, for messages.
    pub fn accepted() -> Vec<String> {
        DatasetKind::ALL.iter().map(|k| format!("{}（{}）", k.code(), k.label())).collect()
    }
}

/// Where a dataset's figures come from, as pages will cite it (数据来源).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Provenance {
    /// 发布单位: 福建省教育考试院.
    pub publisher: String,
    /// The document's title as published.
    pub title: String,
    pub url: Option<String>,
    /// `YYYY-MM-DD`, the date of publication.
    pub date: String,
    /// SHA-256 of the published file, lowercase hex: the manifest's `sha256` when given (the
    /// original's), else computed by the tool from the file (of the articles folder: of each
    /// file's path and SHA-256, in path order).
    pub sha256: String,
}

/// Key values the manifest gives for every row of a file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Fixed {
    pub province: Option<&'static Province>,
    pub year: Option<u16>,
    pub track: Option<Track>,
    pub batch: Option<Batch>,
}

/// One `[[dataset]]`.
#[derive(Clone, Debug, PartialEq)]
pub struct Dataset {
    /// 1-based position in the manifest.
    pub number: usize,
    pub kind: DatasetKind,
    /// Relative to the source folder, `/`-separated.
    pub path: String,
    /// The worksheet of a workbook (the first when `None`).
    pub sheet: Option<String>,
    pub provenance: Provenance,
    /// The original publication's checksum recorded in the manifest, if any.
    pub recorded_sha256: Option<String>,
    pub fixed: Fixed,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Manifest {
    /// School codes (院校代码 of the school list) for the home page, in order.
    pub featured: Vec<String>,
    pub datasets: Vec<Dataset>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawManifest {
    #[serde(default)]
    site: RawSite,
    #[serde(default, rename = "dataset")]
    datasets: Vec<RawDataset>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawSite {
    #[serde(default)]
    featured: Vec<toml::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDataset {
    kind: Option<String>,
    path: Option<String>,
    sheet: Option<String>,
    publisher: Option<String>,
    title: Option<String>,
    url: Option<String>,
    date: Option<toml::Value>,
    sha256: Option<String>,
    province: Option<String>,
    year: Option<toml::Value>,
    track: Option<String>,
    batch: Option<String>,
}

/// A TOML string, integer or date as text (`10384`, `"10384"`, `2025-06-25`).
fn scalar_text(value: &toml::Value) -> String {
    match value {
        toml::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A key the manifest gives for a whole file: `Err` when given but not known (reported).
fn fixed_value<T>(
    key: &'static str,
    value: Option<String>,
    parse: impl Fn(&str) -> Result<T, ProblemKind>,
    place: Place,
    report: &mut Report,
) -> Result<Option<T>, ()> {
    let Some(value) = value else { return Ok(None) };
    parse(&value).map(Some).map_err(|_| report.push(place, ProblemKind::FixedValue { key, value }))
}

/// Reads the manifest; datasets with an error are left out (the report says why).
pub fn parse(text: &str, report: &mut Report) -> Manifest {
    let raw: RawManifest = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(e) => {
            let message = e.to_string().trim().replace('\n', " ").replace("  ", " ");
            report.push(Place::file(MANIFEST), ProblemKind::ManifestSyntax(message));
            return Manifest::default();
        }
    };
    let featured = raw.site.featured.iter().map(|v| values::clean(&scalar_text(v)).to_string()).collect();
    let mut datasets = Vec::new();
    for (i, d) in raw.datasets.into_iter().enumerate() {
        let number = i + 1;
        let at = |field: &str| Place::field(MANIFEST, format!("[[dataset]] #{number} {field}"));
        let mut ok = true;
        let mut required = |value: Option<String>, field: &'static str, report: &mut Report| match value
            .map(|v| values::clean(&v).to_string())
            .filter(|v| !v.is_empty())
        {
            Some(v) => v,
            None => {
                report.push(at(field), ProblemKind::MissingProvenance(field));
                ok = false;
                String::new()
            }
        };
        let kind_text = required(d.kind, "kind", report);
        let path = required(d.path, "path", report).replace('\\', "/");
        let publisher = required(d.publisher, "publisher", report);
        let title = required(d.title, "title", report);
        let date = match d.date.as_ref().map(scalar_text) {
            Some(text) => values::date(&text).unwrap_or_else(|problem| {
                report.push(at("date"), problem);
                ok = false;
                String::new()
            }),
            None => {
                report.push(at("date"), ProblemKind::MissingProvenance("date"));
                ok = false;
                String::new()
            }
        };
        let url = match d.url.as_deref().map(values::clean).filter(|u| !u.is_empty()) {
            Some(u) => match values::url(u) {
                Ok(u) => Some(u),
                Err(problem) => {
                    report.push(at("url"), problem);
                    None
                }
            },
            None => {
                report.push(at("url"), ProblemKind::NoUrl);
                None
            }
        };
        let kind = DatasetKind::read(&kind_text);
        if kind.is_none() && !kind_text.is_empty() {
            report.push(at("kind"), ProblemKind::UnknownKind(kind_text));
            ok = false;
        }
        let province = fixed_value("province", d.province, values::province, at("province"), report);
        let year = fixed_value("year", d.year.as_ref().map(scalar_text), values::year, at("year"), report);
        let track = fixed_value("track", d.track, values::track, at("track"), report);
        let batch = fixed_value("batch", d.batch, values::batch, at("batch"), report);
        let (Ok(province), Ok(year), Ok(track), Ok(batch)) = (province, year, track, batch) else { continue };
        // 数据来源 cites it: only a whole SHA-256.
        let recorded_sha256 =
            d.sha256.map(|s| values::clean(&s).to_ascii_lowercase()).filter(|s| !s.is_empty());
        if let Some(sha) =
            recorded_sha256.as_ref().filter(|s| s.len() != 64 || !s.bytes().all(|b| b.is_ascii_hexdigit()))
        {
            report.push(at("sha256"), ProblemKind::BadChecksum(sha.clone()));
            ok = false;
        }
        let fixed = Fixed { province, year, track, batch };
        if let (true, Some(kind)) = (ok, kind) {
            datasets.push(Dataset {
                number,
                kind,
                path,
                sheet: d.sheet.filter(|s| !s.trim().is_empty()),
                provenance: Provenance { publisher, title, url, date, sha256: String::new() },
                recorded_sha256,
                fixed,
            });
        }
    }
    Manifest { featured, datasets }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_datasets_with_provenance_and_fixed_keys() {
        let mut report = Report::default();
        let m = parse(
            r#"
            [site]
            featured = ["10384", 10386]

            [[dataset]]
            kind = "一分一段表"
            path = "一分一段/物理.xlsx"
            sheet = "物理类"
            publisher = "福建省教育考试院"
            title = "福建省2025年普通高考物理科目组成绩分布表"
            url = "https://www.eeafj.cn/"
            date = 2025-06-25
            province = "福建省"
            year = 2025
            track = "物理"
            "#,
            &mut report,
        );
        assert_eq!(report.problems, vec![]);
        assert_eq!(m.featured, vec!["10384", "10386"]);
        let d = &m.datasets[0];
        assert_eq!(
            (d.kind, d.path.as_str(), d.sheet.as_deref()),
            (DatasetKind::ScoreTable, "一分一段/物理.xlsx", Some("物理类"))
        );
        assert_eq!(d.provenance.date, "2025-06-25");
        assert_eq!(
            (d.fixed.province.map(|p| p.name), d.fixed.year, d.fixed.track),
            (Some("福建"), Some(2025), Some(Track::Physics))
        );
    }

    #[test]
    fn reports_what_is_missing_or_wrong() {
        let mut report = Report::default();
        let m = parse(
            r#"
            [[dataset]]
            kind = "scores"
            path = "a.csv"
            title = "x"
            date = "2025-02-30"
            url = "eeafj.cn"
            "#,
            &mut report,
        );
        assert!(m.datasets.is_empty());
        assert_eq!(report.codes(), vec!["missing_provenance", "bad_date", "not_a_url", "unknown_kind"]);
        let mut report = Report::default();
        parse("[[dataset]]\nkind = \"schools\"\npublihser = \"x\"\n", &mut report);
        assert_eq!(report.codes(), vec!["manifest_syntax"]);
        assert!(report.problems[0].kind.zh().contains("publihser"), "{}", report.problems[0].kind.zh());
    }
}
