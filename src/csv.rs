//! CSV for download (pure): UTF-8 with a byte-order mark and CRLF line ends, so Excel and WPS
//! open Chinese text correctly; fields quoted per RFC 4180 where they need it.

/// The byte-order mark that tells Excel the file is UTF-8.
pub const BOM: char = '\u{FEFF}';

/// One field: quoted when it holds a comma, a quote or a line break (quotes doubled inside).
pub fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// A whole file: the header row, then the rows, each line ended by CRLF.
pub fn document<R: AsRef<[String]>>(header: &[&str], rows: &[R]) -> String {
    let mut out = String::new();
    out.push(BOM);
    let line = |fields: &mut dyn Iterator<Item = String>| fields.collect::<Vec<_>>().join(",") + "\r\n";
    out.push_str(&line(&mut header.iter().map(|h| field(h))));
    for row in rows {
        out.push_str(&line(&mut row.as_ref().iter().map(|f| field(f))));
    }
    out
}

/// A file name from its parts (`江西机电职业技术学院-分数线-福建-物理类.csv`), without the
/// characters file systems refuse.
pub fn file_name(parts: &[&str]) -> String {
    let name: String = parts
        .iter()
        .filter(|p| !p.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("-")
        .chars()
        .map(|c| if r#"\/:*?"<>|"#.contains(c) || c.is_control() { '_' } else { c })
        .collect();
    format!("{name}.csv")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_what_needs_it() {
        assert_eq!(field("福建"), "福建");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("他说\"好\""), "\"他说\"\"好\"\"\"");
        assert_eq!(field("一\n二"), "\"一\n二\"");
        assert_eq!(field("x\r"), "\"x\r\"");
        assert_eq!(field(""), "");
    }

    #[test]
    fn writes_bom_header_and_crlf_rows() {
        let rows = vec![vec!["2025".to_string(), "402".into(), "物理+化学, 不限".into()]];
        let text = document(&["年份", "最低分", "选科"], &rows);
        assert!(text.starts_with('\u{FEFF}'));
        assert_eq!(text, "\u{FEFF}年份,最低分,选科\r\n2025,402,\"物理+化学, 不限\"\r\n");
        let empty: Vec<Vec<String>> = Vec::new();
        assert_eq!(document(&["a"], &empty), "\u{FEFF}a\r\n");
    }

    #[test]
    fn names_files_safely() {
        assert_eq!(
            file_name(&["江西机电职业技术学院", "分数线", "福建", "物理类"]),
            "江西机电职业技术学院-分数线-福建-物理类.csv"
        );
        assert_eq!(file_name(&["a/b", "", "c:d"]), "a_b-c_d.csv");
    }
}
