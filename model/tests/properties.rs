//! Property tests: every decoder and every piece of list logic, fed arbitrary input, returns a
//! value or a typed error and never panics.

use portal_model::list::{filter_schools, normalize, paginate, search};
use portal_model::query::SchoolQuery;
use portal_model::url::{decode_component, encode_component, parse_query, query_string};
use portal_model::*;
use proptest::prelude::*;
use serde_json::Value;

/// Arbitrary JSON: nulls, booleans, numbers (including huge and negative), strings (including
/// enum-like words and long text), arrays and objects with the field names our types use.
fn json() -> impl Strategy<Value = Value> {
    let keys = prop::sample::select(vec![
        "id",
        "name",
        "title",
        "items",
        "page",
        "page_size",
        "total",
        "school",
        "info",
        "schools",
        "articles",
        "level",
        "kind",
        "nature",
        "followers",
        "tags",
        "featured",
        "latest",
        "hot_tags",
        "profile",
        "prev",
        "next",
        "body_html",
        "school_id",
        "views",
        "accounts",
        "url",
        "count",
        "query",
        "code",
        "message",
        "provinces",
        "tag",
        "x",
    ]);
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        prop::sample::select(vec![
            "undergraduate",
            "vocational",
            "engineering",
            "public",
            "wechat",
            "",
            "其他"
        ])
        .prop_map(Value::from),
        ".{0,40}".prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 64, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((keys.clone(), inner), 0..8).prop_map(|pairs| Value::Object(
                pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
            )),
        ]
    })
}

fn decode_all(text: &str) {
    let _ = serde_json::from_str::<Home>(text);
    let _ = serde_json::from_str::<SchoolDirectory>(text);
    let _ = serde_json::from_str::<SchoolPage>(text);
    let _ = serde_json::from_str::<SchoolArticles>(text);
    let _ = serde_json::from_str::<Article>(text);
    let _ = serde_json::from_str::<TagArticles>(text);
    let _ = serde_json::from_str::<SearchResults>(text);
    let _ = serde_json::from_str::<Vec<AuthMethod>>(text);
    let _ = serde_json::from_str::<User>(text);
    let _ = serde_json::from_str::<Option<User>>(text);
    let _ = serde_json::from_str::<FollowState>(text);
    let _ = serde_json::from_str::<ErrorBody>(text);
    let _ = serde_json::from_str::<Vec<SchoolCard>>(text);
    let _ = serde_json::from_str::<portal_model::admissions::SchoolScores>(text);
    let _ = serde_json::from_str::<Vec<portal_model::admissions::MajorScoreLine>>(text);
    let _ = serde_json::from_str::<Page<portal_model::admissions::PlanRow>>(text);
    let _ = serde_json::from_str::<portal_model::admissions::SchoolMajors>(text);
    let _ = serde_json::from_str::<Vec<portal_model::admissions::ProvinceMeta>>(text);
    let _ = serde_json::from_str::<portal_model::admissions::RankIndex>(text);
    let _ = serde_json::from_str::<portal_model::rank::RankBands>(text);
}

fn school(id: u32, name: String, followers: u64) -> SchoolCard {
    SchoolCard {
        id,
        name,
        short_name: String::new(),
        pinyin: String::new(),
        level: Level::Vocational,
        kind: Kind::Engineering,
        nature: Nature::Public,
        province: "江西".into(),
        city: String::new(),
        tags: vec![],
        followers,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn decoders_never_panic_on_any_text(text in ".{0,200}") {
        decode_all(&text);
    }

    #[test]
    fn decoders_never_panic_on_any_json(value in json()) {
        decode_all(&value.to_string());
    }

    #[test]
    fn truncated_real_answers_are_errors_not_panics(cut in 0usize..400) {
        let page = Page { items: vec![school(1, "江西机电职业技术学院".into(), 149_000)], page: 1, page_size: 20, total: 1 };
        let text = serde_json::to_string(&SchoolDirectory { schools: page, provinces: vec!["江西".into()], lowest: vec![] }).expect("json");
        let cut = text.char_indices().map(|(i, _)| i).take_while(|&i| i <= cut).last().unwrap_or(0);
        let result = serde_json::from_str::<SchoolDirectory>(&text[..cut]);
        prop_assert!(cut == text.len() || result.is_err());
    }

    #[test]
    fn url_decoding_never_panics_and_round_trips(text in ".{0,60}", raw in "[%+a-zA-Z0-9=&?]{0,40}") {
        prop_assert_eq!(decode_component(&encode_component(&text), false), text.clone());
        let _ = decode_component(&raw, true);
        let pairs = parse_query(&raw);
        prop_assert!(pairs.len() <= raw.len());
        let rebuilt = parse_query(&query_string(&[("q", text.as_str())]));
        prop_assert_eq!(rebuilt, vec![("q".to_string(), text)]);
    }

    #[test]
    fn school_queries_are_stable_through_the_url(pairs in prop::collection::vec(("[a-z]{1,8}", ".{0,20}"), 0..8)) {
        let query = SchoolQuery::from_pairs(&pairs);
        let again = SchoolQuery::from_pairs(&query.to_pairs());
        prop_assert_eq!(again.clone(), query);
        prop_assert!(again.page >= 1);
    }

    #[test]
    fn admission_queries_never_panic_and_are_stable(pairs in prop::collection::vec(("province|track|year|batch|page|score|rank|[a-z]{1,5}", ".{0,12}"), 0..8)) {
        if let Ok(query) = portal_model::admissions::AdmissionQuery::from_pairs(&pairs) {
            prop_assert!(query.page >= 1);
            if !query.matches_nothing {
                let again = portal_model::admissions::AdmissionQuery::from_pairs(&query.to_pairs());
                prop_assert_eq!(again, Ok(query));
            }
        }
        let _ = portal_model::rank::RankQuery::from_pairs(&pairs, true);
        let items: Vec<u8> = vec![0; 7];
        let page = portal_model::admissions::page_of(&items, (pairs.len() as u32).saturating_mul(1_000_000_000), 50);
        prop_assert!(page.items.len() <= 7);
    }

    #[test]
    fn pages_stay_in_range(len in 0usize..200, page in any::<u32>(), size in any::<u32>()) {
        let items: Vec<usize> = (0..len).collect();
        let p = paginate(&items, page, size);
        prop_assert!(p.page >= 1 && p.page <= p.total_pages());
        prop_assert!(p.items.len() as u32 <= p.page_size);
        prop_assert_eq!(p.total as usize, len);
    }

    #[test]
    fn filtering_and_search_accept_anything(name in ".{0,30}", needle in ".{0,30}", page in any::<u32>(), followers in any::<u64>()) {
        let schools = vec![school(1, name.clone(), followers), school(2, "厦门大学".into(), 3)];
        let query = SchoolQuery { name: needle.clone(), page, ..Default::default() };
        let found = filter_schools(&schools, &query);
        prop_assert!(found.total <= 2);
        let _ = search(&needle, &schools, &[]);
        let _ = normalize(&needle);
        let _ = validate::username(&needle);
        let _ = validate::phone(&needle);
        let _ = validate::new_password(&needle);
    }
}
