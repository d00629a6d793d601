//! Reads a whole source folder: the manifest, then every dataset it lists, then the checks
//! across files (`validate`). Nothing is written anywhere.

use crate::articles::{self, Article};
use crate::columns::{self, Col, HeaderMap, Need};
use crate::manifest::{self, Dataset, DatasetKind, MANIFEST};
use crate::problem::{Place, ProblemKind, Report, Severity};
use crate::rows::{
    self, BatchLine, GroupLine, Major, MajorLine, Plan, RowReader, School, ScoreEntry, Sourced,
};
use crate::scores::ScoreTable;
use crate::sheet::{self, Sheet, SheetRow};
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

/// A dataset as read: its manifest entry (with the checksum computed) and what the reading
/// found.
#[derive(Clone, Debug, PartialEq)]
pub struct DatasetRead {
    pub dataset: Dataset,
    /// Data rows read without error (articles: files).
    pub rows: usize,
    /// How a CSV was decoded.
    pub encoding: Option<&'static str>,
    /// Where its columns are (tables only).
    pub header: HeaderMap,
}

/// Everything a source folder holds, typed. Rows with errors are not in it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Source {
    pub root: PathBuf,
    /// 首页推荐院校: school codes, in order.
    pub featured: Vec<String>,
    pub datasets: Vec<DatasetRead>,
    pub schools: Vec<Sourced<School>>,
    pub majors: Vec<Sourced<Major>>,
    /// 一分一段表, one per province, year and track, highest score first.
    pub score_tables: Vec<ScoreTable>,
    pub batch_lines: Vec<Sourced<BatchLine>>,
    pub group_lines: Vec<Sourced<GroupLine>>,
    pub major_lines: Vec<Sourced<MajorLine>>,
    pub plans: Vec<Sourced<Plan>>,
    /// `row` is 0: an article is a file.
    pub articles: Vec<Sourced<Article>>,
    /// The score rows as read, before they are gathered into tables.
    pub(crate) score_entries: Vec<Sourced<ScoreEntry>>,
    /// Codes of school rows that had an error (references to them are not reported again).
    pub(crate) rejected_schools: BTreeSet<String>,
}

impl Source {
    /// The file a dataset came from, for messages.
    pub fn file(&self, dataset: usize) -> &str {
        self.datasets.get(dataset).map_or("", |d| d.dataset.path.as_str())
    }

    /// The place of a cell of a row.
    pub fn place(&self, dataset: usize, row: u32, col: Col) -> Place {
        let file = self.file(dataset);
        match self.datasets.get(dataset).and_then(|d| d.header.get(col)) {
            Some(column) => Place::cell(file, row, column.clone()),
            None => Place::row(file, row),
        }
    }

    pub fn school(&self, code: &str) -> Option<&School> {
        self.schools.iter().map(|s| &s.value).find(|s| s.code == code)
    }
}

/// A source and its report.
#[derive(Clone, Debug)]
pub struct Checked {
    pub source: Source,
    pub report: Report,
}

/// A source without errors: the only thing `build` and `load` accept, so nothing is written
/// from a source with errors.
#[derive(Clone, Debug)]
pub struct ValidSource {
    source: Source,
    /// Warnings and notes.
    pub report: Report,
}

impl ValidSource {
    pub fn source(&self) -> &Source {
        &self.source
    }
    pub fn into_source(self) -> Source {
        self.source
    }
}

impl Checked {
    /// The source if it has no error; otherwise the report.
    pub fn valid(self) -> Result<ValidSource, Report> {
        if self.report.has_errors() {
            Err(self.report)
        } else {
            Ok(ValidSource { source: self.source, report: self.report })
        }
    }
}

/// SHA-256 as lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    portal_model::hex::encode(&Sha256::digest(bytes))
}

/// Reads and checks the source folder at `root`.
pub fn read(root: &Path) -> Checked {
    let mut report = Report::default();
    let mut source = Source { root: root.to_path_buf(), ..Source::default() };
    if !root.is_dir() {
        report.push(Place::file(&root.display().to_string()), ProblemKind::NotAFolder);
        return Checked { source, report };
    }
    let manifest = match fs::read(root.join(MANIFEST)) {
        Ok(bytes) => match crate::decode::decode(&bytes) {
            Some(d) => manifest::parse(d.text.trim_start_matches('\u{feff}'), &mut report),
            None => {
                report.push(Place::file(MANIFEST), ProblemKind::UnknownEncoding);
                return Checked { source, report };
            }
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            report.push(Place::file(MANIFEST), ProblemKind::ManifestMissing);
            return Checked { source, report };
        }
        Err(e) => {
            report.push(Place::file(MANIFEST), ProblemKind::UnreadableFile(e.to_string()));
            return Checked { source, report };
        }
    };
    source.featured = manifest.featured.clone();
    let mut listed: BTreeSet<String> = BTreeSet::new();
    for dataset in manifest.datasets {
        let place = Place::field(MANIFEST, format!("[[dataset]] #{} path", dataset.number));
        // Paths stay inside the folder, so a source is one self-contained thing to check,
        // hash and hand over.
        let inside = Path::new(&dataset.path)
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_) | std::path::Component::CurDir));
        if !inside {
            report.push(place, ProblemKind::PathOutside(dataset.path.clone()));
            continue;
        }
        if !listed.insert(dataset.path.clone()) {
            report.push(place, ProblemKind::ListedTwice);
            continue;
        }
        let path = root.join(&dataset.path);
        if dataset.kind == DatasetKind::Articles {
            if !path.is_dir() {
                report.push(place, ProblemKind::FileMissing(dataset.path.clone()));
                continue;
            }
            read_articles(&mut source, dataset, &path, &mut report);
            continue;
        }
        let bytes = match fs::read(&path) {
            Ok(bytes) if path.is_file() => bytes,
            _ => {
                report.push(place, ProblemKind::FileMissing(dataset.path.clone()));
                continue;
            }
        };
        read_table(&mut source, dataset, &path, &bytes, &mut report);
    }
    report_unlisted(root, &listed, &mut report);
    crate::validate::check(&mut source, &mut report);
    Checked { source, report }
}

/// The checksum 数据来源 cites: the manifest's `sha256` when it gives one (the checksum of the
/// original publication, which an exported or converted file no longer has: noted when the
/// file differs), else the file's own.
fn checksum(dataset: &mut Dataset, actual: String, report: &mut Report) {
    let cited = match dataset.recorded_sha256.clone() {
        Some(recorded) => {
            if recorded != actual {
                let place = Place::field(MANIFEST, format!("[[dataset]] #{} sha256", dataset.number));
                report.push(place, ProblemKind::ChecksumMismatch { recorded: recorded.clone(), actual });
            }
            recorded
        }
        None => actual,
    };
    dataset.provenance.sha256 = cited;
}

fn read_table(source: &mut Source, mut dataset: Dataset, path: &Path, bytes: &[u8], report: &mut Report) {
    checksum(&mut dataset, sha256_hex(bytes), report);
    let file = dataset.path.clone();
    let index = source.datasets.len();
    let mut read = DatasetRead { dataset, rows: 0, encoding: None, header: HeaderMap::default() };
    let sheet = match sheet::read(path, bytes, read.dataset.sheet.as_deref()) {
        Ok(sheet) => sheet,
        Err(problem) => {
            report.push(Place::file(&file), problem);
            source.datasets.push(read);
            return;
        }
    };
    read.encoding = sheet.encoding;
    let cols = columns::columns(read.dataset.kind);
    match columns::locate_header(&sheet, cols) {
        Ok(header) => read.header = header,
        Err(problem) => {
            report.push(Place::file(&file), problem);
            source.datasets.push(read);
            return;
        }
    }
    let usable = check_header(&file, &sheet, &read, report);
    source.datasets.push(read);
    if !usable {
        return;
    }
    let read = &source.datasets[index];
    let (kind, fixed, header) = (read.dataset.kind, read.dataset.fixed, read.header.clone());
    let mut rows = 0;
    let header_texts = cell_texts(&sheet.rows[header.row]);
    for row in &sheet.rows[header.row + 1..] {
        if row.is_blank() {
            continue;
        }
        if rows::is_text_row(row) {
            report.push(Place::row(&file, row.number), ProblemKind::TextRow);
            continue;
        }
        if cell_texts(row) == header_texts {
            report.push(Place::row(&file, row.number), ProblemKind::RepeatedHeader);
            continue;
        }
        let mut reader = RowReader { file: &file, row, header: &header, fixed, report, failed: false };
        let parsed = match kind {
            DatasetKind::Schools => reader.school().map(Parsed::School),
            DatasetKind::Majors => reader.major().map(Parsed::Major),
            DatasetKind::ScoreTable => reader.score_entry().map(Parsed::Score),
            DatasetKind::BatchLines => reader.batch_line().map(Parsed::BatchLine),
            DatasetKind::GroupLines => reader.group_line().map(Parsed::GroupLine),
            DatasetKind::MajorLines => reader.major_line().map(Parsed::MajorLine),
            DatasetKind::Plans => reader.plan().map(Parsed::Plan),
            DatasetKind::Articles => None,
        };
        if kind == DatasetKind::Schools && (reader.failed || parsed.is_none()) {
            // References to a school whose row has an error are not reported again.
            if let Some(code) = header.get(Col::SchoolCode).map(|c| crate::values::clean(row.cell(c.index))) {
                source.rejected_schools.insert(code.to_string());
            }
        }
        match parsed {
            Some(value) if !reader.failed => {
                source.add(index, row.number, value);
                rows += 1;
            }
            _ => {}
        }
    }
    if rows == 0 && !sheet.rows[header.row + 1..].iter().any(|r| !r.is_blank()) {
        report.push(Place::file(&file), ProblemKind::NoRows);
    }
    source.datasets[index].rows = rows;
}

/// A row's cleaned texts without trailing empty cells (to spot the header repeated).
fn cell_texts(row: &SheetRow) -> Vec<&str> {
    let mut texts: Vec<&str> = row.cells.iter().map(|c| crate::values::clean(&c.text)).collect();
    while texts.last().is_some_and(|t| t.is_empty()) {
        texts.pop();
    }
    texts
}

/// One row of any kind, as read.
enum Parsed {
    School(School),
    Major(Major),
    Score(ScoreEntry),
    BatchLine(BatchLine),
    GroupLine(GroupLine),
    MajorLine(MajorLine),
    Plan(Plan),
}

impl Source {
    fn add(&mut self, dataset: usize, row: u32, parsed: Parsed) {
        fn at<T>(dataset: usize, row: u32, value: T) -> Sourced<T> {
            Sourced { dataset, row, value }
        }
        match parsed {
            Parsed::School(v) => self.schools.push(at(dataset, row, v)),
            Parsed::Major(v) => self.majors.push(at(dataset, row, v)),
            Parsed::Score(v) => self.score_entries.push(at(dataset, row, v)),
            Parsed::BatchLine(v) => self.batch_lines.push(at(dataset, row, v)),
            Parsed::GroupLine(v) => self.group_lines.push(at(dataset, row, v)),
            Parsed::MajorLine(v) => self.major_lines.push(at(dataset, row, v)),
            Parsed::Plan(v) => self.plans.push(at(dataset, row, v)),
        }
    }
}

/// Notes on the header, errors for missing or doubled columns; whether the rows can be read.
fn check_header(file: &str, sheet: &Sheet, read: &DatasetRead, report: &mut Report) -> bool {
    let header = &read.header;
    let titles = sheet.rows[..header.row].iter().filter(|r| !r.is_blank()).count() as u32;
    if titles > 0 {
        report.push(Place::file(file), ProblemKind::SkippedTitleRows(titles));
    }
    let header_row = sheet.rows[header.row].number;
    for column in &header.ignored {
        report.push(Place::cell(file, header_row, column.clone()), ProblemKind::IgnoredColumn);
    }
    let before = report.count(Severity::Error);
    for (column, first) in &header.duplicates {
        report.push(
            Place::cell(file, header_row, column.clone()),
            ProblemKind::DuplicateColumn { other: first.clone() },
        );
    }
    let fixed = read.dataset.fixed;
    for column in columns::columns(read.dataset.kind) {
        let given_by_manifest = match column.col {
            Col::Province => fixed.province.is_some(),
            Col::Year => fixed.year.is_some(),
            Col::Track => fixed.track.is_some(),
            Col::Batch => fixed.batch.is_some(),
            _ => false,
        };
        let needed = column.need == Need::Required || (column.need == Need::Key && !given_by_manifest);
        if needed && header.get(column.col).is_none() {
            report.push(
                Place::row(file, header_row),
                ProblemKind::MissingColumn { header: column.header, synonyms: column.synonyms },
            );
        }
    }
    // Codes in cells stored as numbers have lost their leading zeros.
    for col in [Col::SchoolCode, Col::GroupCode, Col::MajorCode] {
        let Some(column) = header.get(col) else { continue };
        let numeric =
            sheet.rows[header.row + 1..].iter().any(|r| r.cells.get(column.index).is_some_and(|c| c.numeric));
        if numeric {
            report.push(Place::cell(file, header_row, column.clone()), ProblemKind::NumericCodeColumn);
        }
    }
    report.count(Severity::Error) == before
}

fn read_articles(source: &mut Source, mut dataset: Dataset, dir: &Path, report: &mut Report) {
    let index = source.datasets.len();
    let mut files = Vec::new();
    collect_files(dir, &mut files);
    files.sort();
    let mut folder_hash = Sha256::new();
    let mut rows = 0;
    let root = source.root.clone();
    for file in files {
        let rel = relative(&root, &file);
        let ext = sheet::extension(&file);
        if !articles::is_article_file(&ext) {
            report.push(Place::file(&rel), ProblemKind::NotAnArticle);
            continue;
        }
        let bytes = match fs::read(&file) {
            Ok(bytes) => bytes,
            Err(e) => {
                report.push(Place::file(&rel), ProblemKind::UnreadableFile(e.to_string()));
                continue;
            }
        };
        let hash = sha256_hex(&bytes);
        folder_hash.update(format!("{rel}\0{hash}\n").as_bytes());
        if let Some(article) = articles::read(&rel, &bytes, hash, report) {
            source.articles.push(Sourced { dataset: index, row: 0, value: article });
            rows += 1;
        }
    }
    checksum(&mut dataset, portal_model::hex::encode(&folder_hash.finalize()), report);
    source.datasets.push(DatasetRead { dataset, rows, encoding: None, header: HeaderMap::default() });
}

/// Every file under `dir`, hidden ones (`.DS_Store`, `~$` lock files of Office) left out.
fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().to_string();
        if name.starts_with('.') || name.starts_with("~$") {
            continue;
        }
        if path.is_dir() {
            collect_files(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root).unwrap_or(path).to_string_lossy().replace('\\', "/")
}

/// Table files in the folder that the manifest does not list (outside listed folders).
fn report_unlisted(root: &Path, listed: &BTreeSet<String>, report: &mut Report) {
    let mut files = Vec::new();
    collect_files(root, &mut files);
    files.sort();
    for file in files {
        let rel = relative(root, &file);
        let inside_listed =
            listed.iter().any(|l| rel == *l || rel.starts_with(&format!("{}/", l.trim_end_matches('/'))));
        if !inside_listed && sheet::is_table_file(&file) {
            report.push(Place::file(&rel), ProblemKind::NotListed);
        }
    }
}
