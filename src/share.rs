//! Share links for the platforms our visitors use. WeChat has no web share URL, so 微信 is a
//! QR code of the page (see `components::share`); 微博 and QQ空间 take the page in their URL.

use portal_model::url::query_string;

/// What is being shared: the page's canonical URL, its title and a one-line summary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shared {
    pub url: String,
    pub title: String,
    pub summary: String,
    /// An image for the preview card, absolute, if the page has one.
    pub picture: Option<String>,
}

pub const SITE_NAME: &str = "海峡高考门户";

pub fn weibo(shared: &Shared) -> String {
    let mut pairs = vec![("url", shared.url.as_str()), ("title", shared.title.as_str())];
    if let Some(pic) = &shared.picture {
        pairs.push(("pic", pic));
    }
    format!("https://service.weibo.com/share/share.php?{}", query_string(&pairs))
}

pub fn qzone(shared: &Shared) -> String {
    let pairs = [
        ("url", shared.url.as_str()),
        ("title", shared.title.as_str()),
        ("summary", shared.summary.as_str()),
        ("site", SITE_NAME),
    ];
    format!("https://sns.qzone.qq.com/cgi-bin/qzshare/cgi_qzshare_onekey?{}", query_string(&pairs))
}

/// The page URL to share: no fragment, nothing but what identifies the page.
pub fn canonical(href: &str) -> String {
    href.split('#').next().unwrap_or(href).to_string()
}

/// WeChat's in-app browser says `MicroMessenger` in its user agent.
pub fn is_wechat(user_agent: &str) -> bool {
    user_agent.contains("MicroMessenger")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shared() -> Shared {
        Shared {
            url: "https://gaokao.example.cn/articles/91?from=a&b=c".into(),
            title: "重磅!共同体成立 & 66家".into(),
            summary: "产教融合".into(),
            picture: None,
        }
    }

    #[test]
    fn weibo_link_encodes_url_and_title() {
        assert_eq!(
            weibo(&shared()),
            "https://service.weibo.com/share/share.php?url=https%3A%2F%2Fgaokao.example.cn%2Farticles%2F91%3Ffrom%3Da%26b%3Dc&title=%E9%87%8D%E7%A3%85!%E5%85%B1%E5%90%8C%E4%BD%93%E6%88%90%E7%AB%8B%20%26%2066%E5%AE%B6"
        );
        let with_pic = Shared { picture: Some("https://x.cn/a.png".into()), ..shared() };
        assert!(weibo(&with_pic).ends_with("&pic=https%3A%2F%2Fx.cn%2Fa.png"));
    }

    #[test]
    fn qzone_link_carries_title_summary_and_site() {
        let link = qzone(&shared());
        assert!(link.starts_with("https://sns.qzone.qq.com/cgi-bin/qzshare/cgi_qzshare_onekey?url=https%3A%2F%2Fgaokao.example.cn%2Farticles%2F91%3Ffrom%3Da%26b%3Dc&title="));
        assert!(link.contains("&summary=%E4%BA%A7%E6%95%99%E8%9E%8D%E5%90%88"));
        assert!(link.ends_with("&site=%E6%B5%B7%E5%B3%A1%E9%AB%98%E8%80%83%E9%97%A8%E6%88%B7"));
    }

    #[test]
    fn canonical_drops_the_fragment() {
        assert_eq!(canonical("https://x.cn/articles/1?p=2#top"), "https://x.cn/articles/1?p=2");
    }

    #[test]
    fn recognises_wechat() {
        assert!(is_wechat("Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 MicroMessenger/8.0.43"));
        assert!(!is_wechat("Mozilla/5.0 Chrome/126"));
    }
}
