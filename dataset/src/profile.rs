//! What a school's page derives from its facts: the 基本信息 lines.

use portal_model::{Fact, SchoolCard};

/// 基本信息: level, type, nature, place, and the founding year and 主管部门 where known.
pub fn facts(card: &SchoolCard, founded: Option<u16>, authority: Option<&str>) -> Vec<Fact> {
    let place = if card.province == card.city || card.city.is_empty() {
        card.province.clone()
    } else {
        format!("{} · {}", card.province, card.city)
    };
    [
        Some(("办学层次", card.level.label().to_string())),
        Some(("院校类型", card.kind.label().to_string())),
        Some(("办学性质", card.nature.label().to_string())),
        Some(("所在地区", place)),
        founded.map(|year| ("创办时间", format!("{year}年"))),
        authority.filter(|a| !a.is_empty()).map(|a| ("主管部门", a.to_string())),
    ]
    .into_iter()
    .flatten()
    .map(|(label, value)| Fact { label: label.into(), value })
    .collect()
}
