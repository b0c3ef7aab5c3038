//! Competitive appointment and open selection (SEL-COMPETITIVE): the announcement with its
//! weights and qualification rules, applications, the qualification review with reasons,
//! written-exam and interview scores entered by graders, and the ranking by the announced
//! weights, whose top places become the nominees — who then pass the same gate, inspection and
//! decision as any other.

use jianquan_domain::access::Capability;
use jianquan_domain::registry::OrgPath;
use jianquan_domain::selection::case::State;
use jianquan_domain::selection::competitive::{Ranked, Scores, Weights, rank};
use jianquan_domain::{Errors, FieldError, Invalid, Refusal};
use jianquan_storage::registry::cadres;
use jianquan_storage::selection::candidates::{self as candidate_store, Nominee};
use jianquan_storage::selection::cases as case_store;
use jianquan_storage::selection::exams::{self as store, ApplicantRow, ExamRow};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::views::{Applicant, ExamAnnouncement};
use super::{
    SUBJECT, case_for, changed_meanwhile, day_not_after_today, domain_case, flag, locked_case, require_state,
    step_error, text,
};
use crate::view::all;
use crate::{Actor, App, AppError, AppResult};

/// The announcement (公告).
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct AnnouncementInput {
    /// Percent; with `interview_weight` it adds up to 100. Both empty: the policy's weights.
    pub written_weight: String,
    pub interview_weight: String,
    /// The qualification rules: education, age limit, party standing, years in rank, …
    pub qualifications: String,
    /// The day of the announcement (default: today).
    pub date: String,
}

/// Motion → examination, with the announcement.
pub async fn begin(app: &App, actor: &Actor, case_id: &str, input: &AnnouncementInput) -> AppResult<ExamAnnouncement> {
    let mut tx = app.db.write().await?;
    let row = locked_case(&mut tx, actor, case_id, Capability::SelectionWrite).await?;
    let mut e = Errors::default();
    let date = e.take(day_not_after_today("date", &input.date, app.today()));
    let qualifications = e.take(text("qualifications", &input.qualifications, true, 4000));
    let percent = |field: &str, raw: &str, e: &mut Errors| match raw.trim().parse::<u32>() {
        Ok(n) if n <= 100 => Some(n),
        _ => {
            e.push(FieldError::new(field, "权重为 0 至 100 的整数", "a weight is a whole percent, 0 to 100"));
            None
        }
    };
    let weights = if input.written_weight.trim().is_empty() && input.interview_weight.trim().is_empty() {
        Some(Weights::from_policy(&app.policy, app.today()).map_err(step_error)?)
    } else {
        match (
            percent("written_weight", &input.written_weight, &mut e),
            percent("interview_weight", &input.interview_weight, &mut e),
        ) {
            (Some(w), Some(i)) => Some(Weights::new(w, i)?),
            _ => None,
        }
    };
    e.finish()?;
    let (Some(date), Some(qualifications), Some(weights)) = (date, qualifications, weights) else {
        return Err(Invalid::one("qualifications", "输入有误", "invalid").into());
    };
    domain_case(&row)?.begin_examination()?;
    let exam = ExamRow {
        case_id: case_id.to_owned(),
        written_weight: i64::from(weights.written_exam),
        interview_weight: i64::from(weights.interview),
        qualifications,
        announced_on: date.to_string(),
    };
    let detail = json!({"announced_on": exam.announced_on, "weights": weights, "qualifications": exam.qualifications});
    let seq = app
        .record(&mut tx, actor, "selection.examination.announce", (SUBJECT, case_id), detail, &["SEL-COMPETITIVE"])
        .await?;
    if !case_store::set_state(&mut tx, &row, State::Motion, State::Examination, seq).await? {
        return Err(changed_meanwhile());
    }
    store::insert(&mut tx, &exam, seq).await?;
    tx.commit().await?;
    Ok(exam.into())
}

/// Applications, by cadre ID.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct ApplicantsInput {
    pub cadre_ids: Vec<String>,
}

/// Registers applicants (报名) in the actor's scope; returns how many were new.
pub async fn apply(app: &App, actor: &Actor, case_id: &str, input: &ApplicantsInput) -> AppResult<usize> {
    let mut tx = app.db.write().await?;
    let row = locked_case(&mut tx, actor, case_id, Capability::SelectionWrite).await?;
    require_state(&row, State::Examination, "SEL-COMPETITIVE")?;
    let found = cadres::by_ids(&mut tx, &input.cadre_ids).await?;
    let seen =
        |id: &String| found.iter().any(|c| &c.id == id && OrgPath::parse(&c.org_path).is_ok_and(|p| actor.sees(&p)));
    if input.cadre_ids.is_empty() || !input.cadre_ids.iter().all(seen) {
        return Err(
            Invalid::one("cadre_ids", "报名人员须为您范围内的干部", "applicants are cadres in your scope").into()
        );
    }
    let seq = app
        .record(
            &mut tx,
            actor,
            "selection.examination.apply",
            (SUBJECT, case_id),
            json!({"cadres": input.cadre_ids}),
            &[],
        )
        .await?;
    let mut added = 0;
    for id in &input.cadre_ids {
        added += usize::from(store::apply(&mut tx, case_id, id, seq).await?);
    }
    tx.commit().await?;
    Ok(added)
}

/// A qualification review (资格审查) against the announced rules.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct ReviewInput {
    pub cadre_id: String,
    /// "1" when qualified.
    pub qualified: String,
    /// Required when not qualified: which announced rule is not met.
    pub reason: String,
}

pub async fn review(app: &App, actor: &Actor, case_id: &str, input: &ReviewInput) -> AppResult<()> {
    let mut tx = app.db.write().await?;
    let row = locked_case(&mut tx, actor, case_id, Capability::SelectionWrite).await?;
    require_state(&row, State::Examination, "SEL-COMPETITIVE")?;
    let qualified = flag(&input.qualified);
    let reason = text("reason", &input.reason, !qualified, 1000).map_err(super::invalid)?;
    let detail = json!({"cadre": input.cadre_id.trim(), "qualified": qualified, "reason": reason});
    let seq = app
        .record(&mut tx, actor, "selection.examination.review", (SUBJECT, case_id), detail, &["SEL-COMPETITIVE"])
        .await?;
    if !store::review(&mut tx, case_id, input.cadre_id.trim(), qualified, &reason, seq).await? {
        return Err(Invalid::one("cadre_id", "该人员未报名", "not an applicant").into());
    }
    tx.commit().await?;
    Ok(())
}

/// A grader's score.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct ScoreInput {
    pub cadre_id: String,
    /// written or interview.
    pub part: String,
    /// Points with up to two decimals, 0 to 100 (e.g. 85.5).
    pub score: String,
}

/// Reads "85.5" as 8550 hundredths.
fn centi(raw: &str) -> Option<i64> {
    let (whole, frac) = raw.trim().split_once('.').unwrap_or((raw.trim(), ""));
    if frac.len() > 2
        || whole.is_empty()
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
    {
        return None;
    }
    let value = whole.parse::<i64>().ok()? * 100 + format!("{frac:0<2}").parse::<i64>().ok()?;
    (0..=10_000).contains(&value).then_some(value)
}

/// Records one part's score of a qualified applicant, once, in the grader's name.
pub async fn score(app: &App, actor: &Actor, case_id: &str, input: &ScoreInput) -> AppResult<()> {
    let mut tx = app.db.write().await?;
    let row = locked_case(&mut tx, actor, case_id, Capability::SelectionWrite).await?;
    require_state(&row, State::Examination, "SEL-COMPETITIVE")?;
    let mut e = Errors::default();
    let written = match input.part.trim() {
        "written" => Some(true),
        "interview" => Some(false),
        _ => {
            e.push(FieldError::new("part", "请选择笔试或面试", "choose written or interview"));
            None
        }
    };
    let value = centi(&input.score);
    if value.is_none() {
        e.push(FieldError::new(
            "score",
            "成绩为 0 至 100 分，最多两位小数",
            "a score is 0 to 100 with up to two decimals",
        ));
    }
    e.finish()?;
    let (Some(written), Some(value)) = (written, value) else {
        return Err(Invalid::one("score", "输入有误", "invalid").into());
    };
    let detail =
        json!({"cadre": input.cadre_id.trim(), "part": input.part.trim(), "score_centi": value, "grader": actor.id});
    let seq = app
        .record(&mut tx, actor, "selection.examination.score", (SUBJECT, case_id), detail, &["SEL-COMPETITIVE"])
        .await?;
    if !store::score(&mut tx, case_id, input.cadre_id.trim(), written, value, &actor.id, seq).await? {
        return Err(Refusal::new(
            "SEL-COMPETITIVE",
            "只能为资格审查合格的人员录入成绩，每项成绩只录入一次",
            "scores are entered once, for qualified applicants only",
        )
        .into());
    }
    tx.commit().await?;
    Ok(())
}

/// The ranking of qualified applicants with both scores, by the announced weights.
pub fn ranking(exam: &ExamRow, applicants: &[ApplicantRow]) -> Vec<Ranked> {
    let weights = Weights {
        written_exam: u32::try_from(exam.written_weight).unwrap_or(0),
        interview: u32::try_from(exam.interview_weight).unwrap_or(0),
    };
    let scores: Vec<Scores> = applicants
        .iter()
        .filter(|a| a.qualified == Some(true))
        .filter_map(|a| {
            Some(Scores {
                candidate: a.cadre_id.clone(),
                written_exam: u32::try_from(a.written_centi?).ok()?,
                interview: u32::try_from(a.interview_centi?).ok()?,
            })
        })
        .collect();
    rank(weights, &scores)
}

/// The examination of a case with its applicants and ranking.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ExamView {
    pub exam: Option<ExamAnnouncement>,
    pub applicants: Vec<Applicant>,
    #[schema(value_type = Vec<Object>)]
    pub ranking: Vec<Ranked>,
}

pub async fn view(app: &App, actor: &Actor, case_id: &str) -> AppResult<ExamView> {
    case_for(app, actor, case_id, Capability::SelectionRead).await?;
    let mut conn = app.db.read().await?;
    let exam = store::get(&mut conn, case_id).await?;
    let applicants = store::applicants(&mut conn, case_id).await?;
    let ranking = exam.as_ref().map(|e| ranking(e, &applicants)).unwrap_or_default();
    Ok(ExamView { exam: exam.map(Into::into), applicants: all(applicants), ranking })
}

/// How many top places become nominees.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct RankingInput {
    /// Places (ties at the last place all go through); default 1.
    pub places: String,
}

/// Examination → eligibility: every applicant ranked within `places` is nominated (SEL-COMPETITIVE).
pub async fn close(app: &App, actor: &Actor, case_id: &str, input: &RankingInput) -> AppResult<Vec<String>> {
    let mut tx = app.db.write().await?;
    let row = locked_case(&mut tx, actor, case_id, Capability::SelectionWrite).await?;
    let places: u32 = if input.places.trim().is_empty() {
        1
    } else {
        input.places.trim().parse().ok().filter(|p| *p >= 1).ok_or_else(|| {
            AppError::from(Invalid::one("places", "请填写进入考察的名次数", "give how many places go on"))
        })?
    };
    let view = view(app, actor, case_id).await?;
    let ranked: Vec<&Ranked> = view.ranking.iter().filter(|r| r.rank <= places).collect();
    let mut case = domain_case(&row)?;
    case.close_nomination(ranked.len())?;
    let detail = json!({"places": places, "ranking": view.ranking.iter().map(|r| json!({"rank": r.rank, "cadre": r.candidate, "total": r.points()})).collect::<Vec<_>>()});
    let seq = app
        .record(&mut tx, actor, "selection.nomination.close", (SUBJECT, case_id), detail, &["SEL-COMPETITIVE"])
        .await?;
    if !case_store::set_state(&mut tx, &row, State::Examination, State::Eligibility, seq).await? {
        return Err(changed_meanwhile());
    }
    for r in &ranked {
        let nominee = Nominee {
            cadre_id: &r.candidate,
            source: "examination",
            round_id: None,
            votes: None,
            base: None,
            reaches: None,
        };
        candidate_store::insert(&mut tx, case_id, &nominee, seq).await?;
    }
    tx.commit().await?;
    Ok(ranked.iter().map(|r| r.candidate.clone()).collect())
}

#[cfg(test)]
mod tests {
    use super::centi;

    #[test]
    fn scores_read_as_hundredths_of_a_point() {
        assert_eq!(centi("85.5"), Some(8550));
        assert_eq!(centi("85.05"), Some(8505));
        assert_eq!(centi("100"), Some(10_000));
        assert_eq!(centi("0"), Some(0));
        for bad in ["100.01", "85.555", "-1", "", ".5", "8a"] {
            assert_eq!(centi(bad), None, "{bad}");
        }
    }
}
