//! Whole sources read from the files offices really have: the templates as shipped, the same
//! tables saved as GB18030 or UTF-8 without a BOM, and as XLSX with a merged title row above
//! the header — each must read to exactly the rows of the template.

mod common;

use encoding_rs::{BIG5, GB18030};
use portal_data::{read, Severity, Source};
use rust_xlsxwriter::{Format, Workbook};
use std::fs;
use std::path::Path;

fn template_source() -> Source {
    let checked = read(&common::templates());
    assert!(!checked.report.has_errors(), "{:#?}", checked.report);
    checked.source
}

/// The typed rows, without where they came from.
fn rows_of(source: &Source) -> String {
    let strip = |v: &dyn std::fmt::Debug| format!("{v:?}");
    let schools: Vec<String> = source.schools.iter().map(|s| strip(&s.value)).collect();
    let groups: Vec<String> = source.group_lines.iter().map(|s| strip(&s.value)).collect();
    let majors: Vec<String> = source.major_lines.iter().map(|s| strip(&s.value)).collect();
    let plans: Vec<String> = source.plans.iter().map(|s| strip(&s.value)).collect();
    let tables: Vec<String> = source.score_tables.iter().map(|t| strip(&t.to_model())).collect();
    format!("{schools:#?}\n{groups:#?}\n{majors:#?}\n{plans:#?}\n{tables:#?}")
}

fn encoding_of(source: &Source, path: &str) -> Option<&'static str> {
    source.datasets.iter().find(|d| d.dataset.path == path).and_then(|d| d.encoding)
}

fn csv_text(dir: &Path, file: &str) -> String {
    fs::read_to_string(dir.join(file)).expect("csv").trim_start_matches('\u{feff}').to_string()
}

#[test]
fn the_templates_are_a_valid_source() {
    let checked = read(&common::templates());
    let report = &checked.report;
    assert_eq!(report.count(Severity::Error) + report.count(Severity::Warning), 0, "{report:#?}");
    let source = checked.clone().valid().expect("valid").into_source();
    assert_eq!(source.schools.len(), 2);
    assert_eq!(source.featured, vec!["10384", "10386"]);
    assert_eq!((source.group_lines.len(), source.major_lines.len(), source.plans.len()), (4, 6, 6));
    assert_eq!(source.articles.len(), 2);
    assert_eq!(source.score_tables.len(), 1);
    let table = &source.score_tables[0];
    assert_eq!((table.province.name, table.year, table.track.label()), ("福建", 2025, "物理类"));
    // Every dataset carries its provenance and the checksum of its file.
    for d in &source.datasets {
        let p = &d.dataset.provenance;
        assert!(!p.publisher.is_empty() && !p.title.is_empty() && p.date.len() == 10, "{p:?}");
        assert_eq!(p.sha256.len(), 64);
    }
    let plans = source.datasets.iter().find(|d| d.dataset.path == "plans.csv").expect("plans");
    let bytes = fs::read(common::templates().join("plans.csv")).expect("plans.csv");
    assert_eq!(plans.dataset.provenance.sha256, portal_data::source::sha256_hex(&bytes));
    // The major line without a published rank gets one from the table, marked as derived.
    let derived: Vec<_> =
        source.major_lines.iter().filter_map(|l| l.value.lowest_rank.filter(|r| r.derived)).collect();
    assert_eq!(derived.len(), 1);
    // Articles name their school by code or by name; both resolve to the list's code.
    let schools: Vec<&str> = source.articles.iter().map(|a| a.value.school.as_str()).collect();
    assert_eq!(schools, vec!["10386", "10384"]);
    assert!(source.articles[1].value.body_html.contains("<table>"), "Markdown tables are rendered");
}

#[test]
fn gb18030_and_bomless_utf8_csv_read_the_same_rows() {
    let expected = rows_of(&template_source());
    let dir = common::template_copy("gb18030");
    for file in ["schools.csv", "group-lines.csv", "major-lines.csv"] {
        let text = csv_text(&dir, file);
        let (bytes, _, unmappable) = GB18030.encode(&text);
        assert!(!unmappable);
        fs::write(dir.join(file), bytes).expect("write");
    }
    fs::write(dir.join("plans.csv"), csv_text(&dir, "plans.csv")).expect("UTF-8 without a BOM");
    let checked = read(&dir);
    assert!(!checked.report.has_errors(), "{:#?}", checked.report);
    assert_eq!(encoding_of(&checked.source, "schools.csv"), Some("GB18030"));
    assert_eq!(encoding_of(&checked.source, "plans.csv"), Some("UTF-8"));
    assert_eq!(encoding_of(&checked.source, "batch-lines.csv"), Some("UTF-8 (BOM)"));
    assert_eq!(rows_of(&checked.source), expected);
    assert_eq!(checked.source.schools[0].value.name, "厦门大学");
}

/// A file in an encoding we do not read (Big5, from a Taiwanese office) must not become rows
/// of mojibake: its header is not found, and the message says how the file was read.
#[test]
fn a_big5_file_is_refused_rather_than_misread() {
    let dir = common::template_copy("big5");
    let text = csv_text(&dir, "plans.csv");
    let (bytes, _, _) = BIG5.encode(&text);
    fs::write(dir.join("plans.csv"), bytes).expect("write");
    let checked = read(&dir);
    assert!(checked.source.plans.is_empty());
    let codes = checked.report.codes();
    assert!(codes.contains(&"no_header") || codes.contains(&"unknown_encoding"), "{codes:?}");
}

/// Writes a CSV of the templates as a workbook: a merged title row, a blank row, the header,
/// the rows, and a note under the table. Codes are text cells, figures number cells. A
/// `page` of N repeats a 续表 title and the header after every N rows, as tables converted
/// from a PDF do.
fn write_workbook(csv: &str, path: &Path, sheet: &str, origin: (u32, u16), numeric_codes: bool) {
    write_pages(csv, path, sheet, origin, numeric_codes, None)
}

fn write_pages(
    csv: &str,
    path: &Path,
    sheet: &str,
    origin: (u32, u16),
    numeric_codes: bool,
    page: Option<usize>,
) {
    let mut workbook = Workbook::new();
    let ws = workbook.add_worksheet();
    ws.set_name(sheet).expect("sheet name");
    let mut rows: Vec<Vec<&str>> =
        csv.lines().map(|l| l.trim_end_matches('\r').split(',').collect()).collect();
    if let Some(page) = page {
        let mut r = page + 1;
        while r < rows.len() {
            rows.insert(r, vec!["（续表）"]);
            rows.insert(r + 1, rows[0].clone());
            r += page + 2;
        }
    }
    let width = rows[0].len() as u16;
    let (top, left) = origin;
    ws.merge_range(
        top,
        left,
        top,
        left + width - 1,
        "福建省2025年普通类本科批院校专业组投档情况（物理科目组）",
        &Format::new(),
    )
    .expect("title");
    let code_columns: Vec<usize> =
        rows[0].iter().enumerate().filter(|(_, h)| h.contains("代码")).map(|(i, _)| i).collect();
    for (r, cells) in rows.iter().enumerate() {
        let row = top + 2 + r as u32;
        for (c, text) in cells.iter().enumerate() {
            let col = left + c as u16;
            let number = text.parse::<f64>().ok().filter(|_| *cells != rows[0]);
            match number {
                Some(n) if numeric_codes || !code_columns.contains(&c) => ws.write_number(row, col, n),
                _ => ws.write_string(row, col, *text),
            }
            .expect("cell");
        }
    }
    ws.write_string(top + 2 + rows.len() as u32, left, "注：本表按投档最低分从高到低排列。").expect("note");
    workbook.save(path).expect("save");
}

#[test]
fn xlsx_with_a_merged_title_row_reads_the_same_rows() {
    let expected = rows_of(&template_source());
    let dir = common::template_copy("xlsx");
    write_workbook(
        &csv_text(&dir, "group-lines.csv"),
        &dir.join("group-lines.xlsx"),
        "Sheet1",
        (0, 0),
        false,
    );
    fs::remove_file(dir.join("group-lines.csv")).expect("remove csv");
    common::repoint(&dir, "group-lines.csv", "group-lines.xlsx");
    // Plans as pages of four rows, each after the first under 续表 and the header again.
    write_pages(&csv_text(&dir, "plans.csv"), &dir.join("plans.xlsx"), "Sheet1", (0, 0), false, Some(4));
    fs::remove_file(dir.join("plans.csv")).expect("remove csv");
    common::repoint(&dir, "plans.csv", "plans.xlsx");
    // A table whose used range starts at C4: row numbers and letters stay Excel's.
    write_workbook(&csv_text(&dir, "major-lines.csv"), &dir.join("major-lines.xlsx"), "专业", (3, 2), false);
    fs::remove_file(dir.join("major-lines.csv")).expect("remove csv");
    common::repoint(&dir, "major-lines.csv", "major-lines.xlsx");
    let checked = read(&dir);
    assert!(!checked.report.has_errors(), "{:#?}", checked.report);
    assert_eq!(rows_of(&checked.source), expected);
    let notes: Vec<(&str, String)> = checked
        .report
        .problems
        .iter()
        .filter(|p| p.place.file == "group-lines.xlsx")
        .map(|p| (p.kind.code(), p.place.to_string()))
        .collect();
    assert_eq!(
        notes,
        vec![
            ("title_rows_skipped", "group-lines.xlsx".to_string()),
            ("text_row_skipped", "group-lines.xlsx 第8行 row 8".to_string())
        ]
    );
    let plan_notes: Vec<&str> = checked
        .report
        .problems
        .iter()
        .filter(|p| p.place.file == "plans.xlsx")
        .map(|p| p.kind.code())
        .collect();
    assert_eq!(
        plan_notes,
        vec!["title_rows_skipped", "text_row_skipped", "header_repeated", "text_row_skipped"]
    );
    let first_major = &checked.source.major_lines[0];
    assert_eq!(first_major.row, 7, "title at row 4, header at row 6, first data row 7");
}

/// Offices rename files: a workbook is read as one whatever its name says.
#[test]
fn a_workbook_is_known_by_its_bytes_not_its_name() {
    let expected = rows_of(&template_source());
    let dir = common::template_copy("xlsx-names");
    // An .xlsx saved under the old .xls name, an upper-case extension, and one named .csv.
    for (csv, name) in [("group-lines.csv", "group-lines.xls"), ("plans.csv", "PLANS.XLSX")] {
        write_workbook(&csv_text(&dir, csv), &dir.join(name), "Sheet1", (0, 0), false);
        fs::remove_file(dir.join(csv)).expect("remove csv");
        common::repoint(&dir, csv, name);
    }
    let text = csv_text(&dir, "major-lines.csv");
    write_workbook(&text, &dir.join("major-lines.csv"), "Sheet1", (0, 0), false);
    let checked = read(&dir);
    assert!(!checked.report.has_errors(), "{:#?}", checked.report);
    assert_eq!(rows_of(&checked.source), expected);
}

#[test]
fn workbook_cells_are_located_as_excel_shows_them() {
    let dir = common::template_copy("xlsx-place");
    let csv = csv_text(&dir, "major-lines.csv").replacen(",641,", ",760,", 1);
    write_workbook(&csv, &dir.join("major-lines.xlsx"), "专业", (3, 2), false);
    fs::remove_file(dir.join("major-lines.csv")).expect("remove csv");
    common::repoint(&dir, "major-lines.csv", "major-lines.xlsx");
    let report = read(&dir).report;
    let error = report.problems.iter().find(|p| p.severity() == Severity::Error).expect("an error");
    assert_eq!(error.kind.code(), "score_out_of_range");
    // 最低分 is the 11th column of the table, which starts at column C: column M.
    assert_eq!(error.place.to_string(), "major-lines.xlsx 第7行 row 7 M「最低分」");
}

#[test]
fn codes_stored_as_numbers_are_warned_about() {
    let dir = common::template_copy("xlsx-numeric");
    write_workbook(&csv_text(&dir, "schools.csv"), &dir.join("schools.xlsx"), "院校", (0, 0), true);
    fs::remove_file(dir.join("schools.csv")).expect("remove csv");
    common::repoint(&dir, "schools.csv", "schools.xlsx");
    let report = read(&dir).report;
    assert!(!report.has_errors(), "{report:#?}");
    assert!(report.codes().contains(&"numeric_codes"), "{:?}", report.codes());
}

#[test]
fn a_named_sheet_is_read_and_a_missing_one_reported() {
    let dir = common::template_copy("xlsx-sheet");
    write_workbook(&csv_text(&dir, "plans.csv"), &dir.join("plans.xlsx"), "招生计划", (0, 0), false);
    fs::remove_file(dir.join("plans.csv")).expect("remove csv");
    common::repoint(&dir, "plans.csv", "plans.xlsx");
    let manifest = dir.join("manifest.toml");
    let text = fs::read_to_string(&manifest).expect("manifest");
    let with_sheet = |name: &str| {
        text.replace("path = \"plans.xlsx\"", &format!("path = \"plans.xlsx\"\nsheet = \"{name}\""))
    };
    fs::write(&manifest, with_sheet("招生计划")).expect("manifest");
    let checked = read(&dir);
    assert!(!checked.report.has_errors(), "{:#?}", checked.report);
    assert_eq!(checked.source.plans.len(), 6);
    fs::write(&manifest, with_sheet("2024")).expect("manifest");
    let report = read(&dir).report;
    assert_eq!(
        report
            .problems
            .iter()
            .filter(|p| p.severity() == Severity::Error)
            .map(|p| p.kind.code())
            .collect::<Vec<_>>(),
        vec!["sheet_missing"]
    );
    assert!(report.problems[0].kind.zh().contains("招生计划"), "names the sheets there are");
}

/// 专业组有调整 in a plan: both columns on every row of the group, read as one change.
#[test]
fn a_group_change_is_read_from_the_plan() {
    let dir = common::template_copy("group-change");
    let text = csv_text(&dir, "plans.csv");
    let mut lines: Vec<String> = text.lines().map(|l| l.trim_end_matches('\r').to_string()).collect();
    lines[0].push_str(",原专业组代码,专业组调整");
    for (i, line) in lines.iter_mut().enumerate().skip(1) {
        line.push_str(if i <= 2 { ",第03组,改号" } else { ",," });
    }
    fs::write(dir.join("plans.csv"), lines.join("\r\n")).expect("write");
    let checked = read(&dir);
    assert!(!checked.report.has_errors(), "{:#?}", checked.report);
    let changes: Vec<_> = checked.source.plans.iter().map(|p| p.value.change.clone()).collect();
    let renamed = Some(portal_data::rows::GroupChange {
        kind: portal_data::rows::GroupChangeKind::Renamed,
        from: "03".into(),
    });
    assert_eq!(changes, vec![renamed.clone(), renamed, None, None, None, None]);
    // One column without the other is an empty cell.
    lines[1] = lines[1].replace(",第03组,改号", ",第03组,");
    fs::write(dir.join("plans.csv"), lines.join("\r\n")).expect("write");
    let report = read(&dir).report;
    let errors: Vec<String> = report
        .problems
        .iter()
        .filter(|p| p.severity() == Severity::Error)
        .map(|p| format!("{} {}", p.kind.code(), p.place))
        .collect();
    assert_eq!(errors, vec!["empty_required plans.csv 第2行 row 2 Q「专业组调整」"]);
}

/// The profile columns beyond the card: 专升本率 and the official accounts' QR addresses.
#[test]
fn school_profiles_read_their_rate_and_accounts() {
    let dir = common::template_copy("profile");
    let text = csv_text(&dir, "schools.csv");
    let text = text.replacen(",,,\r\n", ",32.5%,https://weixin.qq.com/r/abc,not-a-url\r\n", 1);
    fs::write(dir.join("schools.csv"), text).expect("write");
    let checked = read(&dir);
    assert!(!checked.report.has_errors(), "{:#?}", checked.report);
    let school = &checked.source.schools[0].value;
    assert_eq!(school.upgrade_rate, Some(32.5));
    assert_eq!(
        school.accounts,
        vec![(portal_model::AccountKind::Wechat, "https://weixin.qq.com/r/abc".to_string())]
    );
    let warnings: Vec<String> =
        checked.report.problems.iter().map(|p| format!("{} {}", p.kind.code(), p.place)).collect();
    assert!(warnings.contains(&"not_a_url schools.csv 第2行 row 2 S「公众号」".to_string()), "{warnings:?}");
}
