//! Demo study groups, study records and village assistance in Dongying's counties, written
//! through the use-cases (each write with its ledger entry) so the demo shows what users would
//! have recorded: three county groups with a year of sessions and attendance, last year's study
//! reports with evaluations and exams, and in 东营区 a finished batch (第4批, evaluated) and a
//! running one (第5批) of stationed cadres with work logs.

use jianquan_domain::study::{
    AttendanceEntryInput, AttendanceInput, EvaluationInput, ExamInput, GroupInput, MemberInput, ReportInput,
    SessionInput,
};
use jianquan_domain::village::{AssignmentInput, BatchInput, EvaluationInput as VillageEvaluation, LogInput};
use jianquan_storage::registry::cadres::Cadre;
use jianquan_storage::registry::orgs::{self, Org};
use time::{Date, Duration};

use crate::{Actor, App, AppError, AppResult, study, village};

const TOPICS: &[&str] = &[
    "深入学习贯彻习近平新时代中国特色社会主义思想",
    "学习《中国共产党纪律处分条例》",
    "黄河流域生态保护和高质量发展专题研讨",
    "学习党的二十届四中全会精神",
];
const REASONS: &[&str] = &["出差", "病假", "参加上级培训"];
const VILLAGES: &[&str] = &["西张村", "东李村", "南王村", "北刘村", "前赵村", "后孙村", "河口村", "新建村"];
const WORK: &[&str] = &["入户走访群众", "召开村两委会议", "协调修建生产路", "帮办合作社申请", "开展政策宣讲"];

async fn county(app: &App, name: &str) -> AppResult<Option<Org>> {
    let mut conn = app.db.read().await?;
    let Some(city) = orgs::roots(&mut conn).await?.into_iter().find(|o| o.name == "东营市") else { return Ok(None) };
    Ok(orgs::resolve(&mut conn, &city.org_path()?, name).await?.into_iter().find(|o| o.level == "county"))
}

fn text(date: Date) -> String {
    date.to_string()
}

/// Loads the study and village demo into a database holding the demo city.
pub async fn load(app: &App) -> AppResult<()> {
    let system = Actor::system_for_cli();
    let today = app.today();
    for (i, name) in ["东营区", "河口区", "广饶县"].into_iter().enumerate() {
        let Some(org) = county(app, name).await? else { continue };
        let cadres = study::cadres_under(app, &system, &org.path).await?;
        let members: Vec<&Cadre> = cadres.iter().skip(i).step_by(7).take(8).collect();
        study_group(app, &system, &org, &members, today).await?;
        study_records(app, &system, &members, today).await?;
        if i == 0 {
            village_batches(app, &system, &org, &cadres, today).await?;
        }
    }
    Ok(())
}

async fn study_group(app: &App, system: &Actor, org: &Org, members: &[&Cadre], today: Date) -> AppResult<()> {
    study::establish_group(app, system, &GroupInput { org_id: org.id.clone(), name: String::new() }).await?;
    let mut member_ids = Vec::new();
    for (k, cadre) in members.iter().enumerate() {
        let role = match k {
            0 => "leader",
            1 | 2 => "deputy",
            k if k + 1 == members.len() => "secretary",
            _ => "member",
        };
        let input = MemberInput { cadre_id: cadre.id.clone(), role: role.into() };
        member_ids.push(study::add_member(app, system, &org.id, &input).await?);
    }
    for (j, topic) in TOPICS.iter().enumerate() {
        // Sessions in the current year, every two months back from today.
        let date = today - Duration::days(15 + 60 * j as i64);
        if date.year() != today.year() {
            continue;
        }
        let session = SessionInput {
            topic: (*topic).into(),
            date: text(date),
            location: format!("{}委中心组学习室", org.name),
            summary: "围绕专题交流研讨,形成学习纪要。".into(),
        };
        let session_id = study::add_session(app, system, &org.id, &session).await?;
        let entries = member_ids
            .iter()
            .enumerate()
            .map(|(k, id)| {
                let present = (k + j) % 5 != 3;
                AttendanceEntryInput {
                    member_id: id.clone(),
                    present,
                    reason: if present { String::new() } else { REASONS[(k + j) % REASONS.len()].into() },
                    speaker: present && (k + j) % 3 == 0,
                }
            })
            .collect();
        study::record_attendance(app, system, &org.id, &AttendanceInput { session_id, entries }).await?;
    }
    Ok(())
}

async fn study_records(app: &App, system: &Actor, members: &[&Cadre], today: Date) -> AppResult<()> {
    let year = (today.year() - 1).to_string();
    let grades = ["good", "fair_good", "good", "average"];
    for (k, cadre) in members.iter().take(6).enumerate() {
        let report = ReportInput {
            year: year.clone(),
            date: format!("{year}-12-{:02}", 10 + k),
            content: format!(
                "{}年度述学:系统学习党的创新理论,结合岗位撰写心得{}篇,参加集体研讨{}次。",
                year,
                3 + k,
                6 + k
            ),
        };
        study::submit_report(app, system, &cadre.id, &report).await?;
        if k == 5 {
            continue; // one report still waits for its evaluation
        }
        let evaluation = EvaluationInput {
            year: year.clone(),
            grade: grades[k % grades.len()].into(),
            comment: "学习态度端正,联系实际较紧密。".into(),
        };
        study::evaluate_report(app, system, &cadre.id, &evaluation).await?;
        let exam = ExamInput {
            year: year.clone(),
            date: format!("{year}-12-28"),
            score: [92, 85, 78, 66, 54][k % 5].to_string(),
        };
        study::record_exam(app, system, &cadre.id, &exam).await?;
    }
    Ok(())
}

async fn village_batches(app: &App, system: &Actor, org: &Org, cadres: &[Cadre], today: Date) -> AppResult<()> {
    let townships = study::townships_under(app, system, &org.path).await?;
    if townships.is_empty() {
        return Ok(());
    }
    // 第4批 ended two months ago after two years; 第5批 started the day after and runs two years.
    let four_end = today - Duration::days(60);
    let four_start = four_end - Duration::days(730);
    let five_start = four_end + Duration::days(1);
    let five_end = five_start + Duration::days(730);
    for (number, start, end) in [(4, four_start, four_end), (5, five_start, five_end)] {
        let input = BatchInput {
            org_id: org.id.clone(),
            number: number.to_string(),
            start_date: text(start),
            end_date: text(end),
        };
        village::create_batch(app, system, &input).await?;
        let offset = if number == 4 { 3 } else { 4 };
        let stationed: Vec<&Cadre> = cadres.iter().skip(offset).step_by(11).take(6).collect();
        for (k, cadre) in stationed.iter().enumerate() {
            let township = &townships[k % townships.len()];
            let role = ["first_secretary", "team_leader", "member"][k % 3];
            let input = AssignmentInput {
                batch: number.to_string(),
                cadre_id: cadre.id.clone(),
                township_id: township.id.clone(),
                village: VILLAGES[(k + number as usize) % VILLAGES.len()].into(),
                role: role.into(),
                start_date: String::new(),
                end_date: String::new(),
            };
            let assignment = village::add_assignment(app, system, &org.id, &input).await?;
            for n in 0..(2 + k % 3) {
                let date = (start + Duration::days(20 + 37 * n as i64 + k as i64)).min(today);
                let log = LogInput {
                    assignment_id: assignment.clone(),
                    date: text(date),
                    content: WORK[(n + k) % WORK.len()].into(),
                };
                village::add_log(app, system, &org.id, &log).await?;
            }
            if number == 4 {
                let grade =
                    ["excellent", "competent", "competent", "basically_competent", "competent", "excellent"][k % 6];
                let comment =
                    if grade == "basically_competent" { "驻村时间不足,日志记录偏少。" } else { "" };
                let input =
                    VillageEvaluation { assignment_id: assignment, grade: grade.into(), comment: comment.into() };
                village::evaluate_assignment(app, system, &org.id, &input).await?;
            }
        }
    }
    Ok(())
}

/// Names a failed demo step, so a broken load says which part broke.
pub fn context(error: AppError) -> AppError {
    match error {
        AppError::Invalid(invalid) => AppError::internal(format!("study/village demo: {invalid}")),
        AppError::Refused(refusal) => AppError::internal(format!("study/village demo: {refusal}")),
        other => other,
    }
}
