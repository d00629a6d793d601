//! 选科: the subjects a student took beyond 语数外, and a group's 选科要求 read from the text
//! provinces publish.
//!
//! How 福建 and 江西 print 选考科目要求 in their 招生计划 (and this data set does too): under
//! 3+1+2 a 首选 part and a 再选 part, e.g. `首选物理，再选化学`, `首选物理，再选化学和生物`
//! (both required), `首选历史，再选思想政治或地理` (either will do), `首选物理或历史，再选不限`,
//! or the short forms `物理+化学`, `物理`, `历史`, `不限`; under 3+3 `物理和化学`, `物理或化学`.
//! Hints in brackets say how a list joins: `化学、生物（均需选考）`, `化学、生物（选考其中一门
//! 即可）`. Every form becomes one [`SubjectRule`]: subjects that must all be taken, and up to
//! two lists of which at least one subject must be taken.

use serde::{Deserialize, Serialize};

/// A subject of 选科 (besides 语文, 数学, 外语).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Subject {
    Physics,
    History,
    Chemistry,
    Biology,
    /// 思想政治.
    Politics,
    Geography,
    /// 技术 (浙江's seventh subject).
    Technology,
}

impl Subject {
    pub const ALL: [Subject; 7] = [
        Subject::Physics,
        Subject::History,
        Subject::Chemistry,
        Subject::Biology,
        Subject::Politics,
        Subject::Geography,
        Subject::Technology,
    ];
    /// 再选 under 3+1+2: two of these four.
    pub const ELECTIVES: [Subject; 4] =
        [Subject::Chemistry, Subject::Biology, Subject::Politics, Subject::Geography];

    /// The code in URLs and JSON.
    pub fn code(self) -> &'static str {
        match self {
            Subject::Physics => "physics",
            Subject::History => "history",
            Subject::Chemistry => "chemistry",
            Subject::Biology => "biology",
            Subject::Politics => "politics",
            Subject::Geography => "geography",
            Subject::Technology => "technology",
        }
    }

    /// The name as 招生计划 print it.
    pub fn label(self) -> &'static str {
        match self {
            Subject::Physics => "物理",
            Subject::History => "历史",
            Subject::Chemistry => "化学",
            Subject::Biology => "生物",
            Subject::Politics => "思想政治",
            Subject::Geography => "地理",
            Subject::Technology => "技术",
        }
    }

    /// One character, as lists of 选科 combinations write them (物化生).
    pub fn short(self) -> &'static str {
        match self {
            Subject::Physics => "物",
            Subject::History => "史",
            Subject::Chemistry => "化",
            Subject::Biology => "生",
            Subject::Politics => "政",
            Subject::Geography => "地",
            Subject::Technology => "技",
        }
    }

    pub fn from_code(code: &str) -> Option<Subject> {
        Subject::ALL.into_iter().find(|s| s.code() == code)
    }

    /// A subject from its code, its name or a common short form (政治, 思政, 化, 生物学 …).
    pub fn read(text: &str) -> Option<Subject> {
        let text = text.trim();
        Subject::from_code(text).or(match text {
            "物理" | "物" => Some(Subject::Physics),
            "历史" | "史" | "历" => Some(Subject::History),
            "化学" | "化" => Some(Subject::Chemistry),
            "生物" | "生物学" | "生" => Some(Subject::Biology),
            "思想政治" | "政治" | "思政" | "政" => Some(Subject::Politics),
            "地理" | "地" => Some(Subject::Geography),
            "技术" | "技" | "通用技术" | "信息技术" => Some(Subject::Technology),
            _ => None,
        })
    }

    fn bit(self) -> u8 {
        1 << (self as u8)
    }
}

/// A set of subjects (a bit set: copying and comparing cost nothing, so a rule can be checked
/// against thousands of groups at once).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct SubjectSet(u8);

impl SubjectSet {
    pub const EMPTY: SubjectSet = SubjectSet(0);

    pub fn of(subjects: &[Subject]) -> SubjectSet {
        subjects.iter().fold(SubjectSet::EMPTY, |set, s| set.with(*s))
    }
    pub fn with(self, s: Subject) -> SubjectSet {
        SubjectSet(self.0 | s.bit())
    }
    pub fn without(self, s: Subject) -> SubjectSet {
        SubjectSet(self.0 & !s.bit())
    }
    pub fn contains(self, s: Subject) -> bool {
        self.0 & s.bit() != 0
    }
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }
    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }
    pub fn is_subset(self, of: SubjectSet) -> bool {
        self.0 & !of.0 == 0
    }
    pub fn intersects(self, other: SubjectSet) -> bool {
        self.0 & other.0 != 0
    }
    pub fn union(self, other: SubjectSet) -> SubjectSet {
        SubjectSet(self.0 | other.0)
    }
    /// In the order of [`Subject::ALL`].
    pub fn iter(self) -> impl Iterator<Item = Subject> {
        Subject::ALL.into_iter().filter(move |s| self.contains(*s))
    }
    /// `化学,生物`: codes joined by commas (the URL form).
    pub fn codes(self) -> String {
        self.iter().map(Subject::code).collect::<Vec<_>>().join(",")
    }
    /// Names joined by `sep`: `化学+生物`.
    pub fn labels(self, sep: &str) -> String {
        self.iter().map(Subject::label).collect::<Vec<_>>().join(sep)
    }
    /// 物化生.
    pub fn shorts(self) -> String {
        self.iter().map(Subject::short).collect()
    }
    /// Reads a list of subjects separated by commas, `+`, `、` or spaces, or written as one-
    /// character names run together (化生). `Err` names the first part that is no subject.
    pub fn read(text: &str) -> Result<SubjectSet, String> {
        let mut set = SubjectSet::EMPTY;
        for part in text.split([',', '，', '+', '、', ' ', '/']).map(str::trim).filter(|p| !p.is_empty()) {
            match Subject::read(part) {
                Some(s) => set = set.with(s),
                // 化生, 物化生: single characters run together.
                None => {
                    for c in part.chars() {
                        let mut buf = [0u8; 4];
                        let s = Subject::read(c.encode_utf8(&mut buf)).ok_or_else(|| part.to_string())?;
                        set = set.with(s);
                    }
                }
            }
        }
        Ok(set)
    }
}

/// A group's 选科要求: every subject of `all`, and at least one of each non-empty `any` list.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct SubjectRule {
    pub all: SubjectSet,
    pub any: [SubjectSet; 2],
}

/// Words around the subjects that say nothing about them.
const PREFIXES: [&str; 11] = [
    "选考科目要求",
    "选考科目",
    "选科要求",
    "首选科目",
    "再选科目",
    "首选",
    "再选",
    "必选",
    "选考",
    "：",
    ":",
];

/// Text that reads as no 选科要求 this module knows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownRule(pub String);

impl UnknownRule {
    pub fn message(&self) -> String {
        format!("选科要求“{}”无法识别，请以当年招生计划为准", self.0)
    }
}

impl SubjectRule {
    /// 不限.
    pub const NONE: SubjectRule = SubjectRule { all: SubjectSet::EMPTY, any: [SubjectSet::EMPTY; 2] };

    /// Whether a student who took `taken` meets the rule.
    pub fn allows(&self, taken: SubjectSet) -> bool {
        self.all.is_subset(taken) && self.any.iter().all(|a| a.is_empty() || a.intersects(taken))
    }

    pub fn is_none(&self) -> bool {
        *self == SubjectRule::NONE
    }

    /// The rule in the words 招生计划 use: 不限, 物理, 物理+化学, 物理，化学或生物.
    pub fn label(&self) -> String {
        if self.is_none() {
            return "不限".into();
        }
        let mut parts = Vec::new();
        if !self.all.is_empty() {
            parts.push(self.all.labels("+"));
        }
        for any in self.any.iter().filter(|a| !a.is_empty()) {
            parts.push(any.labels("或"));
        }
        parts.join("，")
    }

    /// Reads the published text (see the module's notes for the forms).
    pub fn parse(text: &str) -> Result<SubjectRule, UnknownRule> {
        let unknown = || UnknownRule(text.chars().take(40).collect());
        // A bracketed hint says how a list of subjects joins; the rest is the list.
        let mut body = String::new();
        let mut hint = String::new();
        let mut depth = 0;
        for c in text.chars() {
            match c {
                '(' | '（' => depth += 1,
                ')' | '）' => depth = (depth - 1).max(0),
                _ if depth > 0 => hint.push(c),
                _ => body.push(c),
            }
        }
        let hint_any = ["其一", "之一", "一门", "任选", "任一"].iter().any(|h| hint.contains(h));
        let mut rule = SubjectRule::NONE;
        let mut slots = 0;
        for clause in body.split(['，', ',', '；', ';', '。']) {
            let mut clause = clause.trim();
            loop {
                let before = clause;
                for prefix in PREFIXES {
                    clause = clause.trim_start_matches(prefix).trim();
                }
                if clause == before {
                    break;
                }
            }
            let clause = clause.trim_end_matches("要求").trim_end_matches("科目").trim();
            if clause.is_empty()
                || ["不限", "不提", "无", "不提要求", "不提科目要求", "无要求"].contains(&clause)
            {
                continue;
            }
            let any = clause.contains('或') || clause.contains('/') || (hint_any && clause.contains('、'));
            let mut set = SubjectSet::EMPTY;
            for name in clause.split(['或', '/', '+', '和', '、', '及', '与', ' ', '＋']).map(str::trim)
            {
                if name.is_empty() || name == "均需选考" {
                    continue;
                }
                set = set.with(Subject::read(name).ok_or_else(unknown)?);
            }
            if set.is_empty() {
                return Err(unknown());
            }
            if any && set.len() > 1 {
                if slots == rule.any.len() {
                    return Err(unknown());
                }
                rule.any[slots] = set;
                slots += 1;
            } else {
                rule.all = rule.all.union(set);
            }
        }
        Ok(rule)
    }
}

/// A 选科要求 as the data gives it: the published text, and the rule read from it once, when
/// the data is decoded (`None` when the text reads as no known form; such a group is offered to
/// everyone with a note, [`UnknownRule::message`]). In JSON it is just the text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub struct Requirement {
    pub text: String,
    pub rule: Option<SubjectRule>,
}

impl From<String> for Requirement {
    fn from(text: String) -> Requirement {
        let rule = SubjectRule::parse(&text).ok();
        Requirement { text, rule }
    }
}

impl From<Requirement> for String {
    fn from(r: Requirement) -> String {
        r.text
    }
}

impl Requirement {
    pub fn new(text: &str) -> Requirement {
        Requirement::from(text.to_string())
    }
    /// Whether a student who took `taken` may apply. An unreadable requirement does not shut
    /// anyone out: the page shows the text and [`UnknownRule::message`].
    pub fn allows(&self, taken: SubjectSet) -> bool {
        rule_allows(self.rule, taken)
    }
}

/// Whether `taken` meets a rule read from a requirement (`None`: unreadable, open to all).
pub fn rule_allows(rule: Option<SubjectRule>, taken: SubjectSet) -> bool {
    rule.is_none_or(|r| r.allows(taken))
}

impl Requirement {}

#[cfg(test)]
mod tests {
    use super::*;
    use Subject::*;

    fn rule(text: &str) -> SubjectRule {
        SubjectRule::parse(text).unwrap_or_else(|e| panic!("{text}: {e:?}"))
    }

    #[test]
    fn reads_the_forms_provinces_publish() {
        let all = |s: &[Subject]| SubjectRule { all: SubjectSet::of(s), any: [SubjectSet::EMPTY; 2] };
        for text in ["不限", "", "首选物理或历史，再选不限", "不提科目要求", "再选不限"]
        {
            let r = rule(text);
            assert!(r.is_none() || r.all.is_empty(), "{text}");
            assert!(r.allows(SubjectSet::of(&[History, Politics, Geography])), "{text}");
        }
        assert_eq!(rule("物理"), all(&[Physics]));
        assert_eq!(rule("首选物理，再选不限"), all(&[Physics]));
        assert_eq!(rule("物理+化学"), all(&[Physics, Chemistry]));
        assert_eq!(rule("物理和化学"), all(&[Physics, Chemistry]));
        assert_eq!(rule("首选物理，再选化学"), all(&[Physics, Chemistry]));
        assert_eq!(rule("首选物理，再选化学和生物"), all(&[Physics, Chemistry, Biology]));
        assert_eq!(rule("首选物理,再选化学、生物(均需选考)"), all(&[Physics, Chemistry, Biology]));
        assert_eq!(rule("物理+化学+生物"), all(&[Physics, Chemistry, Biology]));
        assert_eq!(rule("首选历史，再选思想政治"), all(&[History, Politics]));
        let either = rule("首选历史，再选思想政治或地理");
        assert_eq!(either.all, SubjectSet::of(&[History]));
        assert_eq!(either.any[0], SubjectSet::of(&[Politics, Geography]));
        let hinted = rule("首选物理，再选化学、生物（选考其中一门即可）");
        assert_eq!(
            (hinted.all, hinted.any[0]),
            (SubjectSet::of(&[Physics]), SubjectSet::of(&[Chemistry, Biology]))
        );
        let three_three = rule("物理或化学");
        assert_eq!(three_three.any[0], SubjectSet::of(&[Physics, Chemistry]));
        let both_any = rule("首选物理或历史，再选化学或地理");
        assert_eq!(
            both_any.any,
            [SubjectSet::of(&[Physics, History]), SubjectSet::of(&[Chemistry, Geography])]
        );
    }

    #[test]
    fn unknown_text_is_reported_not_guessed() {
        for text in ["物理+烹饪", "首选音乐", "化学或生物，物理或历史，地理或政治", "选考科目要求：+"]
        {
            assert!(SubjectRule::parse(text).is_err(), "{text}");
        }
        let r = Requirement::new("物理+烹饪");
        assert_eq!(r.rule, None);
        assert!(r.allows(SubjectSet::EMPTY), "an unreadable requirement shuts nobody out");
        assert!(UnknownRule("物理+烹饪".into()).message().contains("无法识别"));
    }

    #[test]
    fn eligibility_follows_the_rule() {
        let wuhuasheng = SubjectSet::of(&[Physics, Chemistry, Biology]);
        let wushengdi = SubjectSet::of(&[Physics, Biology, Geography]);
        let shizhengdi = SubjectSet::of(&[History, Politics, Geography]);
        let chem = rule("首选物理，再选化学");
        assert!(chem.allows(wuhuasheng) && !chem.allows(wushengdi) && !chem.allows(shizhengdi));
        let any = rule("首选物理，再选化学或生物");
        assert!(any.allows(wuhuasheng) && any.allows(wushengdi) && !any.allows(shizhengdi));
        assert!(rule("历史").allows(shizhengdi) && !rule("历史").allows(wuhuasheng));
        assert!(SubjectRule::NONE.allows(SubjectSet::EMPTY));
    }

    #[test]
    fn labels_round_trip_through_the_parser() {
        for text in [
            "不限",
            "物理",
            "物理+化学",
            "首选物理，再选化学或生物",
            "物理+化学+生物",
            "历史，思想政治或地理",
        ] {
            let r = rule(text);
            assert_eq!(rule(&r.label()), r, "{text} -> {}", r.label());
        }
        assert_eq!(rule("首选物理，再选化学和生物").label(), "物理+化学+生物");
    }

    #[test]
    fn requirements_are_plain_text_in_json() {
        let r = Requirement::new("物理+化学");
        let json = serde_json::to_string(&r).expect("json");
        assert_eq!(json, "\"物理+化学\"");
        let back: Requirement = serde_json::from_str(&json).expect("decode");
        assert_eq!(back, r);
        assert!(back.allows(SubjectSet::of(&[Physics, Chemistry, Politics])));
    }

    #[test]
    fn subject_sets_read_codes_names_and_short_forms() {
        let cb = SubjectSet::of(&[Chemistry, Biology]);
        for text in ["chemistry,biology", "化学,生物", "化学+生物", "化生", "生物、化学", " 化学 生物 "]
        {
            assert_eq!(SubjectSet::read(text), Ok(cb), "{text}");
        }
        assert_eq!(SubjectSet::read("政治,地理"), Ok(SubjectSet::of(&[Politics, Geography])));
        assert_eq!(SubjectSet::read("化学,音乐"), Err("音乐".to_string()));
        assert_eq!(cb.codes(), "chemistry,biology");
        assert_eq!(cb.shorts(), "化生");
        assert_eq!(cb.labels("+"), "化学+生物");
        assert_eq!(SubjectSet::read(""), Ok(SubjectSet::EMPTY));
    }
}
