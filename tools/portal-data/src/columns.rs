//! The columns of each kind of table, written once: the Chinese header, the synonyms accepted
//! for it, and whether it is required. Reading, docs/data.md (a test checks it names every
//! header and synonym) and the templates all follow this table.
//!
//! Headers are matched after [`normalize`]: spaces, a trailing unit in brackets (`学费（元）`)
//! and required-marks (`*`) do not matter; the order of columns does not either.

use crate::manifest::DatasetKind;
use crate::problem::{ColumnRef, ProblemKind};
use crate::sheet::Sheet;

/// How many rows from the top may hold title lines before the header.
pub const HEADER_SEARCH_ROWS: usize = 20;

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Col {
    // Keys of admission rows (any may be fixed for a whole file in the manifest).
    Province,
    Year,
    Track,
    Batch,
    AdmissionType,
    // A school.
    SchoolCode,
    SchoolName,
    ShortName,
    Pinyin,
    Level,
    Kind,
    Nature,
    City,
    Website,
    Phone,
    Email,
    Address,
    CharterUrl,
    Founded,
    Authority,
    Tags,
    Introduction,
    UpgradeRate,
    Wechat,
    OfficialAccount,
    WorkWechat,
    SiteId,
    Followers,
    // Majors.
    Category,
    MajorClass,
    MajorCode,
    MajorName,
    Degree,
    Distinctions,
    Duration,
    // Groups and lines.
    GroupCode,
    Subjects,
    Lowest,
    LowestRank,
    Average,
    Highest,
    Places,
    Admitted,
    Tuition,
    Remarks,
    PreviousGroup,
    GroupChange,
    // 一分一段表 and 批次线.
    Score,
    Count,
    Cumulative,
    Line,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Need {
    Required,
    /// Required unless the manifest gives the value for the whole file.
    Key,
    Optional,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Column {
    pub col: Col,
    pub header: &'static str,
    pub synonyms: &'static [&'static str],
    pub need: Need,
}

const fn c(col: Col, header: &'static str, synonyms: &'static [&'static str], need: Need) -> Column {
    Column { col, header, synonyms, need }
}

use Col::*;
use Need::*;

const PROVINCE: Column = c(Province, "省份", &["省", "招生省份", "生源地", "省市", "省区市"], Key);
const YEAR: Column = c(Year, "年份", &["年", "年度", "招生年份", "高考年份"], Key);
const TRACK: Column = c(Track, "科类", &["科目组", "首选科目", "类别", "科类名称"], Key);
const BATCH: Column = c(Batch, "批次", &["录取批次", "批次名称"], Key);
const ADMISSION_TYPE: Column = c(AdmissionType, "招生类型", &["计划类型", "计划类别", "招生类别"], Optional);
const SCHOOL_CODE: Column =
    c(SchoolCode, "院校代码", &["学校代码", "院校编号", "院校代号", "代码"], Required);
const SCHOOL_NAME: Column = c(SchoolName, "院校名称", &["学校名称", "院校", "学校"], Optional);
const GROUP_CODE: Column =
    c(GroupCode, "专业组代码", &["院校专业组代码", "专业组", "院校专业组", "专业组号"], Optional);
const SUBJECTS: Column =
    c(Subjects, "选科要求", &["选考科目要求", "选考科目", "再选科目要求", "科目要求", "选科"], Optional);
const LOWEST: Column =
    c(Lowest, "最低分", &["投档最低分", "最低分数", "录取最低分", "投档线", "最低投档分"], Required);
const LOWEST_RANK: Column = c(
    LowestRank,
    "最低位次",
    &["最低排名", "投档最低位次", "最低分位次", "位次", "最低分排位", "录取最低位次"],
    Optional,
);
const AVERAGE: Column = c(Average, "平均分", &["录取平均分", "投档平均分"], Optional);
const HIGHEST: Column = c(Highest, "最高分", &["录取最高分", "投档最高分"], Optional);
const MAJOR_CODE: Column = c(MajorCode, "专业代码", &["专业代号", "专业编号"], Optional);
const MAJOR_NAME: Column = c(MajorName, "专业名称", &["专业", "招生专业", "专业(类)名称"], Required);
const MAJOR_CLASS: Column = c(MajorClass, "专业类", &["专业类别"], Optional);

const SCHOOLS: &[Column] = &[
    c(SchoolCode, "院校代码", &["学校代码", "代码", "国标代码", "院校标识码", "学校标识码"], Required),
    c(SchoolName, "院校名称", &["学校名称", "名称", "院校", "学校"], Required),
    c(ShortName, "简称", &["院校简称", "学校简称"], Optional),
    c(Pinyin, "拼音", &["名称拼音", "pinyin"], Optional),
    c(Level, "办学层次", &["层次", "培养层次"], Required),
    c(Kind, "院校类型", &["类型", "学校类型", "类别"], Optional),
    c(Nature, "办学性质", &["公办/民办", "性质", "公办民办", "公民办"], Required),
    c(Province, "所在省份", &["省", "省份", "所在地", "所在省"], Required),
    c(City, "所在城市", &["市", "城市", "所在市"], Optional),
    c(Website, "网址", &["官网", "学校网址", "官方网站", "院校官网"], Optional),
    c(Phone, "招生电话", &["电话", "招办电话", "咨询电话", "联系电话"], Optional),
    c(CharterUrl, "招生章程链接", &["招生章程", "章程链接", "招生章程网址"], Optional),
    c(Founded, "创办时间", &["建校时间", "创建年份", "建校年份", "始建于"], Optional),
    c(Authority, "主管部门", &["隶属", "主管单位"], Optional),
    c(Tags, "标签", &["院校标签", "特色"], Optional),
    c(Introduction, "简介", &["院校简介", "学校简介"], Optional),
    c(UpgradeRate, "专升本率", &["专升本比例", "升本率"], Optional),
    c(Wechat, "官方微信", &["招生微信", "微信"], Optional),
    c(OfficialAccount, "公众号", &["微信公众号", "官方公众号"], Optional),
    c(WorkWechat, "官方企业微信", &["企业微信"], Optional),
    c(Email, "电子邮箱", &["邮箱", "招生邮箱", "email"], Optional),
    c(Address, "地址", &["通讯地址", "学校地址"], Optional),
    c(SiteId, "网站编号", &["网站ID", "页面编号"], Optional),
    c(Followers, "关注人数", &["关注数", "粉丝数"], Optional),
];

const MAJORS: &[Column] = &[
    c(SchoolCode, "院校代码", &["学校代码", "代码"], Required),
    c(SchoolName, "院校名称", &["学校名称", "院校", "学校"], Optional),
    c(Category, "门类", &["学科门类", "专业大类", "大类"], Required),
    MAJOR_CLASS_REQUIRED,
    MAJOR_CODE,
    MAJOR_NAME,
    c(Duration, "学制", &["修业年限", "学习年限"], Optional),
    c(Degree, "授予学位", &["学位", "学位门类"], Optional),
    c(Distinctions, "专业特色", &["特色", "专业建设", "建设点"], Optional),
];

const MAJOR_CLASS_REQUIRED: Column = Column { need: Required, ..MAJOR_CLASS };

const SCORE_TABLE: &[Column] = &[
    PROVINCE,
    YEAR,
    TRACK,
    c(Score, "分数", &["分数段", "成绩", "总分", "分值", "分数档"], Required),
    c(Count, "本段人数", &["人数", "本段", "同分人数", "该分数人数", "本分数段人数"], Optional),
    c(Cumulative, "累计人数", &["累计", "累计数", "位次"], Required),
];

const BATCH_LINES: &[Column] = &[
    YEAR,
    PROVINCE,
    TRACK,
    BATCH,
    c(
        Line,
        "分数线",
        &["控制分数线", "最低控制分数线", "省控线", "批次线", "录取控制分数线", "分数"],
        Required,
    ),
];

const GROUP_LINES: &[Column] = &[
    YEAR,
    PROVINCE,
    TRACK,
    BATCH,
    ADMISSION_TYPE,
    SCHOOL_CODE,
    SCHOOL_NAME,
    GROUP_CODE,
    SUBJECTS,
    LOWEST,
    LOWEST_RANK,
    AVERAGE,
    HIGHEST,
    c(Places, "计划数", &["计划人数", "招生计划数", "计划"], Optional),
    c(Admitted, "投档人数", &["实际投档人数", "投档数", "录取人数"], Optional),
];

const MAJOR_LINES: &[Column] = &[
    YEAR,
    PROVINCE,
    TRACK,
    BATCH,
    ADMISSION_TYPE,
    SCHOOL_CODE,
    SCHOOL_NAME,
    GROUP_CODE,
    SUBJECTS,
    MAJOR_CODE,
    MAJOR_NAME,
    MAJOR_CLASS,
    LOWEST,
    LOWEST_RANK,
    AVERAGE,
    HIGHEST,
];

const PLANS: &[Column] = &[
    YEAR,
    PROVINCE,
    TRACK,
    BATCH,
    ADMISSION_TYPE,
    SCHOOL_CODE,
    SCHOOL_NAME,
    GROUP_CODE,
    SUBJECTS,
    MAJOR_CODE,
    MAJOR_NAME,
    MAJOR_CLASS,
    c(Places, "计划数", &["计划人数", "招生计划数", "招生人数", "计划"], Required),
    c(Duration, "学制", &["修业年限", "学习年限"], Optional),
    c(Tuition, "学费", &["收费标准", "学费标准"], Optional),
    c(Remarks, "备注", &["说明", "专业备注"], Optional),
    c(PreviousGroup, "原专业组代码", &["原专业组", "上年专业组代码"], Optional),
    c(GroupChange, "专业组调整", &["专业组变化", "调整类型"], Optional),
];

/// The columns of a kind of table (articles have none).
pub fn columns(kind: DatasetKind) -> &'static [Column] {
    match kind {
        DatasetKind::Schools => SCHOOLS,
        DatasetKind::Majors => MAJORS,
        DatasetKind::ScoreTable => SCORE_TABLE,
        DatasetKind::BatchLines => BATCH_LINES,
        DatasetKind::GroupLines => GROUP_LINES,
        DatasetKind::MajorLines => MAJOR_LINES,
        DatasetKind::Plans => PLANS,
        DatasetKind::Articles => &[],
    }
}

/// A header as compared: no spaces, no `*`, no unit in brackets at the end, ASCII brackets.
pub fn normalize(header: &str) -> String {
    let squeezed: String = header
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '*' | '＊' | '\u{feff}' | '\u{200b}'))
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            _ => c,
        })
        .collect();
    match squeezed.strip_suffix(')').and_then(|s| s.rfind('(').map(|i| &squeezed[..i])) {
        Some(base) if !base.is_empty() => base.to_string(),
        _ => squeezed,
    }
}

/// The column a header names, among `columns`.
pub fn match_header(columns: &'static [Column], header: &str) -> Option<&'static Column> {
    let h = normalize(header);
    if h.is_empty() {
        return None;
    }
    let is = |name: &str| normalize(name) == h || name.eq_ignore_ascii_case(&h);
    columns
        .iter()
        .find(|c| is(c.header))
        .or_else(|| columns.iter().find(|c| c.synonyms.iter().any(|s| is(s))))
}

/// Where each column of a kind is in one file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HeaderMap {
    /// Index of the header row in `Sheet::rows`.
    pub row: usize,
    pub found: Vec<(Col, ColumnRef)>,
    pub ignored: Vec<ColumnRef>,
    /// A second column naming a column already found: (this one, the first one's header).
    pub duplicates: Vec<(ColumnRef, String)>,
}

impl HeaderMap {
    pub fn get(&self, col: Col) -> Option<&ColumnRef> {
        self.found.iter().find(|(c, _)| *c == col).map(|(_, r)| r)
    }
}

/// Finds the header row among the first [`HEADER_SEARCH_ROWS`]: the one naming the most
/// columns of this kind (at least two). Rows above it are titles.
pub fn locate_header(sheet: &Sheet, columns: &'static [Column]) -> Result<HeaderMap, ProblemKind> {
    let mut best: Option<(usize, usize)> = None;
    for (i, row) in sheet.rows.iter().take(HEADER_SEARCH_ROWS).enumerate() {
        let matches = row.cells.iter().filter(|c| match_header(columns, &c.text).is_some()).count();
        if matches >= 2 && best.is_none_or(|(_, m)| matches > m) {
            best = Some((i, matches));
        }
    }
    let Some((row, _)) = best else {
        return Err(ProblemKind::NoHeader {
            expected: columns.iter().filter(|c| c.need != Need::Optional).map(|c| c.header).collect(),
            // A header in a wrongly guessed encoding would not match: say how it was read.
            read_as: sheet.encoding,
        });
    };
    let mut map = HeaderMap { row, ..HeaderMap::default() };
    for (index, cell) in sheet.rows[row].cells.iter().enumerate() {
        let header = crate::values::clean(&cell.text).to_string();
        if header.is_empty() {
            continue;
        }
        let at = ColumnRef { index, header: header.clone() };
        match match_header(columns, &header) {
            Some(column) => match map.get(column.col) {
                Some(first) => {
                    let first = first.header.clone();
                    map.duplicates.push((at, first));
                }
                None => map.found.push((column.col, at)),
            },
            None => map.ignored.push(at),
        }
    }
    Ok(map)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sheet::{Cell, SheetRow};

    fn sheet(rows: &[&[&str]]) -> Sheet {
        Sheet {
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, cells)| SheetRow {
                    number: i as u32 + 1,
                    cells: cells.iter().map(|t| Cell::text(t)).collect(),
                })
                .collect(),
            encoding: None,
        }
    }

    #[test]
    fn headers_match_by_name_synonym_and_without_units() {
        assert_eq!(match_header(PLANS, "学费（元/年）").map(|c| c.col), Some(Tuition));
        assert_eq!(match_header(PLANS, " 计划数* ").map(|c| c.col), Some(Places));
        assert_eq!(match_header(GROUP_LINES, "最低排名").map(|c| c.col), Some(LowestRank));
        assert_eq!(match_header(GROUP_LINES, "学校代码").map(|c| c.col), Some(SchoolCode));
        assert_eq!(match_header(PLANS, "专业（类）名称").map(|c| c.col), Some(MajorName));
        assert_eq!(match_header(PLANS, "录取概率"), None);
        assert_eq!(normalize("(备注)"), "(备注)", "a header that is all brackets stays");
    }

    #[test]
    fn no_synonym_is_claimed_twice_within_a_kind() {
        for kind in DatasetKind::ALL {
            let cols = columns(*kind);
            let mut names: Vec<String> = cols
                .iter()
                .flat_map(|c| std::iter::once(c.header).chain(c.synonyms.iter().copied()))
                .map(normalize)
                .collect();
            let total = names.len();
            names.sort();
            names.dedup();
            assert_eq!(names.len(), total, "{kind:?} has a name twice");
        }
    }

    #[test]
    fn the_header_is_found_below_a_title() {
        let s = sheet(&[
            &["福建省2025年普通类本科批院校专业组投档线", "", ""],
            &["", "", ""],
            &["院校代码", "专业组代码", "投档最低分", "录取概率"],
            &["1001", "01", "600"],
        ]);
        let map = locate_header(&s, GROUP_LINES).expect("header");
        assert_eq!(map.row, 2);
        assert_eq!(map.get(Lowest).map(|c| c.index), Some(2));
        assert_eq!(map.ignored.iter().map(|c| c.header.as_str()).collect::<Vec<_>>(), vec!["录取概率"]);
    }

    #[test]
    fn duplicates_and_missing_headers_are_reported() {
        let s = sheet(&[&["最低分", "投档线", "院校代码"]]);
        let map = locate_header(&s, GROUP_LINES).expect("header");
        assert_eq!(map.duplicates.len(), 1);
        assert!(matches!(
            locate_header(&sheet(&[&["甲", "乙"]]), GROUP_LINES),
            Err(ProblemKind::NoHeader { .. })
        ));
    }
}
