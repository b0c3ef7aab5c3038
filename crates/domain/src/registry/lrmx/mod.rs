//! The 任免审批表 (appointment and removal form) in the national exchange format LRMX 3.x: an
//! XML document with root `Person` whose elements are named in pinyin (`XingMing` 姓名, `JianLi`
//! 简历, …), the family as repeated `Item`s and the photo as base64 (`ZhaoPian`).
//!
//! [`Person`] holds every element as the text the form prints and the file carries. It is built
//! from a dossier for the printable form and the export, read from and written to XML by [`xml`],
//! and turned back into validated dossier facts by [`facts`]. The free-text sections (resume,
//! rewards and sanctions, annual grades) are written in the fixed line formats of [`text`] and
//! [`records`], so what we export comes back as the same facts; other writers' text is read as
//! far as those formats reach, and a line that cannot be read is refused by name.
//!
//! Dates travel as the format has them: months (`YYYYMM`) for birth, party entry, work start and
//! the resume; a day other than the first is carried as its month. The birth date itself comes
//! back exactly from the resident ID number.

pub mod facts;
pub mod records;
pub mod text;
pub mod xml;

use serde::Serialize;

/// The format version written into `Version`: that of the 中组部 software whose files we match.
pub const FORMAT_VERSION: &str = "3.2.1.16";

/// One family member or important social relation (`JiaTingChengYuan/Item`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Relative {
    /// 称谓 `ChengWei`.
    pub relation: String,
    /// 姓名 `XingMing`.
    pub name: String,
    /// 出生日期 `ChuShengRiQi` (`YYYYMM`).
    pub birth_month: String,
    /// 政治面貌 `ZhengZhiMianMao`.
    pub political_status: String,
    /// 工作单位及职务 `GongZuoDanWeiJiZhiWu`.
    pub work_unit_and_post: String,
}

/// Every element of an LRMX file, as text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Person {
    pub name: String,
    pub gender: String,
    /// `YYYYMM`.
    pub birth_month: String,
    pub ethnicity: String,
    pub native_place: String,
    pub birthplace: String,
    /// `YYYYMM` for a CPC member; the party's name for other parties; empty for 群众.
    pub party_entry: String,
    /// `YYYYMM`.
    pub work_start: String,
    pub health: String,
    /// 专业技术职务: not kept in the dossier.
    pub professional_title: String,
    pub speciality: String,
    pub full_time_education: String,
    pub full_time_degree: String,
    /// 毕业院校系及专业 of the education (school, a space, the major).
    pub full_time_education_school: String,
    pub full_time_degree_school: String,
    pub in_service_education: String,
    pub in_service_degree: String,
    pub in_service_education_school: String,
    pub in_service_degree_school: String,
    pub current_post: String,
    pub proposed_post: String,
    pub proposed_removal: String,
    /// 简历: one line per period ([`text::resume_text`]).
    pub resume: String,
    /// 奖惩情况: one line per entry ([`records::rewards_text`]).
    pub rewards_sanctions: String,
    /// 年度考核结果 ([`records::grades_text`]).
    pub annual_grades: String,
    /// 任免理由.
    pub reasons: String,
    pub family: Vec<Relative>,
    /// 呈报单位.
    pub reporting_unit: String,
    /// 计算年龄时间 (`YYYYMMDD`).
    pub age_on: String,
    /// 填表时间 (`YYYYMMDD`).
    pub filled_on: String,
    /// 填表人.
    pub filled_by: String,
    pub id_number: String,
    /// 照片, base64.
    pub photo: String,
    pub version: String,
}

/// The element after which the family (`JiaTingChengYuan`) is written.
pub const FAMILY_AFTER: &str = "RenMianLiYou";
/// The family's element and its items' element.
pub const FAMILY: &str = "JiaTingChengYuan";
pub const FAMILY_ITEM: &str = "Item";

/// The elements of a family item, in the order they are written.
pub const RELATIVE_ELEMENTS: [&str; 5] =
    ["ChengWei", "XingMing", "ChuShengRiQi", "ZhengZhiMianMao", "GongZuoDanWeiJiZhiWu"];

impl Relative {
    /// The item's elements with their values, in order.
    pub fn elements(&self) -> [(&'static str, &str); 5] {
        let e = RELATIVE_ELEMENTS;
        [
            (e[0], &self.relation),
            (e[1], &self.name),
            (e[2], &self.birth_month),
            (e[3], &self.political_status),
            (e[4], &self.work_unit_and_post),
        ]
    }

    /// The slot an item's element is read into; `None` for an element the item does not have.
    pub fn slot(&mut self, element: &str) -> Option<&mut String> {
        Some(match element {
            "ChengWei" => &mut self.relation,
            "XingMing" => &mut self.name,
            "ChuShengRiQi" => &mut self.birth_month,
            "ZhengZhiMianMao" => &mut self.political_status,
            "GongZuoDanWeiJiZhiWu" => &mut self.work_unit_and_post,
            _ => return None,
        })
    }
}

impl Person {
    /// The scalar elements with their values, in the order the 中组部 software writes them.
    pub fn elements(&self) -> Vec<(&'static str, &str)> {
        vec![
            ("XingMing", &self.name),
            ("XingBie", &self.gender),
            ("ChuShengNianYue", &self.birth_month),
            ("MinZu", &self.ethnicity),
            ("JiGuan", &self.native_place),
            ("ChuShengDi", &self.birthplace),
            ("RuDangShiJian", &self.party_entry),
            ("CanJiaGongZuoShiJian", &self.work_start),
            ("JianKangZhuangKuang", &self.health),
            ("ZhuanYeJiShuZhiWu", &self.professional_title),
            ("ShuXiZhuanYeYouHeZhuanChang", &self.speciality),
            ("QuanRiZhiJiaoYu_XueLi", &self.full_time_education),
            ("QuanRiZhiJiaoYu_XueWei", &self.full_time_degree),
            ("QuanRiZhiJiaoYu_XueLi_BiYeYuanXiaoXi", &self.full_time_education_school),
            ("QuanRiZhiJiaoYu_XueWei_BiYeYuanXiaoXi", &self.full_time_degree_school),
            ("ZaiZhiJiaoYu_XueLi", &self.in_service_education),
            ("ZaiZhiJiaoYu_XueWei", &self.in_service_degree),
            ("ZaiZhiJiaoYu_XueLi_BiYeYuanXiaoXi", &self.in_service_education_school),
            ("ZaiZhiJiaoYu_XueWei_BiYeYuanXiaoXi", &self.in_service_degree_school),
            ("XianRenZhiWu", &self.current_post),
            ("NiRenZhiWu", &self.proposed_post),
            ("NiMianZhiWu", &self.proposed_removal),
            ("JianLi", &self.resume),
            ("JiangChengQingKuang", &self.rewards_sanctions),
            ("NianDuKaoHeJieGuo", &self.annual_grades),
            ("RenMianLiYou", &self.reasons),
            ("ChengBaoDanWei", &self.reporting_unit),
            ("JiSuanNianLingShiJian", &self.age_on),
            ("TianBiaoShiJian", &self.filled_on),
            ("TianBiaoRen", &self.filled_by),
            ("ShenFenZheng", &self.id_number),
            ("ZhaoPian", &self.photo),
            ("Version", &self.version),
        ]
    }

    /// The slot a scalar element is read into; `None` for an element the format does not have
    /// (such as `NianLing`, the age, which is computed rather than kept).
    pub fn slot(&mut self, element: &str) -> Option<&mut String> {
        Some(match element {
            "XingMing" => &mut self.name,
            "XingBie" => &mut self.gender,
            "ChuShengNianYue" => &mut self.birth_month,
            "MinZu" => &mut self.ethnicity,
            "JiGuan" => &mut self.native_place,
            "ChuShengDi" => &mut self.birthplace,
            "RuDangShiJian" => &mut self.party_entry,
            "CanJiaGongZuoShiJian" => &mut self.work_start,
            "JianKangZhuangKuang" => &mut self.health,
            "ZhuanYeJiShuZhiWu" => &mut self.professional_title,
            "ShuXiZhuanYeYouHeZhuanChang" => &mut self.speciality,
            "QuanRiZhiJiaoYu_XueLi" => &mut self.full_time_education,
            "QuanRiZhiJiaoYu_XueWei" => &mut self.full_time_degree,
            "QuanRiZhiJiaoYu_XueLi_BiYeYuanXiaoXi" => &mut self.full_time_education_school,
            "QuanRiZhiJiaoYu_XueWei_BiYeYuanXiaoXi" => &mut self.full_time_degree_school,
            "ZaiZhiJiaoYu_XueLi" => &mut self.in_service_education,
            "ZaiZhiJiaoYu_XueWei" => &mut self.in_service_degree,
            "ZaiZhiJiaoYu_XueLi_BiYeYuanXiaoXi" => &mut self.in_service_education_school,
            "ZaiZhiJiaoYu_XueWei_BiYeYuanXiaoXi" => &mut self.in_service_degree_school,
            "XianRenZhiWu" => &mut self.current_post,
            "NiRenZhiWu" => &mut self.proposed_post,
            "NiMianZhiWu" => &mut self.proposed_removal,
            "JianLi" => &mut self.resume,
            "JiangChengQingKuang" => &mut self.rewards_sanctions,
            "NianDuKaoHeJieGuo" => &mut self.annual_grades,
            "RenMianLiYou" => &mut self.reasons,
            "ChengBaoDanWei" => &mut self.reporting_unit,
            "JiSuanNianLingShiJian" => &mut self.age_on,
            "TianBiaoShiJian" => &mut self.filled_on,
            "TianBiaoRen" => &mut self.filled_by,
            "ShenFenZheng" => &mut self.id_number,
            "ZhaoPian" => &mut self.photo,
            "Version" => &mut self.version,
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_written_element_is_read_back_into_its_own_slot() {
        let mut person = Person::default();
        let names: Vec<&str> = Person::default().elements().into_iter().map(|(name, _)| name).collect();
        for (i, name) in names.iter().enumerate() {
            *person.slot(name).unwrap() = i.to_string();
        }
        for (i, (_, value)) in person.elements().into_iter().enumerate() {
            assert_eq!(value, i.to_string());
        }
        assert!(names.contains(&FAMILY_AFTER));
        assert!(person.slot("NianLing").is_none());
    }
}

/// The form's own label of an element (as the 任免审批表 prints it), for people reading an
/// error or a kept line; `None` for a name the format does not have.
pub fn element_label(element: &str) -> Option<(&'static str, &'static str)> {
    Some(match element {
        "XingMing" => ("姓名", "name"),
        "XingBie" => ("性别", "gender"),
        "ChuShengNianYue" => ("出生年月", "birth month"),
        "MinZu" => ("民族", "ethnicity"),
        "JiGuan" => ("籍贯", "native place"),
        "ChuShengDi" => ("出生地", "birthplace"),
        "RuDangShiJian" => ("入党时间", "party entry"),
        "CanJiaGongZuoShiJian" => ("参加工作时间", "work start"),
        "JianKangZhuangKuang" => ("健康状况", "health"),
        "ZhuanYeJiShuZhiWu" => ("专业技术职务", "professional title"),
        "ShuXiZhuanYeYouHeZhuanChang" => ("熟悉专业有何专长", "speciality"),
        "QuanRiZhiJiaoYu_XueLi" | "QuanRiZhiJiaoYu_XueWei" => ("全日制教育学历学位", "full-time education"),
        "QuanRiZhiJiaoYu_XueLi_BiYeYuanXiaoXi" | "QuanRiZhiJiaoYu_XueWei_BiYeYuanXiaoXi" => {
            ("全日制教育毕业院校系及专业", "full-time education's school")
        }
        "ZaiZhiJiaoYu_XueLi" | "ZaiZhiJiaoYu_XueWei" => ("在职教育学历学位", "in-service education"),
        "ZaiZhiJiaoYu_XueLi_BiYeYuanXiaoXi" | "ZaiZhiJiaoYu_XueWei_BiYeYuanXiaoXi" => {
            ("在职教育毕业院校系及专业", "in-service education's school")
        }
        "XianRenZhiWu" => ("现任职务", "current post"),
        "NiRenZhiWu" => ("拟任职务", "proposed post"),
        "NiMianZhiWu" => ("拟免职务", "proposed removal"),
        "JianLi" => ("简历", "résumé"),
        "JiangChengQingKuang" => ("奖惩情况", "rewards and sanctions"),
        "NianDuKaoHeJieGuo" => ("年度考核结果", "annual grades"),
        "RenMianLiYou" => ("任免理由", "reasons"),
        "ChengBaoDanWei" => ("呈报单位", "reporting unit"),
        "JiSuanNianLingShiJian" => ("计算年龄时间", "age reckoned on"),
        "TianBiaoShiJian" => ("填表时间", "filled in on"),
        "TianBiaoRen" => ("填表人", "filled in by"),
        "ShenFenZheng" => ("身份证号", "resident ID number"),
        "ZhaoPian" => ("照片", "photo"),
        "Version" => ("版本", "version"),
        "JiaTingChengYuan" => ("家庭主要成员及重要社会关系", "family"),
        "ChengWei" => ("称谓", "relation"),
        "ChuShengRiQi" => ("出生日期", "birth date"),
        "ZhengZhiMianMao" => ("政治面貌", "political status"),
        "GongZuoDanWeiJiZhiWu" => ("工作单位及职务", "work unit and post"),
        _ => return None,
    })
}

/// An error's or a kept line's place in words: `JiaTingChengYuan/Item[2]/XingMing` reads
/// "家庭主要成员及重要社会关系 第 2 项 · 姓名 (JiaTingChengYuan/Item[2]/XingMing)"; a file's name
/// before `: ` is kept; what is not an element (`file`, `org`) is returned as it is.
pub fn describe_place(place: &str, zh: bool) -> String {
    let (file, path) = match place.rsplit_once(": ") {
        Some((file, path)) => (Some(file), path),
        None => (None, place),
    };
    let mut words = Vec::new();
    for segment in path.split('/') {
        let (name, index) = match segment.split_once('[') {
            Some((name, rest)) => (name, rest.trim_end_matches(']').parse::<usize>().ok()),
            None => (segment, None),
        };
        let label = element_label(name).map(|(z, e)| if zh { z } else { e });
        let line =
            |n: usize, what: (&str, &str)| if zh { format!("第 {n} {}", what.0) } else { format!("{} {n}", what.1) };
        match (label, index, name) {
            (Some(label), Some(n), _) => words.push(format!("{label} {}", line(n, ("行", "line")))),
            (Some(label), None, _) => words.push(label.to_owned()),
            (None, Some(n), "Item") => words.push(line(n, ("项", "item"))),
            _ => return place.to_owned(),
        }
    }
    let words = format!("{} ({path})", words.join(" · "));
    match file {
        Some(file) => format!("{file}: {words}"),
        None => words,
    }
}

#[cfg(test)]
mod place_tests {
    use super::describe_place;

    #[test]
    fn places_read_as_the_form_labels_them_with_the_element_kept() {
        assert_eq!(describe_place("JianLi[3]", true), "简历 第 3 行 (JianLi[3])");
        assert_eq!(
            describe_place("a.lrmx: JiaTingChengYuan/Item[2]/XingMing", true),
            "a.lrmx: 家庭主要成员及重要社会关系 · 第 2 项 · 姓名 (JiaTingChengYuan/Item[2]/XingMing)"
        );
        assert_eq!(describe_place("ShenFenZheng", false), "resident ID number (ShenFenZheng)");
        assert_eq!(describe_place("org", true), "org");
        assert_eq!(describe_place("说明.txt", true), "说明.txt");
    }
}
