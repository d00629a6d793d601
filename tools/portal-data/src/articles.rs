//! Articles: one Markdown (`.md`) or HTML (`.html`, `.htm`) file each, starting with a TOML
//! front matter between `+++` lines:
//!
//! ```text
//! +++
//! school = "10384"          # 院校代码 (or the school's name) in the school list
//! title = "厦门大学2025年本科招生章程"
//! author = "招生办公室"
//! date = 2025-05-20
//! tags = ["招生章程"]
//! category = "招生章程"     # optional
//! summary = "…"             # optional; lists show the body's start otherwise
//! id = 93                   # optional: keeps the article's address when set
//! views = 1200              # optional: 阅读次数 carried over from the site it came from
//! +++
//! ```
//!
//! Markdown is turned into HTML here; either way the body is checked against the site's
//! sanitizer rules ([`crate::sanitize_check`]).

use crate::decode::decode;
use crate::problem::{Place, ProblemKind, Report, Severity};
use crate::sanitize_check;
use crate::values;
use serde::Deserialize;

/// An article as the source holds it.
#[derive(Clone, Debug, PartialEq)]
pub struct Article {
    /// Relative to the source folder, `/`-separated.
    pub path: String,
    /// The file name without its extension: stable while the file keeps its name.
    pub slug: String,
    pub id: Option<u32>,
    /// The front matter's `school` as written (a code or a name).
    pub school_ref: String,
    /// The school list's 院校代码 it names (empty until the whole source is read).
    pub school: String,
    pub title: String,
    pub author: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    pub tags: Vec<String>,
    pub category: String,
    pub summary: String,
    /// The body as HTML (Markdown rendered), before the site's sanitizer.
    pub body_html: String,
    /// SHA-256 of the file, lowercase hex.
    pub sha256: String,
    /// 阅读次数 carried over from an earlier site.
    pub views: u64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    school: Option<toml::Value>,
    title: Option<String>,
    #[serde(default)]
    author: String,
    date: Option<toml::Value>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    category: String,
    #[serde(default)]
    summary: String,
    id: Option<u32>,
    #[serde(default)]
    views: u64,
}

pub fn is_article_file(ext: &str) -> bool {
    matches!(ext, "md" | "markdown" | "html" | "htm")
}

/// The front matter's text and the body, or the problem.
fn split_front_matter(text: &str) -> Result<(&str, &str), ProblemKind> {
    let text = text.trim_start_matches('\u{feff}');
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("").trim();
    if first == "---" {
        return Err(ProblemKind::YamlFrontMatter);
    }
    if first != "+++" {
        return Err(ProblemKind::NoFrontMatter);
    }
    let start = text.find('\n').map_or(text.len(), |i| i + 1);
    let mut offset = start;
    for line in lines {
        if line.trim() == "+++" {
            return Ok((&text[start..offset], &text[offset + line.len()..]));
        }
        offset += line.len();
    }
    Err(ProblemKind::NoFrontMatter)
}

fn markdown_to_html(markdown: &str) -> String {
    use pulldown_cmark::{html, Options, Parser};
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES;
    let mut out = String::new();
    html::push_html(&mut out, Parser::new_ext(markdown, options));
    out
}

/// Reads one article file; `None` when it has an error (reported).
pub fn read(path: &str, bytes: &[u8], sha256: String, report: &mut Report) -> Option<Article> {
    let place = Place::file(path);
    let mut failed = false;
    let mut push = |kind: ProblemKind, report: &mut Report| {
        failed |= kind.severity() == Severity::Error;
        report.push(place.clone(), kind);
    };
    let Some(decoded) = decode(bytes) else {
        push(ProblemKind::UnknownEncoding, report);
        return None;
    };
    let (front, body) = match split_front_matter(&decoded.text) {
        Ok(parts) => parts,
        Err(problem) => {
            push(problem, report);
            return None;
        }
    };
    let front: FrontMatter = match toml::from_str(front) {
        Ok(f) => f,
        Err(e) => {
            let message = e.to_string().trim().replace('\n', " ").replace("  ", " ");
            push(ProblemKind::FrontMatterSyntax(message), report);
            return None;
        }
    };
    let field = |name: &str| Place::field(path, name.to_string());
    let school_ref = front.school.as_ref().map(|v| match v {
        toml::Value::String(s) => values::clean(s).to_string(),
        other => other.to_string(),
    });
    let school_ref = school_ref.filter(|s| !s.is_empty());
    if school_ref.is_none() {
        report.push(field("school"), ProblemKind::EmptyRequired);
        failed = true;
    }
    let title = front.title.as_deref().map(values::clean).unwrap_or("").to_string();
    if title.is_empty() {
        report.push(field("title"), ProblemKind::EmptyTitle);
        failed = true;
    }
    let date = match front.date.as_ref() {
        Some(v) => {
            let text = match v {
                toml::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            values::date(&text).map_err(|problem| report.push(field("date"), problem)).ok()
        }
        None => {
            report.push(field("date"), ProblemKind::EmptyRequired);
            None
        }
    };
    failed |= date.is_none();
    let ext = path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    let body_html =
        if matches!(ext.as_str(), "md" | "markdown") { markdown_to_html(body) } else { body.to_string() };
    if values::clean(&body_html).is_empty() {
        report.push(place.clone(), ProblemKind::EmptyBody);
        failed = true;
    }
    for problem in sanitize_check::changes(&body_html).problems() {
        failed |= problem.severity() == Severity::Error;
        report.push(Place::field(path, "正文 body"), problem);
    }
    if failed {
        return None;
    }
    let file_name = path.rsplit('/').next().unwrap_or(path);
    let slug = file_name.rsplit_once('.').map_or(file_name, |(stem, _)| stem).to_string();
    Some(Article {
        path: path.to_string(),
        slug,
        id: front.id,
        school_ref: school_ref.unwrap_or_default(),
        school: String::new(),
        title,
        author: values::clean(&front.author).to_string(),
        date: date.unwrap_or_default(),
        tags: front.tags.iter().map(|t| values::clean(t).to_string()).filter(|t| !t.is_empty()).collect(),
        category: values::clean(&front.category).to_string(),
        summary: values::clean(&front.summary).to_string(),
        body_html,
        sha256,
        views: front.views,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_text(path: &str, text: &str) -> (Option<Article>, Vec<&'static str>) {
        let mut report = Report::default();
        let article = read(path, text.as_bytes(), String::new(), &mut report);
        (article, report.codes())
    }

    #[test]
    fn reads_markdown_with_toml_front_matter() {
        let (article, codes) = read_text(
            "articles/zhangcheng.md",
            "+++\nschool = 10384\ntitle = \"招生章程\"\nauthor = \"招办\"\ndate = 2025-05-20\ntags = [\"章程\"]\n+++\n\n# 总则\n\n第一条 …\n",
        );
        assert_eq!(codes, Vec::<&str>::new());
        let a = article.expect("article");
        assert_eq!(
            (a.slug.as_str(), a.school_ref.as_str(), a.date.as_str()),
            ("zhangcheng", "10384", "2025-05-20")
        );
        assert!(a.body_html.contains("<h1>总则</h1>"), "{}", a.body_html);
        // An <h1> is kept (rebuilt as <h2>): not a change worth a word.
    }

    #[test]
    fn front_matter_problems_are_named() {
        assert_eq!(read_text("a.md", "# 标题\n").1, vec!["no_front_matter"]);
        assert_eq!(read_text("a.md", "---\ntitle: x\n---\n").1, vec!["yaml_front_matter"]);
        assert_eq!(read_text("a.md", "+++\ntitle = \"x\"\n").1, vec!["no_front_matter"]);
        assert_eq!(read_text("a.md", "+++\ntitle = x\n+++\nbody").1, vec!["front_matter_syntax"]);
        let (article, codes) =
            read_text("a.md", "+++\nschool = \"1\"\ntitle = \"\"\ndate = \"2025-02-30\"\n+++\n");
        assert!(article.is_none());
        assert_eq!(codes, vec!["empty_title", "bad_date", "empty_body"]);
    }

    #[test]
    fn bodies_the_sanitizer_would_change_are_reported() {
        let (article, codes) = read_text(
            "a.html",
            "+++\nschool = \"1\"\ntitle = \"t\"\ndate = \"2025-06-01\"\n+++\n<p>x<script>alert(1)</script></p><span>y</span>",
        );
        assert!(article.is_none());
        assert_eq!(codes, vec!["sanitizer_removes", "sanitizer_unwraps"]);
    }
}
