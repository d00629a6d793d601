//! The static data set: every file the fixtures source reads, under the layout of
//! `portal_model::fixtures`, written the same way every time (same data set, byte-identical
//! files). [`write`] fills a new folder; [`publish`] replaces a folder whole, or leaves it as it
//! was when anything fails.

use crate::Dataset;
use portal_model::admissions::province_key;
use portal_model::fixtures as files;
use portal_model::list::{self, ARTICLES_PER_PAGE};
use portal_model::*;
use serde::Serialize;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The other sign-in methods, as the fixtures source offers them: listed, not usable offline.
pub fn demo_auth_methods() -> Vec<AuthMethod> {
    let note = Some("演示模式不连接第三方平台，请使用账号密码登录或注册".to_string());
    [("wechat", "微信"), ("qq", "QQ"), ("weibo", "微博"), ("sms", "手机验证码")]
        .into_iter()
        .map(|(id, name)| AuthMethod {
            id: id.into(),
            name: name.into(),
            available: false,
            note: note.clone(),
        })
        .collect()
}

fn write_json<T: Serialize>(root: &Path, rel: &str, value: &T) -> io::Result<()> {
    let path = root.join(rel);
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    let json = serde_json::to_string(value).map_err(io::Error::other)?;
    fs::write(path, json)
}

fn key_of(province: &str) -> io::Result<&'static str> {
    province_key(province).ok_or_else(|| io::Error::other(format!("unknown province {province}")))
}

/// The 招生数据 files: per school its lines, per province its major lines and plans, its
/// majors; per province and track a rank index and (where it volunteers by group) a group
/// index; the provinces' metadata and the documents everything came from.
fn write_admissions(dataset: &Dataset, root: &Path) -> io::Result<()> {
    write_json(root, &files::provinces(), &dataset.admissions.province_meta())?;
    write_json(root, &files::sources(), &dataset.sources)?;
    for record in &dataset.schools {
        let card = &record.card;
        let scores = dataset.school_scores(card);
        write_json(root, &files::school_scores(card.id), &scores)?;
        for province in &scores.provinces {
            let key = key_of(province)?;
            let major_lines = dataset.major_lines_in(card.id, province);
            write_json(root, &files::school_major_scores(card.id, key), &major_lines)?;
            write_json(root, &files::school_plans(card.id, key), &dataset.plans_in(card.id, province))?;
        }
        write_json(root, &files::school_majors(card.id), &dataset.school_majors(card))?;
    }
    for index in dataset.rank_indexes() {
        write_json(root, &files::rank_index(key_of(&index.province)?, index.track), &index)?;
    }
    for index in dataset.group_indexes() {
        write_json(root, &files::group_index(key_of(&index.province)?, index.track), &index)?;
    }
    Ok(())
}

/// Writes every file of a data set under `root` (the `data/` folder), which should be new or
/// empty: files of an older set are not removed (see [`publish`]).
pub fn write(dataset: &Dataset, root: &Path) -> io::Result<()> {
    fs::create_dir_all(root)?;
    write_json(root, &files::home(), &dataset.home())?;
    let directory = dataset.directory();
    write_json(root, &files::directory(), &directory)?;
    let default_order = query::SchoolQuery { page: 1, ..Default::default() };
    let pages = directory.schools.total.div_ceil(list::SCHOOLS_PER_PAGE).max(1);
    for page in 1..=pages {
        let schools = list::filter_schools(&directory.schools.items, &default_order.with_page(page));
        write_json(
            root,
            &files::directory_page(page),
            &SchoolDirectory { schools, provinces: directory.provinces.clone(), lowest: Vec::new() },
        )?;
    }
    write_json(root, &files::search_index(), &dataset.search_index())?;
    write_json(root, &files::auth_methods(), &demo_auth_methods())?;
    for record in &dataset.schools {
        let id = record.card.id;
        write_json(root, &files::school(id), &dataset.school_page(record))?;
        let news: Vec<ArticleSummary> = dataset.articles_of(id).into_iter().map(|a| a.info.clone()).collect();
        let pages = (news.len() as u32).div_ceil(ARTICLES_PER_PAGE).max(1);
        for page in 1..=pages {
            let articles = list::paginate(&news, page, ARTICLES_PER_PAGE);
            write_json(
                root,
                &files::school_articles(id, page),
                &SchoolArticles { school: record.card.clone(), articles },
            )?;
        }
    }
    write_admissions(dataset, root)?;
    for (index, record) in dataset.articles.iter().enumerate() {
        let article = dataset.article(index).ok_or_else(|| {
            io::Error::other(format!(
                "article {}: school {} is not in the data set",
                record.info.id, record.info.school_id
            ))
        })?;
        write_json(root, &files::article(article.info.id), &article)?;
    }
    for tag in dataset.tag_counts() {
        let tagged = dataset.tagged(&tag.name);
        let pages = (tagged.len() as u32).div_ceil(ARTICLES_PER_PAGE).max(1);
        for page in 1..=pages {
            let articles = list::paginate(&tagged, page, ARTICLES_PER_PAGE);
            write_json(
                root,
                &files::tag_articles(&tag.name, page),
                &TagArticles { tag: tag.name.clone(), articles },
            )?;
        }
    }
    Ok(())
}

/// A sibling of `out` named after it: `.{name}.{what}-{pid}`.
fn beside(out: &Path, what: &str) -> io::Result<PathBuf> {
    let name = out
        .file_name()
        .ok_or_else(|| io::Error::other(format!("{} names no folder", out.display())))?
        .to_string_lossy();
    let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    Ok(parent.join(format!(".{name}.{what}-{}", std::process::id())))
}

/// Replaces the folder `out` with the data set's files: written to a new folder beside it,
/// then swapped in, so `out` holds either the whole old set or the whole new one. On an
/// error `out` is as it was and the new folder is removed.
pub fn publish(dataset: &Dataset, out: &Path) -> io::Result<()> {
    replace_folder(out, |fresh| write(dataset, fresh))
}

/// Replaces the folder `out` with what `fill` writes into a new folder beside it, swapped in
/// whole (`publish`, and `portal-data export` for a source folder).
pub fn replace_folder(out: &Path, fill: impl FnOnce(&Path) -> io::Result<()>) -> io::Result<()> {
    let fresh = beside(out, "new")?;
    let old = beside(out, "old")?;
    for leftover in [&fresh, &old] {
        if leftover.exists() {
            fs::remove_dir_all(leftover)?;
        }
    }
    fs::create_dir_all(&fresh)?;
    if let Err(e) = fill(&fresh) {
        let _ = fs::remove_dir_all(&fresh);
        return Err(e);
    }
    let had_old = out.exists();
    if had_old {
        if let Err(e) = fs::rename(out, &old) {
            let _ = fs::remove_dir_all(&fresh);
            return Err(e);
        }
    }
    if let Err(e) = fs::rename(&fresh, out) {
        // Put the old set back.
        if had_old {
            let _ = fs::rename(&old, out);
        }
        let _ = fs::remove_dir_all(&fresh);
        return Err(e);
    }
    if had_old {
        fs::remove_dir_all(&old)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ArticleRecord;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("portal-dataset-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("scratch");
        dir
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .expect("folder")
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_failure_while_writing_leaves_the_old_folder_and_nothing_else() {
        let root = scratch("publish");
        let out = root.join("data");
        fs::create_dir_all(&out).expect("folder");
        fs::write(out.join("home.json"), "old").expect("write");
        // An article of a school the set does not hold cannot be written: it fails half-way.
        let broken = Dataset {
            articles: vec![ArticleRecord {
                info: ArticleSummary {
                    id: 1,
                    title: "t".into(),
                    school_id: 9,
                    school_name: String::new(),
                    published: "2025-01-01".into(),
                    author: String::new(),
                    views: 0,
                    category: String::new(),
                    summary: String::new(),
                    tags: vec![],
                },
                body_html: String::new(),
            }],
            ..Dataset::default()
        };
        let error = publish(&broken, &out).expect_err("fails");
        assert!(error.to_string().contains("school 9"), "{error}");
        assert_eq!(fs::read_to_string(out.join("home.json")).expect("kept"), "old");
        assert_eq!(names(&root), ["data"]);
        assert_eq!(names(&out), ["home.json"]);
        // A good set replaces the folder whole.
        publish(&Dataset::default(), &out).expect("publish");
        assert!(fs::read_to_string(out.join("home.json")).expect("new").starts_with("{\"featured\""));
        assert_eq!(names(&root), ["data"]);
        let _ = fs::remove_dir_all(&root);
    }
}
