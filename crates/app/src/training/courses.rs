//! The course catalogue: create, sessions, enrolment, attendance and leave, completion.
//!
//! Every change to a course locks it first inside its write transaction
//! ([`store::lock`]): seats (capacity), the class hours left for sessions, each trainee's missed
//! hours against TRN-LEAVE-CAP and completion are decided on what is read after the lock.

use std::collections::HashMap;

use jianquan_domain::access::Capability;
use jianquan_domain::integrity::obligation::kinds_fulfilled_by_course;
use jianquan_domain::registry::OrgPath;
use jianquan_domain::registry::dates::parse_date;
use jianquan_domain::training::course::{ATTENDANCE, credits_centi, is_institutional, leave_check};
use jianquan_domain::training::{CourseInput, EnrolmentStatus, SessionInput};
use jianquan_domain::{FieldError, Invalid};
use jianquan_storage::integrity::Duties;
use jianquan_storage::registry::cadres;
use jianquan_storage::training::{self as store, CourseRow, EnrolmentRow, RecordRow};
use jianquan_storage::{Conn, Locked, WriteTx};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::views::{Course, CourseSession, Enrolment};
use crate::context::new_id;
use crate::integrity::obligations;
use crate::training::{policy_error, scoped_org};
use crate::view::all;
use crate::{Actor, App, AppError, AppResult};

/// A course with everything its page shows.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CourseView {
    pub course: Course,
    pub sessions: Vec<CourseSession>,
    pub enrolments: Vec<Enrolment>,
    /// (session, cadre) → attendance status.
    #[serde(skip)]
    pub attendance: HashMap<(String, String), String>,
    /// Class hours not yet given to sessions.
    pub hours_unscheduled: i64,
    /// Most class hours a trainee may miss (TRN-LEAVE-CAP).
    pub leave_allowed_hours: i64,
}

fn date_of(course: &CourseRow, field: &str) -> AppResult<time::Date> {
    let raw = if field == "start" { &course.start_date } else { &course.end_date };
    parse_date(field, raw).map_err(|e| AppError::internal(e.message.en))
}

/// A course in the actor's scope (staff) — or one the cadre is on or may join (self-service).
pub async fn get_course(app: &App, actor: &Actor, id: &str) -> AppResult<Course> {
    let mut conn = app.db.read().await?;
    let course = store::get_course(&mut conn, id).await?.ok_or(AppError::NotFound)?;
    visible(&mut conn, actor, &course).await?;
    Ok(course.into())
}

/// Whether the actor may see the course: in scope for staff; for a cadre, one they are on or may
/// join. Anything else is not found.
async fn visible(conn: &mut Conn, actor: &Actor, course: &CourseRow) -> AppResult<()> {
    if actor.can(Capability::TrainingRead) {
        actor.require_in_scope(&course.org_path)?;
        return Ok(());
    }
    if let Some(cadre_id) = actor.cadre_id.as_deref().filter(|_| actor.can(Capability::OwnDossier)) {
        let enrolled = store::enrolment(conn, &course.id, cadre_id).await?.is_some();
        let cadre = cadres::get(conn, cadre_id).await?.ok_or(AppError::NotFound)?;
        let open_to_them = course.enrolment == "open"
            && course.org_path.len() <= cadre.org_path.len()
            && cadre.org_path.starts_with(&course.org_path);
        if enrolled || open_to_them {
            return Ok(());
        }
        return Err(AppError::NotFound);
    }
    actor.require(Capability::TrainingRead)?;
    Err(AppError::NotFound)
}

/// The course locked inside `tx`, if the actor may see it (see [`visible`]).
async fn locked_course(tx: &mut WriteTx, actor: &Actor, id: &str) -> AppResult<Locked<CourseRow>> {
    let course = store::lock(tx, id).await?.ok_or(AppError::NotFound)?;
    visible(tx, actor, &course).await?;
    Ok(course)
}

pub async fn view_course(app: &App, actor: &Actor, id: &str) -> AppResult<CourseView> {
    let course = get_course(app, actor, id).await?;
    let mut conn = app.db.read().await?;
    let sessions = store::sessions(&mut conn, id).await?;
    let mut enrolments = store::enrolments(&mut conn, id).await?;
    if !actor.can(Capability::TrainingRead) {
        // A trainee sees their own line only.
        enrolments.retain(|e| actor.cadre_id.as_deref() == Some(e.cadre_id.as_str()));
    }
    let attendance =
        store::attendance(&mut conn, id).await?.into_iter().map(|(s, c, status)| ((s, c), status)).collect();
    let scheduled: i64 = sessions.iter().map(|s| s.class_hours).sum();
    let allowed = leave_check(&app.policy, 0, u32::try_from(course.class_hours).unwrap_or(0), app.today())
        .map_err(policy_error)?
        .allowed_hours;
    Ok(CourseView {
        hours_unscheduled: course.class_hours - scheduled,
        leave_allowed_hours: i64::from(allowed),
        course,
        sessions: all(sessions),
        enrolments: all(enrolments),
        attendance,
    })
}

/// Courses of the actor's scope (or of an org in it), newest first.
pub async fn list_courses(
    app: &App,
    actor: &Actor,
    year: Option<i32>,
    kind: Option<&str>,
    page: i64,
) -> AppResult<(Vec<Course>, i64)> {
    actor.require(Capability::TrainingRead)?;
    let root = actor.list_scope();
    let mut conn = app.db.read().await?;
    let per_page = 50;
    let (courses, total) =
        store::list_courses(&mut conn, &root, year, kind, (page.max(1) - 1) * per_page, per_page).await?;
    Ok((all(courses), total))
}

pub async fn create_course(app: &App, actor: &Actor, input: &CourseInput) -> AppResult<String> {
    actor.require(Capability::TrainingWrite)?;
    let course = input.parse()?;
    let id = new_id();
    let mut tx = app.db.write().await?;
    let org = scoped_org(&mut tx, actor, &course.org_id, "org_id").await?;
    let detail = json!({"id": id, "title": course.title, "kind": course.kind, "org_id": org.id, "class_hours": course.class_hours,
        "start_date": course.start_date.to_string(), "end_date": course.end_date.to_string(), "full_time": course.full_time});
    let seq = app.record(&mut tx, actor, "training.course.create", ("course", &id), detail, &["TRN-CREDITS"]).await?;
    store::insert_course(&mut tx, &id, &course, &org.path, seq).await?;
    tx.commit().await?;
    Ok(id)
}

/// The course locked inside `tx` for staff to change: in scope, and still planned.
async fn writable_course(tx: &mut WriteTx, actor: &Actor, id: &str) -> AppResult<Locked<CourseRow>> {
    actor.require(Capability::TrainingWrite)?;
    let course = locked_course(tx, actor, id).await?;
    if !course.status.is_planned() {
        return Err(Invalid::one(
            "status",
            "课程已结业，不能再修改",
            "the course is completed and can no longer change",
        )
        .into());
    }
    Ok(course)
}

/// Adds a session within the course's dates and the class hours not yet given to sessions.
pub async fn add_session(app: &App, actor: &Actor, course_id: &str, input: &SessionInput) -> AppResult<String> {
    let mut tx = app.db.write().await?;
    let course = writable_course(&mut tx, actor, course_id).await?;
    let scheduled: i64 = store::sessions(&mut tx, course_id).await?.iter().map(|s| s.class_hours).sum();
    let left = u32::try_from(course.class_hours - scheduled).unwrap_or(0);
    let session = input.parse(date_of(&course, "start")?, date_of(&course, "end")?, left)?;
    let id = new_id();
    let detail = json!({"session": id, "date": session.date.to_string(), "topic": session.topic, "class_hours": session.class_hours});
    app.record(&mut tx, actor, "training.course.session.add", ("course", course_id), detail, &[]).await?;
    store::insert_session(&mut tx, &course, &id, &session).await?;
    tx.commit().await?;
    Ok(id)
}

/// Who to enrol.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct EnrolInput {
    /// Cadre IDs.
    pub cadre_ids: Vec<String>,
}

/// Enrols cadres in scope; returns how many were newly enrolled. Capacity is checked for all first.
pub async fn enrol(app: &App, actor: &Actor, course_id: &str, input: &EnrolInput) -> AppResult<u32> {
    let mut tx = app.db.write().await?;
    let course = writable_course(&mut tx, actor, course_id).await?;
    let found = cadres::by_ids(&mut tx, &input.cadre_ids).await?;
    let mut fields = Vec::new();
    for (i, id) in input.cadre_ids.iter().enumerate() {
        let seen = found
            .iter()
            .find(|c| &c.id == id)
            .is_some_and(|c| OrgPath::parse(&c.org_path).is_ok_and(|p| actor.sees(&p)));
        if !seen {
            fields.push(FieldError::new(
                &format!("cadre_ids[{i}]"),
                "干部不存在或不在您的范围内",
                "no such cadre in your scope",
            ));
        }
    }
    if input.cadre_ids.is_empty() {
        fields.push(FieldError::new("cadre_ids", "请选择要报名的干部", "choose the cadres to enrol"));
    }
    if !fields.is_empty() {
        return Err(Invalid { fields }.into());
    }
    let existing = store::enrolments(&mut tx, course_id).await?;
    let new: Vec<&String> = input.cadre_ids.iter().filter(|id| !existing.iter().any(|e| &e.cadre_id == *id)).collect();
    if let Some(capacity) = course.capacity
        && course.enrolled_count + i64::try_from(new.len()).unwrap_or(i64::MAX) > capacity
    {
        return Err(Invalid::one(
            "cadre_ids",
            format!("名额不足：共 {capacity} 人，已报 {} 人", course.enrolled_count),
            format!("not enough seats: {capacity} in all, {} taken", course.enrolled_count),
        )
        .into());
    }
    let seq = app
        .record(&mut tx, actor, "training.course.enrol", ("course", course_id), json!({"cadre_ids": new}), &[])
        .await?;
    let mut added = 0;
    for id in new {
        match store::enrol(&mut tx, &course, id, seq).await? {
            store::Enrolled::Added => added += 1,
            store::Enrolled::Already => {}
            // Cannot happen under the lock (the seats were counted above); nothing is kept if it does.
            store::Enrolled::Full => return Err(full()),
        }
    }
    tx.commit().await?;
    Ok(added)
}

fn full() -> AppError {
    Invalid::one("course", "名额已满", "the course is full").into()
}

fn already_on() -> AppError {
    Invalid::one("course", "您已报名", "you are already on this course").into()
}

/// A cadre signs up for an open course (自主选学).
pub async fn enrol_self(app: &App, actor: &Actor, course_id: &str) -> AppResult<()> {
    actor.require(Capability::OwnDossier)?;
    let cadre_id = actor.cadre_id.clone().ok_or(AppError::NotFound)?;
    let mut tx = app.db.write().await?;
    let course = locked_course(&mut tx, actor, course_id).await?;
    if course.enrolment != "open" || !course.status.is_planned() {
        return Err(Invalid::one("course", "该课程不接受自主报名", "this course does not take sign-ups").into());
    }
    if app.today().to_string() > course.start_date {
        return Err(
            Invalid::one("course", "课程已开班，报名已截止", "the course has started; sign-ups are closed").into()
        );
    }
    if store::enrolment(&mut tx, course_id, &cadre_id).await?.is_some() {
        return Err(already_on());
    }
    if course.capacity.is_some_and(|c| course.enrolled_count >= c) {
        return Err(full());
    }
    let seq = app
        .record(&mut tx, actor, "training.course.sign_up", ("course", course_id), json!({"cadre_id": cadre_id}), &[])
        .await?;
    match store::enrol(&mut tx, &course, &cadre_id, seq).await {
        Ok(store::Enrolled::Added) => tx.commit().await?,
        Ok(store::Enrolled::Already) | Err(jianquan_storage::StorageError::Duplicate(_)) => return Err(already_on()),
        Ok(store::Enrolled::Full) => return Err(full()),
        Err(other) => return Err(other.into()),
    }
    Ok(())
}

/// One attendance mark.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct Mark {
    pub cadre_id: String,
    /// present, leave or absent.
    pub status: String,
    /// The reason for a leave.
    pub note: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct AttendanceInput {
    pub session_id: String,
    pub marks: Vec<Mark>,
}

/// What recording attendance did: trainees withdrawn under TRN-LEAVE-CAP, with the reason.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct AttendanceOutcome {
    pub recorded: u32,
    pub withdrawn: Vec<Withdrawal>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Withdrawal {
    pub cadre_id: String,
    pub name: String,
    pub rule: String,
    pub reason_zh: String,
    pub reason_en: String,
}

/// Records attendance at a session (staff), then applies TRN-LEAVE-CAP to each marked trainee in
/// the same transaction: whoever has missed more than the cap is withdrawn, with the reason.
pub async fn record_attendance(
    app: &App,
    actor: &Actor,
    course_id: &str,
    input: &AttendanceInput,
) -> AppResult<AttendanceOutcome> {
    let mut tx = app.db.write().await?;
    let course = writable_course(&mut tx, actor, course_id).await?;
    let outcome = mark(app, &mut tx, actor, &course, input, "training.course.attendance").await?;
    tx.commit().await?;
    Ok(outcome)
}

/// A trainee asks for leave from a session (self-service), or staff record it for `cadre_id`. The leave is
/// recorded; if it takes the trainee over TRN-LEAVE-CAP they are withdrawn and told why.
pub async fn request_leave(
    app: &App,
    actor: &Actor,
    course_id: &str,
    session_id: &str,
    cadre_id: &str,
    reason: &str,
) -> AppResult<AttendanceOutcome> {
    // Staff name the trainee; a trainee always asks for themselves.
    let mut tx = app.db.write().await?;
    let (course, cadre_id) = if actor.can(Capability::TrainingWrite) {
        (writable_course(&mut tx, actor, course_id).await?, cadre_id.to_owned())
    } else {
        actor.require(Capability::OwnDossier)?;
        let own = actor.cadre_id.clone().ok_or(AppError::NotFound)?;
        (locked_course(&mut tx, actor, course_id).await?, own)
    };
    if reason.trim().is_empty() {
        return Err(Invalid::one("note", "请填写请假事由", "give the reason for the leave").into());
    }
    if !actor.can(Capability::TrainingWrite) {
        // A trainee asks ahead, for a session not yet marked; later changes are the staff's.
        let sessions = store::sessions(&mut tx, course_id).await?;
        let today = app.today().to_string();
        let ahead = sessions.iter().find(|s| s.id == session_id).is_some_and(|s| s.date >= today);
        if !ahead || store::mark_of(&mut tx, session_id, &cadre_id).await?.is_some() {
            return Err(Invalid::one(
                "session_id",
                "只能为今天及以后、尚未考勤的课次请假",
                "leave can be asked only for a session from today on that has no attendance yet",
            )
            .into());
        }
    }
    let input = AttendanceInput {
        session_id: session_id.to_owned(),
        marks: vec![Mark { cadre_id, status: "leave".into(), note: reason.trim().to_owned() }],
    };
    let outcome = mark(app, &mut tx, actor, &course, &input, "training.course.leave").await?;
    tx.commit().await?;
    Ok(outcome)
}

/// Records marks at a session of the locked course, then TRN-LEAVE-CAP for each trainee marked,
/// on the missed hours summed after the marks are written: two leaves sent together are
/// counted together.
async fn mark(
    app: &App,
    tx: &mut WriteTx,
    actor: &Actor,
    course: &Locked<CourseRow>,
    input: &AttendanceInput,
    action: &str,
) -> AppResult<AttendanceOutcome> {
    if !course.status.is_planned() {
        return Err(Invalid::one("status", "课程已结业", "the course is completed").into());
    }
    let sessions = store::sessions(tx, &course.id).await?;
    if !sessions.iter().any(|s| s.id == input.session_id) {
        return Err(Invalid::one("session_id", "没有这个课次", "no such session of this course").into());
    }
    let enrolments = store::enrolments(tx, &course.id).await?;
    let mut fields = Vec::new();
    for (i, m) in input.marks.iter().enumerate() {
        if let Err(e) = ATTENDANCE.parse(&format!("marks[{i}].status"), &m.status) {
            fields.push(e);
        }
        match enrolments.iter().find(|e| e.cadre_id == m.cadre_id) {
            Some(e) if e.status.is_enrolled() => {}
            Some(_) => fields.push(FieldError::new(
                &format!("marks[{i}].cadre_id"),
                "该学员已退学或已结业",
                "this trainee is withdrawn or completed",
            )),
            None => {
                fields.push(FieldError::new(&format!("marks[{i}].cadre_id"), "不是本课程学员", "not on this course"))
            }
        }
    }
    if !fields.is_empty() {
        return Err(Invalid { fields }.into());
    }
    let today = app.today();
    let class_hours = u32::try_from(course.class_hours).unwrap_or(0);
    let marks: Vec<_> =
        input.marks.iter().map(|m| json!({"cadre_id": m.cadre_id, "status": m.status, "note": m.note})).collect();
    let seq = app
        .record(tx, actor, action, ("course", &course.id), json!({"session_id": input.session_id, "marks": marks}), &[])
        .await?;
    let mut outcome = AttendanceOutcome::default();
    for m in &input.marks {
        let status = ATTENDANCE.parse("status", &m.status).map(|c| c.code).unwrap_or("present");
        store::set_attendance(tx, course, &input.session_id, &m.cadre_id, status, m.note.trim()).await?;
        outcome.recorded += 1;
    }
    // Every trainee's missed hours at once, then TRN-LEAVE-CAP for each one marked.
    let missed_by = store::missed_hours(tx, &course.id).await?;
    for m in &input.marks {
        let missed = u32::try_from(missed_by.get(&m.cadre_id).copied().unwrap_or(0)).unwrap_or(u32::MAX);
        let check = leave_check(&app.policy, missed, class_hours, today).map_err(policy_error)?;
        let Some(mut enrolment) = enrolments.iter().find(|e| e.cadre_id == m.cadre_id).cloned() else { continue };
        enrolment.missed_hours = i64::from(missed);
        // TRN-LEAVE-CAP is a rule of full-time (脱产) training.
        if course.full_time && !check.within {
            let refusal = check.withdrawal_reason();
            enrolment.status = EnrolmentStatus::Withdrawn;
            enrolment.reason = format!("{}｜{}", refusal.reason.zh, refusal.reason.en);
            app.record(
                tx,
                actor,
                "training.course.withdraw",
                ("cadre", &m.cadre_id),
                json!({"course_id": course.id, "missed_hours": missed, "allowed_hours": check.allowed_hours}),
                &["TRN-LEAVE-CAP"],
            )
            .await?;
            outcome.withdrawn.push(Withdrawal {
                cadre_id: m.cadre_id.clone(),
                name: enrolment.name.clone(),
                rule: refusal.rule,
                reason_zh: refusal.reason.zh,
                reason_en: refusal.reason.en,
            });
        }
        if !store::update_enrolment(tx, course, &enrolment, seq).await? {
            return Err(Invalid::one(
                "marks",
                "学员状态已变化，请刷新后重试",
                "a trainee's state changed meanwhile; reload",
            )
            .into());
        }
    }
    Ok(outcome)
}

/// Completes a course once it has ended: every trainee still enrolled completes it, a training
/// record with its credits (TRN-CREDITS) goes into their dossier, and the obligations those
/// records fulfil are closed — integrity education (INT-SIX-MUSTS-4) and catch-up (TRN-CATCH-UP).
pub async fn complete_course(app: &App, actor: &Actor, course_id: &str) -> AppResult<u32> {
    let mut tx = app.db.write().await?;
    let course = writable_course(&mut tx, actor, course_id).await?;
    let today = app.today();
    let end = date_of(&course, "end")?;
    if today < end {
        return Err(Invalid::one(
            "end_date",
            format!("课程 {end} 结束，结束后才能结业"),
            format!("the course ends on {end}; complete it after that"),
        )
        .into());
    }
    let class_hours = u32::try_from(course.class_hours).unwrap_or(0);
    let credits = credits_centi(&app.policy, &course.kind, class_hours, end).map_err(policy_error)?;
    let full_time_days = if course.full_time { (end - date_of(&course, "start")?).whole_days() + 1 } else { 0 };
    // The trainees as stored under the course's lock: what is completed is what is stored now.
    let enrolments = store::enrolments(&mut tx, course_id).await?;
    let trainees: Vec<&EnrolmentRow> = enrolments.iter().filter(|e| e.status.is_enrolled()).collect();
    // The duties their records may fulfil, locked before anything is recorded (in ID order, as
    // any other writer locking several would).
    let mut ids: Vec<&str> = trainees.iter().map(|e| e.cadre_id.as_str()).collect();
    ids.sort_unstable();
    let mut duties = HashMap::new();
    for id in ids {
        duties.insert(id, obligations::lock_duties(&mut tx, id).await?);
    }
    let seq = app
        .record(
            &mut tx,
            actor,
            "training.course.complete",
            ("course", course_id),
            json!({"completed": trainees.iter().map(|e| &e.cadre_id).collect::<Vec<_>>(), "credits_centi": credits}),
            &["TRN-CREDITS"],
        )
        .await?;
    if !store::complete_course(&mut tx, &course, seq).await? {
        return Err(Invalid::one("status", "课程已结业", "the course is already completed").into());
    }
    for e in &trainees {
        let record = RecordRow {
            id: new_id(),
            cadre_id: e.cadre_id.clone(),
            course_id: Some(course_id.to_owned()),
            kind: course.kind.clone(),
            title: course.title.clone(),
            organiser: course.organiser.clone(),
            start_date: course.start_date.clone(),
            end_date: course.end_date.clone(),
            class_hours: course.class_hours,
            full_time_days,
            institutional: course.full_time && is_institutional(&course.kind),
            credits_centi: i64::try_from(credits).unwrap_or(i64::MAX),
        };
        let mut done = (*e).clone();
        done.status = EnrolmentStatus::Completed;
        done.result = "合格".into();
        if !store::update_enrolment(&mut tx, &course, &done, seq).await? {
            return Err(Invalid::one(
                "status",
                "学员状态已变化，请重试",
                "a trainee's state changed meanwhile; try again",
            )
            .into());
        }
        let held = duties.get(e.cadre_id.as_str()).ok_or_else(|| AppError::internal("a trainee's duties unlocked"))?;
        write_record(app, &mut tx, actor, held, &record, end).await?;
    }
    tx.commit().await?;
    Ok(u32::try_from(trainees.len()).unwrap_or(u32::MAX))
}

/// Writes one training record with its ledger entry on the cadre whose duties are locked, then
/// fulfils what it fulfils.
pub(crate) async fn write_record(
    app: &App,
    tx: &mut WriteTx,
    actor: &Actor,
    duties: &Locked<Duties>,
    record: &RecordRow,
    on: time::Date,
) -> AppResult<()> {
    let seq = app
        .record(
            tx,
            actor,
            "training.record.add",
            ("cadre", &record.cadre_id),
            json!({"record": record.id, "course_id": record.course_id, "title": record.title, "kind": record.kind,
                "class_hours": record.class_hours, "credits_centi": record.credits_centi, "end_date": record.end_date}),
            &["TRN-CREDITS"],
        )
        .await?;
    store::insert_record(tx, record, seq).await?;
    let kinds = kinds_fulfilled_by_course(&record.kind);
    obligations::fulfil_matching(app, tx, actor, duties, kinds, ("training_record", &record.id), on).await?;
    obligations::settle_catch_up(app, tx, actor, duties, &record.id, on).await?;
    Ok(())
}

/// Training done elsewhere (上级调训, 网络学院), entered into a dossier directly.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct RecordInput {
    pub title: String,
    pub kind: String,
    pub organiser: String,
    pub start_date: String,
    pub end_date: String,
    pub class_hours: String,
    pub full_time: String,
}

pub async fn add_record(app: &App, actor: &Actor, cadre_id: &str, input: &RecordInput) -> AppResult<String> {
    actor.require(Capability::TrainingWrite)?;
    let mut tx = app.db.write().await?;
    let cadre = crate::training::subject(&mut tx, actor, cadre_id, Capability::TrainingWrite).await?;
    let duties = obligations::lock_duties(&mut tx, &cadre.id).await?;
    let as_course = CourseInput {
        title: input.title.clone(),
        kind: input.kind.clone(),
        organiser: input.organiser.clone(),
        org_id: cadre.org_id.clone(),
        start_date: input.start_date.clone(),
        end_date: input.end_date.clone(),
        class_hours: input.class_hours.clone(),
        capacity: String::new(),
        enrolment: String::new(),
        full_time: input.full_time.clone(),
    };
    let course = as_course.parse()?;
    let today = app.today();
    if course.end_date > today {
        return Err(Invalid::one("end_date", "培训尚未结束", "the training has not ended yet").into());
    }
    let credits = credits_centi(&app.policy, course.kind, course.class_hours, course.end_date).map_err(policy_error)?;
    let record = RecordRow {
        id: new_id(),
        cadre_id: cadre.id.clone(),
        course_id: None,
        kind: course.kind.to_owned(),
        title: course.title.clone(),
        organiser: course.organiser.clone(),
        start_date: course.start_date.to_string(),
        end_date: course.end_date.to_string(),
        class_hours: i64::from(course.class_hours),
        full_time_days: i64::from(course.full_time_days()),
        institutional: course.full_time && is_institutional(course.kind),
        credits_centi: i64::try_from(credits).unwrap_or(i64::MAX),
    };
    write_record(app, &mut tx, actor, &duties, &record, course.end_date).await?;
    tx.commit().await?;
    Ok(record.id)
}
