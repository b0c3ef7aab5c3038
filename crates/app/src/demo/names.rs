//! Plausible Chinese names: surnames by their rough frequency in Shandong, given names of one or
//! two characters, and a few fixed names that demonstrate search (张三 finds 张三丰) and
//! compound surnames (欧阳, 司马).

use crate::demo::rng::Rng;

/// Surnames with rough weights (per mille).
const SURNAMES: &[(&str, u32)] = &[
    ("王", 90),
    ("张", 80),
    ("李", 78),
    ("刘", 60),
    ("陈", 30),
    ("杨", 30),
    ("赵", 26),
    ("孙", 24),
    ("徐", 18),
    ("马", 18),
    ("高", 17),
    ("周", 16),
    ("吴", 14),
    ("郭", 14),
    ("朱", 13),
    ("于", 12),
    ("胡", 11),
    ("宋", 11),
    ("韩", 10),
    ("董", 10),
    ("崔", 10),
    ("田", 9),
    ("黄", 9),
    ("林", 8),
    ("何", 8),
    ("郑", 8),
    ("姜", 8),
    ("曹", 7),
    ("程", 7),
    ("许", 7),
    ("冯", 7),
    ("袁", 6),
    ("薛", 6),
    ("丁", 6),
    ("魏", 6),
    ("范", 6),
    ("谢", 5),
    ("唐", 5),
    ("邓", 5),
    ("彭", 5),
    ("曾", 4),
    ("肖", 4),
    ("潘", 4),
    ("蒋", 4),
    ("蔡", 4),
    ("杜", 4),
    ("叶", 4),
    ("苏", 4),
    ("吕", 4),
    ("任", 4),
    ("沈", 3),
    ("姚", 3),
    ("卢", 3),
    ("贾", 3),
    ("石", 3),
    ("付", 3),
    ("孟", 3),
    ("秦", 3),
    ("尹", 3),
    ("闫", 3),
    ("侯", 3),
    ("史", 3),
    ("郝", 3),
    ("毛", 2),
    ("邵", 2),
    ("武", 2),
    ("孔", 2),
    ("牛", 2),
    ("房", 2),
    ("綦", 1),
    ("逄", 1),
    ("鞠", 1),
    ("隋", 1),
    ("盖", 1),
    ("宫", 1),
    ("滕", 1),
    ("亓", 1),
    ("谭", 2),
    ("陆", 2),
    ("汪", 2),
    ("金", 2),
];

const MALE: &[&str] = &[
    "伟", "刚", "勇", "毅", "俊", "峰", "强", "军", "平", "东", "文", "辉", "力", "明", "永", "健", "广", "志", "兴",
    "良", "海", "山", "波", "宁", "福", "龙", "国", "胜", "学", "祥", "武", "新", "利", "清", "飞", "彬", "杰", "涛",
    "成", "康", "光", "天", "达", "中", "林", "博", "诚", "振", "群", "磊", "民", "超", "浩", "亮", "鹏", "泽", "晨",
    "建", "家", "德", "盛", "洪", "宏", "斌", "栋", "旭", "翔", "庆", "华", "坤", "凯", "锋",
];

const FEMALE: &[&str] = &[
    "秀", "娟", "英", "华", "慧", "美", "娜", "静", "淑", "玉", "萍", "红", "玲", "芬", "芳", "燕", "春", "兰", "凤",
    "洁", "梅", "琳", "云", "莲", "雪", "荣", "霞", "艳", "佳", "琼", "珍", "莉", "晶", "妍", "倩", "婷", "颖", "露",
    "瑶", "怡", "丹", "蓉", "君", "琴", "蕊", "薇", "梦", "岚", "馨", "悦", "冰", "爽", "欣", "晓", "丽", "敏", "宁",
    "楠", "雯", "璐", "洁", "菲", "静", "媛",
];

/// Fixed names given to a few generated cadres: (name, male).
pub const FIXED: &[(&str, bool)] = &[
    ("张三丰", true),
    ("张三峰", true),
    ("李四海", true),
    ("王五洲", true),
    ("欧阳明远", true),
    ("司马文博", true),
    ("上官云飞", true),
    ("欧阳静怡", false),
    ("诸葛玉兰", false),
];

/// A surname.
pub fn surname(rng: &mut Rng) -> &'static str {
    rng.weighted(SURNAMES)
}

/// A given name of one or two characters.
pub fn given(rng: &mut Rng, male: bool) -> String {
    let chars = if male { MALE } else { FEMALE };
    let first = rng.pick(chars);
    if rng.chance(0.3) { first.to_owned() } else { format!("{first}{}", rng.pick(chars)) }
}

/// A full name.
pub fn full(rng: &mut Rng, male: bool) -> String {
    format!("{}{}", surname(rng), given(rng, male))
}

/// The surname of a generated name (compound surnames are only in [`FIXED`]).
pub fn surname_of(name: &str) -> String {
    let compound = ["欧阳", "司马", "上官", "诸葛"];
    match compound.iter().find(|c| name.starts_with(*c)) {
        Some(c) => (*c).to_owned(),
        None => name.chars().take(1).collect(),
    }
}
