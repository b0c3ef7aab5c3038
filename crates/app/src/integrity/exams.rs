//! The question bank, exams, enrolment and timed attempts. Attempts are counted per cadre and
//! exam over all enrolments (INT-EXAM-ATTEMPTS); a passed party-discipline test fulfils the
//! discipline-test obligations of INT-SIX-MUSTS-1..3.
//!
//! Enrolment and starting an attempt lock the exam inside their write transaction, so the
//! attempts counted against the limit, and the one in progress, are those stored when the new
//! one is written; handing in locks the attempt, which is handed in once.

use jianquan_domain::access::Capability;
use jianquan_domain::integrity::AttemptStatus;
use jianquan_domain::integrity::exam::{ExamInput, QuestionInput, draw, may_attempt, normalise_answer, score, seed_of};
use jianquan_domain::registry::OrgPath;
use jianquan_domain::registry::dates::parse_date;
use jianquan_domain::{FieldError, Invalid};
use jianquan_storage::integrity::{self as store, AttemptRow, ExamRow, QuestionRow};
use jianquan_storage::registry::cadres;
use jianquan_storage::{Conn, Locked, StorageError, WriteTx};
use serde::{Deserialize, Serialize};
use serde_json::json;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::views::{Attempt, Exam, Question};
use crate::access::sessions::rfc3339;
use crate::context::new_id;
use crate::integrity::obligations::{fulfil_matching, lock_duties};
use crate::training::{policy_error, scoped_org};
use crate::view::all;
use crate::{Actor, App, AppError, AppResult};

/// Seconds after the deadline a submission is still taken (the network's slack).
pub const GRACE_SECONDS: i64 = 60;

pub async fn add_question(app: &App, actor: &Actor, input: &QuestionInput) -> AppResult<String> {
    actor.require(Capability::IntegrityWrite)?;
    let q = input.parse()?;
    let row = QuestionRow {
        id: new_id(),
        kind: q.kind.to_owned(),
        stem: q.stem,
        options: q.options,
        answer: q.answer,
        topic: q.topic,
    };
    let mut tx = app.db.write().await?;
    let detail = json!({"question": row.id, "kind": row.kind, "topic": row.topic, "stem": row.stem});
    let seq = app.record(&mut tx, actor, "integrity.question.add", ("question", &row.id), detail, &[]).await?;
    store::insert_question(&mut tx, &row, seq).await?;
    tx.commit().await?;
    Ok(row.id)
}

pub async fn questions(app: &App, actor: &Actor, page: i64) -> AppResult<(Vec<Question>, i64)> {
    actor.require(Capability::IntegrityWrite)?;
    let mut conn = app.db.read().await?;
    let (questions, total) = store::list_questions(&mut conn, (page.max(1) - 1) * 50, 50).await?;
    Ok((all(questions), total))
}

pub async fn topics(app: &App, actor: &Actor) -> AppResult<Vec<(String, i64)>> {
    actor.require(Capability::TrainingRead)?;
    let mut conn = app.db.read().await?;
    Ok(store::topics(&mut conn).await?)
}

pub async fn create_exam(app: &App, actor: &Actor, input: &ExamInput) -> AppResult<String> {
    actor.require(Capability::IntegrityWrite)?;
    let exam = input.parse()?;
    let max_attempts = app.policy.count("INT-EXAM-ATTEMPTS", "max_attempts", app.today()).map_err(policy_error)?;
    let mut tx = app.db.write().await?;
    let org = scoped_org(&mut tx, actor, &exam.org_id, "org_id").await?;
    let pool = store::pool(&mut tx, &exam.topic).await?.len();
    if pool < exam.question_count as usize {
        return Err(Invalid::one(
            "question_count",
            format!("题库中符合条件的题目只有 {pool} 道"),
            format!("the bank holds only {pool} matching questions"),
        )
        .into());
    }
    let row = ExamRow {
        id: new_id(),
        title: exam.title.clone(),
        kind: exam.kind.to_owned(),
        org_id: org.id.clone(),
        org_path: org.path.clone(),
        topic: exam.topic.clone(),
        question_count: i64::from(exam.question_count),
        time_limit_minutes: i64::from(exam.time_limit_minutes),
        pass_mark: i64::from(exam.pass_mark),
        enrolment: exam.enrolment.to_owned(),
        opens_on: exam.opens_on.to_string(),
        closes_on: exam.closes_on.to_string(),
        max_attempts: i64::from(max_attempts),
    };
    let detail = json!({"exam": row.id, "title": row.title, "kind": row.kind, "org_id": row.org_id, "question_count": row.question_count,
        "pass_mark": row.pass_mark, "time_limit_minutes": row.time_limit_minutes, "max_attempts": row.max_attempts});
    let seq =
        app.record(&mut tx, actor, "integrity.exam.create", ("exam", &row.id), detail, &["INT-EXAM-ATTEMPTS"]).await?;
    store::insert_exam(&mut tx, &row, seq).await?;
    tx.commit().await?;
    Ok(row.id)
}

/// An exam the actor may see: in scope for staff; for a cadre, one open to them.
pub async fn get_exam(app: &App, actor: &Actor, id: &str) -> AppResult<Exam> {
    let mut conn = app.db.read().await?;
    let exam = store::get_exam(&mut conn, id).await?.ok_or(AppError::NotFound)?;
    visible(&mut conn, actor, &exam).await?;
    Ok(exam.into())
}

/// Whether the actor may see the exam: in scope for staff; for a cadre, one open to them.
async fn visible(conn: &mut Conn, actor: &Actor, exam: &ExamRow) -> AppResult<()> {
    if actor.can(Capability::TrainingRead) {
        actor.require_in_scope(&exam.org_path)?;
        return Ok(());
    }
    actor.require(Capability::OwnDossier)?;
    let cadre_id = actor.cadre_id.as_deref().ok_or(AppError::NotFound)?;
    if eligible(conn, exam, cadre_id).await? { Ok(()) } else { Err(AppError::NotFound) }
}

/// The exam locked inside `tx`, if the actor may see it.
async fn locked_exam(tx: &mut WriteTx, actor: &Actor, id: &str) -> AppResult<Locked<ExamRow>> {
    let exam = store::lock_exam(tx, id).await?.ok_or(AppError::NotFound)?;
    visible(tx, actor, &exam).await?;
    Ok(exam)
}

async fn eligible(conn: &mut jianquan_storage::Conn, exam: &ExamRow, cadre_id: &str) -> AppResult<bool> {
    if exam.enrolment == "assigned" {
        return Ok(store::is_enrolled(conn, &exam.id, cadre_id).await?);
    }
    let cadre = cadres::get(conn, cadre_id).await?.ok_or(AppError::NotFound)?;
    Ok(cadre.org_path.starts_with(&exam.org_path))
}

/// An exam with its results, for staff.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ExamView {
    pub exam: Exam,
    pub attempts: Vec<Attempt>,
}

pub async fn view_exam(app: &App, actor: &Actor, id: &str) -> AppResult<ExamView> {
    actor.require(Capability::TrainingRead)?;
    let exam = get_exam(app, actor, id).await?;
    let mut conn = app.db.read().await?;
    let attempts = store::attempts_of_exam(&mut conn, id).await?;
    Ok(ExamView { exam, attempts: all(attempts) })
}

pub async fn list_exams(app: &App, actor: &Actor) -> AppResult<Vec<Exam>> {
    actor.require(Capability::TrainingRead)?;
    let root = actor.list_scope();
    let mut conn = app.db.read().await?;
    Ok(all(store::list_exams(&mut conn, &root).await?))
}

/// Enrols (`active`) or withdraws cadres from an assigned exam. Attempts already used stay used.
pub async fn set_enrolment(
    app: &App,
    actor: &Actor,
    exam_id: &str,
    cadre_ids: &[String],
    active: bool,
) -> AppResult<()> {
    actor.require(Capability::IntegrityWrite)?;
    let mut tx = app.db.write().await?;
    let exam = locked_exam(&mut tx, actor, exam_id).await?;
    let found = cadres::by_ids(&mut tx, cadre_ids).await?;
    let mut fields = Vec::new();
    for (i, id) in cadre_ids.iter().enumerate() {
        if !found.iter().any(|c| &c.id == id && OrgPath::parse(&c.org_path).is_ok_and(|p| actor.sees(&p))) {
            fields.push(FieldError::new(
                &format!("cadre_ids[{i}]"),
                "干部不存在或不在您的范围内",
                "no such cadre in your scope",
            ));
        }
    }
    if cadre_ids.is_empty() {
        fields.push(FieldError::new("cadre_ids", "请选择干部", "choose the cadres"));
    }
    if !fields.is_empty() {
        return Err(Invalid { fields }.into());
    }
    let action = if active { "integrity.exam.enrol" } else { "integrity.exam.withdraw" };
    let seq = app.record(&mut tx, actor, action, ("exam", &exam.id), json!({"cadre_ids": cadre_ids}), &[]).await?;
    for id in cadre_ids {
        store::set_exam_enrolment(&mut tx, &exam, id, active, seq).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// A question as the candidate sees it: no answer.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PaperQuestion {
    pub number: usize,
    pub kind: String,
    pub stem: String,
    pub options: Vec<String>,
    /// The right answer, once it can no longer help another attempt (see `view_attempt`).
    pub answer: Option<String>,
    pub given: Option<String>,
}

/// An attempt as its page shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AttemptView {
    pub attempt: Attempt,
    pub exam: Exam,
    pub questions: Vec<PaperQuestion>,
    /// Seconds left until the deadline (0 when over or submitted).
    pub seconds_left: i64,
}

fn parse_time(raw: &str) -> AppResult<OffsetDateTime> {
    OffsetDateTime::parse(raw, &Rfc3339).map_err(AppError::internal)
}

/// Starts an attempt (or returns the one in progress): checks the window, eligibility and the
/// attempt limit, draws the paper, sets the deadline — all under the exam's lock.
pub async fn start_attempt(app: &App, actor: &Actor, exam_id: &str) -> AppResult<String> {
    actor.require(Capability::OwnDossier)?;
    let cadre_id = actor.cadre_id.clone().ok_or(AppError::NotFound)?;
    let mut tx = app.db.write().await?;
    let exam = locked_exam(&mut tx, actor, exam_id).await?;
    let today = app.today();
    let opens = parse_date("opens_on", &exam.opens_on).map_err(|e| AppError::internal(e.message.en))?;
    let closes = parse_date("closes_on", &exam.closes_on).map_err(|e| AppError::internal(e.message.en))?;
    if today < opens || today > closes {
        return Err(Invalid::one(
            "exam",
            format!("考试开放时间为 {opens} 至 {closes}"),
            format!("the exam is open from {opens} to {closes}"),
        )
        .into());
    }
    let running = store::in_progress(&mut tx, &exam.id, &cadre_id).await?;
    if let Some(open) = &running
        && parse_time(&open.deadline_at)? + time::Duration::seconds(GRACE_SECONDS) > app.now()
    {
        return Ok(open.id.clone());
    }
    let used = store::attempts_used(&mut tx, &exam.id, &cadre_id).await?;
    may_attempt(u32::try_from(used).unwrap_or(u32::MAX), u32::try_from(exam.max_attempts).unwrap_or(0))?;
    if let Some(stale) = running {
        // Past its deadline but not handed in: it stays the one in progress until it is handed
        // in (and recorded expired).
        return Ok(stale.id);
    }
    let pool = store::pool(&mut tx, &exam.topic).await?;
    let id = new_id();
    let picked = draw(&pool, usize::try_from(exam.question_count).unwrap_or(0), seed_of(&id));
    let now = app.now();
    let attempt = AttemptRow {
        id: id.clone(),
        exam_id: exam.id.clone(),
        cadre_id: cadre_id.clone(),
        cadre_name: String::new(),
        number: used + 1,
        started_at: rfc3339(now)?,
        deadline_at: rfc3339(now + time::Duration::minutes(exam.time_limit_minutes))?,
        question_ids: picked,
        answers: None,
        submitted_at: None,
        correct: None,
        total: None,
        score: None,
        passed: None,
        status: AttemptStatus::InProgress,
    };
    let detail = json!({"attempt": id, "exam": exam.id, "number": attempt.number, "of": exam.max_attempts,
        "deadline_at": attempt.deadline_at});
    app.record(&mut tx, actor, "integrity.exam.start", ("cadre", &cadre_id), detail, &["INT-EXAM-ATTEMPTS"]).await?;
    // The schema says it too (one attempt in progress, a number used once per cadre and exam).
    match store::insert_attempt(&mut tx, &exam, &attempt).await {
        Ok(()) => {}
        Err(StorageError::Duplicate(_)) => {
            return Err(
                Invalid::one("exam", "另一次作答刚刚开始，请刷新", "another attempt has just started; reload").into()
            );
        }
        Err(other) => return Err(other.into()),
    }
    tx.commit().await?;
    Ok(id)
}

async fn own_attempt(app: &App, actor: &Actor, attempt_id: &str) -> AppResult<(AttemptRow, ExamRow)> {
    let mut conn = app.db.read().await?;
    let attempt = store::get_attempt(&mut conn, attempt_id).await?.ok_or(AppError::NotFound)?;
    let own = actor.can(Capability::OwnDossier) && actor.cadre_id.as_deref() == Some(attempt.cadre_id.as_str());
    let exam = store::get_exam(&mut conn, &attempt.exam_id).await?.ok_or(AppError::NotFound)?;
    if !own {
        if !actor.can(Capability::TrainingRead) {
            return Err(AppError::NotFound);
        }
        actor.require_in_scope(&exam.org_path)?;
    }
    Ok((attempt, exam))
}

pub async fn view_attempt(app: &App, actor: &Actor, attempt_id: &str) -> AppResult<AttemptView> {
    let (attempt, exam) = own_attempt(app, actor, attempt_id).await?;
    let mut conn = app.db.read().await?;
    let qs = store::questions_by_ids(&mut conn, &attempt.question_ids).await?;
    let done = !attempt.status.is_in_progress();
    // The keys are shown once they can no longer help a next attempt: the cadre passed, has no
    // attempt left, or the exam has closed. Those who keep the bank see them anyway.
    let used = store::attempts_used(&mut conn, &exam.id, &attempt.cadre_id).await?;
    let reveal = done
        && (attempt.passed == Some(true)
            || used >= exam.max_attempts
            || app.today().to_string() > exam.closes_on
            || actor.can(Capability::IntegrityWrite));
    let given = attempt.answers.clone().unwrap_or_default();
    let questions = qs
        .into_iter()
        .enumerate()
        .map(|(i, q)| PaperQuestion {
            number: i + 1,
            kind: q.kind,
            stem: q.stem,
            options: q.options,
            answer: reveal.then_some(q.answer),
            given: given.get(i).cloned().flatten(),
        })
        .collect();
    let left = if done { 0 } else { (parse_time(&attempt.deadline_at)? - app.now()).whole_seconds().max(0) };
    Ok(AttemptView { attempt: attempt.into(), exam: exam.into(), questions, seconds_left: left })
}

/// The answers handed in: one entry per question, in paper order (letters; empty for none).
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct Answers {
    pub answers: Vec<String>,
}

/// Submits an attempt: scores it, and if it passes a discipline test, fulfils the cadre's open
/// discipline-test obligations. After the deadline (and its grace) the attempt is closed as
/// expired with no score counted.
pub async fn submit(app: &App, actor: &Actor, attempt_id: &str, answers: &Answers) -> AppResult<Attempt> {
    let handed_in = || Invalid::one("attempt", "本次考试已交卷", "this attempt is already handed in");
    let mut tx = app.db.write().await?;
    let locked = store::lock_attempt(&mut tx, attempt_id).await?.ok_or(AppError::NotFound)?;
    let own = actor.can(Capability::OwnDossier) && actor.cadre_id.as_deref() == Some(locked.cadre_id.as_str());
    if !own {
        // Staff may look at an attempt, but only its cadre hands it in.
        return Err(AppError::NotFound);
    }
    let exam = store::get_exam(&mut tx, &locked.exam_id).await?.ok_or(AppError::NotFound)?;
    if !locked.status.is_in_progress() {
        return Err(handed_in().into());
    }
    let qs = store::questions_by_ids(&mut tx, &locked.question_ids).await?;
    let mut attempt = locked.clone().into_inner();
    let mut fields = Vec::new();
    let given: Vec<Option<String>> = qs
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let raw = answers.answers.get(i).map(String::as_str).unwrap_or("").trim();
            if raw.is_empty() {
                return None;
            }
            let normal = normalise_answer(raw, q.options.len());
            if normal.is_none() {
                fields.push(FieldError::new(&format!("answers[{i}]"), "不是有效选项", "not a valid option"));
            }
            normal
        })
        .collect();
    if !fields.is_empty() {
        return Err(Invalid { fields }.into());
    }
    let now = app.now();
    let late = now > parse_time(&attempt.deadline_at)? + time::Duration::seconds(GRACE_SECONDS);
    let keys: Vec<String> = qs.iter().map(|q| q.answer.clone()).collect();
    let result = score(&keys, &given, u32::try_from(exam.pass_mark).unwrap_or(100));
    attempt.answers = Some(given);
    attempt.submitted_at = Some(rfc3339(now)?);
    attempt.total = Some(i64::from(result.total));
    if late {
        attempt.status = AttemptStatus::Expired;
        attempt.correct = Some(0);
        attempt.score = Some(0);
        attempt.passed = Some(false);
    } else {
        attempt.status = AttemptStatus::Submitted;
        attempt.correct = Some(i64::from(result.correct));
        attempt.score = Some(i64::from(result.percent));
        attempt.passed = Some(result.passed);
    }
    let passed = attempt.passed == Some(true);
    // A passed discipline test fulfils duties: lock them before anything is recorded.
    let duties = if passed && exam.kind == "discipline_test" {
        Some(lock_duties(&mut tx, &attempt.cadre_id).await?)
    } else {
        None
    };
    let detail = json!({"attempt": attempt.id, "exam": exam.id, "status": attempt.status, "score": attempt.score,
        "correct": attempt.correct, "total": attempt.total, "passed": passed, "pass_mark": exam.pass_mark});
    app.record(&mut tx, actor, "integrity.exam.submit", ("cadre", &attempt.cadre_id), detail, &[]).await?;
    if !store::finish_attempt(&mut tx, &locked, &attempt).await? {
        return Err(handed_in().into());
    }
    if let Some(duties) = &duties {
        let by = ("exam_attempt", attempt.id.as_str());
        fulfil_matching(app, &mut tx, actor, duties, &["discipline_test"], by, app.today()).await?;
    }
    tx.commit().await?;
    Ok(attempt.into())
}

/// An exam as the cadre's own page lists it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MyExam {
    pub exam: Exam,
    pub attempts_used: i64,
    pub best_score: Option<i64>,
    pub passed: bool,
    pub open_now: bool,
    pub in_progress: Option<String>,
}

pub async fn my_exams(app: &App, actor: &Actor) -> AppResult<Vec<MyExam>> {
    actor.require(Capability::OwnDossier)?;
    let cadre_id = actor.cadre_id.clone().ok_or(AppError::NotFound)?;
    let mut conn = app.db.read().await?;
    let cadre = cadres::get(&mut conn, &cadre_id).await?.ok_or(AppError::NotFound)?;
    let path = OrgPath::parse(&cadre.org_path).map_err(|_| AppError::NotFound)?;
    let ancestors = ancestors(&path);
    let mut exams = store::exams_at(&mut conn, &ancestors).await?;
    for exam in store::exams_of_cadre(&mut conn, &cadre_id).await? {
        if !exams.iter().any(|e| e.id == exam.id) {
            exams.push(exam);
        }
    }
    let attempts = store::attempts_of(&mut conn, &cadre_id).await?;
    let today = app.today().to_string();
    let mut out = Vec::new();
    exams.retain(|e| e.closes_on >= today || attempts.iter().any(|a| a.exam_id == e.id));
    for exam in exams {
        if !eligible(&mut conn, &exam, &cadre_id).await? && !attempts.iter().any(|a| a.exam_id == exam.id) {
            continue;
        }
        let mine: Vec<&AttemptRow> = attempts.iter().filter(|a| a.exam_id == exam.id).collect();
        out.push(MyExam {
            attempts_used: i64::try_from(mine.len()).unwrap_or(i64::MAX),
            best_score: mine.iter().filter_map(|a| a.score).max(),
            passed: mine.iter().any(|a| a.passed == Some(true)),
            open_now: exam.opens_on <= today && today <= exam.closes_on,
            in_progress: mine.iter().find(|a| a.status.is_in_progress()).map(|a| a.id.clone()),
            exam: exam.into(),
        });
    }
    Ok(out)
}

/// `/1/7/23/` → `/1/`, `/1/7/`, `/1/7/23/`.
fn ancestors(path: &OrgPath) -> Vec<String> {
    let text = path.as_str();
    text.char_indices().filter(|(i, c)| *c == '/' && *i > 0).map(|(i, _)| text[..=i].to_owned()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ancestors_of_a_path_include_itself() {
        let path = OrgPath::parse("/1/7/23/").unwrap();
        assert_eq!(ancestors(&path), ["/1/", "/1/7/", "/1/7/23/"]);
    }
}
