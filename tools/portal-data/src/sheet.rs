//! A table file read into rows of text cells, whatever it was: CSV (any of the encodings of
//! [`crate::decode`], comma- or tab-separated) or a workbook (XLSX, XLS, ODS, through calamine).
//! Row numbers are the ones the operator sees: Excel's row, the CSV's line.

use crate::decode::decode;
use crate::problem::ProblemKind;
use calamine::{open_workbook_auto_from_rs, Data, Reader};
use std::path::Path;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cell {
    pub text: String,
    /// Stored as a number in a workbook (a code in such a cell has lost its leading zeros).
    pub numeric: bool,
}

impl Cell {
    pub fn text(text: &str) -> Cell {
        Cell { text: text.to_string(), numeric: false }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SheetRow {
    /// 1-based, as shown.
    pub number: u32,
    /// By column, from column A.
    pub cells: Vec<Cell>,
}

impl SheetRow {
    pub fn cell(&self, index: usize) -> &str {
        self.cells.get(index).map_or("", |c| c.text.trim())
    }
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| crate::values::clean(&c.text).is_empty())
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Sheet {
    pub rows: Vec<SheetRow>,
    /// How a CSV was decoded; `None` for a workbook.
    pub encoding: Option<&'static str>,
}

/// The kinds of file a table may be.
pub fn is_table_file(path: &Path) -> bool {
    matches!(extension(path).as_str(), "csv" | "tsv" | "txt" | "xlsx" | "xlsm" | "xls" | "ods")
}

pub fn extension(path: &Path) -> String {
    path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase()
}

/// Reads a table: `sheet` names the worksheet of a workbook (the first one when `None`).
/// A workbook is known by its bytes, whatever its name says (an .xlsx saved as .xls or .csv,
/// an upper-case .XLSX).
pub fn read(path: &Path, bytes: &[u8], sheet: Option<&str>) -> Result<Sheet, ProblemKind> {
    let is_workbook = bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]);
    match extension(path).as_str() {
        _ if is_workbook => read_workbook(bytes, sheet),
        "xlsx" | "xlsm" | "xls" | "ods" if looks_like_html(bytes) => Err(ProblemKind::UnreadableFile(
            "这是网页（HTML）另存的“假”表格：请用 Excel 打开后另存为 .xlsx / an HTML page saved as a workbook: \
             open it in Excel and save it as .xlsx"
                .into(),
        )),
        "xlsx" | "xlsm" | "xls" | "ods" => read_workbook(bytes, sheet),
        "csv" | "tsv" | "txt" => read_csv(bytes),
        other => Err(ProblemKind::UnsupportedFile(format!(".{other}"))),
    }
}

/// Text starting with `<` (after a BOM and spaces): a web page, not a workbook.
fn looks_like_html(bytes: &[u8]) -> bool {
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    text.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<')
}

/// CSV text: comma-separated, or tab-separated when the first line has tabs and no commas
/// (Excel's “Unicode text”). Quoted cells may hold commas and line breaks.
pub fn read_csv(bytes: &[u8]) -> Result<Sheet, ProblemKind> {
    let decoded = decode(bytes).ok_or(ProblemKind::UnknownEncoding)?;
    let first_line = decoded.text.lines().next().unwrap_or("");
    let delimiter = if first_line.contains('\t') && !first_line.contains(',') { b'\t' } else { b',' };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(decoded.text.as_bytes());
    let mut rows = Vec::new();
    // Line numbers are counted here from byte offsets: the reader's own count slips on CRLF
    // line ends (Excel's), whose `\n` it counts as the start of the next record.
    let text = decoded.text.as_bytes();
    let (mut line, mut counted_to) = (1u32, 0usize);
    for record in reader.records() {
        let record = record.map_err(|e| ProblemKind::CsvSyntax(e.to_string()))?;
        let mut start = record.position().map_or(counted_to, |p| p.byte() as usize).min(text.len());
        while text.get(start).is_some_and(|b| matches!(b, b'\r' | b'\n')) {
            start += 1;
        }
        line += text[counted_to.min(start)..start].iter().filter(|&&b| b == b'\n').count() as u32;
        counted_to = start;
        rows.push(SheetRow { number: line, cells: record.iter().map(Cell::text).collect() });
    }
    Ok(Sheet { rows, encoding: Some(decoded.encoding) })
}

fn read_workbook(bytes: &[u8], sheet: Option<&str>) -> Result<Sheet, ProblemKind> {
    let mut workbook = open_workbook_auto_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e| ProblemKind::UnreadableFile(e.to_string()))?;
    let names = workbook.sheet_names();
    let name =
        match sheet {
            Some(wanted) => names.iter().find(|n| n.as_str() == wanted).cloned().ok_or_else(|| {
                ProblemKind::SheetMissing { sheet: wanted.to_string(), sheets: names.clone() }
            })?,
            None => names.first().cloned().ok_or(ProblemKind::NoRows)?,
        };
    let range = workbook.worksheet_range(&name).map_err(|e| ProblemKind::UnreadableFile(e.to_string()))?;
    // The used range may start below row 1 or right of column A: numbers stay absolute.
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let rows = range
        .rows()
        .enumerate()
        .map(|(i, cells)| SheetRow {
            number: first_row + i as u32 + 1,
            cells: std::iter::repeat_n(Cell::text(""), first_col as usize)
                .chain(cells.iter().map(cell_of))
                .collect(),
        })
        .collect();
    Ok(Sheet { rows, encoding: None })
}

fn cell_of(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::text(""),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::text(s),
        Data::Int(i) => Cell { text: i.to_string(), numeric: true },
        // Whole numbers print without `.0`; others as Rust prints them (shortest exact form).
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => {
            Cell { text: format!("{}", *f as i64), numeric: true }
        }
        Data::Float(f) => Cell { text: f.to_string(), numeric: true },
        Data::Bool(b) => Cell::text(if *b { "TRUE" } else { "FALSE" }),
        Data::DateTime(d) => Cell { text: d.as_f64().to_string(), numeric: true },
        Data::Error(e) => Cell::text(&format!("#{e:?}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_rows_keep_their_line_numbers_across_quoted_line_breaks() {
        let sheet = read_csv("名称,备注\n甲,\"两\n行\"\n乙,x\n".as_bytes()).expect("csv");
        let numbers: Vec<u32> = sheet.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, vec![1, 2, 4]);
        assert_eq!(sheet.rows[1].cell(1), "两\n行");
        // Excel's CRLF line ends, and a blank line.
        let sheet = read_csv("a,b\r\n1,2\r\n\r\n3,\"x\r\ny\"\r\n4,5\r\n".as_bytes()).expect("csv");
        let numbers: Vec<u32> = sheet.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, vec![1, 2, 4, 6]);
    }

    #[test]
    fn tab_separated_text_is_read_too() {
        let sheet = read_csv("名称\t备注\n甲\t1,2\n".as_bytes()).expect("tsv");
        assert_eq!(sheet.rows[1].cell(1), "1,2");
    }

    #[test]
    fn unknown_bytes_are_refused() {
        assert_eq!(read_csv(b"\xFF\xFF\x80"), Err(ProblemKind::UnknownEncoding));
    }
}
