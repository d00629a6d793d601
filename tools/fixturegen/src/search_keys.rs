//! The words a school is found by besides its name: its 拼音, the 拼音 initials of its name
//! (xmdx), and its short name in 拼音 (xiada) and initials (xd). Written into each school's
//! `pinyin` (docs/api.md), which search and the directory's name filter match (model::list, and
//! the server's normalized column): the 拼音 dictionary stays here, at generation time, and
//! the app carries none.

use pinyin::ToPinyinMulti;

/// Separates the words in `pinyin`; nothing a visitor types folds to it, so no match spans two.
pub const SEPARATOR: char = '|';

/// Each Chinese character's reading, the one `spelled` (the name's curated 拼音, spaces
/// dropped) has at that place where a character has several (厦 is xia in 厦门, not sha);
/// `None` for anything else (Latin letters, digits).
fn readings(text: &str, spelled: &str) -> Vec<Option<&'static str>> {
    let mut rest: &str = spelled;
    text.chars()
        .map(|c| {
            let all: Vec<&'static str> = c
                .to_pinyin_multi()
                .map(|multi| multi.into_iter().map(|p| p.plain()).collect())
                .unwrap_or_default();
            let chosen = all.iter().copied().find(|r| rest.starts_with(r)).or_else(|| all.first().copied());
            if let Some(r) = chosen {
                rest = rest.strip_prefix(r).unwrap_or(rest);
            }
            chosen
        })
        .collect()
}

/// `pinyin` (the name's curated 拼音, `xiamen daxue`) with the search words after it:
/// `xiamen daxue|xmdx|xiada|xd`. Idempotent: words already there are not added again.
pub fn with_search_words(name: &str, short_name: &str, pinyin: &str) -> String {
    let base = pinyin.split(SEPARATOR).next().unwrap_or_default().trim().to_string();
    let spelled: String = base.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_lowercase();
    let name_readings = readings(name, &spelled);
    // The short name's characters read as they do in the name (厦大: xia da).
    let short_readings: Vec<Option<&'static str>> = short_name
        .chars()
        .map(|c| {
            name.chars()
                .position(|n| n == c)
                .and_then(|i| name_readings[i])
                .or_else(|| readings(&c.to_string(), "")[0])
        })
        .collect();
    let initials = |r: &[Option<&'static str>]| -> String {
        r.iter().flatten().filter_map(|p| p.chars().next()).collect()
    };
    let joined = |r: &[Option<&'static str>]| -> String { r.iter().flatten().copied().collect() };
    let mut words: Vec<String> = Vec::new();
    for word in [initials(&name_readings), joined(&short_readings), initials(&short_readings)] {
        if word.chars().count() >= 2 && word != spelled && !words.contains(&word) {
            words.push(word);
        }
    }
    std::iter::once(base).chain(words).collect::<Vec<_>>().join(&SEPARATOR.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds_initials_and_the_short_name_read_as_in_the_name() {
        assert_eq!(with_search_words("厦门大学", "厦大", "xiamen daxue"), "xiamen daxue|xmdx|xiada|xd");
        assert_eq!(with_search_words("福州大学", "福大", "fuzhou daxue"), "fuzhou daxue|fzdx|fuda|fd");
        assert_eq!(
            with_search_words("江西机电职业技术学院", "江西机电", "jiangxi jidian zhiye jishu xueyuan"),
            "jiangxi jidian zhiye jishu xueyuan|jxjdzyjsxy|jiangxijidian|jxjd"
        );
        // Twice is once.
        let once = with_search_words("厦门大学", "厦大", "xiamen daxue");
        assert_eq!(with_search_words("厦门大学", "厦大", &once), once);
    }
}
