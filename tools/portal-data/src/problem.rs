//! Every problem `portal-data` can find in a source folder: where it is (file, row, column),
//! how bad it is, and what it says in Chinese and English. docs/data.md lists every code; a test
//! keeps the two in step.

use std::fmt;

/// How bad a problem is. Any error means nothing is built or loaded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    /// Something the operator may want to know (a skipped title row, an ignored column).
    Note,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "错误 error",
            Severity::Warning => "警告 warning",
            Severity::Note => "提示 note",
        }
    }
}

/// A column as the operator sees it: its letter (as Excel shows it, CSV too) and its header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ColumnRef {
    /// 0-based.
    pub index: usize,
    pub header: String,
}

impl fmt::Display for ColumnRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}「{}」", column_letter(self.index), self.header)
    }
}

/// `0` → `A`, `25` → `Z`, `26` → `AA`.
pub fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).unwrap_or_default()
}

/// Where a problem is. `file` is relative to the source folder, with `/` separators.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Place {
    pub file: String,
    /// The row number the file shows (Excel's row, the CSV's line), 1-based.
    pub row: Option<u32>,
    pub column: Option<ColumnRef>,
    /// A place inside a file that has no rows (manifest: `[[dataset]] 3 date`).
    pub field: Option<String>,
}

impl Place {
    pub fn file(file: &str) -> Place {
        Place { file: file.to_string(), ..Place::default() }
    }
    pub fn row(file: &str, row: u32) -> Place {
        Place { file: file.to_string(), row: Some(row), ..Place::default() }
    }
    pub fn cell(file: &str, row: u32, column: ColumnRef) -> Place {
        Place { file: file.to_string(), row: Some(row), column: Some(column), field: None }
    }
    pub fn field(file: &str, field: impl Into<String>) -> Place {
        Place { file: file.to_string(), field: Some(field.into()), ..Place::default() }
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", if self.file.is_empty() { "." } else { &self.file })?;
        if let Some(row) = self.row {
            write!(f, " 第{row}行 row {row}")?;
        }
        if let Some(column) = &self.column {
            write!(f, " {column}")?;
        }
        if let Some(field) = &self.field {
            write!(f, " {field}")?;
        }
        Ok(())
    }
}

/// A count of things by name, in a stable order: `<span>×12`.
pub type Tally = Vec<(String, usize)>;

fn tally_text(items: &Tally) -> String {
    items.iter().map(|(name, n)| format!("{name}×{n}")).collect::<Vec<_>>().join("、")
}

fn tally_text_en(items: &Tally) -> String {
    items.iter().map(|(name, n)| format!("{name} ×{n}")).collect::<Vec<_>>().join(", ")
}

/// What is wrong. Each variant has a stable [`code`](ProblemKind::code), a severity and a
/// message in both languages.
#[derive(Clone, Debug, PartialEq)]
pub enum ProblemKind {
    // The folder and the manifest.
    NotAFolder,
    ManifestMissing,
    ManifestSyntax(String),
    UnknownKind(String),
    MissingProvenance(&'static str),
    NoUrl,
    BadDate(String),
    FileMissing(String),
    PathOutside(String),
    ListedTwice,
    NotListed,
    ChecksumMismatch {
        recorded: String,
        actual: String,
    },
    /// A manifest `sha256` that is not 64 hexadecimal digits.
    BadChecksum(String),
    UnknownFeatured(String),
    FixedValue {
        key: &'static str,
        value: String,
    },

    // Reading a table.
    UnreadableFile(String),
    UnsupportedFile(String),
    UnknownEncoding,
    CsvSyntax(String),
    SheetMissing {
        sheet: String,
        sheets: Vec<String>,
    },
    NoHeader {
        expected: Vec<&'static str>,
        read_as: Option<&'static str>,
    },
    SkippedTitleRows(u32),
    IgnoredColumn,
    DuplicateColumn {
        other: String,
    },
    MissingColumn {
        header: &'static str,
        synonyms: &'static [&'static str],
    },
    NumericCodeColumn,
    TextRow,
    RepeatedHeader,
    NoRows,

    // One cell.
    EmptyRequired,
    NotANumber(String),
    OutOfRange {
        value: String,
        min: u64,
        max: u64,
    },
    ScoreOutOfRange {
        value: u32,
        max: u16,
        province: &'static str,
    },
    UnknownValue {
        value: String,
        accepted: Vec<&'static str>,
    },
    UnknownValueKept {
        value: String,
        accepted: Vec<&'static str>,
    },
    NotAUrl(String),
    ManifestConflict {
        value: String,
        manifest: String,
    },
    TrackNotInYear {
        province: &'static str,
        year: u16,
        track: &'static str,
        tracks: Vec<&'static str>,
    },

    // Rows against rows.
    DuplicateRow {
        first: Box<Place>,
    },
    DuplicateName {
        first: Box<Place>,
    },
    NoSiteId {
        code: String,
    },
    DuplicateSiteId {
        id: u32,
        first: Box<Place>,
    },
    CumulativeNotRising {
        cumulative: u32,
        previous: u32,
        previous_score: u16,
    },
    CountMismatch {
        count: u32,
        expected: u32,
    },
    TopBracketNotFirst,
    RankContradictsTable {
        rank: u32,
        score: u16,
        low: u32,
        high: u32,
        table: String,
    },
    ScoreNotInTable {
        score: u16,
        table: String,
    },
    BelowTable {
        score: u16,
        table: String,
    },
    RanksDerived {
        rows: usize,
    },
    NoTable {
        table: String,
    },
    MissingGroup {
        province: &'static str,
        year: u16,
    },
    GroupWithoutSubjects {
        group: String,
    },
    SubjectsDiffer {
        group: String,
        first_text: String,
        first: Box<Place>,
    },
    GroupChangeDiffers {
        group: String,
        first: Box<Place>,
    },
    UnknownSchool {
        code: String,
        name: Option<String>,
    },
    CodeClash {
        code: String,
        province: &'static str,
        first_school: String,
        second_school: String,
    },
    SchoolTwoCodes {
        school: String,
        province: &'static str,
        first_code: String,
    },
    GroupNotInLines {
        group: String,
    },

    // Articles.
    NoFrontMatter,
    YamlFrontMatter,
    FrontMatterSyntax(String),
    EmptyBody,
    EmptyTitle,
    NotAnArticle,
    DuplicateArticleId {
        id: u32,
        first: Box<Place>,
    },
    SanitizerRemoves(Tally),
    SanitizerUnsafeAttributes(Tally),
    SanitizerUnwraps(Tally),
    SanitizerDropsAttributes(Tally),
    SanitizerFlattens(Tally),
    SanitizerTooDeep(usize),
    HeadIgnored(Tally),
}

impl ProblemKind {
    pub fn severity(&self) -> Severity {
        use ProblemKind::*;
        match self {
            NoUrl
            | NotListed
            | NumericCodeColumn
            | UnknownValueKept { .. }
            | NotAUrl(_)
            | SchoolTwoCodes { .. }
            | GroupNotInLines { .. }
            | SanitizerUnwraps(_)
            | SanitizerDropsAttributes(_)
            | SanitizerFlattens(_)
            | SanitizerTooDeep(_)
            | BelowTable { .. }
            | NoRows => Severity::Warning,
            SkippedTitleRows(_)
            | IgnoredColumn
            | TextRow
            | RepeatedHeader
            | RanksDerived { .. }
            | NoTable { .. }
            | HeadIgnored(_)
            | ChecksumMismatch { .. }
            | NotAnArticle => Severity::Note,
            _ => Severity::Error,
        }
    }

    /// A stable name for the problem (docs/data.md lists them all).
    pub fn code(&self) -> &'static str {
        use ProblemKind::*;
        match self {
            NotAFolder => "not_a_folder",
            ManifestMissing => "manifest_missing",
            ManifestSyntax(_) => "manifest_syntax",
            UnknownKind(_) => "unknown_kind",
            MissingProvenance(_) => "missing_provenance",
            NoUrl => "no_url",
            BadDate(_) => "bad_date",
            FileMissing(_) => "file_missing",
            PathOutside(_) => "path_outside",
            ListedTwice => "listed_twice",
            NotListed => "not_listed",
            ChecksumMismatch { .. } => "checksum_mismatch",
            BadChecksum(_) => "bad_sha256",
            UnknownFeatured(_) => "unknown_featured",
            FixedValue { .. } => "bad_fixed_value",
            UnreadableFile(_) => "unreadable_file",
            UnsupportedFile(_) => "unsupported_file",
            UnknownEncoding => "unknown_encoding",
            CsvSyntax(_) => "csv_syntax",
            SheetMissing { .. } => "sheet_missing",
            NoHeader { .. } => "no_header",
            SkippedTitleRows(_) => "title_rows_skipped",
            IgnoredColumn => "column_ignored",
            DuplicateColumn { .. } => "duplicate_column",
            MissingColumn { .. } => "missing_column",
            NumericCodeColumn => "numeric_codes",
            TextRow => "text_row_skipped",
            RepeatedHeader => "header_repeated",
            NoRows => "no_rows",
            EmptyRequired => "empty_required",
            NotANumber(_) => "not_a_number",
            OutOfRange { .. } => "out_of_range",
            ScoreOutOfRange { .. } => "score_out_of_range",
            UnknownValue { .. } => "unknown_value",
            UnknownValueKept { .. } => "unknown_value_kept",
            NotAUrl(_) => "not_a_url",
            ManifestConflict { .. } => "manifest_conflict",
            TrackNotInYear { .. } => "track_not_in_year",
            DuplicateRow { .. } => "duplicate_row",
            DuplicateName { .. } => "duplicate_name",
            NoSiteId { .. } => "no_site_id",
            DuplicateSiteId { .. } => "duplicate_site_id",
            CumulativeNotRising { .. } => "cumulative_not_rising",
            CountMismatch { .. } => "count_mismatch",
            TopBracketNotFirst => "top_bracket_not_first",
            RankContradictsTable { .. } => "rank_contradicts_table",
            ScoreNotInTable { .. } => "score_not_in_table",
            BelowTable { .. } => "below_table",
            RanksDerived { .. } => "ranks_derived",
            NoTable { .. } => "no_score_table",
            MissingGroup { .. } => "missing_group",
            GroupWithoutSubjects { .. } => "group_without_subjects",
            SubjectsDiffer { .. } => "subjects_differ",
            GroupChangeDiffers { .. } => "group_change_differs",
            UnknownSchool { .. } => "unknown_school",
            CodeClash { .. } => "code_clash",
            SchoolTwoCodes { .. } => "school_two_codes",
            GroupNotInLines { .. } => "group_not_in_lines",
            NoFrontMatter => "no_front_matter",
            YamlFrontMatter => "yaml_front_matter",
            FrontMatterSyntax(_) => "front_matter_syntax",
            EmptyBody => "empty_body",
            EmptyTitle => "empty_title",
            NotAnArticle => "not_an_article",
            DuplicateArticleId { .. } => "duplicate_article_id",
            SanitizerRemoves(_) => "sanitizer_removes",
            SanitizerUnsafeAttributes(_) => "sanitizer_unsafe_attributes",
            SanitizerUnwraps(_) => "sanitizer_unwraps",
            SanitizerDropsAttributes(_) => "sanitizer_drops_attributes",
            SanitizerFlattens(_) => "sanitizer_flattens",
            SanitizerTooDeep(_) => "sanitizer_too_deep",
            HeadIgnored(_) => "head_ignored",
        }
    }

    /// The message in Chinese.
    pub fn zh(&self) -> String {
        use ProblemKind::*;
        match self {
            NotAFolder => "不是一个文件夹".into(),
            ManifestMissing => "文件夹中没有清单文件 manifest.toml".into(),
            ManifestSyntax(m) => format!("清单文件格式有误：{m}"),
            UnknownKind(k) => {
                format!("未知的数据类型“{k}”，可填：{}", crate::manifest::DatasetKind::accepted().join("、"))
            }
            MissingProvenance(field) => format!("缺少来源信息 {field}（{}）", provenance_label(field)),
            NoUrl => "没有填写来源网址 url：页面上的“数据来源”将没有链接".into(),
            BadDate(v) => format!("“{v}”不是有效日期，请写成 2025-06-25"),
            FileMissing(p) => format!("找不到清单中列出的文件 {p}"),
            PathOutside(p) => {
                format!("路径 {p} 不在数据源文件夹之内：请写相对于 manifest.toml 所在文件夹的路径")
            }
            ListedTwice => "清单中同一文件列了两次".into(),
            NotListed => "文件不在清单 manifest.toml 中，已忽略".into(),
            ChecksumMismatch { recorded, actual } => format!(
                "文件的校验值 {} 与清单记录的原始发布文件校验值 {} 不同（导出或转换所得的文件即是如此）：数据来源引用清单中的值；若文件就是原件，请核对后更新或删去 sha256",
                short_hash(actual),
                short_hash(recorded)
            ),
            BadChecksum(value) => format!("sha256“{value}”不是 64 位十六进制的校验值"),
            UnknownFeatured(code) => format!("首页推荐院校 {code} 不在院校名单中"),
            FixedValue { key, value } => format!("清单中 {key} 的值“{value}”无法识别"),
            UnreadableFile(m) => format!("文件无法读取：{m}"),
            UnsupportedFile(ext) => {
                format!("不支持的文件类型“{ext}”：表格请用 .csv 或 .xlsx（也可 .xls、.ods），文章请用 .md 或 .html")
            }
            UnknownEncoding => {
                "文件编码无法识别：既不是 UTF-8 也不是 GB18030/GBK。请在 Excel 中另存为“CSV UTF-8”".into()
            }
            CsvSyntax(m) => format!("CSV 格式有误：{m}"),
            SheetMissing { sheet, sheets } => {
                format!("工作簿中没有名为“{sheet}”的工作表（有：{}）", sheets.join("、"))
            }
            NoHeader { expected, read_as } => format!(
                "前 {} 行中找不到表头行。表头应包含这些列名：{}{}",
                crate::columns::HEADER_SEARCH_ROWS,
                expected.join("、"),
                read_as.map(|e| format!("（文件按 {e} 编码读取）")).unwrap_or_default()
            ),
            SkippedTitleRows(n) => format!("表头上方的 {n} 行（标题）已跳过"),
            IgnoredColumn => "此列不是本类数据的列，已忽略".into(),
            DuplicateColumn { other } => format!("此列与「{other}」是同一列，只能保留一个"),
            MissingColumn { header, synonyms } => {
                if synonyms.is_empty() {
                    format!("缺少必需的列「{header}」")
                } else {
                    format!("缺少必需的列「{header}」（也可写作：{}）", synonyms.join("、"))
                }
            }
            NumericCodeColumn => {
                "此列的代码存为数字：以 0 开头的代码（如 01）会丢失前导零。请把此列设为“文本”格式后重新填写"
                    .into()
            }
            TextRow => "这一行只有一段文字（标题、注释或“续表”），已跳过".into(),
            RepeatedHeader => "这一行重复了表头（分页的表格常见），已跳过".into(),
            NoRows => "表头之下没有数据行".into(),
            EmptyRequired => "此处不能为空".into(),
            NotANumber(v) => format!("“{v}”不是整数"),
            OutOfRange { value, min, max } => format!("“{value}”超出范围 {min}–{max}"),
            ScoreOutOfRange { value, max, province } => {
                format!("分数 {value} 超出范围：{province}高考满分 {max} 分")
            }
            UnknownValue { value, accepted } => format!("“{value}”无法识别，可填：{}", accepted.join("、")),
            UnknownValueKept { value, accepted } => {
                format!("“{value}”不是常见的值（{}），将记为“其他”", accepted.join("、"))
            }
            NotAUrl(v) => format!("“{v}”不是以 http:// 或 https:// 开头的网址，不会显示为链接"),
            ManifestConflict { value, manifest } => {
                format!("“{value}”与清单中为此文件填写的“{manifest}”不一致")
            }
            TrackNotInYear { province, year, track, tracks } => {
                format!("{province}{year}年没有“{track}”这一科类（当年科类：{}）", tracks.join("、"))
            }
            DuplicateRow { first } => format!("与 {first} 重复"),
            DuplicateName { first } => format!("院校名称与 {first} 重复"),
            NoSiteId { code } => {
                format!("院校代码“{code}”不是数字：网站地址（/schools/编号）要用数字，请填写“网站编号”列")
            }
            DuplicateSiteId { id, first } => format!("网站编号 {id} 与 {first} 重复"),
            CumulativeNotRising { cumulative, previous, previous_score } => {
                format!("累计人数 {cumulative} 小于上一分数 {previous_score} 分的累计人数 {previous}：累计人数应随分数降低而增加")
            }
            CountMismatch { count, expected } => {
                format!("本段人数 {count} 与累计人数之差 {expected} 不符")
            }
            TopBracketNotFirst => "“及以上”只能用于最高的分数段".into(),
            RankContradictsTable { rank, score, low, high, table } => {
                format!("最低位次 {rank} 与{table}一分一段表不符：{score} 分的位次应在 {low}–{high} 之间")
            }
            ScoreNotInTable { score, table } => {
                format!("{table}一分一段表中没有人考 {score} 分，最低分与之不符")
            }
            BelowTable { score, table } => format!("{score} 分低于{table}一分一段表的最低分数，位次无法核对"),
            RanksDerived { rows } => format!("{rows} 行没有最低位次，将按一分一段表推算，并在页面上标为推算"),
            NoTable { table } => format!("没有{table}的一分一段表：位次既无法核对也无法推算"),
            MissingGroup { province, year } => {
                format!("{province}{year}年按院校专业组投档，专业组代码不能为空")
            }
            GroupWithoutSubjects { group } => {
                format!("院校专业组 {group} 没有选科要求（不限选科请填“不限”）")
            }
            SubjectsDiffer { group, first_text, first } => {
                format!("同一院校专业组 {group} 的选科要求应当一致，{first} 为“{first_text}”")
            }
            GroupChangeDiffers { group, first } => {
                format!("同一院校专业组 {group} 的原专业组代码和专业组调整应当一致，与 {first} 不同")
            }
            UnknownSchool { code, name } => match name {
                Some(name) => format!("院校代码 {code}（{name}）不在院校名单中"),
                None => format!("院校代码 {code} 不在院校名单中"),
            },
            CodeClash { code, province, first_school, second_school } => {
                format!("在{province}，院校代码 {code} 既指 {first_school} 又指 {second_school}")
            }
            SchoolTwoCodes { school, province, first_code } => {
                format!("{school}在{province}已用院校代码 {first_code}，这里换了一个代码")
            }
            GroupNotInLines { group } => format!("院校专业组 {group} 不在院校专业组投档线中"),
            NoFrontMatter => {
                "文章开头没有文件头：第一行应为 +++，其后写 school、title、date 等，再以 +++ 结束".into()
            }
            YamlFrontMatter => {
                "文件头须用 TOML 格式并以 +++ 包围（不是 YAML 的 ---），例如 title = \"…\"".into()
            }
            FrontMatterSyntax(m) => format!("文件头格式有误：{m}"),
            EmptyBody => "文章正文为空".into(),
            EmptyTitle => "文章标题 title 不能为空".into(),
            NotAnArticle => "不是文章文件（.md 或 .html），已忽略".into(),
            DuplicateArticleId { id, first } => format!("文章编号 id = {id} 已用于 {first}"),
            SanitizerRemoves(t) => format!("正文中的 {} 会被网站删除（连同其中的内容）", tally_text(t)),
            SanitizerUnsafeAttributes(t) => format!("正文中的不安全属性或链接 {} 会被删除", tally_text(t)),
            SanitizerUnwraps(t) => format!("正文中的标签 {} 会被去掉（保留其中文字）", tally_text(t)),
            SanitizerDropsAttributes(t) => format!("正文中的属性 {} 会被删除", tally_text(t)),
            SanitizerFlattens(t) => format!("正文中的 {} 只保留文字", tally_text(t)),
            SanitizerTooDeep(n) => format!("正文嵌套过深，{n} 处只保留文字"),
            HeadIgnored(t) => format!("只使用 <body> 中的正文，<head> 中的 {} 不会显示", tally_text(t)),
        }
    }

    /// The message in English.
    pub fn en(&self) -> String {
        use ProblemKind::*;
        match self {
            NotAFolder => "not a folder".into(),
            ManifestMissing => "the folder has no manifest.toml".into(),
            ManifestSyntax(m) => format!("manifest.toml is not valid: {m}"),
            UnknownKind(k) => format!("unknown dataset kind “{k}”"),
            MissingProvenance(field) => format!("the dataset lacks its {field}"),
            NoUrl => "no source url: the page's 数据来源 will have no link".into(),
            BadDate(v) => format!("“{v}” is not a date (write 2025-06-25)"),
            FileMissing(p) => format!("the manifest lists {p}, which does not exist"),
            PathOutside(p) => format!("{p} is outside the source folder: paths are relative to it"),
            ListedTwice => "the manifest lists this file twice".into(),
            NotListed => "not listed in manifest.toml: ignored".into(),
            ChecksumMismatch { recorded, actual } => format!(
                "the file's checksum {} differs from the original publication's {} recorded in the manifest (as an exported or converted file's does): 数据来源 cites the recorded one; if this file is the original, check it and update or remove sha256",
                short_hash(actual),
                short_hash(recorded)
            ),
            BadChecksum(value) => format!("sha256 “{value}” is not a checksum of 64 hexadecimal digits"),
            UnknownFeatured(code) => format!("featured school {code} is not in the school list"),
            FixedValue { key, value } => format!("the manifest's {key} “{value}” is not known"),
            UnreadableFile(m) => format!("cannot read the file: {m}"),
            UnsupportedFile(ext) => format!("unsupported file type “{ext}”: tables are .csv or .xlsx (.xls, .ods), articles .md or .html"),
            UnknownEncoding => "unknown encoding: neither UTF-8 nor GB18030/GBK; save as “CSV UTF-8” in Excel".into(),
            CsvSyntax(m) => format!("malformed CSV: {m}"),
            SheetMissing { sheet, .. } => format!("the workbook has no sheet named “{sheet}”"),
            NoHeader { read_as, .. } => format!(
                "no header row in the first {} rows; the header names this kind's columns{}",
                crate::columns::HEADER_SEARCH_ROWS,
                read_as.map(|e| format!(" (the file was read as {e})")).unwrap_or_default()
            ),
            SkippedTitleRows(n) => format!("{n} title row(s) above the header skipped"),
            IgnoredColumn => "not a column of this kind: ignored".into(),
            DuplicateColumn { other } => format!("the same column as “{other}”: keep one"),
            MissingColumn { header, .. } => format!("the required column “{header}” is missing"),
            NumericCodeColumn => "codes stored as numbers lose their leading zeros (01 → 1): format the column as text".into(),
            TextRow => "a row of one text (a title, a note): skipped".into(),
            RepeatedHeader => "the header again (as on each page of a long table): skipped".into(),
            NoRows => "no data rows below the header".into(),
            EmptyRequired => "required, but empty".into(),
            NotANumber(v) => format!("“{v}” is not a whole number"),
            OutOfRange { value, min, max } => format!("“{value}” is outside {min}–{max}"),
            ScoreOutOfRange { value, max, province } => {
                format!("score {value} is outside 0–{max}, the maximum in {province}")
            }
            UnknownValue { value, .. } => format!("“{value}” is not one of the accepted values"),
            UnknownValueKept { value, .. } => format!("“{value}” is not a usual value: recorded as other"),
            NotAUrl(v) => format!("“{v}” is not an http(s) address: no link will be shown"),
            ManifestConflict { value, manifest } => {
                format!("“{value}” contradicts “{manifest}” given for this file in the manifest")
            }
            TrackNotInYear { province, year, track, .. } => {
                format!("{province} had no track {track} in {year}")
            }
            DuplicateRow { first } => format!("duplicates {first}"),
            DuplicateName { first } => format!("the same school name as {first}"),
            NoSiteId { code } => format!(
                "school code “{code}” is not a number: the site's addresses (/schools/N) need one, so fill in 网站编号"
            ),
            DuplicateSiteId { id, first } => format!("site number {id} is also {first}'s"),
            CumulativeNotRising { cumulative, previous, previous_score } => format!(
                "cumulative count {cumulative} is below {previous} at the higher score {previous_score}: it must rise as scores fall"
            ),
            CountMismatch { count, expected } => {
                format!("count {count} differs from the rise in the cumulative count, {expected}")
            }
            TopBracketNotFirst => "“and above” (及以上) only fits the highest score".into(),
            RankContradictsTable { rank, score, low, high, .. } => {
                format!("rank {rank} contradicts the score table: a score of {score} ranks {low}–{high}")
            }
            ScoreNotInTable { score, .. } => format!("the score table has nobody at {score}"),
            BelowTable { score, .. } => format!("{score} is below the score table: the rank cannot be checked"),
            RanksDerived { rows } => format!("{rows} row(s) without a rank: derived from the score table, marked as derived"),
            NoTable { .. } => "no score table for these lines: ranks can be neither checked nor derived".into(),
            MissingGroup { province, year } => {
                format!("{province} admits by 院校专业组 in {year}: the group code is required")
            }
            GroupWithoutSubjects { group } => format!("group {group} has no subject requirement (write 不限 for none)"),
            SubjectsDiffer { group, first, .. } => {
                format!("group {group} must have one subject requirement; {first} differs")
            }
            GroupChangeDiffers { group, first } => {
                format!("group {group} must have one 原专业组代码 and 专业组调整; {first} differs")
            }
            UnknownSchool { code, .. } => format!("school code {code} is not in the school list"),
            CodeClash { code, province, .. } => format!("in {province}, school code {code} names two schools"),
            SchoolTwoCodes { province, first_code, .. } => {
                format!("this school already has code {first_code} in {province}")
            }
            GroupNotInLines { group } => format!("group {group} is not in the group lines"),
            NoFrontMatter => "no front matter: the file starts with +++, then school, title, date…, then +++".into(),
            YamlFrontMatter => "front matter is TOML between +++ lines, not YAML between ---".into(),
            FrontMatterSyntax(m) => format!("malformed front matter: {m}"),
            EmptyBody => "the article has no body".into(),
            EmptyTitle => "the title is empty".into(),
            NotAnArticle => "not an article (.md or .html): ignored".into(),
            DuplicateArticleId { id, first } => format!("article id {id} is already used by {first}"),
            SanitizerRemoves(t) => format!("the site would remove {} with their content", tally_text_en(t)),
            SanitizerUnsafeAttributes(t) => format!("unsafe attributes or links would be removed: {}", tally_text_en(t)),
            SanitizerUnwraps(t) => format!("these tags would be unwrapped, their text kept: {}", tally_text_en(t)),
            SanitizerDropsAttributes(t) => format!("these attributes would be removed: {}", tally_text_en(t)),
            SanitizerFlattens(t) => format!("only the text of {} would be kept", tally_text_en(t)),
            SanitizerTooDeep(n) => format!("nested too deep: {n} place(s) kept as text only"),
            HeadIgnored(t) => format!("only <body> is used; {} in <head> will not show", tally_text_en(t)),
        }
    }
}

impl ProblemKind {
    /// One problem of each kind (for docs/data.md's list and its test).
    pub fn samples() -> Vec<ProblemKind> {
        use ProblemKind::*;
        let place = || Box::new(Place::row("plans.csv", 2));
        let tally = || vec![("<script>".to_string(), 1)];
        let text = || "x".to_string();
        vec![
            NotAFolder,
            ManifestMissing,
            ManifestSyntax(text()),
            UnknownKind(text()),
            MissingProvenance("publisher"),
            NoUrl,
            BadDate(text()),
            FileMissing(text()),
            PathOutside(text()),
            ListedTwice,
            NotListed,
            ChecksumMismatch { recorded: text(), actual: text() },
            BadChecksum(text()),
            UnknownFeatured(text()),
            FixedValue { key: "year", value: text() },
            UnreadableFile(text()),
            UnsupportedFile(text()),
            UnknownEncoding,
            CsvSyntax(text()),
            SheetMissing { sheet: text(), sheets: vec![] },
            NoHeader { expected: vec![], read_as: None },
            SkippedTitleRows(1),
            IgnoredColumn,
            DuplicateColumn { other: text() },
            MissingColumn { header: "计划数", synonyms: &[] },
            NumericCodeColumn,
            TextRow,
            RepeatedHeader,
            NoRows,
            EmptyRequired,
            NotANumber(text()),
            OutOfRange { value: text(), min: 0, max: 1 },
            ScoreOutOfRange { value: 751, max: 750, province: "福建" },
            UnknownValue { value: text(), accepted: vec![] },
            UnknownValueKept { value: text(), accepted: vec![] },
            NotAUrl(text()),
            ManifestConflict { value: text(), manifest: text() },
            TrackNotInYear { province: "福建", year: 2020, track: "物理类", tracks: vec![] },
            DuplicateRow { first: place() },
            DuplicateName { first: place() },
            NoSiteId { code: text() },
            DuplicateSiteId { id: 1, first: place() },
            CumulativeNotRising { cumulative: 1, previous: 2, previous_score: 700 },
            CountMismatch { count: 1, expected: 2 },
            TopBracketNotFirst,
            RankContradictsTable { rank: 1, score: 600, low: 2, high: 3, table: text() },
            ScoreNotInTable { score: 600, table: text() },
            BelowTable { score: 100, table: text() },
            RanksDerived { rows: 1 },
            NoTable { table: text() },
            MissingGroup { province: "福建", year: 2025 },
            GroupWithoutSubjects { group: text() },
            SubjectsDiffer { group: text(), first_text: text(), first: place() },
            GroupChangeDiffers { group: text(), first: place() },
            UnknownSchool { code: text(), name: None },
            CodeClash { code: text(), province: "福建", first_school: text(), second_school: text() },
            SchoolTwoCodes { school: text(), province: "福建", first_code: text() },
            GroupNotInLines { group: text() },
            NoFrontMatter,
            YamlFrontMatter,
            FrontMatterSyntax(text()),
            EmptyBody,
            EmptyTitle,
            NotAnArticle,
            DuplicateArticleId { id: 1, first: place() },
            SanitizerRemoves(tally()),
            SanitizerUnsafeAttributes(tally()),
            SanitizerUnwraps(tally()),
            SanitizerDropsAttributes(tally()),
            SanitizerFlattens(tally()),
            SanitizerTooDeep(1),
            HeadIgnored(tally()),
        ]
    }

    /// Every code, in the order of [`ProblemKind::samples`].
    pub fn all_codes() -> Vec<&'static str> {
        ProblemKind::samples().iter().map(ProblemKind::code).collect()
    }

    /// The severity of the problem with this code.
    pub fn severity_of(code: &str) -> Option<Severity> {
        ProblemKind::samples().iter().find(|k| k.code() == code).map(ProblemKind::severity)
    }
}

fn provenance_label(field: &str) -> &'static str {
    match field {
        "publisher" => "发布单位",
        "title" => "文件标题",
        "date" => "发布日期",
        "path" => "文件路径",
        "kind" => "数据类型",
        _ => "",
    }
}

fn short_hash(hash: &str) -> &str {
    hash.get(..12).unwrap_or(hash)
}

/// One problem at one place.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub place: Place,
    pub kind: ProblemKind,
}

impl Problem {
    pub fn severity(&self) -> Severity {
        self.kind.severity()
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}  {}  [{}]", self.severity().label(), self.place, self.kind.code())?;
        writeln!(f, "    {}", self.kind.zh())?;
        write!(f, "    {}", self.kind.en())
    }
}

/// Every problem found, in the order found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report {
    pub problems: Vec<Problem>,
}

impl Report {
    pub fn push(&mut self, place: Place, kind: ProblemKind) {
        self.problems.push(Problem { place, kind });
    }
    pub fn count(&self, severity: Severity) -> usize {
        self.problems.iter().filter(|p| p.severity() == severity).count()
    }
    pub fn has_errors(&self) -> bool {
        self.count(Severity::Error) > 0
    }
    /// The codes of the problems, for tests.
    pub fn codes(&self) -> Vec<&'static str> {
        self.problems.iter().map(|p| p.kind.code()).collect()
    }
    /// Problems by file, then row (the order an operator fixes them in); stable otherwise.
    pub fn sorted(&self) -> Vec<&Problem> {
        let mut all: Vec<&Problem> = self.problems.iter().collect();
        all.sort_by(|a, b| (&a.place.file, a.place.row).cmp(&(&b.place.file, b.place.row)));
        all
    }
    /// `2 个错误，1 个警告，3 条提示 / 2 errors, 1 warning, 3 notes`.
    pub fn summary(&self) -> String {
        let (e, w, n) =
            (self.count(Severity::Error), self.count(Severity::Warning), self.count(Severity::Note));
        format!("{e} 个错误，{w} 个警告，{n} 条提示 / {e} error(s), {w} warning(s), {n} note(s)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_lettered_as_excel_does() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
        assert_eq!(column_letter(701), "ZZ");
        assert_eq!(column_letter(702), "AAA");
    }

    /// The samples hold every kind: each code written in `code()` is one of theirs.
    #[test]
    fn the_samples_cover_every_code() {
        let source = include_str!("problem.rs");
        let start = source.find("pub fn code(&self)").expect("code()");
        let end = start + source[start..].find("    /// The message in Chinese.").expect("end of code()");
        let written: Vec<&str> =
            source[start..end].split("=> \"").skip(1).filter_map(|rest| rest.split('"').next()).collect();
        let mut samples = ProblemKind::all_codes();
        assert_eq!(written.len(), samples.len(), "a kind without a sample");
        samples.sort();
        samples.dedup();
        assert_eq!(written.len(), samples.len(), "codes are unique");
        for code in written {
            assert!(samples.contains(&code), "{code} has no sample");
        }
    }

    #[test]
    fn places_read_as_file_row_and_column() {
        let place = Place::cell("plans.csv", 12, ColumnRef { index: 3, header: "最低位次".into() });
        assert_eq!(place.to_string(), "plans.csv 第12行 row 12 D「最低位次」");
        assert_eq!(
            Place::field("manifest.toml", "[[dataset]] 2 date").to_string(),
            "manifest.toml [[dataset]] 2 date"
        );
    }
}
