//! News articles: the seed article and its two neighbours, written in our own words from the
//! seed page's facts, and templates that compose plausible school news for every school.
//! Bodies are HTML the way a CMS writes it, inline styles and stray spans included, because the
//! app must cope with exactly that.

/// A news item before ids and dates are assigned.
pub struct Draft {
    pub title: String,
    pub author: String,
    pub category: &'static str,
    pub tags: Vec<String>,
    pub summary: String,
    pub body_html: String,
}

pub const SEED_TITLE: &str = "江西机电职业技术学院——重磅!全国汽车装备制造行业产教融合共同体正式成立";
pub const SEED_PREV_TITLE: &str =
    "团体一等奖!江西机电职业技术学院在“徕卡杯”第十二届全国大学生金相技能大赛中再创佳绩";
pub const SEED_NEXT_TITLE: &str =
    "江西机电职业技术学院——喜报!我校学子在2023年江西省大学生机械设计大赛(慧鱼组)竞赛中斩获佳绩";

/// The article of the seed page: author jx045, 2023-11-21, 78 views.
pub fn seed_article() -> Draft {
    Draft {
        title: SEED_TITLE.into(),
        author: "jx045".into(),
        category: "学校新闻",
        tags: vec!["产教融合".into(), "校企合作".into(), "汽车装备制造".into()],
        summary: "全国汽车装备制造行业产教融合共同体在南昌成立，66家单位成为首批成员，江西机电职业技术学院为牵头发起单位之一。".into(),
        body_html: r#"<p style="text-indent:2em">10月31日，全国汽车装备制造行业产教融合共同体成立大会在南昌召开。来自政府部门、高等院校、行业企业和科研院所的一百余位嘉宾和代表到会，共同见证共同体的诞生。</p>
<h2>66家单位成为首批成员</h2>
<p style="text-indent:2em">大会审议通过了共同体的组织机构、章程和第一届理事会组成名单，<strong>66家单位</strong>成为首批成员。共同体由江铃汽车集团有限公司、华东交通大学和江西机电职业技术学院共同牵头发起。</p>
<p style="text-indent:2em">与会领导在致辞中提到，共同体要坚持共商、共建、共享、共赢，聚焦汽车装备制造行业的卡点和难点开展合作，让院校的人才培养和区域产业升级结合得更紧。</p>
<h2>校企携手培养技术技能人才</h2>
<p>按照大会的部署，成员单位将重点推进以下工作：</p>
<ul>
<li>推动教育链、人才链与产业链、创新链精准对接；</li>
<li>共建实训基地，联合开展技术研发和成果转化；</li>
<li>探索职业教育与产业融合发展的新模式、新机制。</li>
</ul>
<p style="text-indent:2em">江西机电职业技术学院表示，学校将在人才培养、专业群建设、实训基地、双师队伍和社会服务等方面与各成员单位加强协作，努力把共同体建成支撑智能制造行业高质量发展的重要平台。</p>
<p><img src="images/industry.svg" alt="产教融合共同体成立大会会场示意图" width="800" height="450"></p>
<p style="text-indent:2em">会上还安排了两场主旨报告，分别围绕装备制造业高质量发展与产教科融合育人、中国汽车产业发展趋势展开。当天下午，与会嘉宾实地参观了江铃小蓝工厂和江西省高技能人才公共实训基地。</p>"#
            .into(),
    }
}

/// The seed page's 上一篇.
pub fn seed_prev() -> Draft {
    Draft {
        title: SEED_PREV_TITLE.into(),
        author: "jx045".into(),
        category: "竞赛获奖",
        tags: vec!["技能大赛".into(), "喜报".into()],
        summary: "江西机电职业技术学院代表队在“徕卡杯”第十二届全国大学生金相技能大赛中获得团体一等奖。".into(),
        body_html: r#"<p>近日，“徕卡杯”第十二届全国大学生金相技能大赛落下帷幕。江西机电职业技术学院代表队沉着应战，在金相试样制备与组织识别等环节表现稳定，最终获得<strong>团体一等奖</strong>。</p>
<p>金相技能大赛考查学生在材料试样切割、镶嵌、磨抛、腐蚀和显微观察等方面的综合能力。为备战比赛，指导教师带领队员利用课余时间反复训练，逐项打磨操作细节。</p>
<p>学校表示，将继续以赛促教、以赛促学，把竞赛标准融入日常教学，培养更多精益求精的技术技能人才。</p>"#
            .into(),
    }
}

/// The seed page's 下一篇.
pub fn seed_next() -> Draft {
    Draft {
        title: SEED_NEXT_TITLE.into(),
        author: "jx045".into(),
        category: "竞赛获奖",
        tags: vec!["技能大赛".into(), "喜报".into()],
        summary: "江西机电职业技术学院学子在2023年江西省大学生机械设计大赛（慧鱼组）中取得佳绩。".into(),
        body_html: r#"<p>2023年江西省大学生机械设计大赛（慧鱼组）近日举行，江西机电职业技术学院多支参赛队伍凭借富有创意的作品和扎实的现场答辩取得佳绩。</p>
<p>慧鱼组比赛要求参赛队伍使用模块化的创意组合模型，完成从方案设计、结构搭建到控制编程的全过程，既考验机械设计能力，也考验团队协作。</p>
<blockquote>“从一张草图到一台能动起来的样机，我们改了十几版方案。”一名参赛学生说。</blockquote>
<p>学校教务部门表示，将把比赛中积累的项目经验引入专业课程，鼓励更多学生参与创新实践。</p>"#
            .into(),
    }
}

/// What a template may mention about the school it writes for.
pub struct Subject<'a> {
    pub name: &'a str,
    pub short: &'a str,
    pub city: &'a str,
    pub vocational: bool,
    pub author: &'a str,
}

impl<'a> Subject<'a> {
    pub fn of(card: &'a portal_model::SchoolCard, author: &'a str) -> Self {
        Subject {
            name: &card.name,
            short: &card.short_name,
            city: &card.city,
            vocational: card.level == portal_model::Level::Vocational,
            author,
        }
    }
}

/// A news template: title and body with `{S}` (school), `{s}` (short name), `{C}` (city),
/// `{Y}` (year), `{N}` (a number) and `{M}` (a second number), and `{P}` / `{PT}`: the school's
/// 招生计划 in 福建 that year, in total and by 科类, from the data set's own plans (a template
/// with them is only used where the school has such plans, so the news agrees with its
/// 招生计划 tab).
struct Template {
    title: &'static str,
    category: &'static str,
    tags: &'static [&'static str],
    summary: &'static str,
    body: &'static [&'static str],
    /// Only for 高职专科 (`Some(true)`), only for 本科 (`Some(false)`), or for every school.
    vocational: Option<bool>,
}

#[rustfmt::skip]
const TEMPLATES: &[Template] = &[
    Template { title: "{S}{Y}年招生章程发布", category: "招生动态", tags: &["招生章程", "招生"], vocational: None,
        summary: "{S}公布{Y}年招生章程，明确招生计划、录取规则和咨询方式。",
        body: &["<p>{S}{Y}年招生章程已经学校审定并正式发布。章程对招生计划、报考条件、录取规则、收费标准和咨询方式作出了说明。</p>",
                "<h2>录取规则要点</h2><ul><li>按照各省招生主管部门的投档规则录取；</li><li>专业安排遵循“分数优先、遵循志愿”的原则；</li><li>对有特殊要求的专业，考生须满足相应的体检要求。</li></ul>",
                "<p>考生和家长可通过学校招生网、招生咨询电话或官方微信公众号了解详细信息。学校提醒，报考前请认真阅读章程全文。</p>"] },
    Template { title: "{S}{Y}年在闽招生计划公布，计划招收{P}人", category: "招生动态", tags: &["招生计划", "招生"], vocational: None,
        summary: "{S}{Y}年面向福建计划招收{P}人，新增专业同步公布。",
        body: &["<p>记者从{S}招生办公室获悉，学校{Y}年面向福建省计划招收{P}人（{PT}），涉及多个专业（类）。</p>",
                "<p style=\"text-indent:2em\">与去年相比，今年的计划结构作了调整，向社会需求旺盛的专业倾斜。具体分专业计划以福建省教育考试院公布的数据为准。</p>",
                "<p>招生办公室负责人提醒考生，填报志愿时要综合考虑自身兴趣、成绩和职业规划，理性选择专业。</p>"] },
    Template { title: "{S}举行{Y}届毕业典礼", category: "校园动态", tags: &["毕业典礼"], vocational: None,
        summary: "{S}隆重举行{Y}届毕业典礼，{N}余名毕业生告别母校。",
        body: &["<p>6月下旬，{S}{Y}届毕业典礼在学校体育馆隆重举行，{N}余名毕业生身着学位服，与老师和家长共同见证这一时刻。</p>",
                "<p><img src=\"images/ceremony.svg\" alt=\"毕业典礼现场示意图\" width=\"800\" height=\"450\"></p>",
                "<p style=\"text-indent:2em\">学校负责人在致辞中寄语毕业生：保持好奇心，脚踏实地，把在校园里学到的本领用在更广阔的舞台上。</p>",
                "<p>典礼上，毕业生代表和在校生代表先后发言，现场气氛温馨而热烈。</p>"] },
    Template { title: "喜报！{S}学子在全国职业院校技能大赛中获一等奖", category: "竞赛获奖", tags: &["技能大赛", "喜报"], vocational: Some(true),
        summary: "{S}代表队在全国职业院校技能大赛中获得一等奖，实现新的突破。",
        body: &["<p>近日，全国职业院校技能大赛相关赛项比赛结果揭晓，{S}代表队发挥出色，获得<strong>一等奖</strong>。</p>",
                "<p><span style=\"font-family:宋体\">参赛选手在规定时间内完成了设备调试、故障排除和工艺优化等任务，评委对其规范的操作和团队配合给予了肯定。</span></p>",
                "<p>学校长期坚持“岗课赛证”融通，把技能大赛的标准融入课程和实训，为学生成长搭建平台。</p>"] },
    Template { title: "{S}学子在全国大学生数学建模竞赛中获佳绩", category: "竞赛获奖", tags: &["学科竞赛", "喜报"], vocational: Some(false),
        summary: "{S}在全国大学生数学建模竞赛中获国家级奖项{N}项。",
        body: &["<p>全国大学生数学建模竞赛成绩近日公布，{S}参赛队伍共获得国家级奖项{N}项，创造了学校参赛以来的较好成绩。</p>",
                "<p>竞赛要求参赛队伍在72小时内完成建模、求解和论文撰写，对学生的数学功底、编程能力和团队协作都是考验。</p>",
                "<p>指导教师表示，学校将继续完善竞赛培训体系，让更多学生在实践中提高解决问题的能力。</p>"] },
    Template { title: "{S}与{C}多家企业签署校企合作协议", category: "产教融合", tags: &["校企合作", "产教融合"], vocational: None,
        summary: "{S}与{C}{N}家企业集中签约，共建实训基地和订单班。",
        body: &["<p>{S}近日举行校企合作集中签约仪式，与{C}{N}家企业签署合作协议。</p>",
                "<h3>合作内容</h3><ol><li>共建校内外实训基地；</li><li>开设企业订单班，联合制定人才培养方案；</li><li>企业技术骨干到校担任兼职教师。</li></ol>",
                "<p style=\"text-indent:2em\">学校表示，将以此次签约为契机，推动专业设置与产业需求对接、课程内容与职业标准对接。</p>"] },
    Template { title: "{S}举办{Y}年校园开放日活动", category: "招生动态", tags: &["开放日", "招生"], vocational: None,
        summary: "{S}举办校园开放日，考生和家长走进校园了解专业与生活。",
        body: &["<p>为帮助考生和家长更直观地了解学校，{S}举办了{Y}年校园开放日活动，吸引了{N}余名考生和家长参加。</p>",
                "<p>活动期间，各学院设置了专业咨询台，实验室和实训中心对外开放，在校学生担任志愿者带领大家参观校园。</p>",
                "<p>不少家长表示，通过现场咨询，对学校的专业特色、就业情况和奖助政策有了更清楚的认识。</p>"] },
    Template { title: "{S}开展{Y}级新生入学教育", category: "校园动态", tags: &["新生入学"], vocational: None,
        summary: "{S}为{Y}级新生开展入学教育，帮助新生尽快适应大学生活。",
        body: &["<p>新学期伊始，{S}为{Y}级新生精心安排了入学教育，内容涵盖校史校情、专业介绍、安全教育和心理健康等方面。</p>",
                "<p style=\"text-indent:2em\">各学院还组织了师生见面会，由专业负责人介绍培养方案和学习方法，帮助新生规划大学生活。</p>",
                "<p>学校希望新生尽快完成从高中到大学的转变，珍惜时光，学有所成。</p>"] },
    Template { title: "{S}{Y}届毕业生双选会举行，{N}家企业提供岗位{M}个", category: "就业信息", tags: &["就业", "双选会"], vocational: None,
        summary: "{S}举办{Y}届毕业生双选会，{N}家用人单位带来{M}个岗位。",
        body: &["<p>{S}{Y}届毕业生供需见面双选会在校内举行，{N}家用人单位进场招聘，提供就业岗位{M}个。</p>",
                "<p>岗位涵盖制造、信息技术、教育、医疗、金融等多个行业，不少企业现场与毕业生达成初步就业意向。</p>",
                "<p>学校就业指导中心提醒毕业生，注意核实招聘单位信息，谨防求职陷阱。</p>"] },
    Template { title: "{S}获批省级高水平专业群建设项目", category: "学校新闻", tags: &["双高计划", "专业建设"], vocational: Some(true),
        summary: "{S}获批省级高水平专业群建设项目，将重点支持优势专业发展。",
        body: &["<p>省教育厅近日公布高水平专业群建设项目名单，{S}申报的专业群成功入选。</p>",
                "<p style=\"text-indent:2em\">学校将以此为契机，加大对实训条件、课程资源和师资队伍的投入，推动专业群与区域重点产业协同发展。</p>",
                "<p>据悉，该专业群近三年毕业生就业率保持在较高水平，对口就业比例稳步提升。</p>"] },
    Template { title: "{S}召开{Y}年科技创新大会", category: "学校新闻", tags: &["科研", "科技创新"], vocational: Some(false),
        summary: "{S}召开科技创新大会，表彰优秀科研团队并部署下一阶段工作。",
        body: &["<p>{S}{Y}年科技创新大会近日召开，会议总结了学校近年来科研工作取得的成绩，并对下一阶段工作作出部署。</p>",
                "<p>会上表彰了一批优秀科研团队和个人，{N}项科研成果获得学校奖励。</p>",
                "<p>学校表示，将进一步完善科研评价机制，支持青年教师开展原创性研究，推动科技成果转化。</p>"] },
    Template { title: "{S}志愿服务队获评省级优秀志愿服务团队", category: "校园动态", tags: &["志愿服务"], vocational: None,
        summary: "{S}志愿服务队因长期开展社区服务和支教活动获得省级表彰。",
        body: &["<p>近日，{S}志愿服务队获评省级优秀志愿服务团队。</p>",
                "<p>这支队伍长期在{C}开展社区服务、敬老助残和乡村支教等活动，累计服务时长超过{N}小时。</p>",
                "<p>队员们表示，将继续用实际行动传递温暖，让志愿精神在校园里薪火相传。</p>"] },
    Template { title: "{S}{Y}年普通高考录取工作顺利结束", category: "招生动态", tags: &["录取", "招生"], vocational: None,
        summary: "{S}{Y}年普通高考录取工作结束，录取通知书陆续寄出。",
        body: &["<p>{S}{Y}年普通高考录取工作已顺利结束，共录取新生{N}人，录取通知书正在陆续寄出。</p>",
                "<p>从生源情况看，学校在多个省份的录取分数保持稳定，部分热门专业的最低录取分数较去年有所提高。</p>",
                "<p>学校提醒新生，收到通知书后请仔细阅读入学须知，按时报到。如有疑问可拨打招生咨询电话。</p>"] },
    Template { title: "{S}开展国家安全教育日主题活动", category: "校园动态", tags: &["安全教育"], vocational: None,
        summary: "{S}以展览、讲座和知识竞赛等形式开展国家安全教育活动。",
        body: &["<p>4月15日前后，{S}围绕全民国家安全教育日开展了系列主题活动。</p>",
                "<p>活动包括专题讲座、主题展览和知识竞赛等形式，覆盖全校学生。</p>",
                "<p>学校表示，将把国家安全教育纳入日常思政教育，引导学生增强安全意识。</p>"] },
    Template { title: "{S}图书馆新馆正式启用", category: "校园动态", tags: &["校园建设"], vocational: None,
        summary: "{S}图书馆新馆启用，新增阅览座位{N}个。",
        body: &["<p>经过两年建设，{S}图书馆新馆正式投入使用。</p>",
                "<p><img src=\"images/campus.svg\" alt=\"校园图书馆外景示意图\" width=\"800\" height=\"450\"></p>",
                "<p style=\"text-indent:2em\">新馆新增阅览座位{N}个，设有研讨室、数字资源区和自助借还设备，开放时间延长至每晚十点。</p>",
                "<p>不少同学表示，新馆环境安静舒适，已经成为自习的首选去处。</p>"] },
    Template { title: "{S}举办“职业体验日”，{C}中学生走进实训中心", category: "招生动态", tags: &["职业体验", "招生"], vocational: Some(true),
        summary: "{S}邀请{C}的中学生体验智能制造、汽车维修等实训项目。",
        body: &["<p>{S}近日举办“职业体验日”活动，邀请{C}{N}余名中学生走进学校实训中心。</p>",
                "<p>同学们在老师指导下体验了工业机器人编程、汽车检测维修和三维建模打印等项目，对职业教育有了新的认识。</p>",
                "<p><font color=\"#c00\">学校表示，将常态化开展职业启蒙教育，帮助中学生了解职业、规划未来。</font></p>"] },
];

/// A little deterministic randomness (xorshift), so every run writes the same files.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next_u64() % (hi - lo + 1)
    }
}

/// A school's 招生计划 in 福建 for one year: the total places and `物理类120人、历史类40人`.
#[derive(Clone, Debug, PartialEq)]
pub struct FujianPlan {
    pub total: u32,
    pub by_track: String,
}

/// Composes the `index`-th news item for a school from the templates that fit it; `plan` is
/// its 招生计划 in 福建 that year, if it has one.
pub fn compose(subject: &Subject, rng: &mut Rng, year: u16, plan: Option<&FujianPlan>) -> Draft {
    let fitting: Vec<&Template> = TEMPLATES
        .iter()
        .filter(|t| t.vocational.is_none_or(|v| v == subject.vocational))
        .filter(|t| plan.is_some() || !t.title.contains("{P}"))
        .collect();
    let template = fitting[rng.range(0, fitting.len() as u64 - 1) as usize];
    let n = rng.range(12, 3000).to_string();
    let m = rng.range(800, 9000).to_string();
    let fill = |text: &str| {
        text.replace("{S}", subject.name)
            .replace("{s}", subject.short)
            .replace("{C}", subject.city)
            .replace("{Y}", &year.to_string())
            .replace("{N}", &n)
            .replace("{M}", &m)
            .replace("{PT}", plan.map(|p| p.by_track.as_str()).unwrap_or_default())
            .replace("{P}", &plan.map(|p| p.total.to_string()).unwrap_or_default())
    };
    Draft {
        title: fill(template.title),
        author: subject.author.to_string(),
        category: template.category,
        tags: template.tags.iter().map(|t| t.to_string()).collect(),
        summary: fill(template.summary),
        body_html: template.body.iter().map(|p| fill(p)).collect::<Vec<_>>().join("\n"),
    }
}
