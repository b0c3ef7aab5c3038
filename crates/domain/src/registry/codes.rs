//! Code sets for coded dossier fields. Where a national standard exists its codes are used
//! (GB/T 2261.1 gender, GB 3304 ethnicity, GB/T 4762 political status, GB/T 4658 education),
//! so that LRMX and statistics exports line up; elsewhere stable English keys.
//!
//! Inputs may give either the code or the Chinese label ([`CodeSet::parse`]).

use crate::error::FieldError;

/// One entry of a code set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Code {
    pub code: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
}

/// A named, fixed list of codes.
#[derive(Debug)]
pub struct CodeSet {
    pub name: &'static str,
    pub codes: &'static [Code],
}

pub(crate) const fn c(code: &'static str, zh: &'static str, en: &'static str) -> Code {
    Code { code, zh, en }
}

impl CodeSet {
    pub fn get(&self, code: &str) -> Option<&'static Code> {
        self.codes.iter().find(|c| c.code == code)
    }

    /// Accepts a code, a Chinese label or an English label; names the field and set on error.
    pub fn parse(&self, field: &str, raw: &str) -> Result<&'static Code, FieldError> {
        let text = raw.trim();
        self.codes.iter().find(|c| c.code == text || c.zh == text || c.en.eq_ignore_ascii_case(text)).ok_or_else(|| {
            FieldError::new(
                field,
                format!("“{text}” 不是{}中的有效值", self.name),
                format!("\"{text}\" is not a value of the code set {}", self.name),
            )
        })
    }

    /// The label in a language (`en` or Chinese), or the code itself if unknown.
    pub fn label(&self, code: &str, lang: &str) -> String {
        match self.get(code) {
            Some(c) if lang == "en" => c.en.to_owned(),
            Some(c) => c.zh.to_owned(),
            None => code.to_owned(),
        }
    }
}

/// GB/T 2261.1 性别.
pub static GENDER: CodeSet =
    CodeSet { name: "GB/T 2261.1 性别", codes: &[c("1", "男", "male"), c("2", "女", "female")] };

/// GB 3304-1991 民族 (the 56 ethnic groups).
pub static ETHNICITY: CodeSet = CodeSet {
    name: "GB 3304 民族",
    codes: &[
        c("01", "汉族", "Han"),
        c("02", "蒙古族", "Mongol"),
        c("03", "回族", "Hui"),
        c("04", "藏族", "Tibetan"),
        c("05", "维吾尔族", "Uyghur"),
        c("06", "苗族", "Miao"),
        c("07", "彝族", "Yi"),
        c("08", "壮族", "Zhuang"),
        c("09", "布依族", "Bouyei"),
        c("10", "朝鲜族", "Korean"),
        c("11", "满族", "Manchu"),
        c("12", "侗族", "Dong"),
        c("13", "瑶族", "Yao"),
        c("14", "白族", "Bai"),
        c("15", "土家族", "Tujia"),
        c("16", "哈尼族", "Hani"),
        c("17", "哈萨克族", "Kazakh"),
        c("18", "傣族", "Dai"),
        c("19", "黎族", "Li"),
        c("20", "傈僳族", "Lisu"),
        c("21", "佤族", "Va"),
        c("22", "畲族", "She"),
        c("23", "高山族", "Gaoshan"),
        c("24", "拉祜族", "Lahu"),
        c("25", "水族", "Sui"),
        c("26", "东乡族", "Dongxiang"),
        c("27", "纳西族", "Naxi"),
        c("28", "景颇族", "Jingpo"),
        c("29", "柯尔克孜族", "Kyrgyz"),
        c("30", "土族", "Tu"),
        c("31", "达斡尔族", "Daur"),
        c("32", "仫佬族", "Mulao"),
        c("33", "羌族", "Qiang"),
        c("34", "布朗族", "Blang"),
        c("35", "撒拉族", "Salar"),
        c("36", "毛南族", "Maonan"),
        c("37", "仡佬族", "Gelao"),
        c("38", "锡伯族", "Xibe"),
        c("39", "阿昌族", "Achang"),
        c("40", "普米族", "Pumi"),
        c("41", "塔吉克族", "Tajik"),
        c("42", "怒族", "Nu"),
        c("43", "乌孜别克族", "Uzbek"),
        c("44", "俄罗斯族", "Russian"),
        c("45", "鄂温克族", "Evenki"),
        c("46", "德昂族", "De'ang"),
        c("47", "保安族", "Bonan"),
        c("48", "裕固族", "Yugur"),
        c("49", "京族", "Gin"),
        c("50", "塔塔尔族", "Tatar"),
        c("51", "独龙族", "Derung"),
        c("52", "鄂伦春族", "Oroqen"),
        c("53", "赫哲族", "Hezhen"),
        c("54", "门巴族", "Monba"),
        c("55", "珞巴族", "Lhoba"),
        c("56", "基诺族", "Jino"),
    ],
};

/// GB/T 4762-1984 政治面貌.
const GB_4762: [Code; 13] = [
    c("01", "中共党员", "CPC member"),
    c("02", "中共预备党员", "CPC probationary member"),
    c("03", "共青团员", "CYL member"),
    c("04", "民革党员", "RCCK member"),
    c("05", "民盟盟员", "CDL member"),
    c("06", "民建会员", "CNDCA member"),
    c("07", "民进会员", "CAPD member"),
    c("08", "农工党党员", "CPWDP member"),
    c("09", "致公党党员", "CZGP member"),
    c("10", "九三学社社员", "Jiusan Society member"),
    c("11", "台盟盟员", "TDSL member"),
    c("12", "无党派人士", "non-partisan"),
    c("13", "群众", "the masses"),
];

/// GB/T 4762-1984 政治面貌.
pub static POLITICAL_STATUS: CodeSet = CodeSet { name: "GB/T 4762 政治面貌", codes: &GB_4762 };

/// 政治面貌 of a family member: GB/T 4762 and 少先队员, which the 任免审批表 writes for children
/// (the standard has no code for it; 14 is ours, never a cadre's).
pub static FAMILY_POLITICAL_STATUS: CodeSet = CodeSet { name: "政治面貌", codes: &FAMILY_4762 };

const FAMILY_4762: [Code; 14] = {
    let mut all = [c("14", "少先队员", "Young Pioneer"); 14];
    let mut i = 0;
    while i < GB_4762.len() {
        all[i] = GB_4762[i];
        i += 1;
    }
    all
};

/// GB/T 4658-2006 学历 (the levels the 任免审批表 uses).
pub static EDUCATION: CodeSet = CodeSet {
    name: "GB/T 4658 学历",
    codes: &[
        c("10", "研究生", "postgraduate"),
        c("11", "博士研究生", "doctoral"),
        c("14", "硕士研究生", "master's"),
        c("20", "大学本科", "bachelor's"),
        c("30", "大学专科", "junior college"),
        c("40", "中等专科", "secondary vocational"),
        c("60", "普通高中", "senior high school"),
        c("70", "初中", "junior high school"),
    ],
};

/// GB/T 6864 学位.
pub static DEGREE: CodeSet = CodeSet {
    name: "GB/T 6864 学位",
    codes: &[c("2", "博士", "doctorate"), c("3", "硕士", "master"), c("4", "学士", "bachelor"), c("0", "无", "none")],
};

/// 全日制 / 在职 education.
pub static EDUCATION_MODE: CodeSet = CodeSet {
    name: "教育类别",
    codes: &[c("full_time", "全日制教育", "full-time"), c("in_service", "在职教育", "in-service")],
};

/// Annual assessment grades (ASM-GRADES).
pub static GRADE: CodeSet = CodeSet {
    name: "年度考核等次",
    codes: &[
        c("excellent", "优秀", "excellent"),
        c("competent", "称职", "competent"),
        c("basically_competent", "基本称职", "basically competent"),
        c("incompetent", "不称职", "incompetent"),
        c("not_graded", "不定等次", "not graded"),
    ],
};

/// Reward kinds (奖励).
pub static REWARD: CodeSet = CodeSet {
    name: "奖励种类",
    codes: &[
        c("commendation", "嘉奖", "commendation"),
        c("merit_third", "记三等功", "third-class merit"),
        c("merit_second", "记二等功", "second-class merit"),
        c("merit_first", "记一等功", "first-class merit"),
        c("honorary_title", "授予称号", "honorary title"),
    ],
};

/// Sanction and handling kinds; the key names the policy's period figure (DSC-* rules).
pub static SANCTION: CodeSet = CodeSet {
    name: "处分及组织处理种类",
    codes: &[
        c("party_warning", "党内警告", "party warning"),
        c("party_serious_warning", "党内严重警告", "party serious warning"),
        c("removal_from_party_post", "撤销党内职务", "removal from party post"),
        c("party_probation", "留党察看", "party probation"),
        c("expulsion_from_party", "开除党籍", "expulsion from the party"),
        c("gov_warning", "警告(政务)", "warning (government)"),
        c("gov_demerit", "记过", "demerit"),
        c("gov_major_demerit", "记大过", "major demerit"),
        c("gov_demotion", "降级", "demotion"),
        c("gov_dismissal_from_post", "撤职", "dismissal from post"),
        c("gov_expulsion", "开除", "expulsion"),
        c("admonishment", "诫勉", "admonishment"),
        c("organisational_handling", "组织处理", "organisational handling"),
    ],
};

/// Family relations (称谓).
pub static RELATION: CodeSet = CodeSet {
    name: "家庭成员称谓",
    codes: &[
        c("spouse", "配偶", "spouse"),
        c("son", "儿子", "son"),
        c("daughter", "女儿", "daughter"),
        c("father", "父亲", "father"),
        c("mother", "母亲", "mother"),
        c("other", "其他", "other"),
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_ethnic_group_is_listed_once() {
        assert_eq!(ETHNICITY.codes.len(), 56);
        let mut codes: Vec<_> = ETHNICITY.codes.iter().map(|c| c.code).collect();
        codes.dedup();
        assert_eq!(codes.len(), 56);
    }

    #[test]
    fn a_code_set_accepts_the_code_or_either_label() {
        assert_eq!(ETHNICITY.parse("ethnicity", "03").unwrap().zh, "回族");
        assert_eq!(ETHNICITY.parse("ethnicity", "回族").unwrap().code, "03");
        assert_eq!(GENDER.parse("gender", "Female").unwrap().code, "2");
    }

    #[test]
    fn an_unknown_value_names_the_field_and_the_set() {
        let err = POLITICAL_STATUS.parse("political_status", "党员同志").unwrap_err();
        assert_eq!(err.field, "political_status");
        assert!(err.message.zh.contains("GB/T 4762"));
    }
}
