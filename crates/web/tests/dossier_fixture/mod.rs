//! A full dossier for the 任免审批表 tests: both kinds of education, two tenures, grades, a reward
//! and a sanction, two family members. Dates are first days of months, the precision LRMX keeps.

#![allow(dead_code, reason = "each test binary uses a different part of the fixture")]

use jianquan_app::Actor;
use jianquan_app::registry::dossier as sections;
use jianquan_app::registry::promotion::{PromotionInput, promote};
use jianquan_domain::registry::dossier::{EducationInput, FamilyInput, GradeInput, RewardSanctionInput, TenureInput};

use crate::common::World;

fn education(
    mode: &str,
    level: &str,
    degree: &str,
    school: &str,
    major: &str,
    start: &str,
    end: &str,
) -> EducationInput {
    EducationInput {
        mode: mode.into(),
        level: level.into(),
        degree: degree.into(),
        school: school.into(),
        major: major.into(),
        start_date: start.into(),
        end_date: end.into(),
    }
}

/// Fills a cadre's dossier sections (the cadre works in the township 文汇街道).
pub async fn fill(w: &World, cadre: &str) {
    let (app, sys) = (&w.app, &Actor::system_for_cli());
    for e in [
        education("full_time", "大学本科", "学士", "山东大学", "法学", "1996-09-01", "2000-07-01"),
        education("in_service", "硕士研究生", "硕士", "中共山东省委党校", "经济管理", "2005-09-01", "2008-07-01"),
    ] {
        sections::add_education(app, sys, cadre, &e).await.expect("education");
    }
    let earlier = TenureInput {
        org_id: w.town_a.clone(),
        title: "科员".into(),
        start_date: "2000-08-01".into(),
        end_date: "2010-02-01".into(),
        ..TenureInput::default()
    };
    sections::add_tenure(app, sys, cadre, &earlier).await.expect("tenure");
    // The current post, as the county committee decided it (SEL-COLLECTIVE: recorded with its body).
    let current = PromotionInput {
        decided_by: "higher_party_committee".into(),
        decided_on: "2010-03-01".into(),
        document_number: "东区组〔2010〕5号".into(),
        rank: "township_principal".into(),
        title: "副主任".into(),
        date: "2010-03-01".into(),
        ..PromotionInput::default()
    };
    promote(app, &crate::common::org_staff(app).await, cadre, &current).await.expect("current post");
    for (year, grade) in [("2024", "优秀"), ("2025", "称职")] {
        sections::record_grade(app, sys, cadre, &GradeInput { year: year.into(), grade: grade.into() })
            .await
            .expect("grade");
    }
    for (kind, date, authority, document, reason) in [
        ("记三等功", "2024-12-20", "东营市人民政府", "东政发〔2024〕9号", "招商引资成绩突出"),
        ("警告(政务)", "2023-03-01", "东营区纪委", "", "违反工作纪律"),
    ] {
        let r = RewardSanctionInput {
            kind: kind.into(),
            date: date.into(),
            authority: authority.into(),
            document_number: document.into(),
            reason: reason.into(),
        };
        sections::add_reward_sanction(app, sys, cadre, &r).await.expect("reward or sanction");
    }
    for (relation, name, birth, political, work) in [
        ("配偶", "李梅", "1980-03-01", "群众", "东营市第一中学教师"),
        ("儿子", "张小明", "2006-05-01", "共青团员", "山东大学学生"),
    ] {
        let f = FamilyInput {
            relation: relation.into(),
            name: name.into(),
            birth_date: birth.into(),
            political_status: political.into(),
            work_unit_and_post: work.into(),
            abroad: String::new(),
        };
        sections::add_family_member(app, sys, cadre, &f).await.expect("family");
    }
}

/// The cadre's full ID number.
pub async fn id_number(w: &World, cadre: &str) -> String {
    let mut conn = w.app.db.read().await.expect("read");
    jianquan_storage::registry::cadres::get(&mut conn, cadre).await.expect("get").expect("cadre").id_number
}
