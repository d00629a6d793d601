//! One cell's text read as a value: numbers as offices write them (`1,234`, `５６０`, `560分`,
//! `5800元/年`), provinces (`福建省`, `fujian`), the model's codes by their Chinese labels and
//! common synonyms (`物理`, `首选物理` → 物理类), dates (`2025-06-25`, `2025/6/25`,
//! `2025年6月25日`). Each reader returns the value or the problem to report.

use crate::problem::ProblemKind;
use crate::rows::GroupChangeKind;
use portal_model::admissions::{AdmissionType, Batch, Distinction, Province, Track};
use portal_model::{Kind, Level, Nature};

/// Trims spaces of every width (ideographic, no-break) and zero-width marks.
pub fn clean(text: &str) -> &str {
    text.trim_matches(|c: char| c.is_whitespace() || matches!(c, '\u{200b}' | '\u{feff}'))
}

/// Full-width digits and signs to ASCII (`５６０` → `560`).
fn half_width(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' => '.',
            '，' => ',',
            _ => c,
        })
        .collect()
}

/// A whole number, allowing thousands separators and a trailing `.0` (a workbook number).
pub fn whole_number(text: &str) -> Result<u64, ProblemKind> {
    let raw = clean(text);
    let plain = half_width(raw).replace(',', "");
    let digits = plain.strip_suffix(".0").unwrap_or(&plain);
    if !digits.is_empty() && digits.len() <= 12 && digits.bytes().all(|b| b.is_ascii_digit()) {
        digits.parse().map_err(|_| ProblemKind::NotANumber(raw.to_string()))
    } else {
        Err(ProblemKind::NotANumber(raw.to_string()))
    }
}

/// A 高考 year: 2000–2099 (`2025`, `2025年`).
pub fn year(text: &str) -> Result<u16, ProblemKind> {
    number_in(text, &["年"], u64::from(portal_model::admissions::YEAR_MIN), 2099).map(|y| y as u16)
}

/// A whole number within `min..=max`, with a unit the office may have written after it.
pub fn number_in(text: &str, units: &[&str], min: u64, max: u64) -> Result<u64, ProblemKind> {
    let mut t = clean(text);
    for unit in units {
        t = t.strip_suffix(unit).unwrap_or(t).trim_end();
    }
    let n = whole_number(t)?;
    if (min..=max).contains(&n) {
        Ok(n)
    } else {
        Err(ProblemKind::OutOfRange { value: clean(text).to_string(), min, max })
    }
}

/// A number with decimals (平均分), within `0..=max`.
pub fn decimal(text: &str, max: f32) -> Result<f32, ProblemKind> {
    let raw = clean(text);
    let plain = half_width(raw).replace(',', "");
    let plain = plain.strip_suffix('分').unwrap_or(&plain);
    match plain.parse::<f32>() {
        Ok(v) if v.is_finite() && (0.0..=max).contains(&v) => Ok(v),
        Ok(_) => Err(ProblemKind::OutOfRange { value: raw.to_string(), min: 0, max: max as u64 }),
        Err(_) => Err(ProblemKind::NotANumber(raw.to_string())),
    }
}

/// A province by its short or full name or key: 福建, 福建省, fujian, 广西壮族自治区, 北京市.
pub fn province(text: &str) -> Result<&'static Province, ProblemKind> {
    let t = clean(text);
    let short = ["壮族自治区", "回族自治区", "维吾尔自治区", "自治区", "省", "市"]
        .iter()
        .find_map(|suffix| t.strip_suffix(suffix))
        .unwrap_or(t);
    Province::find(short).or_else(|| Province::find(&t.to_ascii_lowercase())).ok_or_else(|| {
        ProblemKind::UnknownValue {
            value: t.to_string(),
            accepted: portal_model::admissions::PROVINCES.iter().map(|p| p.name).collect(),
        }
    })
}

/// A value of a coded set read by its code, its label or a synonym.
fn coded<T: Copy>(text: &str, all: &[(T, &'static str, &'static [&'static str])]) -> Result<T, ProblemKind> {
    let t = clean(text);
    let squeezed: String =
        t.chars().filter(|c| !c.is_whitespace()).collect::<String>().replace(['（', '）'], "");
    all.iter()
        .find(|(_, label, synonyms)| {
            *label == squeezed || synonyms.iter().any(|s| *s == squeezed || s.eq_ignore_ascii_case(&squeezed))
        })
        .map(|(v, _, _)| *v)
        .ok_or_else(|| ProblemKind::UnknownValue {
            value: t.to_string(),
            accepted: all.iter().map(|(_, label, _)| *label).collect(),
        })
}

/// 科类 with the words 考试院 use for it. Whether the province had it that year is checked by
/// the caller.
pub const TRACKS: &[(Track, &str, &[&str])] = &[
    (Track::Physics, "物理类", &["physics", "物理", "物理科目组", "首选物理", "物理组", "物理方向"]),
    (Track::History, "历史类", &["history", "历史", "历史科目组", "首选历史", "历史组", "历史方向"]),
    (Track::Science, "理科", &["science", "理工", "理工类", "理"]),
    (Track::LiberalArts, "文科", &["liberal_arts", "文史", "文史类", "文"]),
    (Track::Comprehensive, "综合", &["comprehensive", "综合改革", "不分文理", "普通类"]),
];

pub fn track(text: &str) -> Result<Track, ProblemKind> {
    coded(text, TRACKS)
}

pub const BATCHES: &[(Batch, &str, &[&str])] = &[
    (
        Batch::Early,
        "提前批",
        &["early", "本科提前批", "提前批本科", "提前本科批", "专科提前批", "提前批专科"],
    ),
    (Batch::Undergraduate, "本科批", &["undergraduate", "本科", "普通类本科批", "本科普通批", "普通本科批"]),
    (
        Batch::UndergraduateFirst,
        "本科一批",
        &["undergraduate_first", "一本", "本科第一批", "第一批本科", "一批"],
    ),
    (
        Batch::UndergraduateSecond,
        "本科二批",
        &["undergraduate_second", "二本", "本科第二批", "第二批本科", "二批"],
    ),
    (
        Batch::Vocational,
        "专科批",
        &["vocational", "专科", "高职专科批", "高职(专科)批", "高职专科", "高职（专科）批", "专科普通批"],
    ),
];

pub fn batch(text: &str) -> Result<Batch, ProblemKind> {
    coded(text, BATCHES)
}

pub const ADMISSION_TYPES: &[(AdmissionType, &str, &[&str])] = &[
    (AdmissionType::General, "普通类", &["general", "普通", "普通批", "普通计划"]),
    (
        AdmissionType::Special,
        "专项计划",
        &[
            "special",
            "国家专项",
            "地方专项",
            "高校专项",
            "专项",
            "国家专项计划",
            "地方专项计划",
            "高校专项计划",
        ],
    ),
    (AdmissionType::SinoForeign, "中外合作", &["sino_foreign", "中外合作办学"]),
    (AdmissionType::Directed, "定向培养", &["directed", "定向", "定向培养军士", "定向就业"]),
];

pub fn admission_type(text: &str) -> Result<AdmissionType, ProblemKind> {
    coded(text, ADMISSION_TYPES)
}

pub const LEVELS: &[(Level, &str, &[&str])] = &[
    (Level::Undergraduate, "本科", &["undergraduate", "普通本科", "本科院校", "职业本科"]),
    (Level::Vocational, "高职专科", &["vocational", "专科", "高职", "高职(专科)", "高职高专", "专科院校"]),
];

pub fn level(text: &str) -> Result<Level, ProblemKind> {
    coded(text, LEVELS)
}

pub const KINDS: &[(Kind, &str, &[&str])] = &[
    (Kind::Engineering, "理工类", &["engineering", "理工"]),
    (Kind::Comprehensive, "综合类", &["comprehensive", "综合"]),
    (Kind::Normal, "师范类", &["normal", "师范"]),
    (Kind::Medical, "医药类", &["medical", "医药", "医学", "医科"]),
    (Kind::Finance, "财经类", &["finance", "财经"]),
    (Kind::Agriculture, "农林类", &["agriculture", "农林", "农业"]),
    (Kind::Arts, "艺术类", &["arts", "艺术"]),
    (Kind::Language, "语言类", &["language", "语言"]),
    (Kind::Politics, "政法类", &["politics", "政法"]),
    (Kind::Sports, "体育类", &["sports", "体育"]),
];

/// 院校类型: an unusual one (民族类, 军事类…) is kept as 其他 with a warning.
pub fn kind(text: &str) -> Result<Kind, ProblemKind> {
    coded(text, KINDS).map_err(kept_as_other)
}

pub const NATURES: &[(Nature, &str, &[&str])] = &[
    (Nature::Public, "公办", &["public", "公立"]),
    (Nature::Private, "民办", &["private", "私立", "民办院校"]),
];

/// 办学性质: 中外合作办学, 独立学院… are kept as 其他 with a warning.
pub fn nature(text: &str) -> Result<Nature, ProblemKind> {
    coded(text, NATURES).map_err(kept_as_other)
}

pub const DISTINCTIONS: &[(Distinction, &str, &[&str])] = &[
    (
        Distinction::FirstClassNational,
        "国家级一流本科专业建设点",
        &["first_class_national", "国家级一流", "国家一流专业"],
    ),
    (
        Distinction::FirstClassProvincial,
        "省级一流本科专业建设点",
        &["first_class_provincial", "省级一流", "省一流专业"],
    ),
    (Distinction::NationalFeature, "国家级特色专业", &["national_feature", "国家特色专业"]),
    (Distinction::HighLevelGroup, "高水平专业群", &["high_level_group", "双高专业群"]),
];

pub fn distinction(text: &str) -> Result<Distinction, ProblemKind> {
    coded(text, DISTINCTIONS)
}

pub const GROUP_CHANGES: &[(GroupChangeKind, &str, &[&str])] = &[
    (GroupChangeKind::Renamed, "改号", &["renamed", "更名", "改代码", "重新编号", "代码调整"]),
    (GroupChangeKind::Split, "拆分", &["split", "拆分而来", "拆出", "分组"]),
];

/// 专业组调整.
pub fn group_change(text: &str) -> Result<GroupChangeKind, ProblemKind> {
    coded(text, GROUP_CHANGES)
}

fn kept_as_other(problem: ProblemKind) -> ProblemKind {
    match problem {
        ProblemKind::UnknownValue { value, accepted } => ProblemKind::UnknownValueKept { value, accepted },
        other => other,
    }
}

/// 学制 in years: `4`, `4年`, `四年`, `五年制`.
pub fn duration(text: &str) -> Result<u8, ProblemKind> {
    let t = clean(text);
    let t = t.strip_suffix("年制").or_else(|| t.strip_suffix('年')).unwrap_or(t).trim();
    let n = match t {
        "一" => 1,
        "二" | "两" => 2,
        "三" => 3,
        "四" => 4,
        "五" => 5,
        "六" => 6,
        "七" => 7,
        "八" => 8,
        _ => whole_number(t).map_err(|_| ProblemKind::NotANumber(clean(text).to_string()))?,
    };
    if (1..=8).contains(&n) {
        Ok(n as u8)
    } else {
        Err(ProblemKind::OutOfRange { value: clean(text).to_string(), min: 1, max: 8 })
    }
}

/// 学费 in 元 a year: `5800`, `5,800元`, `5800元/年`; `None` for 待定 and the like.
pub fn tuition(text: &str) -> Result<Option<u32>, ProblemKind> {
    let t = clean(text);
    if ["待定", "暂无", "未定", "-", "—", "/", "免费"].contains(&t) {
        return Ok(if t == "免费" { Some(0) } else { None });
    }
    number_in(t, &["/年", "元", "每年"], 0, 500_000).map(|n| Some(n as u32))
}

/// Tags or distinctions in one cell: separated by 、，, ; ；| or spaces.
pub fn list(text: &str) -> Vec<String> {
    clean(text)
        .split(['、', '，', ',', ';', '；', '|', ' ', '\u{3000}'])
        .map(clean)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// A web address a page may link to.
pub fn url(text: &str) -> Result<String, ProblemKind> {
    let t = clean(text);
    let lower = t.to_ascii_lowercase();
    if (lower.starts_with("https://") || lower.starts_with("http://")) && !t.contains(char::is_whitespace) {
        Ok(t.to_string())
    } else {
        Err(ProblemKind::NotAUrl(t.to_string()))
    }
}

/// A date as `YYYY-MM-DD`, from `2025-06-25`, `2025/6/25`, `2025.6.25` or `2025年6月25日`.
pub fn date(text: &str) -> Result<String, ProblemKind> {
    let t = clean(text);
    let bad = || ProblemKind::BadDate(t.to_string());
    let unified = t.replace(['/', '.', '年', '月'], "-");
    let unified = unified.strip_suffix('日').unwrap_or(&unified);
    let parts: Vec<&str> = unified.split('-').collect();
    let [y, m, d] = parts.as_slice() else { return Err(bad()) };
    let number = |s: &str, len: std::ops::RangeInclusive<usize>| {
        (len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let (Some(year), Some(month), Some(day)) = (number(y, 4..=4), number(m, 1..=2), number(d, 1..=2)) else {
        return Err(bad());
    };
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return Err(bad()),
    };
    if !(1990..=2099).contains(&year) || day == 0 || day > days {
        return Err(bad());
    }
    Ok(format!("{year:04}-{month:02}-{day:02}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_offices_write_them() {
        assert_eq!(whole_number("1,234"), Ok(1234));
        assert_eq!(whole_number(" ５６０ "), Ok(560));
        assert_eq!(whole_number("560.0"), Ok(560));
        for bad in ["560.5", "-3", "", "五百", "1e3", "#N/A"] {
            assert!(whole_number(bad).is_err(), "{bad}");
        }
        assert_eq!(number_in("560分", &["分"], 0, 750), Ok(560));
        assert!(matches!(number_in("751", &[], 0, 750), Err(ProblemKind::OutOfRange { .. })));
        assert_eq!(tuition("5,800元/年"), Ok(Some(5800)));
        assert_eq!(tuition("待定"), Ok(None));
        assert_eq!(duration("四年"), Ok(4));
        assert_eq!(duration("5年制"), Ok(5));
        assert!(duration("12").is_err());
        assert_eq!(decimal("588.35", 750.0), Ok(588.35));
    }

    #[test]
    fn provinces_by_any_of_their_names() {
        for name in ["福建", "福建省", "fujian", "Fujian", " 福建 "] {
            assert_eq!(province(name).map(|p| p.name), Ok("福建"), "{name}");
        }
        assert_eq!(province("广西壮族自治区").map(|p| p.name), Ok("广西"));
        assert_eq!(province("北京市").map(|p| p.name), Ok("北京"));
        assert_eq!(province("新疆维吾尔自治区").map(|p| p.name), Ok("新疆"));
        assert!(matches!(province("火星"), Err(ProblemKind::UnknownValue { .. })));
        assert_eq!(province("上海").expect("上海").max_score(), 660);
        assert_eq!(province("海南").expect("海南").max_score(), 900);
    }

    #[test]
    fn codes_by_label_and_synonym() {
        assert_eq!(track("物理"), Ok(Track::Physics));
        assert_eq!(track("首选物理"), Ok(Track::Physics));
        assert_eq!(track("文史类"), Ok(Track::LiberalArts));
        assert_eq!(batch("高职（专科）批"), Ok(Batch::Vocational));
        assert_eq!(batch("本科 一批"), Ok(Batch::UndergraduateFirst));
        assert_eq!(admission_type("国家专项"), Ok(AdmissionType::Special));
        assert_eq!(level("专科"), Ok(Level::Vocational));
        assert!(matches!(kind("民族类"), Err(ProblemKind::UnknownValueKept { .. })));
        assert!(matches!(level("研究生"), Err(ProblemKind::UnknownValue { .. })));
        // Every label is accepted as itself.
        for (t, label, _) in TRACKS {
            assert_eq!(track(label), Ok(*t));
            assert_eq!(t.label(), *label, "the labels are the model's");
        }
        for (b, label, _) in BATCHES {
            assert_eq!(b.label(), *label);
        }
    }

    #[test]
    fn dates_in_the_usual_spellings() {
        for text in ["2025-06-25", "2025/6/25", "2025.6.25", "2025年6月25日"] {
            assert_eq!(date(text), Ok("2025-06-25".into()), "{text}");
        }
        assert_eq!(date("2024-02-29"), Ok("2024-02-29".into()));
        for bad in ["2025-02-29", "2025-13-01", "2025-06-31", "25-06-25", "六月", "", "2025-06", "20250625"]
        {
            assert!(matches!(date(bad), Err(ProblemKind::BadDate(_))), "{bad}");
        }
    }

    #[test]
    fn urls_are_web_addresses() {
        assert!(url("https://www.xmu.edu.cn").is_ok());
        assert!(matches!(url("www.xmu.edu.cn"), Err(ProblemKind::NotAUrl(_))));
        assert!(matches!(url("javascript:alert(1)"), Err(ProblemKind::NotAUrl(_))));
    }
}
