//! The roster's two staff orders, as keys kept on each cadre row (so each order is an index
//! range read in order): 职务排序, by the precedence of the post held and then 任现职时间; and
//! 姓氏笔画, by the stroke count of the surname's first character.

use crate::registry::Rank;

/// 任现职时间 of a cadre with no open tenure: sorts after every real date.
pub const NO_POST_SINCE: &str = "9999-12-31";

/// The stroke key of a surname not in [`STROKES`]: after every listed one.
pub const UNKNOWN_STROKES: i64 = 99;

/// Common surnames' first characters by stroke count (simplified forms, as rosters count them).
/// Migration 0022 fills existing rows from the same table; a test keeps the two in step.
pub const STROKES: &[(i64, &str)] = &[
    (2, "丁卜刁"),
    (3, "于万马卫门干上"),
    (4, "王方尹孔毛牛文邓仇卞戈巴车尤元韦云公丰计乌井支区亢勾亓长木"),
    (5, "石史白冯卢田叶包甘左龙兰司古艾申丛边付冉厉平玉宁皮母印由乐帅仝邝东令丘占"),
    (6, "刘朱孙江许吕任向关毕成池全庄华伍吉安齐祁米曲阮汤纪闫伊乔邢戎师羊危农邬那权牟仲匡巩阳朴伏衣阴尧闭宇"),
    (7, "李杨吴何宋沈杜陈苏邱汪张时冷狄谷余辛岑巫花芦邹佘佟严连麦来劳应沙初芮邵邰闵陆肖束况豆位利但冶阿迟扶"),
    (8, "林周金罗郑孟季易武庞房范尚卓官屈宗郁欧单和岳邸苗茅明杭练苟郎冼於国居幸奉呼苑"),
    (9, "赵胡洪姜柳段侯施姚俞祝钟费贺骆查宣娄荀闻荣胥哈郝封柏禹饶项柯相茹宫保南信修祖战昝郜荆皇秋郦"),
    (10, "高徐秦唐袁夏顾陶钱倪莫聂贾殷翁凌晏耿桂栗原郭柴班都涂索诸桑敖谈晋奚浦党席姬容宾海卿栾展晁"),
    (11, "黄曹梁崔章常康龚商梅巢寇隋屠符戚鹿扈宿尉盖麻盛阎逯隆银盘谌萧续萨菅"),
    (12, "董彭曾程傅温覃童鲁焦舒储喻嵇惠景葛游揭粟富智强植斯敬普湛辜蒋韩谢"),
    (13, "雷路詹蒲蓝廉靳解窦楚鲍褚虞蒙裘简甄鄢楼满雍阙赖"),
    (14, "蔡谭熊管廖臧裴翟赫慕蔺缪漆阚鲜端"),
    (15, "潘黎樊颜滕"),
    (16, "霍燕穆冀薄衡薛澹"),
    (17, "戴鞠魏檀糜"),
    (18, "瞿"),
];

/// The post precedence key: the rank's common level (1 highest), a leadership post ahead of a
/// grade of the same level; a cadre without a rank last (199, as migration 0022 fills it).
pub fn post_order(rank: Option<&Rank>) -> i64 {
    match rank {
        Some(rank) => i64::from(rank.level) * 2 + i64::from(!rank.leadership),
        None => 99 * 2 + 1,
    }
}

/// The stroke count of the name's first character, or [`UNKNOWN_STROKES`].
pub fn surname_strokes(name: &str) -> i64 {
    let Some(first) = name.trim().chars().next() else { return UNKNOWN_STROKES };
    STROKES.iter().find(|(_, chars)| chars.contains(first)).map_or(UNKNOWN_STROKES, |(strokes, _)| *strokes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_surnames_sort_by_their_strokes() {
        let mut names = ["王五", "丁一", "李四", "张三丰", "欧阳修", "Smith"];
        names.sort_by_key(|n| surname_strokes(n));
        assert_eq!(names, ["丁一", "王五", "李四", "张三丰", "欧阳修", "Smith"]);
        assert_eq!(surname_strokes("戴"), 17);
    }

    #[test]
    fn a_principal_post_precedes_a_deputy_and_a_leadership_post_a_grade() {
        let principal = Rank::get("county_principal");
        let deputy = Rank::get("county_deputy");
        assert!(post_order(principal) < post_order(deputy));
        assert!(post_order(deputy) < post_order(None));
        let grade = crate::registry::rank::RANKS.iter().find(|r| !r.leadership && r.level == 3);
        let leader = crate::registry::rank::RANKS.iter().find(|r| r.leadership && r.level == 3);
        if let (Some(grade), Some(leader)) = (grade, leader) {
            assert!(post_order(Some(leader)) < post_order(Some(grade)));
        }
    }

    #[test]
    fn the_migration_fills_rows_from_the_same_table() {
        for sql in [
            include_str!("../../../storage/migrations/sqlite/0022_roster_order.sql"),
            include_str!("../../../storage/migrations/postgres/0022_roster_order.sql"),
        ] {
            let listed = sql.lines().filter(|l| l.starts_with("('")).count();
            assert_eq!(listed, STROKES.iter().map(|(_, chars)| chars.chars().count()).sum::<usize>());
            for (strokes, chars) in STROKES {
                for ch in chars.chars() {
                    assert!(sql.contains(&format!("('{ch}', {strokes})")), "{ch}");
                }
            }
        }
    }
}
