//! Helpers of the integration tests: copies of the template source in scratch folders.
#![allow(dead_code)] // each test file uses some of these

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Runs the tool as an operator would, with `HAIXIA_DB` unset: its exit code and what it
/// printed, standard output then standard error.
pub fn portal_data(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_portal-data"))
        .args(args)
        .env_remove("HAIXIA_DB")
        .output()
        .expect("run portal-data");
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    (out.status.code().unwrap_or(-1), text)
}

/// A path as the tool's argument.
pub fn path(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 path")
}

pub fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// docs/data-templates, the small valid source.
pub fn templates() -> PathBuf {
    crate_dir().join("../../docs/data-templates")
}

/// A fresh, empty scratch folder for one test.
pub fn scratch(name: &str) -> PathBuf {
    let dir = crate_dir().join("../../target/portal-data-tests").join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("folder");
    for entry in fs::read_dir(from).expect("read folder").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// A copy of the templates in a scratch folder.
pub fn template_copy(name: &str) -> PathBuf {
    let dir = scratch(name);
    copy_dir(&templates(), &dir);
    dir
}

/// Replaces `[[dataset]]`'s `path = "from"` with `to` in a source's manifest.
pub fn repoint(dir: &Path, from: &str, to: &str) {
    let manifest = dir.join("manifest.toml");
    let text = fs::read_to_string(&manifest).expect("manifest");
    let old = format!("path = \"{from}\"");
    assert!(text.contains(&old), "the manifest lists {from}");
    fs::write(&manifest, text.replace(&old, &format!("path = \"{to}\""))).expect("manifest");
}

/// Every file under `dir` with its bytes, by path relative to `dir`.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).expect("folder").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).expect("inside").to_string_lossy().replace('\\', "/");
                out.push((rel, fs::read(&path).expect("file")));
            }
        }
    }
    out.sort();
    out
}
