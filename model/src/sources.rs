//! 数据来源: the published documents the admission data came from. Each is one `[[dataset]]`
//! of the source folder's manifest (docs/data.md); `portal-data build` writes them all to
//! `sources.json` (`GET /sources`), and rows and indexes name theirs by id, so a page can say
//! where every figure it shows came from without each row repeating the document.

use serde::{Deserialize, Serialize};

/// A document's number: its position in the manifest, from 1.
pub type SourceId = u32;

/// One published document: who published it, its title, where and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataSource {
    pub id: SourceId,
    /// 发布单位, e.g. 福建省教育考试院.
    pub publisher: String,
    /// The document's title as published.
    pub title: String,
    #[serde(default)]
    pub url: Option<String>,
    /// `YYYY-MM-DD`, the date of publication.
    pub date: String,
    /// SHA-256 of the file as read (lowercase hex), so a figure can be traced to the exact file.
    #[serde(default)]
    pub sha256: String,
}

/// The documents `ids` name, in the registry's order, each once; ids the registry lacks are
/// left out (an older or partial data set).
pub fn cited(registry: &[DataSource], ids: impl IntoIterator<Item = SourceId>) -> Vec<&DataSource> {
    let mut wanted: Vec<SourceId> = ids.into_iter().collect();
    wanted.sort_unstable();
    wanted.dedup();
    registry.iter().filter(|s| wanted.binary_search(&s.id).is_ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cited_lists_each_known_document_once_in_registry_order() {
        let doc = |id| DataSource {
            id,
            publisher: "福建省教育考试院".into(),
            title: format!("文件{id}"),
            url: None,
            date: "2025-06-25".into(),
            sha256: String::new(),
        };
        let registry = [doc(1), doc(2), doc(3)];
        let ids: Vec<SourceId> = cited(&registry, [3, 1, 3, 9]).iter().map(|s| s.id).collect();
        assert_eq!(ids, vec![1, 3]);
        let old: DataSource =
            serde_json::from_str(r#"{"id":4,"publisher":"p","title":"t","date":"2025-01-01"}"#)
                .expect("decodes");
        assert_eq!((old.url, old.sha256.as_str()), (None, ""));
    }
}
