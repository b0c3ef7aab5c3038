//! The columns of each import sheet: the field name (also accepted as a header), the Chinese
//! title the template writes, whether the column must be present, how its cells are read, and
//! the note and example the template's "说明" sheet shows.

use crate::transfer::ImportKind;

/// How a column's cells are turned into text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CellKind {
    /// Any text; numbers are written without a trailing `.0`.
    Text,
    /// A date: Excel dates and serial numbers become `YYYY-MM-DD`.
    Date,
    /// A resident ID number: must be text, since Excel keeps only 15 digits of a number.
    IdNumber,
}

/// One column of an import sheet.
#[derive(Debug)]
pub struct Column {
    /// The field name, as problems name it and as an English header.
    pub field: &'static str,
    /// The Chinese header title.
    pub zh: &'static str,
    /// Other header titles accepted for the column.
    pub aliases: &'static [&'static str],
    /// The column must be present (its cells may still be optional, see the note).
    pub required: bool,
    pub kind: CellKind,
    /// What the cell holds, in Chinese and English.
    pub note: (&'static str, &'static str),
    /// A value for the template's example row.
    pub example: &'static str,
}

const fn col(
    field: &'static str,
    zh: &'static str,
    required: bool,
    kind: CellKind,
    note: (&'static str, &'static str),
    example: &'static str,
) -> Column {
    Column { field, zh, aliases: &[], required, kind, note, example }
}

const ORG_REF: (&str, &str) = ("单位ID、单位编号或单位全称", "the org's ID, number or exact name");

/// Cadre columns, in the order of `CadreInput`'s fields (the importer relies on it).
pub static CADRE_COLUMNS: &[Column] = &[
    col("name", "姓名", true, CellKind::Text, ("2至30个字", "2 to 30 characters"), "张三丰"),
    col("gender", "性别", true, CellKind::Text, ("男 / 女", "男 / 女 (male / female)"), "男"),
    col(
        "birth_date",
        "出生日期",
        true,
        CellKind::Date,
        ("YYYY-MM-DD,须与身份证号码一致", "YYYY-MM-DD, as in the ID number"),
        "1978-05-04",
    ),
    col(
        "ethnicity",
        "民族",
        true,
        CellKind::Text,
        ("GB 3304 民族名称,如 汉族、回族", "a GB 3304 ethnic group, e.g. 汉族"),
        "汉族",
    ),
    col("native_place", "籍贯", false, CellKind::Text, ("如 山东东营", "e.g. 山东东营"), "山东东营"),
    col("birthplace", "出生地", false, CellKind::Text, ("如 山东东营", "e.g. 山东东营"), "山东东营"),
    Column {
        aliases: &["身份证号", "公民身份号码"],
        ..col(
            "id_number",
            "身份证号码",
            true,
            CellKind::IdNumber,
            ("18位,请将该列设为文本格式", "18 characters; format the column as text"),
            "370502197805041236",
        )
    },
    col(
        "political_status",
        "政治面貌",
        true,
        CellKind::Text,
        ("GB/T 4762,如 中共党员、群众", "GB/T 4762, e.g. 中共党员"),
        "中共党员",
    ),
    col(
        "party_entry_date",
        "入党时间",
        false,
        CellKind::Date,
        ("YYYY-MM-DD,可空", "YYYY-MM-DD, optional"),
        "2001-07-01",
    ),
    col(
        "work_start_date",
        "参加工作时间",
        false,
        CellKind::Date,
        ("YYYY-MM-DD,可空", "YYYY-MM-DD, optional"),
        "2000-08-01",
    ),
    col("health", "健康状况", false, CellKind::Text, ("如 健康", "e.g. 健康"), "健康"),
    col("speciality", "专长", false, CellKind::Text, ("可空", "optional"), "经济管理"),
    Column {
        aliases: &["单位", "工作单位", "org_id"],
        ..col("org", "所在单位", true, CellKind::Text, ORG_REF, "市委组织部")
    },
    Column {
        aliases: &["职级"],
        ..col(
            "rank",
            "职务职级",
            false,
            CellKind::Text,
            ("职务层次或职级名称,可空", "a rank of either ladder, optional"),
            "乡科级正职",
        )
    },
    Column {
        aliases: &["职务"],
        ..col("current_post", "现任职务", false, CellKind::Text, ("可空", "optional"), "干部一科科长")
    },
    Column {
        aliases: &["职称"],
        ..col("professional_title", "专业技术职务", false, CellKind::Text, ("可空", "optional"), "经济师")
    },
];

/// Org columns.
pub static ORG_COLUMNS: &[Column] = &[
    Column {
        aliases: &["名称"],
        ..col(
            "name",
            "单位名称",
            true,
            CellKind::Text,
            ("1至60个字,同一上级下不重名", "1 to 60 characters, unique under its parent"),
            "市委党史研究院",
        )
    },
    Column {
        aliases: &["parent_id"],
        ..col(
            "parent",
            "上级单位",
            true,
            CellKind::Text,
            (
                "已有单位的ID、编号或全称,或本文件中前面各行的单位名称",
                "an existing org's ID, number or name, or the name of an org in an earlier row",
            ),
            "东营市",
        )
    },
    Column {
        aliases: &["类别"],
        ..col("kind", "单位类别", true, CellKind::Text, ("见下表", "see the list below"), "事业单位")
    },
    col(
        "level",
        "级别",
        true,
        CellKind::Text,
        ("市级 / 县级 / 乡级", "市级 / 县级 / 乡级 (city / county / township)"),
        "市级",
    ),
    col("sort", "排序", false, CellKind::Text, ("整数,可空", "a whole number, optional"), "10"),
];

/// Post columns.
pub static POST_COLUMNS: &[Column] = &[
    Column {
        aliases: &["单位", "org_id"], ..col("org", "所在单位", true, CellKind::Text, ORG_REF, "市财政局")
    },
    Column {
        aliases: &["职务"],
        ..col("title", "职务名称", true, CellKind::Text, ("1至60个字", "1 to 60 characters"), "政府采购管理科科长")
    },
    col("rank", "职务职级", true, CellKind::Text, ("职务层次或职级名称", "a rank of either ladder"), "乡科级正职"),
    col("middle_level", "中层", false, CellKind::Text, ("是 / 否", "是 / 否 (yes / no)"), "是"),
    col("key_post", "重点岗位", false, CellKind::Text, ("是 / 否", "是 / 否 (yes / no)"), "是"),
    Column {
        aliases: &["职数(名)"],
        ..col("authorised", "职数", true, CellKind::Text, ("1至99的整数", "a whole number from 1 to 99"), "1")
    },
];

/// The columns of a kind of import.
pub fn columns(kind: ImportKind) -> &'static [Column] {
    match kind {
        ImportKind::Orgs => ORG_COLUMNS,
        ImportKind::Posts => POST_COLUMNS,
        ImportKind::Cadres => CADRE_COLUMNS,
    }
}

/// Normalises a header title: trims, drops a required-marker (`*`, `(必填)`) and lower-cases ASCII.
fn normalise(title: &str) -> String {
    let title = title.trim().trim_end_matches(['*', '*']);
    let title = title.strip_suffix("(必填)").or_else(|| title.strip_suffix("(必填)")).unwrap_or(title);
    title.trim().to_ascii_lowercase()
}

/// The column a header title names, if any.
pub fn column_for(columns: &[Column], title: &str) -> Option<usize> {
    let title = normalise(title);
    columns.iter().position(|c| c.zh == title || c.field == title || c.aliases.iter().any(|a| normalise(a) == title))
}

/// The Chinese title of a field, for surfaces that show problems by column.
pub fn column_title(kind: ImportKind, field: &str) -> Option<&'static str> {
    columns(kind).iter().find(|c| c.field == field).map(|c| c.zh)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_in_chinese_english_or_with_a_required_marker() {
        assert_eq!(column_for(CADRE_COLUMNS, "身份证号码"), Some(6));
        assert_eq!(column_for(CADRE_COLUMNS, " ID_Number "), Some(6));
        assert_eq!(column_for(CADRE_COLUMNS, "姓名*"), Some(0));
        assert_eq!(column_for(CADRE_COLUMNS, "姓名(必填)"), Some(0));
        assert_eq!(column_for(CADRE_COLUMNS, "备注"), None);
    }

    #[test]
    fn cadre_columns_follow_the_cadre_input_fields() {
        let fields: Vec<&str> = CADRE_COLUMNS.iter().map(|c| c.field).collect();
        assert_eq!(
            fields,
            [
                "name",
                "gender",
                "birth_date",
                "ethnicity",
                "native_place",
                "birthplace",
                "id_number",
                "political_status",
                "party_entry_date",
                "work_start_date",
                "health",
                "speciality",
                "org",
                "rank",
                "current_post",
                "professional_title"
            ]
        );
    }
}
