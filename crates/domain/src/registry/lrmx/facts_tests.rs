use time::macros::date;

use super::*;
use crate::registry::lrmx::Relative;
use crate::registry::resident_id::with_check_char;

const TODAY: Date = date!(2026 - 11 - 26);

fn person() -> Person {
    Person {
        name: "张三丰".into(),
        gender: "男".into(),
        birth_month: "197805".into(),
        ethnicity: "汉族".into(),
        native_place: "山东东营".into(),
        birthplace: "山东东营".into(),
        party_entry: "200107".into(),
        work_start: "200008".into(),
        health: "健康".into(),
        full_time_education: "大学本科".into(),
        full_time_degree: "法学学士".into(),
        full_time_education_school: "山东大学法学院法学专业".into(),
        resume: "1996.09--2000.07  山东大学法学院法学专业学习\n2000.08--         文汇街道科员".into(),
        annual_grades: "2024年度考核优秀；2025年度考核称职。".into(),
        rewards_sanctions: "无".into(),
        family: vec![Relative {
            relation: "妻子".into(),
            name: "李梅".into(),
            birth_month: "198003".into(),
            political_status: "群众".into(),
            work_unit_and_post: "东营市第一中学教师".into(),
        }],
        id_number: with_check_char("37050219780504123"),
        professional_title: "高级经济师".into(),
        ..Person::default()
    }
}

fn placement() -> Placement<'static> {
    Placement { org_id: "org-1", rank: "" }
}

#[test]
fn a_complete_form_becomes_dossier_facts() {
    let facts = person().facts(placement(), TODAY).unwrap();
    assert_eq!(facts.cadre.birth_date, date!(1978 - 05 - 04));
    assert_eq!((facts.cadre.political_status, facts.cadre.party_entry_date), ("01", Some(date!(2001 - 07 - 01))));
    let e = &facts.educations[0];
    assert_eq!((e.level, e.degree, e.school.as_str(), e.major.as_str()), ("20", Some("4"), "山东大学法学院", "法学"));
    assert_eq!((e.start_date, e.end_date), (Some(date!(1996 - 09 - 01)), Some(date!(2000 - 07 - 01))));
    assert_eq!(facts.work.len(), 1);
    assert_eq!((facts.work[0].0, facts.work[0].1.text.as_str()), (2, "文汇街道科员"));
    assert_eq!(facts.grades.len(), 2);
    assert_eq!((facts.family[0].relation, facts.family[0].birth_date), ("spouse", Some(date!(1980 - 03 - 01))));
    assert!(facts.not_kept.is_empty(), "{:?}", facts.not_kept);
    assert_eq!(facts.cadre.professional_title, person().professional_title);
    assert_eq!(facts.texts.resume, person().resume);
}

#[test]
fn narrative_rewards_and_grades_are_kept_as_written_and_nothing_is_refused() {
    let p = Person {
        annual_grades: "2024年度考核良好".into(),
        rewards_sanctions: "2019年12月，经东营区委批准，授予优秀共产党员称号。".into(),
        ..person()
    };
    let facts = p.facts(placement(), TODAY).unwrap();
    assert!(facts.grades.is_empty() && facts.rewards_sanctions.is_empty());
    assert_eq!(facts.texts.grades_kept, [(1, "2024年度考核良好".to_owned())]);
    assert_eq!(facts.texts.rewards_kept[0].1, "2019年12月，经东营区委批准，授予优秀共产党员称号。");
}

#[test]
fn other_parties_and_the_masses_are_read_from_the_party_entry_cell() {
    for (cell, code) in [("民盟", "05"), ("", "13"), ("中共党员", "01")] {
        let p = Person { party_entry: cell.into(), ..person() };
        let cadre = p.facts(placement(), TODAY).unwrap().cadre;
        assert_eq!((cadre.political_status, cadre.party_entry_date), (code, None), "{cell}");
    }
}

#[test]
fn every_wrong_element_is_named_at_once() {
    let mut p = Person {
        name: String::new(),
        birth_month: "197806".into(),
        ethnicity: "火星".into(),
        work_start: "2000年13月".into(),
        full_time_education: "小学".into(),
        resume: "2000.08--1999.01  科员".into(),
        photo: "not base64!".into(),
        ..person()
    };
    p.family[0].relation = "邻居".into();
    p.family.push(Relative {
        name: "张小".into(),
        relation: "儿子".into(),
        birth_month: "2010.13".into(),
        ..Relative::default()
    });
    let fields: Vec<String> = p.facts(placement(), TODAY).unwrap_err().fields.into_iter().map(|f| f.field).collect();
    for expected in [
        "XingMing",
        "ChuShengNianYue",
        "MinZu",
        "CanJiaGongZuoShiJian",
        "QuanRiZhiJiaoYu_XueLi",
        "JianLi[1]",
        "JiaTingChengYuan/Item[1]/ChengWei",
        "JiaTingChengYuan/Item[2]/ChuShengRiQi",
        "ZhaoPian",
    ] {
        assert!(fields.iter().any(|f| f == expected), "{expected} missing from {fields:?}");
    }
}

#[test]
fn an_id_number_with_a_wrong_check_digit_or_none_at_all_is_refused() {
    let mut wrong = with_check_char("37050219780504123");
    wrong.replace_range(17.., if wrong.ends_with('0') { "1" } else { "0" });
    let err = Person { id_number: wrong, ..person() }.facts(placement(), TODAY).unwrap_err();
    assert_eq!(err.fields[0].field, "ShenFenZheng");
    assert!(err.fields[0].message.zh.contains("校验码"));
    let none = Person { id_number: String::new(), ..person() }.facts(placement(), TODAY).unwrap_err();
    assert!(none.fields.iter().any(|f| f.field == "ShenFenZheng"));
}

#[test]
fn school_and_major_are_split_at_a_space_or_after_the_school() {
    assert_eq!(split_school("山东大学 法学专业"), ("山东大学".into(), "法学".into()));
    assert_eq!(split_school("中共山东省委党校经济管理专业"), ("中共山东省委党校".into(), "经济管理".into()));
    assert_eq!(split_school("东营市委"), ("东营市委".into(), String::new()));
}
