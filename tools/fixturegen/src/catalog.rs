//! The majors schools offer in the generated data: names, 专业类 and 门类 (本科) or 专业大类
//! (高职专科) as the national catalogues group them, the subjects a major asks of
//! candidates, and the kinds of school that typically run it.

use portal_model::Kind;

/// What a major asks of candidates under the new systems.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Need {
    /// 物理 and 化学.
    PhysicsChemistry,
    Physics,
    History,
    /// 不限.
    Any,
}

pub struct CatalogMajor {
    pub name: &'static str,
    /// 专业类.
    pub class: &'static str,
    /// 门类 (本科) or 专业大类 (高职专科).
    pub category: &'static str,
    pub need: Need,
    pub duration: u8,
    pub kinds: &'static [Kind],
    /// Draws more candidates than its school's other majors (its line sits higher).
    pub popular: bool,
}

use Kind::*;
use Need::*;

const fn m(
    name: &'static str,
    class: &'static str,
    category: &'static str,
    need: Need,
    kinds: &'static [Kind],
    popular: bool,
) -> CatalogMajor {
    CatalogMajor { name, class, category, need, duration: 4, kinds, popular }
}

const fn five(major: CatalogMajor) -> CatalogMajor {
    CatalogMajor { duration: 5, ..major }
}

const fn three(major: CatalogMajor) -> CatalogMajor {
    CatalogMajor { duration: 3, ..major }
}

#[rustfmt::skip]
pub const UNDERGRADUATE: &[CatalogMajor] = &[
    m("计算机科学与技术", "计算机类", "工学", Physics, &[Engineering, Comprehensive, Normal, Finance], true),
    m("软件工程", "计算机类", "工学", Physics, &[Engineering, Comprehensive], true),
    m("电子信息工程", "电子信息类", "工学", Physics, &[Engineering, Comprehensive], false),
    m("电气工程及其自动化", "电气类", "工学", Physics, &[Engineering, Comprehensive], true),
    m("机械设计制造及其自动化", "机械类", "工学", Physics, &[Engineering, Comprehensive, Agriculture], false),
    m("土木工程", "土木类", "工学", Physics, &[Engineering, Comprehensive], false),
    m("化学工程与工艺", "化工与制药类", "工学", PhysicsChemistry, &[Engineering, Comprehensive], false),
    m("材料科学与工程", "材料类", "工学", PhysicsChemistry, &[Engineering, Comprehensive, Arts], false),
    m("交通运输", "交通运输类", "工学", Physics, &[Engineering], false),
    m("飞行器制造工程", "航空航天类", "工学", Physics, &[Engineering], false),
    m("航海技术", "交通运输类", "工学", Physics, &[Engineering, Comprehensive], false),
    m("食品科学与工程", "食品科学与工程类", "工学", PhysicsChemistry, &[Agriculture, Comprehensive], false),
    m("测绘工程", "测绘类", "工学", Physics, &[Engineering], false),
    m("数学与应用数学", "数学类", "理学", Physics, &[Normal, Comprehensive, Engineering], false),
    m("物理学", "物理学类", "理学", Physics, &[Normal, Comprehensive], false),
    m("化学", "化学类", "理学", PhysicsChemistry, &[Normal, Comprehensive], false),
    m("生物科学", "生物科学类", "理学", PhysicsChemistry, &[Normal, Comprehensive, Agriculture], false),
    m("统计学", "统计学类", "理学", Physics, &[Finance, Comprehensive], false),
    m("心理学", "心理学类", "理学", Any, &[Normal, Comprehensive, Medical], false),
    five(m("临床医学", "临床医学类", "医学", PhysicsChemistry, &[Medical], true)),
    five(m("口腔医学", "口腔医学类", "医学", PhysicsChemistry, &[Medical], true)),
    five(m("中医学", "中医学类", "医学", PhysicsChemistry, &[Medical], false)),
    m("药学", "药学类", "医学", PhysicsChemistry, &[Medical], false),
    m("中药学", "中药学类", "医学", PhysicsChemistry, &[Medical], false),
    m("护理学", "护理学类", "医学", Physics, &[Medical], false),
    m("经济学", "经济学类", "经济学", Any, &[Finance, Comprehensive], false),
    m("金融学", "金融学类", "经济学", Any, &[Finance, Comprehensive], true),
    m("国际经济与贸易", "经济与贸易类", "经济学", Any, &[Finance, Comprehensive, Language], false),
    m("会计学", "工商管理类", "管理学", Any, &[Finance, Comprehensive, Engineering], true),
    m("财务管理", "工商管理类", "管理学", Any, &[Finance, Agriculture], false),
    m("工商管理", "工商管理类", "管理学", Any, &[Finance, Comprehensive], false),
    m("汉语言文学", "中国语言文学类", "文学", Any, &[Normal, Comprehensive, Language], true),
    m("英语", "外国语言文学类", "文学", Any, &[Normal, Comprehensive, Language, Finance], false),
    m("日语", "外国语言文学类", "文学", Any, &[Language, Comprehensive], false),
    m("新闻学", "新闻传播学类", "文学", Any, &[Comprehensive, Language], false),
    m("法学", "法学类", "法学", Any, &[Comprehensive, Politics, Finance], true),
    m("思想政治教育", "马克思主义理论类", "法学", History, &[Normal, Politics], false),
    m("历史学", "历史学类", "历史学", History, &[Normal, Comprehensive], false),
    m("教育学", "教育学类", "教育学", Any, &[Normal], false),
    m("学前教育", "教育学类", "教育学", Any, &[Normal], false),
    m("农学", "植物生产类", "农学", PhysicsChemistry, &[Agriculture], false),
    m("园艺", "植物生产类", "农学", Any, &[Agriculture], false),
    m("动物科学", "动物生产类", "农学", PhysicsChemistry, &[Agriculture], false),
    m("林学", "林学类", "农学", Any, &[Agriculture], false),
    m("视觉传达设计", "设计学类", "艺术学", Any, &[Arts, Comprehensive], false),
    m("环境设计", "设计学类", "艺术学", Any, &[Arts], false),
    m("陶瓷艺术设计", "设计学类", "艺术学", Any, &[Arts], false),
    m("音乐学", "音乐与舞蹈学类", "艺术学", Any, &[Arts, Normal], false),
];

#[rustfmt::skip]
pub const VOCATIONAL: &[CatalogMajor] = &[
    three(m("机电一体化技术", "自动化类", "装备制造大类", Physics, &[Engineering], true)),
    three(m("工业机器人技术", "自动化类", "装备制造大类", Physics, &[Engineering], false)),
    three(m("电气自动化技术", "自动化类", "装备制造大类", Physics, &[Engineering], false)),
    three(m("数控技术", "机械设计制造类", "装备制造大类", Physics, &[Engineering], false)),
    three(m("模具设计与制造", "机械设计制造类", "装备制造大类", Any, &[Engineering], false)),
    three(m("新能源汽车技术", "汽车制造类", "装备制造大类", Any, &[Engineering], true)),
    three(m("汽车制造与试验技术", "汽车制造类", "装备制造大类", Any, &[Engineering], false)),
    three(m("计算机应用技术", "计算机类", "电子与信息大类", Any, &[Engineering, Comprehensive, Finance, Arts], true)),
    three(m("软件技术", "计算机类", "电子与信息大类", Any, &[Engineering, Comprehensive], false)),
    three(m("大数据技术", "计算机类", "电子与信息大类", Any, &[Engineering, Finance], false)),
    three(m("电子信息工程技术", "电子信息类", "电子与信息大类", Physics, &[Engineering], false)),
    three(m("物联网应用技术", "电子信息类", "电子与信息大类", Any, &[Engineering], false)),
    three(m("航海技术", "水上运输类", "交通运输大类", Physics, &[Engineering], false)),
    three(m("轮机工程技术", "水上运输类", "交通运输大类", Physics, &[Engineering], false)),
    three(m("城市轨道交通运营管理", "城市轨道交通类", "交通运输大类", Any, &[Engineering], false)),
    three(m("汽车检测与维修技术", "汽车类", "交通运输大类", Any, &[Engineering], false)),
    three(m("道路与桥梁工程技术", "道路运输类", "交通运输大类", Physics, &[Engineering], false)),
    three(m("建筑工程技术", "土建施工类", "土木建筑大类", Physics, &[Engineering, Comprehensive], false)),
    three(m("工程测量技术", "测绘地理信息类", "资源环境与安全大类", Physics, &[Engineering], false)),
    three(m("护理", "护理类", "医药卫生大类", Any, &[Medical], true)),
    three(m("药学", "药学类", "医药卫生大类", PhysicsChemistry, &[Medical], false)),
    three(m("医学检验技术", "医学技术类", "医药卫生大类", PhysicsChemistry, &[Medical], false)),
    three(m("康复治疗技术", "康复治疗类", "医药卫生大类", Any, &[Medical], false)),
    three(m("大数据与会计", "财务会计类", "财经商贸大类", Any, &[Finance, Comprehensive, Engineering], true)),
    three(m("电子商务", "电子商务类", "财经商贸大类", Any, &[Finance, Comprehensive, Language], false)),
    three(m("旅游管理", "旅游类", "旅游大类", Any, &[Finance, Language], false)),
    three(m("酒店管理与数字化运营", "旅游类", "旅游大类", Any, &[Language, Finance], false)),
    three(m("商务英语", "语言类", "教育与体育大类", Any, &[Language, Comprehensive], false)),
    three(m("学前教育", "教育类", "教育与体育大类", Any, &[Comprehensive, Arts], false)),
    three(m("数字媒体艺术设计", "艺术设计类", "文化艺术大类", Any, &[Arts, Comprehensive], false)),
    three(m("摄影与摄像艺术", "广播影视类", "新闻传播大类", Any, &[Arts], false)),
    three(m("戏曲表演", "表演艺术类", "文化艺术大类", Any, &[Arts], false)),
    three(m("食品检验检测技术", "食品类", "食品药品与粮食大类", PhysicsChemistry, &[Engineering, Medical], false)),
];
