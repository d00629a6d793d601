//! Made-up but plausible school names for the large synthetic set: city + field + kind of
//! school, each with its 拼音, so sorting and search behave as on real data.

use crate::articles::Rng;
use portal_model::{Kind, Level, Nature, SchoolCard, SchoolId};

const CITIES: &[(&str, &str, &str)] = &[
    ("福州", "fuzhou", "福建"),
    ("厦门", "xiamen", "福建"),
    ("泉州", "quanzhou", "福建"),
    ("漳州", "zhangzhou", "福建"),
    ("莆田", "putian", "福建"),
    ("三明", "sanming", "福建"),
    ("南平", "nanping", "福建"),
    ("龙岩", "longyan", "福建"),
    ("宁德", "ningde", "福建"),
    ("南昌", "nanchang", "江西"),
    ("九江", "jiujiang", "江西"),
    ("赣州", "ganzhou", "江西"),
    ("吉安", "jian", "江西"),
    ("宜春", "yichun", "江西"),
    ("上饶", "shangrao", "江西"),
    ("抚州", "fuzhou", "江西"),
    ("萍乡", "pingxiang", "江西"),
    ("新余", "xinyu", "江西"),
    ("鹰潭", "yingtan", "江西"),
    ("杭州", "hangzhou", "浙江"),
    ("宁波", "ningbo", "浙江"),
    ("温州", "wenzhou", "浙江"),
    ("广州", "guangzhou", "广东"),
    ("深圳", "shenzhen", "广东"),
    ("汕头", "shantou", "广东"),
    ("长沙", "changsha", "湖南"),
    ("武汉", "wuhan", "湖北"),
    ("合肥", "hefei", "安徽"),
    ("成都", "chengdu", "四川"),
    ("昆明", "kunming", "云南"),
    ("南宁", "nanning", "广西"),
    ("贵阳", "guiyang", "贵州"),
    ("海口", "haikou", "海南"),
    ("济南", "jinan", "山东"),
    ("郑州", "zhengzhou", "河南"),
    ("西安", "xian", "陕西"),
];

const FIELDS: &[(&str, &str, Kind)] = &[
    ("科技", "keji", Kind::Engineering),
    ("工程", "gongcheng", Kind::Engineering),
    ("信息", "xinxi", Kind::Engineering),
    ("商贸", "shangmao", Kind::Finance),
    ("交通", "jiaotong", Kind::Engineering),
    ("医学", "yixue", Kind::Medical),
    ("师范", "shifan", Kind::Normal),
    ("农业", "nongye", Kind::Agriculture),
    ("艺术", "yishu", Kind::Arts),
    ("财经", "caijing", Kind::Finance),
    ("电力", "dianli", Kind::Engineering),
    ("建筑", "jianzhu", Kind::Engineering),
    ("海洋", "haiyang", Kind::Comprehensive),
    ("航空", "hangkong", Kind::Engineering),
    ("外国语", "waiguoyu", Kind::Language),
    ("体育", "tiyu", Kind::Sports),
];

const SUFFIXES: &[(&str, &str, Level)] = &[
    ("职业技术学院", "zhiye jishu xueyuan", Level::Vocational),
    ("职业学院", "zhiye xueyuan", Level::Vocational),
    ("学院", "xueyuan", Level::Undergraduate),
    ("大学", "daxue", Level::Undergraduate),
    ("应用技术学院", "yingyong jishu xueyuan", Level::Undergraduate),
    ("高等专科学校", "gaodeng zhuanke xuexiao", Level::Vocational),
];

/// `count` schools with unique names (up to every combination of the parts above).
pub fn schools(count: usize, rng: &mut Rng) -> Vec<SchoolCard> {
    let mut combos: Vec<(usize, usize, usize)> = Vec::new();
    for s in 0..SUFFIXES.len() {
        for f in 0..FIELDS.len() {
            for c in 0..CITIES.len() {
                combos.push((c, f, s));
            }
        }
    }
    combos
        .into_iter()
        .take(count)
        .enumerate()
        .map(|(i, (c, f, s))| {
            let (city, city_py, province) = CITIES[c];
            let (field, field_py, kind) = FIELDS[f];
            let (suffix, suffix_py, level) = SUFFIXES[s];
            SchoolCard {
                id: i as SchoolId + 1,
                name: format!("{city}{field}{suffix}"),
                short_name: format!("{city}{field}"),
                pinyin: format!("{city_py} {field_py} {suffix_py}"),
                level,
                kind,
                nature: if rng.range(0, 4) == 0 { Nature::Private } else { Nature::Public },
                province: province.into(),
                city: city.into(),
                tags: if rng.range(0, 9) == 0 { vec!["省级双高".into()] } else { vec![] },
                followers: rng.range(800, 400_000),
            }
        })
        .collect()
}
