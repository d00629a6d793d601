//! How many 院校专业组 a student may list per batch, how many majors per group, whether a
//! group asks 是否服从专业调剂 — the province's volunteer rules, as data.
//!
//! Sources (the counts below were checked against them where a source is named):
//!
//! - 江西 (院校专业组 from 2024): 江西省教育考试院, 普通类志愿设置 of the 2024 reform
//!   (本科批 and 高职（专科）批: a parallel-volunteer column of 45 院校专业组, each with 6
//!   专业志愿 and 是否服从专业调剂; 征集志愿 20 groups). Read through the search tool as a
//!   reprint of the 考试院 text (<http://cowbnews.com/485666.html>); the 考试院's own site was
//!   not reachable from here.
//! - 福建 (院校专业组 from 2021): 福建省教育考试院, 普通类 本科批 and 高职（专科）批 平行志愿:
//!   up to 40 院校专业组, each with up to 6 专业 and 是否服从专业调剂. The search tool found no
//!   copy of the 考试院 text (2026-11); the counts are the ones 福建 has published since 2021 as
//!   far as this project knows, and are marked unchecked until someone confirms them against the
//!   year's 招生录取实施办法.
//! - Every other province that volunteers by group (see `Province::uses_groups`) gets the same
//!   shape with the most common counts (45 groups × 6 majors, 调剂 asked), marked unchecked.
//!   河北, 辽宁 and 重庆 in fact volunteer by 专业（类）+院校 (one major at one school per
//!   volunteer); this model does not describe that mode yet.

use crate::admissions::{Batch, Province};

/// One batch's limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BatchRules {
    pub batch: Batch,
    /// 院校专业组 per list (平行志愿).
    pub groups: usize,
    /// 专业志愿 per group.
    pub majors: usize,
    /// Whether each group asks 是否服从专业调剂.
    pub adjustment: bool,
}

/// Where a province's counts come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleSource {
    /// Checked against this document.
    Checked { publisher: &'static str, document: &'static str, url: &'static str },
    /// Not checked against the province's own document: the page says so.
    Unchecked { note: &'static str },
}

/// A province's volunteer rules for one year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VolunteerRules {
    pub province: &'static str,
    /// The first year it volunteers by 院校专业组.
    pub since: u16,
    pub batches: &'static [BatchRules],
    pub source: RuleSource,
}

const fn batch(batch: Batch, groups: usize) -> BatchRules {
    BatchRules { batch, groups, majors: 6, adjustment: true }
}

const JIANGXI: &[BatchRules] = &[batch(Batch::Undergraduate, 45), batch(Batch::Vocational, 45)];
const FUJIAN: &[BatchRules] = &[batch(Batch::Undergraduate, 40), batch(Batch::Vocational, 40)];
const SAME_SHAPE: &[BatchRules] = &[batch(Batch::Undergraduate, 45), batch(Batch::Vocational, 45)];

/// The rules of `province` in `year`, or `None` where it does not volunteer by 院校专业组
/// that year (文理分科, or 3+3 by 专业+院校).
pub fn rules(province: &Province, year: u16) -> Option<VolunteerRules> {
    if !province.uses_groups(year) {
        return None;
    }
    let since = province.new_since.unwrap_or(year);
    let (batches, source) = match province.name {
        "江西" => (
            JIANGXI,
            RuleSource::Checked {
                publisher: "江西省教育考试院",
                document: "江西省普通高校招生志愿设置（2024年起，院校专业组）",
                url: "http://cowbnews.com/485666.html",
            },
        ),
        "福建" => (
            FUJIAN,
            RuleSource::Unchecked {
                note: "福建省教育考试院：本科批、高职（专科）批各可填报40个院校专业组，每组6个专业及是否服从调剂（未能核对当年文件）",
            },
        ),
        _ => (SAME_SHAPE, RuleSource::Unchecked { note: "按院校专业组志愿的常见设置暂定，请以本省考试院当年文件为准" }),
    };
    Some(VolunteerRules { province: province.name, since, batches, source })
}

impl VolunteerRules {
    /// The limits of `batch`, if the province has a list for it.
    pub fn batch(&self, batch: Batch) -> Option<&'static BatchRules> {
        self.batches.iter().find(|b| b.batch == batch)
    }

    /// One sentence for the page: 福建本科批最多填报40个院校专业组，每组最多6个专业，并选择是否服从专业调剂。
    pub fn summary(&self, batch: &BatchRules) -> String {
        let adjustment = if batch.adjustment { "，并选择是否服从专业调剂" } else { "" };
        format!(
            "{}{}最多填报{}个院校专业组，每组最多{}个专业{adjustment}。",
            self.province,
            batch.batch.label(),
            batch.groups,
            batch.majors
        )
    }

    /// Where the counts come from, for the page.
    pub fn source_text(&self) -> String {
        match self.source {
            RuleSource::Checked { publisher, document, .. } => format!("依据：{publisher}《{document}》"),
            RuleSource::Unchecked { note } => format!("依据：{note}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn province(name: &str) -> &'static Province {
        Province::find(name).expect(name)
    }

    #[test]
    fn fujian_and_jiangxi_have_their_own_counts() {
        let jx = rules(province("江西"), 2025).expect("江西 2025");
        assert_eq!(
            jx.batch(Batch::Undergraduate).map(|b| (b.groups, b.majors, b.adjustment)),
            Some((45, 6, true))
        );
        assert_eq!(jx.batch(Batch::Vocational).map(|b| b.groups), Some(45));
        assert!(matches!(jx.source, RuleSource::Checked { .. }));
        assert_eq!(jx.since, 2024);
        let fj = rules(province("福建"), 2025).expect("福建 2025");
        assert_eq!(fj.batch(Batch::Undergraduate).map(|b| (b.groups, b.majors)), Some((40, 6)));
        assert_eq!(
            fj.summary(fj.batch(Batch::Undergraduate).expect("本科批")),
            "福建本科批最多填报40个院校专业组，每组最多6个专业，并选择是否服从专业调剂。"
        );
        assert!(fj.source_text().starts_with("依据："));
    }

    #[test]
    fn only_years_with_groups_have_rules() {
        assert_eq!(rules(province("江西"), 2023), None, "江西 still split 文理 in 2023");
        assert_eq!(rules(province("浙江"), 2025), None, "浙江 volunteers by 专业+院校");
        assert_eq!(rules(province("新疆"), 2025), None);
        let hunan = rules(province("湖南"), 2025).expect("湖南");
        assert!(matches!(hunan.source, RuleSource::Unchecked { .. }));
        assert_eq!(hunan.batch(Batch::Early), None);
        assert!(rules(province("上海"), 2025).is_some());
    }
}
