//! `portal-data export`: a data set (read back from a database, `Store::catalogue`) written
//! as a source folder that `check`, `build` and `load` accept, so a database can be edited as
//! files and loaded again.
//!
//! - every document of 数据来源 becomes one `[[dataset]]` of the manifest, in its id's place
//!   (so `build` numbers it as before), with its provenance and the checksum of the original
//!   publication (`sha256`, which `build` then cites instead of hashing the exported file);
//! - admission rows go to the file of the document they cite (`source`); a school's 批次线 to
//!   the file of the document its `control_source` names; 一分一段表 likewise;
//! - schools, majors and articles cite no document row by row: the documents no row cites are
//!   given to them in id order (a source folder lists them in that order);
//! - a rank the tools derived from the 一分一段表 (`rank_source` set) is written blank, so a
//!   later build derives it again rather than presenting it as published;
//! - rows citing no document (a database seeded from the demo fixtures) go to a new document
//!   per kind, named as an export.
//!
//! What the site's data does not keep cannot be written back: a 院校专业组投档线's 计划数 and
//! 投档人数, 批次线 no school's line refers to, 专业代码 outside the newest plan's 院校专业组
//! (the groups keep them) and the majors list's. None of them shows on a page.

use crate::columns::columns;
use crate::manifest::{DatasetKind, MANIFEST};
use crate::rows::GroupChangeKind;
use crate::values::{ADMISSION_TYPES, BATCHES, DISTINCTIONS, GROUP_CHANGES, KINDS, LEVELS, NATURES, TRACKS};
use portal_dataset::Dataset;
use portal_model::admissions::{Province, Track};
use portal_model::sources::{DataSource, SourceId};
use portal_model::volunteer::groups::{group_code, ChangeKind};
use portal_model::{AccountKind, SchoolId};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// Why nothing was exported.
#[derive(Debug)]
pub enum ExportError {
    /// The folder holds files and `--force` was not given.
    NotEmpty(PathBuf),
    /// A file is where the folder should be.
    NotAFolder(PathBuf),
    /// The database holds no school.
    NoCatalogue,
    Write(io::Error),
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExportError::NotEmpty(dir) => write!(
                f,
                "{} 不是空文件夹：要整体替换它，加 --force / {} is not empty: pass --force to replace it whole",
                dir.display(),
                dir.display()
            ),
            ExportError::NotAFolder(path) => {
                write!(f, "{} 是一个文件，不是文件夹 / {} is a file, not a folder", path.display(), path.display())
            }
            ExportError::NoCatalogue => {
                write!(f, "数据库中没有院校，无可导出 / the database holds no school: nothing to export")
            }
            ExportError::Write(e) => write!(f, "写入失败 / cannot write: {e}"),
        }
    }
}

impl std::error::Error for ExportError {}

/// What an export wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Exported {
    /// Files written, the manifest included.
    pub files: usize,
    pub schools: usize,
    pub articles: usize,
    /// Score lines, major lines and plans.
    pub admission_rows: usize,
    /// Ranks written blank because the tools had derived them.
    pub derived_ranks: usize,
    /// Documents no row cites beyond those given to schools, majors and articles: left out.
    pub uncited: Vec<SourceId>,
}

/// Where a written source folder came from, as its manifest's first lines say.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// `portal-data export`: a database's catalogue.
    Database,
    /// `portal-data demo`: a set the fixture generator invented (tools/fixturegen).
    Generator,
}

/// Writes `data` as a source folder at `out`: written beside it and swapped in whole, so `out`
/// is never half-written. A non-empty `out` is refused unless `force`.
pub fn export(data: &Dataset, out: &Path, force: bool) -> Result<Exported, ExportError> {
    write(data, Origin::Database, out, force)
}

/// [`export`], for any origin.
pub fn write(data: &Dataset, origin: Origin, out: &Path, force: bool) -> Result<Exported, ExportError> {
    if data.schools.is_empty() {
        return Err(ExportError::NoCatalogue);
    }
    let non_empty = match std::fs::read_dir(out) {
        Ok(mut entries) => entries.next().is_some(),
        Err(e) if e.kind() == io::ErrorKind::NotFound => false,
        Err(_) if out.is_file() => return Err(ExportError::NotAFolder(out.to_path_buf())),
        Err(e) => return Err(ExportError::Write(e)),
    };
    if non_empty && !force {
        return Err(ExportError::NotEmpty(out.to_path_buf()));
    }
    let (files, exported) = source_files(data, origin);
    portal_dataset::replace_folder(out, |dir| {
        for (path, bytes) in &files {
            let path = dir.join(path);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(path, bytes)?;
        }
        Ok(())
    })
    .map_err(ExportError::Write)?;
    Ok(exported)
}

/// A 批次线 as the lines cite it: document, province, year, track, batch (its label), line.
type CitedBatchLine<'a> = (Option<SourceId>, &'a str, u16, Track, &'static str, u16);

/// Where rows go: a document (or none) and a kind.
type FileKey = (Option<SourceId>, DatasetKind);

/// Every file of the source folder (path relative to it, bytes) and what they hold.
pub fn source_files(data: &Dataset, origin: Origin) -> (Vec<(String, Vec<u8>)>, Exported) {
    let mut exported =
        Exported { schools: data.schools.len(), articles: data.articles.len(), ..Exported::default() };
    let known: BTreeSet<SourceId> = data.sources.iter().map(|s| s.id).collect();
    let cite = |id: Option<SourceId>| id.filter(|id| known.contains(id));
    let mut tables: BTreeMap<FileKey, Vec<Vec<String>>> = BTreeMap::new();
    let mut add = |key: FileKey, row: Vec<String>| {
        tables.entry(key).or_default().push(row);
    };
    let schools: BTreeMap<SchoolId, &portal_dataset::SchoolRecord> =
        data.schools.iter().map(|s| (s.card.id, s)).collect();
    let name_of = |id: SchoolId| schools.get(&id).map_or(String::new(), |s| s.card.name.clone());

    // 批次线 as the lines cite them: one row per province, year, track and batch.
    let mut batch_lines: BTreeSet<CitedBatchLine> = BTreeSet::new();
    for a in &data.admissions.schools {
        let level = schools.get(&a.school_id).map(|s| s.card.level);
        // 院校代码 as each province's catalogue prints it (the 院校专业组 keep it), else the id.
        let codes: BTreeMap<&str, &str> =
            a.groups.iter().map(|g| (g.province.as_str(), g.code.as_str())).collect();
        let code =
            |province: &str| codes.get(province).map_or_else(|| a.school_id.to_string(), |c| c.to_string());
        let changes: BTreeMap<(&str, Track, u16, &str), (&str, &str)> = a
            .groups
            .iter()
            .flat_map(|g| g.groups.iter().map(move |group| (g, group)))
            .filter_map(|(g, group)| {
                let change = group.change.as_ref()?;
                let kind = match change.kind {
                    ChangeKind::Renamed => GroupChangeKind::Renamed,
                    ChangeKind::Split => GroupChangeKind::Split,
                    ChangeKind::Other => return None,
                };
                Some((
                    (g.province.as_str(), g.track, change.year, group.code.as_str()),
                    (label(GROUP_CHANGES, kind), change.from.as_str()),
                ))
            })
            .collect();
        // 专业代码 as the 院校专业组 keep them (the newest plan's), by province, track, group and
        // major.
        let major_codes: BTreeMap<(&str, Track, &str, &str), &str> = a
            .groups
            .iter()
            .flat_map(|g| g.groups.iter().map(move |group| (g, group)))
            .flat_map(|(g, group)| {
                group.majors.iter().map(move |m| {
                    ((g.province.as_str(), g.track, group.code.as_str(), m.name.as_str()), m.code.as_str())
                })
            })
            .collect();
        let major_code = |province: &str, track: Track, group: &str, major: &str| {
            major_codes.get(&(province, track, group, major)).map_or(String::new(), |c| c.to_string())
        };
        let name = name_of(a.school_id);
        // The cells every admission row starts with: 年份 … 选科要求.
        let head = |year: u16, province: &str, track, batch, kind, group: &str, subjects: &str| {
            vec![
                year.to_string(),
                province.to_string(),
                label(TRACKS, track).to_string(),
                label(BATCHES, batch).to_string(),
                label(ADMISSION_TYPES, kind).to_string(),
                code(province),
                name.clone(),
                group.to_string(),
                subjects.to_string(),
            ]
        };
        for l in &a.lines {
            let derived = l.rank_source.is_some();
            exported.derived_ranks += usize::from(derived && l.lowest_rank.is_some());
            let group = l.group.as_deref().map(group_code).unwrap_or("");
            let mut row = head(l.year, &l.province, l.track, l.batch, l.admission_type, group, &l.subjects);
            // 计划数 and 投档人数 are not kept.
            row.extend([
                l.lowest.to_string(),
                if derived { String::new() } else { opt(l.lowest_rank) },
                opt(l.average),
                opt(l.highest),
                String::new(),
                String::new(),
            ]);
            add((cite(l.source), DatasetKind::GroupLines), row);
            if let (Some(line), Some(province), Some(level)) =
                (l.control_line, Province::find(&l.province), level)
            {
                let batch = province.control_batch(l.year, l.batch, level);
                batch_lines.insert((
                    cite(l.control_source),
                    province.name,
                    l.year,
                    l.track,
                    label(BATCHES, batch),
                    line,
                ));
            }
        }
        for l in &a.major_lines {
            let derived = l.rank_source.is_some();
            let group = l.group.as_deref().map(group_code).unwrap_or("");
            exported.derived_ranks += usize::from(derived && l.lowest_rank.is_some());
            let mut row = head(l.year, &l.province, l.track, l.batch, l.admission_type, group, &l.subjects);
            row.extend([
                major_code(&l.province, l.track, group, &l.major),
                l.major.clone(),
                l.major_class.clone(),
                l.lowest.to_string(),
                if derived { String::new() } else { opt(l.lowest_rank) },
                opt(l.average),
                opt(l.highest),
            ]);
            add((cite(l.source), DatasetKind::MajorLines), row);
        }
        for p in &a.plans {
            let group = p.group.as_deref().map(group_code).unwrap_or("");
            let change = changes.get(&(p.province.as_str(), p.track, p.year, group));
            let mut row = head(p.year, &p.province, p.track, p.batch, p.admission_type, group, &p.subjects);
            row.extend([
                major_code(&p.province, p.track, group, &p.major),
                p.major.clone(),
                p.major_class.clone(),
                p.places.to_string(),
                opt(p.duration),
                opt(p.tuition),
                p.remarks.clone(),
                change.map_or(String::new(), |c| c.1.to_string()),
                change.map_or(String::new(), |c| c.0.to_string()),
            ]);
            add((cite(p.source), DatasetKind::Plans), row);
        }
        exported.admission_rows += a.lines.len() + a.major_lines.len() + a.plans.len();
        for category in &a.majors {
            for class in &category.classes {
                for m in &class.majors {
                    let distinctions: Vec<&str> =
                        m.distinctions.iter().map(|d| label(DISTINCTIONS, *d)).collect();
                    add(
                        (None, DatasetKind::Majors),
                        vec![
                            a.school_id.to_string(),
                            name.clone(),
                            category.name.clone(),
                            class.name.clone(),
                            String::new(),
                            m.name.clone(),
                            opt(m.duration),
                            m.degree.clone().unwrap_or_default(),
                            distinctions.join("、"),
                        ],
                    );
                }
            }
        }
    }
    for (source, province, year, track, batch, line) in batch_lines {
        add(
            (source, DatasetKind::BatchLines),
            vec![
                year.to_string(),
                province.into(),
                label(TRACKS, track).into(),
                batch.into(),
                line.to_string(),
            ],
        );
    }
    for ((province, track, year), t) in &data.admissions.tables {
        let key = (cite(t.source), DatasetKind::ScoreTable);
        let last = t.ranks.len().saturating_sub(1);
        let mut previous = 0;
        for (i, &cumulative) in t.ranks.iter().enumerate() {
            // A score no one had repeats the rank above it: left out, as the office prints it.
            if i > 0 && i < last && cumulative == previous {
                continue;
            }
            let score = t.top.saturating_sub(i as u16);
            let score = if i == 0 { format!("{score}及以上") } else { score.to_string() };
            add(
                key,
                vec![
                    province.clone(),
                    year.to_string(),
                    label(TRACKS, *track).into(),
                    score,
                    cumulative.saturating_sub(previous).to_string(),
                    cumulative.to_string(),
                ],
            );
            previous = cumulative;
        }
    }
    for s in &data.schools {
        add((None, DatasetKind::Schools), school_row(s));
    }

    // The documents no row cites are the school list's, the majors' and the articles', in
    // id order.
    let cited: BTreeSet<SourceId> = tables.keys().filter_map(|k| k.0).collect();
    let mut uncited =
        data.sources.iter().map(|s| s.id).filter(|id| !cited.contains(id)).collect::<Vec<_>>().into_iter();
    let mut own = |kind: DatasetKind,
                   present: bool,
                   tables: &mut BTreeMap<FileKey, Vec<Vec<String>>>|
     -> Option<Option<SourceId>> {
        if !present {
            return None;
        }
        let id = uncited.next();
        if let Some(t) = tables.remove(&(None, kind)) {
            tables.insert((id, kind), t);
        }
        Some(id)
    };
    own(DatasetKind::Schools, true, &mut tables);
    let has_majors = tables.contains_key(&(None, DatasetKind::Majors));
    own(DatasetKind::Majors, has_majors, &mut tables);
    let articles_document = own(DatasetKind::Articles, !data.articles.is_empty(), &mut tables);
    exported.uncited = uncited.collect();

    // The manifest's order: each document in its id's place, then the new ones.
    let mut keys: Vec<FileKey> = tables.keys().copied().collect();
    if let Some(id) = articles_document {
        keys.push((id, DatasetKind::Articles));
    }
    keys.sort_by_key(|&(id, kind)| (id.is_none(), id, kind));
    let mut per_kind: BTreeMap<DatasetKind, usize> = BTreeMap::new();
    for (_, kind) in &keys {
        *per_kind.entry(*kind).or_default() += 1;
    }
    let path_of = |(id, kind): FileKey| {
        let base = file_base(kind);
        let name = match (per_kind.get(&kind).copied().unwrap_or(0) > 1, id) {
            (false, _) => base.to_string(),
            (true, Some(id)) => format!("{base}-{id}"),
            (true, None) => format!("{base}-new"),
        };
        if kind == DatasetKind::Articles {
            name
        } else {
            format!("{name}.csv")
        }
    };
    let sources: BTreeMap<SourceId, &DataSource> = data.sources.iter().map(|s| (s.id, s)).collect();
    let mut manifest = manifest_head(data, origin);
    let mut files = Vec::new();
    for key in keys {
        let path = path_of(key);
        manifest.push_str(&dataset_entry(key.1, &path, key.0.and_then(|id| sources.get(&id).copied())));
        if key.1 == DatasetKind::Articles {
            files.extend(article_files(data, &path));
        } else if let Some(table) = tables.get(&key) {
            files.push((path, csv(key.1, table)));
        }
    }
    files.insert(0, (MANIFEST.to_string(), manifest.into_bytes()));
    exported.files = files.len();
    (files, exported)
}

/// The label a source file writes for a code (its table's first name).
fn label<T: PartialEq + Copy>(table: &[(T, &'static str, &[&str])], value: T) -> &'static str {
    table.iter().find(|(v, _, _)| *v == value).map_or("", |(_, l, _)| l)
}

fn opt<T: ToString>(value: Option<T>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

fn file_base(kind: DatasetKind) -> &'static str {
    match kind {
        DatasetKind::Schools => "schools",
        DatasetKind::Majors => "majors",
        DatasetKind::ScoreTable => "score-table",
        DatasetKind::BatchLines => "batch-lines",
        DatasetKind::GroupLines => "group-lines",
        DatasetKind::MajorLines => "major-lines",
        DatasetKind::Plans => "plans",
        DatasetKind::Articles => "articles",
    }
}

fn school_row(s: &portal_dataset::SchoolRecord) -> Vec<String> {
    let (c, p) = (&s.card, &s.profile);
    let account = |kind: AccountKind| {
        p.accounts.iter().find(|a| a.kind == kind).map(|a| a.url.clone()).unwrap_or_default()
    };
    let authority = p.facts.iter().find(|f| f.label == "主管部门").map(|f| f.value.clone());
    vec![
        c.id.to_string(),
        c.name.clone(),
        c.short_name.clone(),
        c.pinyin.clone(),
        label(LEVELS, c.level).into(),
        label(KINDS, c.kind).into(),
        label(NATURES, c.nature).into(),
        c.province.clone(),
        c.city.clone(),
        p.website.clone().unwrap_or_default(),
        p.admissions_phone.clone().unwrap_or_default(),
        p.charter_url.clone().unwrap_or_default(),
        opt(p.founded),
        authority.unwrap_or_default(),
        c.tags.join("、"),
        p.introduction.clone(),
        opt(p.upgrade_rate),
        account(AccountKind::Wechat),
        account(AccountKind::OfficialAccount),
        account(AccountKind::WorkWechat),
        p.email.clone().unwrap_or_default(),
        p.address.clone().unwrap_or_default(),
        String::new(), // 网站编号: the 院校代码 written above is the site's number
        if c.followers > 0 { c.followers.to_string() } else { String::new() },
    ]
}

/// A CSV in UTF-8 with a BOM (what Excel opens as UTF-8), `\n` line ends, as the templates,
/// headed by the kind's columns in their canonical order (`columns.rs`): each row writer
/// above follows that order.
fn csv(kind: DatasetKind, rows: &[Vec<String>]) -> Vec<u8> {
    let mut out = "\u{feff}".as_bytes().to_vec();
    let mut writer =
        ::csv::WriterBuilder::new().terminator(::csv::Terminator::Any(b'\n')).from_writer(&mut out);
    // Writing to memory cannot fail; a row of the wrong length is this module's bug (a test
    // reads every exported file back).
    let _ = writer.write_record(columns(kind).iter().map(|c| c.header));
    for row in rows {
        let _ = writer.write_record(row);
    }
    drop(writer);
    out
}

/// A TOML string (quoted and escaped).
fn quoted(text: &str) -> String {
    toml::Value::String(text.to_string()).to_string()
}

fn manifest_head(data: &Dataset, origin: Origin) -> String {
    let featured: Vec<String> = data.featured.iter().map(|id| quoted(&id.to_string())).collect();
    let origin = match origin {
        Origin::Database => {
            "# 海峡高考门户 数据源清单：由 portal-data export 从数据库导出。格式见 docs/data.md。\n\
             # A source folder exported from a database by portal-data export (docs/data.md).\n\
             # sha256 是原始发布文件的校验值（数据来源引用它），不是本文件夹中导出文件的。\n\
             # sha256 is the checksum of the original publication (数据来源 cites it), not of the exported file.\n"
        }
        Origin::Generator => {
            "# 海峡高考门户 演示数据源：由 portal-data demo 写出，院校为真实院校，分数、位次、计划等数字均为\n\
             # tools/fixturegen 生成，并非官方发布。格式见 docs/data.md。\n\
             # The demo source written by portal-data demo: real schools, invented figures\n\
             # (tools/fixturegen), never an office's publication (docs/data.md).\n"
        }
    };
    format!("{origin}\n[site]\nfeatured = [{}]\n", featured.join(", "))
}

fn dataset_entry(kind: DatasetKind, path: &str, source: Option<&DataSource>) -> String {
    let mut entry = format!(
        "\n[[dataset]]\n{:<38} # {}\npath = {}\n",
        format!("kind = {}", quoted(kind.code())),
        kind.label(),
        quoted(path)
    );
    match source {
        Some(s) => {
            entry.push_str(&format!("publisher = {}\ntitle = {}\n", quoted(&s.publisher), quoted(&s.title)));
            if let Some(url) = &s.url {
                entry.push_str(&format!("url = {}\n", quoted(url)));
            }
            entry.push_str(&format!("date = {}\n", quoted(&s.date)));
            if !s.sha256.is_empty() {
                entry.push_str(&format!("sha256 = {}\n", quoted(&s.sha256)));
            }
        }
        // Rows that cited no document (a database seeded from the demo fixtures).
        None => entry.push_str(&format!(
            "publisher = \"海峡高考门户\"\ntitle = {}\ndate = {}\n",
            quoted(&format!("{}（从数据库导出）", kind.label())),
            quoted(&today())
        )),
    }
    entry
}

/// Every article as `DIR/<id>.html` with its front matter.
fn article_files(data: &Dataset, dir: &str) -> Vec<(String, Vec<u8>)> {
    data.articles
        .iter()
        .map(|a| {
            let i = &a.info;
            let mut front = toml::Table::new();
            front.insert("id".into(), toml::Value::Integer(i64::from(i.id)));
            front.insert("school".into(), toml::Value::String(i.school_id.to_string()));
            front.insert("title".into(), toml::Value::String(i.title.clone()));
            front.insert("author".into(), toml::Value::String(i.author.clone()));
            front.insert("date".into(), toml::Value::String(i.published.clone()));
            front.insert(
                "tags".into(),
                toml::Value::Array(i.tags.iter().cloned().map(toml::Value::String).collect()),
            );
            if !i.category.is_empty() {
                front.insert("category".into(), toml::Value::String(i.category.clone()));
            }
            front.insert("summary".into(), toml::Value::String(i.summary.clone()));
            if i.views > 0 {
                front
                    .insert("views".into(), toml::Value::Integer(i64::try_from(i.views).unwrap_or(i64::MAX)));
            }
            let text = format!("+++\n{}+++\n{}", toml::to_string(&front).unwrap_or_default(), a.body_html);
            (format!("{dir}/{}.html", i.id), text.into_bytes())
        })
        .collect()
}

/// Today's date, `YYYY-MM-DD` (UTC), for documents the export names itself.
fn today() -> String {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400);
    portal_model::dates::iso_date(i64::try_from(days).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    #[test]
    fn today_is_a_date_the_manifest_reads() {
        let today = super::today();
        assert_eq!(crate::values::date(&today).ok(), Some(today));
    }
}
