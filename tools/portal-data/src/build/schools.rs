//! Schools: the school list's rows as the site's cards and profiles, by 网站编号.

use super::SchoolIds;
use crate::source::Source;
use portal_dataset::profile::facts;
use portal_dataset::SchoolRecord;
use portal_model::{OfficialAccount, SchoolCard, SchoolProfile};

pub(super) fn records(source: &Source, ids: &SchoolIds) -> Vec<SchoolRecord> {
    let mut out: Vec<SchoolRecord> = source
        .schools
        .iter()
        .filter_map(|row| {
            let s = &row.value;
            let card = SchoolCard {
                id: *ids.get(&s.code)?,
                name: s.name.clone(),
                short_name: s.short_name.clone().unwrap_or_default(),
                pinyin: s.pinyin.clone().unwrap_or_default(),
                level: s.level,
                kind: s.kind,
                nature: s.nature,
                province: s.province.name.to_string(),
                city: s.city.clone(),
                tags: s.tags.clone(),
                followers: s.followers.unwrap_or(0),
            };
            let profile = SchoolProfile {
                founded: s.founded,
                website: s.website.clone(),
                introduction: s.introduction.clone(),
                facts: facts(&card, s.founded, s.authority.as_deref()),
                // The list gives what each QR code encodes, not the account's name: the page
                // names it after the school.
                accounts: s
                    .accounts
                    .iter()
                    .map(|(kind, url)| OfficialAccount { kind: *kind, name: String::new(), url: url.clone() })
                    .collect(),
                admissions_phone: s.admissions_phone.clone(),
                email: s.email.clone(),
                address: s.address.clone(),
                charter_url: s.charter_url.clone(),
                upgrade_rate: s.upgrade_rate,
            };
            Some(SchoolRecord { card, profile })
        })
        .collect();
    out.sort_by_key(|s| s.card.id);
    out
}
