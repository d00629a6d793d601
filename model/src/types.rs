//! The shapes of the JSON API (see `docs/api.md`). The fixture files under `public/data/` have
//! exactly these shapes, so one set of types decodes both data sources.
//!
//! Decoding is lenient where a default is harmless (a missing tag list, an unknown school type)
//! and strict where it is not (an id or a title), so bad data becomes a typed error rather than a
//! page that pretends to know something.

use crate::coded::coded_enum;
use serde::{Deserialize, Serialize};

pub type SchoolId = u32;
pub type ArticleId = u32;

coded_enum! {
    /// 办学层次.
    Level {
        Undergraduate = "undergraduate", "本科";
        /// 专科 (高职专科)
        Vocational = "vocational", "高职专科";
    } other = "其他"
}

coded_enum! {
    /// 院校类型, labelled as admissions sites print them (理工类 …).
    Kind {
        Engineering = "engineering", "理工类";
        Comprehensive = "comprehensive", "综合类";
        Normal = "normal", "师范类";
        Medical = "medical", "医药类";
        Finance = "finance", "财经类";
        Agriculture = "agriculture", "农林类";
        Arts = "arts", "艺术类";
        Language = "language", "语言类";
        Politics = "politics", "政法类";
        Sports = "sports", "体育类";
    } other = "其他"
}

coded_enum! {
    /// 办学性质.
    Nature {
        Public = "public", "公办";
        Private = "private", "民办";
    } other = "其他"
}

/// A school as lists show it: directory rows, featured schools, search hits, 我的关注.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SchoolCard {
    pub id: SchoolId,
    pub name: String,
    #[serde(default)]
    pub short_name: String,
    /// The name's 拼音 (`xiamen daxue`), the sort key of 按名称; then, after `|`, other words
    /// the school is found by (`xiamen daxue|xmdx|xiada|xd`: initials, the short name's 拼音),
    /// which the data's generator writes, so the app needs no 拼音 dictionary.
    #[serde(default)]
    pub pinyin: String,
    pub level: Level,
    pub kind: Kind,
    pub nature: Nature,
    #[serde(default)]
    pub province: String,
    #[serde(default)]
    pub city: String,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub followers: u64,
}

coded_enum! {
    /// 官方微信 / 公众号 / 官方企业微信.
    AccountKind {
        Wechat = "wechat", "官方微信";
        OfficialAccount = "official_account", "公众号";
        WorkWechat = "work_wechat", "官方企业微信";
    } other = "官方账号"
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OfficialAccount {
    pub kind: AccountKind,
    #[serde(default)]
    pub name: String,
    /// What the QR code encodes.
    pub url: String,
}

/// One line of 基本信息, e.g. 创办时间 / 1953年.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Fact {
    pub label: String,
    pub value: String,
}

/// What a school's own page adds to its card.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SchoolProfile {
    #[serde(default)]
    pub founded: Option<u16>,
    #[serde(default)]
    pub website: Option<String>,
    /// Plain text; paragraphs separated by blank lines.
    #[serde(default)]
    pub introduction: String,
    #[serde(default)]
    pub facts: Vec<Fact>,
    #[serde(default)]
    pub accounts: Vec<OfficialAccount>,
    /// 招生办 phone, as the school prints it (0791-…).
    #[serde(default)]
    pub admissions_phone: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
    /// Where the school publishes its 招生章程.
    #[serde(default)]
    pub charter_url: Option<String>,
    /// 专升本 rate of a 高职专科 school's graduates, in per cent (e.g. 32.5), where known.
    #[serde(default)]
    pub upgrade_rate: Option<f32>,
}

/// `GET /schools/{id}`: the school, its profile and its latest news.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SchoolPage {
    pub school: SchoolCard,
    #[serde(default)]
    pub profile: SchoolProfile,
    #[serde(default)]
    pub latest_news: Vec<ArticleSummary>,
}

/// An article as lists show it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ArticleSummary {
    pub id: ArticleId,
    pub title: String,
    pub school_id: SchoolId,
    #[serde(default)]
    pub school_name: String,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub published: String,
    #[serde(default)]
    pub author: String,
    #[serde(default)]
    pub views: u64,
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub tags: Vec<String>,
}

/// 上一篇 / 下一篇.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ArticleLink {
    pub id: ArticleId,
    pub title: String,
}

/// `GET /articles/{id}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Article {
    pub info: ArticleSummary,
    /// Untrusted CMS HTML: only ever rendered through the sanitizer.
    #[serde(default)]
    pub body_html: String,
    pub school: SchoolCard,
    /// The older article of the same school.
    #[serde(default)]
    pub prev: Option<ArticleLink>,
    /// The newer article of the same school.
    #[serde(default)]
    pub next: Option<ArticleLink>,
}

/// One page of a longer list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// 1-based.
    pub page: u32,
    pub page_size: u32,
    pub total: u32,
}

impl<T> Page<T> {
    pub fn total_pages(&self) -> u32 {
        if self.page_size == 0 {
            return 1;
        }
        self.total.div_ceil(self.page_size).max(1)
    }
}

/// `GET /schools`: one page of the directory plus what the filters can offer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SchoolDirectory {
    pub schools: Page<SchoolCard>,
    #[serde(default)]
    pub provinces: Vec<String>,
    /// With an origin (`from` and `track`): the latest lowest line there of each school on
    /// the page that has one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lowest: Vec<SchoolLowest>,
}

/// A school's latest lowest line in the directory's origin.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SchoolLowest {
    pub id: SchoolId,
    pub lowest: crate::admissions::YearLowest,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TagCount {
    pub name: String,
    #[serde(default)]
    pub count: u32,
}

/// `GET /home`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Home {
    #[serde(default)]
    pub featured: Vec<SchoolCard>,
    #[serde(default)]
    pub latest: Vec<ArticleSummary>,
    #[serde(default)]
    pub hot_tags: Vec<TagCount>,
}

/// `GET /schools/{id}/articles?page=N`: a school's news, newest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SchoolArticles {
    pub school: SchoolCard,
    pub articles: Page<ArticleSummary>,
}

/// `GET /tags/{tag}/articles`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TagArticles {
    pub tag: String,
    pub articles: Page<ArticleSummary>,
}

/// `GET /search?q=`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchResults {
    #[serde(default)]
    pub query: String,
    #[serde(default)]
    pub schools: Vec<SchoolCard>,
    #[serde(default)]
    pub articles: Vec<ArticleSummary>,
    /// 你是不是要找: a school's name the query misses by one character, when no school matched.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
}

/// The signed-in visitor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: u64,
    pub username: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginRequest {
    /// 用户名 or 手机号.
    pub account: String,
    pub password: String,
    /// The answer to the server's 安全验证 ([`crate::challenge`]), when it asked for one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proof: Option<crate::challenge::Proof>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegisterRequest {
    pub username: String,
    pub phone: String,
    pub password: String,
}

/// 获取验证码: send a 手机验证码 to this phone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SmsCodeRequest {
    pub phone: String,
}

/// A code is on its way: when another may be asked for, and how long this one is valid.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SmsCodeSent {
    pub resend_after: u32,
    pub valid_for: u32,
}

/// 手机验证码登录: the phone and the code it received. A phone without an account gets one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SmsLoginRequest {
    pub phone: String,
    pub code: String,
}

/// The answer to follow / unfollow: the truth after the change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowState {
    pub school_id: SchoolId,
    pub following: bool,
    pub followers: u64,
}

/// 其他登录方式.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuthMethod {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub available: bool,
    /// Why it cannot be used here, when it cannot.
    #[serde(default)]
    pub note: Option<String>,
}

/// Every error response of the API has this one shape.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub code: String,
    /// Chinese, ready to show.
    pub message: String,
    /// With `challenge_required`: the 安全验证 to solve before signing in again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub challenge: Option<crate::challenge::Challenge>,
}
