//! The demo city's org tree and posts: 东营市 with its city departments and institutions, its
//! five districts and counties (each with departments and real townships and streets), and the
//! posts of each unit with their ranks, flags and authorised numbers (职数).

use crate::context::new_id;

/// A post to create.
#[derive(Debug, Clone)]
pub struct PostPlan {
    pub id: String,
    pub title: String,
    pub rank: &'static str,
    pub middle_level: bool,
    pub key_post: bool,
    pub authorised: i64,
}

/// An org to create, with what the cadre generator needs to know about it.
#[derive(Debug, Clone)]
pub struct Unit {
    pub id: String,
    pub parent: Option<usize>,
    pub name: String,
    pub kind: &'static str,
    pub level: &'static str,
    pub sort: i64,
    /// The county it belongs to (index into [`COUNTIES`]); `None` at city level.
    pub county: Option<usize>,
    pub posts: Vec<PostPlan>,
    /// Relative number of staff (non-leadership) cadres.
    pub staff_weight: u32,
}

/// A district or county: name, "区"/"县", ID-number region code, appointment document prefix, townships.
pub struct County {
    pub name: &'static str,
    pub suffix: &'static str,
    pub region: &'static str,
    pub doc_prefix: &'static str,
    pub townships: &'static [&'static str],
}

/// The five districts and counties of 东营市 with their townships and streets.
pub const COUNTIES: &[County] = &[
    County {
        name: "东营区",
        suffix: "区",
        region: "370502",
        doc_prefix: "东区组任",
        townships: &[
            "文汇街道",
            "黄河路街道",
            "东城街道",
            "辛店街道",
            "胜利街道",
            "胜园街道",
            "史口镇",
            "龙居镇",
            "牛庄镇",
            "六户镇",
        ],
    },
    County {
        name: "河口区",
        suffix: "区",
        region: "370503",
        doc_prefix: "河组任",
        townships: &["河口街道", "六合街道", "义和镇", "仙河镇", "孤岛镇", "新户镇"],
    },
    County {
        name: "垦利区",
        suffix: "区",
        region: "370505",
        doc_prefix: "垦组任",
        townships: &["垦利街道", "兴隆街道", "胜坨镇", "郝家镇", "永安镇", "黄河口镇", "董集镇"],
    },
    County {
        name: "利津县",
        suffix: "县",
        region: "370522",
        doc_prefix: "利组任",
        townships: &["利津街道", "凤凰城街道", "北宋镇", "盐窝镇", "陈庄镇", "汀罗镇", "明集乡", "刁口乡"],
    },
    County {
        name: "广饶县",
        suffix: "县",
        region: "370523",
        doc_prefix: "广组任",
        townships: &["广饶街道", "乐安街道", "大王镇", "稻庄镇", "丁庄镇", "李鹊镇", "大码头镇", "花官镇", "陈官镇"],
    },
];

/// The city's appointment document prefix (东组任〔2021〕15号).
pub const CITY_DOC_PREFIX: &str = "东组任";

/// City units: name, kind, head title, deputy title, deputies, extra middle-level posts (title, key post).
type CityUnit = (&'static str, &'static str, &'static str, &'static str, i64, &'static [(&'static str, bool)]);

const CITY_UNITS: &[CityUnit] = &[
    ("市委办公室", "party_department", "主任", "副主任", 4, &[("督查科科长", false)]),
    ("市委组织部", "party_department", "部长", "副部长", 4, &[("干部一科科长", false), ("干部监督科科长", false)]),
    ("市委宣传部", "party_department", "部长", "副部长", 3, &[]),
    ("市委统战部", "party_department", "部长", "副部长", 3, &[]),
    ("市委政法委员会", "party_department", "书记", "副书记", 3, &[]),
    (
        "市纪委监委",
        "party_department",
        "书记",
        "副书记",
        4,
        &[("案件监督管理室主任", false), ("第一监督检查室主任", false)],
    ),
    ("市委机构编制委员会办公室", "party_department", "主任", "副主任", 2, &[]),
    ("市委网络安全和信息化委员会办公室", "party_department", "主任", "副主任", 2, &[]),
    ("市委金融委员会办公室", "party_department", "主任", "副主任", 2, &[]),
    ("市委党校", "party_department", "常务副校长", "副校长", 3, &[]),
    ("市委老干部局", "party_department", "局长", "副局长", 2, &[]),
    ("市委巡察工作领导小组办公室", "party_department", "主任", "副主任", 2, &[]),
    ("市人大常委会办公室", "peoples_congress", "主任", "副主任", 3, &[]),
    ("市政协办公室", "cppcc", "秘书长", "副秘书长", 3, &[]),
    ("市政府办公室", "government", "主任", "副主任", 4, &[]),
    ("市发展和改革委员会", "government_department", "主任", "副主任", 4, &[("投资科科长", true)]),
    ("市教育局", "government_department", "局长", "副局长", 3, &[]),
    ("市科学技术局", "government_department", "局长", "副局长", 3, &[]),
    ("市工业和信息化局", "government_department", "局长", "副局长", 3, &[]),
    ("市公安局", "government_department", "局长", "副局长", 4, &[("警务保障处处长", true)]),
    ("市民政局", "government_department", "局长", "副局长", 3, &[]),
    ("市司法局", "government_department", "局长", "副局长", 3, &[]),
    ("市财政局", "government_department", "局长", "副局长", 4, &[("国库科科长", true), ("政府采购管理科科长", true)]),
    ("市人力资源和社会保障局", "government_department", "局长", "副局长", 3, &[]),
    (
        "市自然资源和规划局",
        "government_department",
        "局长",
        "副局长",
        4,
        &[("土地利用科科长", true), ("国土空间规划科科长", true)],
    ),
    ("市生态环境局", "government_department", "局长", "副局长", 3, &[]),
    ("市住房和城乡建设局", "government_department", "局长", "副局长", 3, &[("建筑市场监管科科长", true)]),
    ("市交通运输局", "government_department", "局长", "副局长", 3, &[("建设管理科科长", true)]),
    ("市水务局", "government_department", "局长", "副局长", 3, &[]),
    ("市农业农村局", "government_department", "局长", "副局长", 3, &[]),
    ("市商务局", "government_department", "局长", "副局长", 3, &[]),
    ("市文化和旅游局", "government_department", "局长", "副局长", 3, &[]),
    ("市卫生健康委员会", "government_department", "主任", "副主任", 3, &[]),
    ("市退役军人事务局", "government_department", "局长", "副局长", 2, &[]),
    ("市应急管理局", "government_department", "局长", "副局长", 3, &[]),
    ("市审计局", "government_department", "局长", "副局长", 3, &[]),
    ("市国有资产监督管理委员会", "government_department", "主任", "副主任", 3, &[("产权管理科科长", true)]),
    ("市市场监督管理局", "government_department", "局长", "副局长", 4, &[]),
    ("市统计局", "government_department", "局长", "副局长", 2, &[]),
    ("市医疗保障局", "government_department", "局长", "副局长", 2, &[("基金监管科科长", true)]),
    ("市行政审批服务局", "government_department", "局长", "副局长", 3, &[]),
    ("市综合行政执法局", "government_department", "局长", "副局长", 3, &[]),
    ("市海洋发展和渔业局", "government_department", "局长", "副局长", 2, &[]),
    ("市信访局", "government_department", "局长", "副局长", 2, &[]),
    ("市大数据局", "government_department", "局长", "副局长", 2, &[]),
    ("市城市管理局", "government_department", "局长", "副局长", 3, &[]),
    ("市中级人民法院", "court", "院长", "副院长", 4, &[]),
    ("市人民检察院", "procuratorate", "检察长", "副检察长", 3, &[]),
    ("东营职业学院", "public_institution", "院长", "副院长", 3, &[("招生就业处处长", false)]),
    ("市人民医院", "public_institution", "院长", "副院长", 4, &[("设备采购科科长", true)]),
    ("市公共资源交易中心", "public_institution", "主任", "副主任", 2, &[("交易服务科科长", true)]),
    ("市融媒体中心", "public_institution", "主任", "副主任", 3, &[]),
    ("市住房公积金管理中心", "public_institution", "主任", "副主任", 2, &[]),
    ("市档案馆", "public_institution", "馆长", "副馆长", 2, &[]),
    ("东营市城市发展投资集团有限公司", "state_enterprise", "董事长", "副总经理", 4, &[("工程招标部部长", true)]),
    ("东营市财金投资集团有限公司", "state_enterprise", "董事长", "副总经理", 3, &[]),
    ("团市委", "mass_organisation", "书记", "副书记", 2, &[]),
    ("市总工会", "mass_organisation", "主席", "副主席", 3, &[]),
    ("市妇联", "mass_organisation", "主席", "副主席", 2, &[]),
    ("市科协", "mass_organisation", "主席", "副主席", 2, &[]),
    ("市工商联", "mass_organisation", "主席", "副主席", 2, &[]),
    ("市残联", "mass_organisation", "理事长", "副理事长", 2, &[]),
];

/// County departments: name stem after the county's, kind, head title, deputy title, key posts.
type CountyUnit = (&'static str, &'static str, &'static str, &'static str, &'static [&'static str]);

const COUNTY_UNITS: &[CountyUnit] = &[
    ("委办公室", "party_department", "主任", "副主任", &[]),
    ("委组织部", "party_department", "常务副部长", "副部长", &[]),
    ("委宣传部", "party_department", "常务副部长", "副部长", &[]),
    ("纪委监委", "party_department", "常务副书记", "副书记", &[]),
    ("委政法委员会", "party_department", "常务副书记", "副书记", &[]),
    ("人大常委会办公室", "peoples_congress", "主任", "副主任", &[]),
    ("政协办公室", "cppcc", "主任", "副主任", &[]),
    ("政府办公室", "government", "主任", "副主任", &[]),
    ("发展和改革局", "government_department", "局长", "副局长", &["投资股股长"]),
    ("教育和体育局", "government_department", "局长", "副局长", &[]),
    ("财政局", "government_department", "局长", "副局长", &["国库股股长", "政府采购股股长"]),
    ("自然资源局", "government_department", "局长", "副局长", &["土地利用股股长"]),
    ("住房和城乡建设局", "government_department", "局长", "副局长", &[]),
    ("农业农村局", "government_department", "局长", "副局长", &[]),
    ("卫生健康局", "government_department", "局长", "副局长", &[]),
    ("审计局", "government_department", "局长", "副局长", &[]),
    ("人民法院", "court", "院长", "副院长", &[]),
    ("人民检察院", "procuratorate", "检察长", "副检察长", &[]),
];

fn post(title: impl Into<String>, rank: &'static str, middle_level: bool, key_post: bool, authorised: i64) -> PostPlan {
    PostPlan { id: new_id(), title: title.into(), rank, middle_level, key_post, authorised }
}

fn unit(
    parent: Option<usize>,
    name: String,
    kind: &'static str,
    level: &'static str,
    sort: i64,
    county: Option<usize>,
) -> Unit {
    Unit { id: new_id(), parent, name, kind, level, sort, county, posts: Vec::new(), staff_weight: 0 }
}

fn city_unit_posts(head: &str, deputy: &str, deputies: i64, extras: &[(&str, bool)]) -> Vec<PostPlan> {
    let mut posts = vec![
        post(head, "county_principal", false, false, 1),
        post(deputy, "county_deputy", false, false, deputies),
        post("办公室主任", "township_principal", true, false, 1),
        post("办公室副主任", "township_deputy", true, false, 1),
        post("财务科科长", "township_principal", true, true, 1),
    ];
    posts.extend(extras.iter().map(|(title, key)| post(*title, "township_principal", true, *key, 1)));
    posts
}

fn county_posts(suffix: &str) -> Vec<PostPlan> {
    let head = if suffix == "区" { "区长" } else { "县长" };
    vec![
        post(format!("{suffix}委书记"), "county_principal", false, false, 1),
        post(head, "county_principal", false, false, 1),
        post(format!("{suffix}委副书记"), "county_deputy", false, false, 1),
        post(format!("{suffix}委常委"), "county_deputy", false, false, 5),
        post(format!("副{head}"), "county_deputy", false, false, 4),
    ]
}

fn township_posts(name: &str) -> Vec<PostPlan> {
    let street = name.ends_with("街道");
    let (secretary, deputy_secretary) =
        if street { ("党工委书记", "党工委副书记") } else { ("党委书记", "党委副书记") };
    let (head, deputy) = match () {
        _ if street => ("办事处主任", "办事处副主任"),
        _ if name.ends_with('乡') => ("乡长", "副乡长"),
        _ => ("镇长", "副镇长"),
    };
    vec![
        post(secretary, "township_principal", false, false, 1),
        post(head, "township_principal", false, false, 1),
        post(deputy_secretary, "township_deputy", false, false, 1),
        post(deputy, "township_deputy", false, false, 3),
        post(if street { "纪工委书记" } else { "纪委书记" }, "township_deputy", false, false, 1),
    ]
}

/// The whole tree, parents before children.
pub fn dongying() -> Vec<Unit> {
    let mut units = vec![unit(None, "东营市".into(), "party_committee", "city", 0, None)];
    units[0].posts = vec![
        post("市委书记", "bureau_principal", false, false, 1),
        post("市长", "bureau_principal", false, false, 1),
        post("市委专职副书记", "bureau_deputy", false, false, 1),
        post("市委常委", "bureau_deputy", false, false, 7),
        post("副市长", "bureau_deputy", false, false, 5),
    ];
    for (i, (name, kind, head, deputy, deputies, extras)) in CITY_UNITS.iter().enumerate() {
        let mut u = unit(Some(0), (*name).into(), kind, "city", 10 + i as i64, None);
        u.posts = city_unit_posts(head, deputy, *deputies, extras);
        u.staff_weight = 15;
        units.push(u);
    }
    for (c, county) in COUNTIES.iter().enumerate() {
        let county_index = units.len();
        let mut u = unit(Some(0), county.name.into(), "party_committee", "county", 100 + c as i64, Some(c));
        u.posts = county_posts(county.suffix);
        units.push(u);
        for (i, (suffix, kind, head, deputy, keys)) in COUNTY_UNITS.iter().enumerate() {
            let mut u = unit(Some(county_index), format!("{}{suffix}", county.name), kind, "county", i as i64, Some(c));
            u.posts = vec![
                post(*head, "township_principal", false, false, 1),
                post(*deputy, "township_deputy", false, false, 2),
            ];
            u.posts.extend(keys.iter().map(|title| post(*title, "principal_staff_4", true, true, 1)));
            u.staff_weight = 6;
            units.push(u);
        }
        for (i, name) in county.townships.iter().enumerate() {
            let mut u = unit(Some(county_index), (*name).into(), "government", "township", 50 + i as i64, Some(c));
            u.posts = township_posts(name);
            u.staff_weight = 9;
            units.push(u);
        }
    }
    units
}
