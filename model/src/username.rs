//! One name, one account: usernames are unique by a folded form, so look-alikes cannot sit
//! side by side (`adminl` / `adminI` / `admin1`, `张三` / `張三`, `口口` / `囗囗`), and signing
//! in by any spelling of a name reaches the one account that holds it.
//!
//! The fold ([`key`], feature `fold`): NFKC; traditional → simplified Chinese (OpenCC's
//! tables, crate `hanconv`); then the Unicode confusables skeleton (UTS #39, crate
//! `unicode-security`) taken on the upper-cased and again on the lower-cased text, so that
//! case and look-alikes fold together (`I` looks like `l`, and is `i`'s capital: all three
//! are one letter here), and finally lower case.
//!
//! Its tables (about a megabyte of NFKC, confusables and OpenCC data) are the server's only:
//! the app does not enable `fold`, so its wasm does not carry them. What the app's demo store
//! needs is [`latin_key`], the same fold on the ASCII letters, digits and `_` that
//! [`crate::validate::username`] allows besides Chinese characters: a table of four look-alike
//! rules, checked against [`key`] by this module's tests. (In the demo store, accounts live in
//! one browser's storage, so Chinese look-alikes there could only imitate the visitor's own.)

/// The fold of ASCII letters, digits and `_` (everything else is kept): the look-alikes of the
/// confusables data (`0`→`O`, `1`→`l`, `I`→`l`, `m`→`rn`) folded with case.
pub fn latin_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    for c in name.trim().chars() {
        match c {
            'i' | 'I' | 'l' | 'L' | '1' => key.push('l'),
            'o' | 'O' | '0' => key.push('o'),
            'm' | 'M' => key.push_str("rn"),
            c => key.push(c.to_ascii_lowercase()),
        }
    }
    key
}

/// The key a username is unique by (see the module's notes).
#[cfg(feature = "fold")]
pub fn key(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    use unicode_security::confusable_detection::skeleton;
    let normalized: String = name.trim().nfkc().collect();
    let simplified = hanconv::t2s(&normalized);
    let upper: String = skeleton(&simplified.to_uppercase()).collect();
    let lower: String = skeleton(&upper.to_lowercase()).collect();
    lower.to_lowercase().nfc().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_look_alikes_and_case_fold_together() {
        assert_eq!(latin_key("adminl"), latin_key("adminI"));
        assert_eq!(latin_key("adminl"), latin_key("admin1"));
        assert_eq!(latin_key("ADMIN"), latin_key("admin"));
        assert_eq!(latin_key("modern"), latin_key("rnodern"));
        assert_eq!(latin_key("O0o"), "ooo");
        assert_ne!(latin_key("admin2"), latin_key("admin1"));
        assert_eq!(latin_key(" 考生_a "), "考生_a");
    }

    #[cfg(feature = "fold")]
    #[test]
    fn chinese_variants_and_look_alikes_fold_together() {
        assert_eq!(key("张三"), key("張三"));
        assert_eq!(key("口口"), key("囗囗"));
        assert_eq!(key("adminl"), key("adminI"));
        assert_eq!(key("admin1"), key("ADMINL"));
        assert_ne!(key("张三"), key("李四"));
        assert_ne!(key("考生2024"), key("考生2025"));
        // Full-width letters (refused by validation anyway) fold by NFKC.
        assert_eq!(key("ａｄｍｉｎ"), key("admin"));
    }

    /// The app's table is the full fold on every character a username may hold besides
    /// Chinese: character by character (the fold of ASCII is per character) and on names.
    #[cfg(feature = "fold")]
    #[test]
    fn the_latin_table_is_the_full_fold_on_ascii() {
        for c in ('0'..='9').chain('A'..='Z').chain('a'..='z').chain(['_']) {
            let one = c.to_string();
            assert_eq!(latin_key(&one), key(&one), "{c}");
        }
        for name in ["Demo_User", "adminI", "M0dern_1l", "xX_Gaokao_2024_Xx"] {
            assert_eq!(latin_key(name), key(name), "{name}");
        }
    }
}
