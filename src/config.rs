//! `config.json`, served next to `index.html`, picks the data source at start-up, so one build
//! of `dist/` serves every environment. Operators edit this file; they never rebuild.
//!
//! ```json
//! { "data_source": "fixtures" }
//! { "data_source": "http", "api_base": "https://api.example.com/v1" }
//! ```

use crate::browser::json;
use serde::Deserialize;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DataSource {
    /// The JSON files bundled under `data/`, with a local demo account store.
    Fixtures,
    /// A JSON API; `base` has no trailing slash. Relative bases resolve against the site.
    Http { base: String },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    pub data_source: DataSource,
    /// Milliseconds before a request is given up with a timeout message.
    pub timeout_ms: u32,
}

impl Default for Config {
    fn default() -> Self {
        Config { data_source: DataSource::Fixtures, timeout_ms: DEFAULT_TIMEOUT_MS }
    }
}

pub const DEFAULT_TIMEOUT_MS: u32 = 15_000;

#[derive(Deserialize)]
struct RawConfig {
    #[serde(default)]
    data_source: Option<String>,
    #[serde(default)]
    api_base: Option<String>,
    #[serde(default)]
    timeout_ms: Option<u32>,
}

/// Reads the text of `config.json`. Mistakes are reported in words an operator can act on.
pub fn parse(text: &str) -> Result<Config, String> {
    let raw: RawConfig = json::from_str(text).map_err(|e| format!("config.json 不是有效的 JSON：{e}"))?;
    let timeout_ms = raw.timeout_ms.unwrap_or(DEFAULT_TIMEOUT_MS).clamp(1_000, 120_000);
    let data_source = match raw.data_source.as_deref().unwrap_or("fixtures") {
        "fixtures" => DataSource::Fixtures,
        "http" => {
            let base = raw.api_base.unwrap_or_default();
            let base = base.trim().trim_end_matches('/');
            if base.is_empty() {
                return Err("config.json 选择了 http 数据源，但没有填写 api_base".into());
            }
            let lower = base.to_ascii_lowercase();
            if !(lower.starts_with("http://") || lower.starts_with("https://") || base.starts_with('/')) {
                return Err(format!("config.json 的 api_base 必须以 http://、https:// 或 / 开头：{base}"));
            }
            DataSource::Http { base: base.to_string() }
        }
        other => return Err(format!("config.json 的 data_source 只能是 fixtures 或 http，而不是 {other}")),
    };
    Ok(Config { data_source, timeout_ms })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_to_fixtures() {
        assert_eq!(parse("{}"), Ok(Config::default()));
        assert_eq!(parse(r#"{"data_source":"fixtures","extra":1}"#), Ok(Config::default()));
    }

    #[test]
    fn reads_http_base_without_trailing_slash() {
        let c = parse(r#"{"data_source":"http","api_base":"https://api.example.com/v1/","timeout_ms":5000}"#);
        assert_eq!(
            c,
            Ok(Config {
                data_source: DataSource::Http { base: "https://api.example.com/v1".into() },
                timeout_ms: 5000
            })
        );
        let c = parse(r#"{"data_source":"http","api_base":"/api"}"#).map(|c| c.data_source);
        assert_eq!(c, Ok(DataSource::Http { base: "/api".into() }));
    }

    #[test]
    fn explains_mistakes() {
        assert!(parse("{").unwrap_err().contains("不是有效的 JSON"));
        assert!(parse(r#"{"data_source":"http"}"#).unwrap_err().contains("api_base"));
        assert!(parse(r#"{"data_source":"http","api_base":"javascript:alert(1)"}"#)
            .unwrap_err()
            .contains("必须以"));
        assert!(parse(r#"{"data_source":"ftp"}"#).unwrap_err().contains("fixtures 或 http"));
        assert!(parse(r#"{"data_source":3}"#).is_err());
    }

    #[test]
    fn keeps_timeouts_sane() {
        assert_eq!(parse(r#"{"timeout_ms":1}"#).map(|c| c.timeout_ms), Ok(1_000));
    }
}
