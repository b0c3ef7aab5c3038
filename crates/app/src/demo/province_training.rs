//! Province-scale education and training for benchmarks (`jianquan generate-training`), run after
//! `generate`: courses of the party committees (province, cities, counties) with ten sessions
//! each, trainees from the organiser's subtree, attendance with leave and absence (TRN-LEAVE-CAP
//! withdraws those of full-time courses over the cap), records of completed courses plus five years of training from
//! elsewhere (some units train more than others), and six-musts events with their obligations —
//! some met by talks, some closed, a share overdue.
//!
//! Deterministic from the seed and the stored roster: row IDs are derived from the seed and a
//! counter, so the same seed on the same roster writes the same rows. Rows are written in the
//! order of the indexes that take most of them: attendance session by session with its trainees
//! in ID order, training records cadre by cadre in ID order, each ID above the one before.

use std::collections::HashSet;

use jianquan_domain::integrity::exam::seed_of;
use jianquan_domain::integrity::obligation::{duties_for, kinds_fulfilled_by_talk, next_periodic_due};
use jianquan_domain::registry::OrgPath;
use jianquan_domain::training::COURSE_KIND;
use jianquan_domain::training::course::{credits_centi, is_institutional, leave_check};
use jianquan_storage::training_bulk::{
    self as bulk, BulkAttendance, BulkCourse, BulkEnrolment, BulkEvent, BulkObligation, BulkRecord, BulkSession,
    BulkTalk, TrainingCadre,
};
use serde::Serialize;
use serde_json::json;
use time::{Date, Duration, Month};

use crate::demo::rng::Rng;
use crate::training::policy_error;
use crate::{Actor, App, AppError, AppResult};

/// Sessions per course.
pub const SESSIONS_PER_COURSE: usize = 10;
/// Cadres per course generated.
const CADRES_PER_COURSE: usize = 20;
/// Cadres per obligation generated.
const CADRES_PER_OBLIGATION: usize = 5;
/// Attendance rows per transaction (about).
const ATTENDANCE_PER_TX: usize = 500_000;
/// Training records per transaction.
const RECORDS_PER_TX: usize = 250_000;

/// What a run wrote.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ProvinceTrainingSummary {
    pub courses: usize,
    pub sessions: usize,
    pub enrolments: usize,
    pub withdrawn: usize,
    pub attendance: usize,
    pub records: usize,
    pub events: usize,
    pub obligations: usize,
    /// Open obligations past their due date on the day of the run.
    pub overdue: usize,
    pub talks: usize,
    pub ledger_seqs: Vec<i64>,
}

/// Row IDs: UUID-shaped, the seed's prefix, the kind of row and a counter, rising with the counter.
struct Ids {
    prefix: u32,
}

impl Ids {
    fn id(&self, kind: u16, n: usize) -> String {
        let n = n as u64;
        format!(
            "{:08x}-{kind:04x}-7{:03x}-8{:03x}-{:012x}",
            self.prefix,
            (n >> 60) & 0xf,
            (n >> 48) & 0xfff,
            n & 0xffff_ffff_ffff
        )
    }
}

const COURSE: u16 = 0xc0;
const SESSION: u16 = 0xc5;
const RECORD: u16 = 0x7e;
const EVENT: u16 = 0xe0;
const OBLIGATION: u16 = 0x0b;
const TALK: u16 = 0x7a;

/// Course kinds by weight.
const KINDS: [(&str, u32); 9] = [
    ("party_school", 28),
    ("administrative_college", 10),
    ("training_base", 14),
    ("online_course", 22),
    ("seminar", 8),
    ("off_site_visit", 5),
    ("university_course", 5),
    ("exemplary_model", 3),
    ("cautionary_case", 5),
];
/// Kinds of training recorded from elsewhere, by weight.
const HISTORY_KINDS: [(&str, u32); 7] = [
    ("party_school", 30),
    ("administrative_college", 10),
    ("training_base", 15),
    ("online_course", 25),
    ("seminar", 8),
    ("off_site_visit", 5),
    ("cautionary_case", 7),
];
const TRIGGERS: [(&str, u32); 6] = [
    ("party_admission", 10),
    ("civil_service_entry", 10),
    ("promotion", 25),
    ("key_post_or_major_task", 25),
    ("report_shows_emerging_problem", 20),
    ("accountability_decision", 10),
];

/// A course organiser: a party committee and the range of its subtree's cadres in path order.
struct Organiser {
    org_id: String,
    path: String,
    name: String,
    range: (usize, usize),
}

/// A course as planned before its trainees are drawn.
struct Plan {
    id: String,
    organiser: usize,
    kind: &'static str,
    title: String,
    organiser_name: String,
    full_time: bool,
    institutional: bool,
    hours_per_session: i64,
    dates: Vec<Date>,
    /// Sessions held by today.
    held: usize,
    credits_centi: i64,
    allowed_missed: i64,
    withdrawal: String,
}

impl Plan {
    fn start(&self) -> Date {
        self.dates.first().copied().unwrap_or(Date::MIN)
    }
    fn end(&self) -> Date {
        self.dates.last().copied().unwrap_or(Date::MIN)
    }
    fn class_hours(&self) -> i64 {
        self.hours_per_session * self.dates.len() as i64
    }
    fn full_time_days(&self) -> i64 {
        if self.full_time { (self.end() - self.start()).whole_days() + 1 } else { 0 }
    }
}

fn internal(e: impl std::fmt::Display) -> AppError {
    AppError::internal(format!("generate-training: {e}"))
}

fn day(year: i32, month: u8, d: u8) -> Date {
    Month::try_from(month).ok().and_then(|m| Date::from_calendar_date(year, m, d).ok()).unwrap_or(Date::MIN)
}

/// The party committees that run courses, with their subtrees' cadres (`by_path` holds cadre
/// indexes in org-path order).
fn organisers(orgs: &[bulk::TrainingOrg], cadres: &[TrainingCadre], by_path: &[u32]) -> AppResult<Vec<Organiser>> {
    let mut out = Vec::new();
    for org in orgs.iter().filter(|o| o.kind == "party_committee") {
        let (start, end) = OrgPath::parse(&org.path).map_err(|_| internal("org path"))?.subtree_range();
        let path_of = |i: &u32| cadres[*i as usize].org_path.as_str();
        let lo = by_path.partition_point(|i| path_of(i) < start.as_str());
        let hi = by_path.partition_point(|i| path_of(i) < end.as_str());
        if hi > lo {
            out.push(Organiser {
                org_id: org.id.clone(),
                path: org.path.clone(),
                name: org.name.clone(),
                range: (lo, hi),
            });
        }
    }
    Ok(out)
}

/// Weights of the organisers: the province and cities run fewer courses per cadre than counties.
fn organiser_weights(organisers: &[Organiser]) -> Vec<u64> {
    let mut sum = 0;
    organisers
        .iter()
        .map(|o| {
            let size = (o.range.1 - o.range.0) as u64;
            let depth = o.path.matches('/').count().saturating_sub(1);
            sum += match depth {
                1 => size / 10,
                2 => size * 3 / 10,
                _ => size * 6 / 10,
            }
            .max(1);
            sum
        })
        .collect()
}

fn plan_course(
    app: &App,
    seed: u64,
    ids: &Ids,
    index: usize,
    organisers: &[Organiser],
    cumulative: &[u64],
    today: Date,
) -> AppResult<Plan> {
    let mut rng = Rng::stream(seed, 0xC0_0000_0000 | index as u64);
    let at = rng.next_u64() % cumulative.last().copied().unwrap_or(1).max(1);
    let organiser = cumulative.partition_point(|c| *c <= at).min(organisers.len().saturating_sub(1));
    let o = organisers.get(organiser).ok_or_else(|| internal("no organisers"))?;
    let kind = rng.weighted(&KINDS);
    let institutional_kind = is_institutional(kind);
    let full_time = institutional_kind && rng.chance(0.8);
    let start = today - Duration::days(rng.range(-75, 5 * 365 - 60));
    // Full-time: ten days running, eight hours a day; part-time: one afternoon a week.
    let (step, hours_per_session) = match (full_time, kind) {
        (true, _) => (1, 8),
        (false, "online_course") => (7, 3),
        (false, _) => (7, 4),
    };
    let dates: Vec<Date> = (0..SESSIONS_PER_COURSE).map(|k| start + Duration::days(step * k as i64)).collect();
    let held = dates.iter().filter(|d| **d <= today).count();
    let end = dates.last().copied().unwrap_or(start);
    let class_hours = hours_per_session * SESSIONS_PER_COURSE as i64;
    let hours = u32::try_from(class_hours).unwrap_or(0);
    let credits = credits_centi(&app.policy, kind, hours, end.min(today)).map_err(policy_error)?;
    // TRN-LEAVE-CAP as the attendance use-case applies it: the rule in force on the day of the run.
    let allowed = leave_check(&app.policy, 0, hours, today).map_err(policy_error)?.allowed_hours;
    // The reason a withdrawn trainee reads, worded by the domain from the policy's figure.
    let past = leave_check(&app.policy, allowed + 1, hours, today).map_err(policy_error)?.withdrawal_reason();
    let withdrawal = format!("{}｜{}", past.reason.zh, past.reason.en);
    let label = COURSE_KIND.label(kind, "zh");
    Ok(Plan {
        id: ids.id(COURSE, index),
        organiser,
        kind,
        title: format!("{}{}年第{}期{label}班", o.name, start.year(), index % 97 + 1),
        organiser_name: format!("{}委组织部", o.name),
        full_time,
        institutional: full_time && institutional_kind,
        hours_per_session,
        dates,
        held,
        credits_centi: i64::try_from(credits).unwrap_or(0),
        allowed_missed: i64::from(allowed),
        withdrawal,
    })
}

/// `count` distinct positions of `lo..hi` (all of them if there are fewer), drawn with `rng`.
fn draw(rng: &mut Rng, lo: usize, hi: usize, count: usize) -> Vec<usize> {
    let size = hi - lo;
    let count = count.min(size);
    let mut picked: Vec<usize> = if count * 2 > size {
        let mut all: Vec<usize> = (lo..hi).collect();
        for i in 0..count {
            let j = i + rng.below(size - i);
            all.swap(i, j);
        }
        all.truncate(count);
        all
    } else {
        let mut seen = HashSet::with_capacity(count);
        while seen.len() < count {
            seen.insert(lo + rng.below(size));
        }
        seen.into_iter().collect()
    };
    picked.sort_unstable();
    picked
}

/// Generates courses, attendance, records and obligations for the roster stored; `attendance` is
/// the number of attendance rows to aim at (the courses' sizes follow from it);
/// `progress(stage, done, total)` follows the writes.
pub async fn generate_training(
    app: &App,
    attendance: usize,
    seed: u64,
    progress: &(dyn Fn(&'static str, usize, usize) + Sync),
) -> AppResult<ProvinceTrainingSummary> {
    let today = app.today();
    let sys = Actor::system_for_cli();
    let subject = format!("generate-training-{seed}");
    let ids = Ids { prefix: (Rng::stream(seed, 0x1d5).next_u64() >> 32) as u32 };
    let (cadres, orgs) = {
        let mut conn = app.db.read().await?;
        if bulk::course_exists(&mut conn, &ids.id(COURSE, 0)).await? {
            return Err(internal(format!("training was already generated with seed {seed}; use another seed")));
        }
        (bulk::cadres(&mut conn).await?, bulk::orgs(&mut conn).await?)
    };
    if cadres.is_empty() {
        return Err(internal("the database has no cadres: run `jianquan generate` first"));
    }
    let mut by_path: Vec<u32> = (0..cadres.len() as u32).collect();
    by_path.sort_by(|a, b| cadres[*a as usize].org_path.cmp(&cadres[*b as usize].org_path).then(a.cmp(b)));
    let organisers = organisers(&orgs, &cadres, &by_path)?;
    if organisers.is_empty() {
        return Err(internal("no party committee holds cadres"));
    }
    let cumulative = organiser_weights(&organisers);
    let mut summary = ProvinceTrainingSummary::default();

    // Courses, planned first so that their sizes can aim at the attendance asked for.
    let course_count = (cadres.len() / CADRES_PER_COURSE).max(10);
    let plans: Vec<Plan> = (0..course_count)
        .map(|i| plan_course(app, seed, &ids, i, &organisers, &cumulative, today))
        .collect::<AppResult<_>>()?;
    let held_total: usize = plans.iter().map(|p| p.held).sum();
    let mean = (attendance as f64 / held_total.max(1) as f64).max(1.0);
    let mut budget = attendance;
    let mut held_left = held_total;
    // (cadre index, course index) of every completion, for the records.
    let mut completions: Vec<(u32, u32)> = Vec::new();
    let mut next_session = 0;
    let mut first = 0;
    while first < plans.len() {
        // The courses of one transaction: about ATTENDANCE_PER_TX attendance rows.
        let mut last = first;
        let mut expected = 0.0;
        while last < plans.len() && (last == first || expected < ATTENDANCE_PER_TX as f64) {
            expected += plans[last].held as f64 * mean;
            last += 1;
        }
        let sessions: Vec<BulkSession> = plans[first..last]
            .iter()
            .enumerate()
            .flat_map(|(offset, plan)| plan.dates.iter().enumerate().map(move |(s, date)| (offset, plan, s, date)))
            .map(|(offset, plan, s, date)| BulkSession {
                id: ids.id(SESSION, next_session + offset * SESSIONS_PER_COURSE + s),
                course_id: plan.id.clone(),
                date: date.to_string(),
                topic: format!("第{}讲", s + 1),
                class_hours: plan.hours_per_session,
            })
            .collect();
        next_session += sessions.len();
        let reasons: Vec<String> = plans[first..last].iter().map(|p| p.withdrawal.clone()).collect();
        let mut courses = Vec::new();
        let mut marks: Vec<BulkAttendance> = Vec::new();
        let mut enrolments: Vec<BulkEnrolment> = Vec::new();
        for (offset, plan) in plans[first..last].iter().enumerate() {
            let k = first + offset;
            let mut rng = Rng::stream(seed, 0xE0_0000_0000 | k as u64);
            let o = &organisers[plan.organiser];
            let jitter = 0.7 + rng.below(61) as f64 / 100.0;
            let per_session = if plan.held == 0 { mean } else { budget as f64 / held_left.max(1) as f64 };
            let want = ((per_session * jitter).round() as usize).max(1);
            let mut picked: Vec<usize> =
                draw(&mut rng, o.range.0, o.range.1, want).into_iter().map(|p| by_path[p] as usize).collect();
            picked.sort_unstable();
            // Attendance session by session; a trainee over the leave cap is withdrawn and marked no more.
            let course_sessions = &sessions[offset * SESSIONS_PER_COURSE..(offset + 1) * SESSIONS_PER_COURSE];
            // Most trainees rarely miss a session; a few miss many.
            let weak: Vec<bool> = picked.iter().map(|_| rng.chance(0.04)).collect();
            let mut missed = vec![0_i64; picked.len()];
            let mut withdrawn = vec![false; picked.len()];
            let marked_before = marks.len();
            for session in course_sessions.iter().take(plan.held) {
                for (t, cadre) in picked.iter().enumerate() {
                    if withdrawn[t] {
                        continue;
                    }
                    let miss = if weak[t] { 0.3 } else { 0.04 };
                    let status =
                        if rng.chance(miss) { if rng.chance(0.8) { "leave" } else { "absent" } } else { "present" };
                    if status != "present" {
                        missed[t] += plan.hours_per_session;
                        // TRN-LEAVE-CAP withdraws trainees of full-time courses only.
                        withdrawn[t] = plan.full_time && missed[t] > plan.allowed_missed;
                    }
                    marks.push(BulkAttendance {
                        session_id: &session.id,
                        cadre_id: &cadres[*cadre].id,
                        course_id: &plan.id,
                        status,
                        note: if status == "leave" { "因公请假" } else { "" },
                    });
                }
            }
            budget = budget.saturating_sub(marks.len() - marked_before);
            held_left = held_left.saturating_sub(plan.held);
            let completed = plan.end() < today;
            for (t, cadre) in picked.iter().enumerate() {
                let (status, result, reason) = match (withdrawn[t], completed) {
                    (true, _) => ("withdrawn", "", reasons[offset].as_str()),
                    (false, true) => ("completed", "合格", ""),
                    (false, false) => ("enrolled", "", ""),
                };
                summary.withdrawn += usize::from(withdrawn[t]);
                if status == "completed" {
                    completions.push((*cadre as u32, k as u32));
                }
                enrolments.push(BulkEnrolment {
                    course_id: &plan.id,
                    cadre_id: &cadres[*cadre].id,
                    status,
                    missed_hours: missed[t],
                    result,
                    reason,
                });
            }
            let enrolment = if plan.kind == "online_course" { "open" } else { "assigned" };
            courses.push(BulkCourse {
                id: plan.id.clone(),
                title: plan.title.clone(),
                kind: plan.kind,
                organiser: plan.organiser_name.clone(),
                org_id: o.org_id.clone(),
                org_path: o.path.clone(),
                start_date: plan.start().to_string(),
                end_date: plan.end().to_string(),
                class_hours: plan.class_hours(),
                capacity: (enrolment == "assigned").then(|| (picked.len() as i64 + 9) / 10 * 10),
                enrolment,
                full_time: plan.full_time,
                status: if completed { "completed" } else { "planned" },
                enrolled_count: picked.len() as i64,
            });
        }
        let mut tx = app.db.write().await?;
        let detail = json!({"seed": seed, "part": "courses", "from": first, "courses": courses.len(),
            "sessions": sessions.len(), "enrolments": enrolments.len(), "attendance": marks.len()});
        let seq = app.record(&mut tx, &sys, "demo.generate", ("demo", &subject), detail, &[]).await?;
        bulk::insert_courses(&mut tx, &courses, seq).await?;
        bulk::insert_sessions(&mut tx, &sessions).await?;
        bulk::insert_enrolments(&mut tx, &enrolments, seq).await?;
        for chunk in marks.chunks(100_000) {
            bulk::insert_attendance(&mut tx, chunk).await?;
            summary.attendance += chunk.len();
            progress("attendance", summary.attendance, attendance);
        }
        tx.commit().await?;
        summary.ledger_seqs.push(seq);
        summary.courses += courses.len();
        summary.sessions += sessions.len();
        summary.enrolments += enrolments.len();
        first = last;
    }

    summary.records =
        write_records(app, seed, &ids, &cadres, &plans, completions, &mut summary.ledger_seqs, progress).await?;
    write_obligations(app, seed, &ids, &cadres, &mut summary, progress).await?;
    Ok(summary)
}

/// Records of completed courses and five years of training recorded from elsewhere, cadre by cadre.
#[allow(clippy::too_many_arguments, reason = "the generator's shared state, passed once")]
async fn write_records(
    app: &App,
    seed: u64,
    ids: &Ids,
    cadres: &[TrainingCadre],
    plans: &[Plan],
    mut completions: Vec<(u32, u32)>,
    ledger: &mut Vec<i64>,
    progress: &(dyn Fn(&'static str, usize, usize) + Sync),
) -> AppResult<usize> {
    let today = app.today();
    let year = today.year();
    let sys = Actor::system_for_cli();
    let subject = format!("generate-training-{seed}");
    completions.sort_unstable();
    // Titles and credits of the history records, by year and kind.
    let titles: Vec<Vec<String>> = (year - 4..=year)
        .map(|y| HISTORY_KINDS.iter().map(|(k, _)| format!("{y}年{}", COURSE_KIND.label(k, "zh"))).collect())
        .collect();
    let weights: Vec<(usize, u32)> = HISTORY_KINDS.iter().enumerate().map(|(i, (_, w))| (i, *w)).collect();
    let mut records: Vec<BulkRecord> = Vec::with_capacity(RECORDS_PER_TX + 64);
    let mut written = 0;
    let mut next = 0;
    let mut c = 0;
    let mut from_cadre = 0;
    for (index, cadre) in cadres.iter().enumerate() {
        let mut rng = Rng::stream(seed, 0x4E_0000_0000 | index as u64);
        // Some units train more than others: the org path's hash sets a unit's diligence.
        let diligence = 0.3 + (seed_of(&cadre.org_path) % 60) as f64 / 100.0;
        for (y_index, y) in (year - 4..=year).enumerate() {
            if !rng.chance(diligence) {
                continue;
            }
            let kind_index = rng.weighted(&weights);
            let kind = HISTORY_KINDS[kind_index].0;
            let full_time = is_institutional(kind) && rng.chance(0.8);
            let hours = if cadre.rank_level <= 6 && full_time { rng.range(60, 180) } else { rng.range(24, 110) } as u32;
            let start =
                day(y, u8::try_from(rng.range(1, 10)).unwrap_or(3), u8::try_from(rng.range(1, 28)).unwrap_or(1));
            let days = if full_time { i64::from(hours / 8).max(1) } else { i64::from(hours / 4).max(1) };
            let end = start + Duration::days(days - 1);
            if end >= today {
                continue;
            }
            let credits = credits_centi(&app.policy, kind, hours, end).map_err(policy_error)?;
            records.push(BulkRecord {
                id: ids.id(RECORD, next),
                cadre_id: &cadre.id,
                course_id: None,
                kind,
                title: &titles[y_index][kind_index],
                organiser: if kind == "online_course" { "干部网络学院" } else { "省委党校" },
                start_date: start.to_string(),
                end_date: end.to_string(),
                class_hours: i64::from(hours),
                full_time_days: if full_time { days } else { 0 },
                institutional: full_time,
                credits_centi: i64::try_from(credits).unwrap_or(0),
            });
            next += 1;
        }
        while let Some((_, course)) = completions.get(c).copied().filter(|(who, _)| *who as usize == index) {
            let plan = &plans[course as usize];
            records.push(BulkRecord {
                id: ids.id(RECORD, next),
                cadre_id: &cadre.id,
                course_id: Some(&plan.id),
                kind: plan.kind,
                title: &plan.title,
                organiser: &plan.organiser_name,
                start_date: plan.start().to_string(),
                end_date: plan.end().to_string(),
                class_hours: plan.class_hours(),
                full_time_days: plan.full_time_days(),
                institutional: plan.institutional,
                credits_centi: plan.credits_centi,
            });
            next += 1;
            c += 1;
        }
        if records.len() >= RECORDS_PER_TX || index + 1 == cadres.len() {
            let mut tx = app.db.write().await?;
            let detail = json!({"seed": seed, "part": "records", "from_cadre": from_cadre, "to_cadre": index + 1,
                "records": records.len()});
            let seq = app.record(&mut tx, &sys, "demo.generate", ("demo", &subject), detail, &[]).await?;
            bulk::insert_records(&mut tx, &records, seq).await?;
            tx.commit().await?;
            ledger.push(seq);
            written += records.len();
            records.clear();
            from_cadre = index + 1;
            progress("records", index + 1, cadres.len());
        }
    }
    Ok(written)
}

/// Six-musts events over the last two years and their obligations: met by talks, closed, open or overdue.
async fn write_obligations(
    app: &App,
    seed: u64,
    ids: &Ids,
    cadres: &[TrainingCadre],
    summary: &mut ProvinceTrainingSummary,
    progress: &(dyn Fn(&'static str, usize, usize) + Sync),
) -> AppResult<()> {
    let today = app.today();
    let sys = Actor::system_for_cli();
    let target = (cadres.len() / CADRES_PER_OBLIGATION).max(10);
    let mut rng = Rng::stream(seed, 0x0B_0000_0000);
    let mut events = Vec::new();
    let mut obligations = Vec::new();
    let mut talks = Vec::new();
    while obligations.len() < target {
        let cadre = &cadres[rng.below(cadres.len())];
        let trigger = rng.weighted(&TRIGGERS);
        let date = today - Duration::days(rng.range(1, 730));
        let duties = duties_for(&app.policy, trigger, date).map_err(policy_error)?;
        if duties.is_empty() {
            continue;
        }
        let event_id = ids.id(EVENT, events.len());
        for duty in duties {
            let talk_kind = match duty.kind.as_str() {
                "warning_talk" => Some("warning"),
                "admonishment_talk" => Some("admonishment"),
                "education_or_talk" => Some(if rng.chance(0.5) { "integrity" } else { "reminder" }),
                _ => None,
            }
            .filter(|k| kinds_fulfilled_by_talk(k).contains(&duty.kind.as_str()));
            let overdue = duty.due < today;
            let roll = rng.below(100);
            let (status, fulfilled) = match talk_kind {
                Some(kind) if (overdue && roll < 55) || (!overdue && roll < 25) => {
                    let span = (duty.due.min(today) - date).whole_days().max(0);
                    let on = date + Duration::days(rng.range(0, span));
                    let talk_id = ids.id(TALK, talks.len());
                    talks.push(BulkTalk {
                        id: talk_id.clone(),
                        cadre_id: &cadre.id,
                        org_path: &cadre.org_path,
                        kind,
                        talker: "市纪委监委第三监督检查室",
                        date: on.to_string(),
                        content: "结合有关事项开展谈话，提出要求",
                        document_number: if kind == "admonishment" {
                            format!("纪诫〔{}〕{}号", on.year(), talks.len() + 1)
                        } else {
                            String::new()
                        },
                    });
                    ("fulfilled", Some(("talk", talk_id, on)))
                }
                _ if overdue && roll >= 88 => ("closed", None),
                _ => ("open", None),
            };
            let id = ids.id(OBLIGATION, obligations.len());
            let interval = duty.interval_months.map(i64::from);
            if let (Some(months), Some((_, _, on))) = (duty.interval_months, &fulfilled) {
                // A periodic duty met starts its next period.
                let next = BulkObligation {
                    id: ids.id(OBLIGATION, obligations.len() + 1),
                    cadre_id: &cadre.id,
                    org_path: &cadre.org_path,
                    rule: duty.rule,
                    kind: duty.kind.clone(),
                    source_kind: "obligation",
                    source_id: id.clone(),
                    source_date: on.to_string(),
                    due_date: next_periodic_due(*on, months).to_string(),
                    interval_months: interval,
                    status: "open",
                    fulfilled: None,
                    note: "",
                };
                summary.overdue += usize::from(next_periodic_due(*on, months) < today);
                obligations.push(BulkObligation {
                    id,
                    cadre_id: &cadre.id,
                    org_path: &cadre.org_path,
                    rule: duty.rule,
                    kind: duty.kind.clone(),
                    source_kind: "integrity_event",
                    source_id: event_id.clone(),
                    source_date: date.to_string(),
                    due_date: duty.due.to_string(),
                    interval_months: interval,
                    status,
                    fulfilled: fulfilled.map(|(k, i, on)| (k, i, on.to_string())),
                    note: "",
                });
                obligations.push(next);
                continue;
            }
            summary.overdue += usize::from(status == "open" && overdue);
            obligations.push(BulkObligation {
                id,
                cadre_id: &cadre.id,
                org_path: &cadre.org_path,
                rule: duty.rule,
                kind: duty.kind.clone(),
                source_kind: "integrity_event",
                source_id: event_id.clone(),
                source_date: date.to_string(),
                due_date: duty.due.to_string(),
                interval_months: interval,
                status,
                fulfilled: fulfilled.map(|(k, i, on)| (k, i, on.to_string())),
                note: if status == "closed" { "岗位已调整，不再适用" } else { "" },
            });
        }
        events.push(BulkEvent {
            id: event_id,
            cadre_id: &cadre.id,
            org_path: &cadre.org_path,
            trigger,
            date: date.to_string(),
            basis: format!("事项 {}", events.len() + 1),
        });
    }
    let mut tx = app.db.write().await?;
    let detail = json!({"seed": seed, "part": "obligations", "events": events.len(), "obligations": obligations.len(),
        "talks": talks.len()});
    let seq =
        app.record(&mut tx, &sys, "demo.generate", ("demo", &format!("generate-training-{seed}")), detail, &[]).await?;
    bulk::insert_events(&mut tx, &events, seq).await?;
    bulk::insert_talks(&mut tx, &talks, seq).await?;
    for (i, chunk) in obligations.chunks(50_000).enumerate() {
        bulk::insert_obligations(&mut tx, chunk, seq).await?;
        progress("obligations", (i * 50_000 + chunk.len()).min(obligations.len()), obligations.len());
    }
    tx.commit().await?;
    summary.ledger_seqs.push(seq);
    summary.events = events.len();
    summary.obligations = obligations.len();
    summary.talks = talks.len();
    Ok(())
}
