//! Property tests of the app's own decoders and rules (host only): whatever arrives, they
//! answer with a value or a typed error, never a panic, and never let a script URL through.

use crate::api::demo_store::DemoStore;
use crate::sanitize::{attribute, is_external, safe_url, UrlUse};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn config_parsing_never_panics(text in ".{0,120}", base in ".{0,40}", source in prop::sample::select(vec!["fixtures", "http", "", "ftp"])) {
        let _ = crate::config::parse(&text);
        let json = serde_json::json!({ "data_source": source, "api_base": base }).to_string();
        if let Ok(config) = crate::config::parse(&json) {
            if let crate::config::DataSource::Http { base } = config.data_source {
                let lower = base.to_ascii_lowercase();
                prop_assert!(lower.starts_with("http://") || lower.starts_with("https://") || base.starts_with('/'));
            }
        }
    }

    #[test]
    fn demo_store_parsing_never_panics(text in ".{0,200}") {
        let _ = DemoStore::parse(&text);
    }

    #[test]
    fn no_url_with_a_foreign_scheme_survives(
        prefix in prop::sample::select(vec!["", " ", "\t", "\u{1}", "\n"]),
        scheme in "[a-zA-Z\t\n]{1,12}",
        rest in ".{0,30}",
    ) {
        let url = format!("{prefix}{scheme}:{rest}");
        for usage in [UrlUse::Link, UrlUse::Image] {
            if let Some(kept) = safe_url(&url, usage) {
                let lower: String = kept.to_ascii_lowercase().chars().filter(|c| !c.is_whitespace()).collect();
                let scheme_ok = lower.starts_with("http:") || lower.starts_with("https:") || lower.starts_with("data:image/")
                    || lower.find(':').is_none_or(|colon| lower.find(['/', '?', '#']).is_some_and(|p| p < colon));
                prop_assert!(scheme_ok, "{:?} kept as {:?}", url, kept);
                prop_assert!(!lower.starts_with("javascript:") && !lower.starts_with("vbscript:"));
            }
        }
    }

    /// A link that a browser could take to another host is never treated as staying on the
    /// site when it cannot be resolved, whatever sits between or around its slashes.
    #[test]
    fn links_that_may_leave_are_external_without_a_resolution(
        lead in prop::sample::select(vec!["", " ", "\t", "\u{1}"]),
        start in prop::sample::select(vec!["//", "\\\\", "/\\", "\\/", "http:\\\\", "https:", "ht\ttp://", "/\t/", "/\n/"]),
        host in "[a-z0-9.\\-]{1,20}",
        rest in "[a-z0-9/?#=&]{0,12}",
    ) {
        let href = format!("{lead}{start}{host}{rest}");
        prop_assert!(is_external(&href, None, "https://gaokao.example.cn"), "{:?}", href);
    }

    #[test]
    fn handler_attributes_never_survive(name in "on[a-z]{1,12}", value in ".{0,20}", tag in prop::sample::select(vec!["a", "img", "p", "td"])) {
        prop_assert_eq!(attribute(tag, &name, &value), None);
    }

    #[test]
    fn formatting_never_panics(n in any::<u64>(), date in ".{0,12}") {
        let shown = crate::format::count(n);
        prop_assert!(!shown.is_empty());
        let _ = crate::format::date_long(&date);
    }
}
