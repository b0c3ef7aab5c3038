//! How far each case has got within its stage — the facts its next step is computed from — for
//! one case or a page of them in one statement per 500 cases (the case list's next-step column
//! costs one statement, not one per row).

use jianquan_domain::selection::case::State;
use sqlx::any::AnyRow;

use crate::query::{Sql, Value};
use crate::row::{coded, flag, int, opt_flag, opt_int, opt_text, text};
use crate::{Conn, Result};

/// A case's progress within its stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseProgress {
    pub case_id: String,
    pub state: State,
    pub paused: bool,
    pub method: String,
    /// The first recommendation round still being prepared: (ID, number).
    pub round_preparing: Option<(String, i64)>,
    /// The first round open for votes: (ID, number, day held).
    pub round_open: Option<(String, i64, Option<String>)>,
    pub rounds_closed: i64,
    /// Whether an examination has been announced.
    pub exam_announced: bool,
    /// Candidates awaiting the gate, and admitted ones.
    pub nominated: i64,
    pub admitted: i64,
    /// The first nominee by name (admitted before nominated) and how many there are (blocked
    /// ones apart).
    pub nominee: Option<String>,
    pub nominees: i64,
    /// Admitted subjects without an inspection team yet.
    pub subjects_without_team: i64,
    /// Team members who have not signed their letter, and the first of them by name.
    pub letters_unsigned: i64,
    pub unsigned_inspector: Option<String>,
    /// Subjects with a team and no report yet, and the first inspector of them by name.
    pub reports_due: i64,
    pub reporting_inspector: Option<String>,
    pub reports: i64,
    /// The case's latest agenda item: its status, whether it passed, the nominee's name.
    pub item_status: Option<String>,
    pub item_passed: Option<bool>,
    pub item_name: Option<String>,
    /// The latest item's meeting: (ID, title, day, status).
    pub meeting: Option<(String, String, String, String)>,
    /// The publicity notice: nominee, last day of the period.
    pub notice_name: Option<String>,
    pub period_end: Option<String>,
    pub objections_open: i64,
    pub objections_verified: i64,
}

const SELECT: &str = "SELECT s.id, s.state, s.paused, s.method, \
    (SELECT r.id FROM selection_rounds r WHERE r.case_id = s.id AND r.status = 'preparing' ORDER BY r.number LIMIT 1) AS prep_id, \
    (SELECT r.number FROM selection_rounds r WHERE r.case_id = s.id AND r.status = 'preparing' ORDER BY r.number LIMIT 1) AS prep_no, \
    (SELECT r.id FROM selection_rounds r WHERE r.case_id = s.id AND r.status = 'open' ORDER BY r.number LIMIT 1) AS open_id, \
    (SELECT r.number FROM selection_rounds r WHERE r.case_id = s.id AND r.status = 'open' ORDER BY r.number LIMIT 1) AS open_no, \
    (SELECT r.held_on FROM selection_rounds r WHERE r.case_id = s.id AND r.status = 'open' ORDER BY r.number LIMIT 1) AS open_on, \
    (SELECT COUNT(*) FROM selection_rounds r WHERE r.case_id = s.id AND r.status = 'closed') AS rounds_closed, \
    (SELECT COUNT(*) FROM selection_exams e WHERE e.case_id = s.id) AS exams, \
    (SELECT COUNT(*) FROM selection_candidates c WHERE c.case_id = s.id AND c.status = 'nominated') AS nominated, \
    (SELECT COUNT(*) FROM selection_candidates c WHERE c.case_id = s.id AND c.status = 'admitted') AS admitted, \
    (SELECT k.name FROM selection_candidates c JOIN cadres k ON k.id = c.cadre_id \
      WHERE c.case_id = s.id AND c.status <> 'blocked' \
      ORDER BY CASE WHEN c.status = 'admitted' THEN 0 ELSE 1 END, k.name LIMIT 1) AS nominee, \
    (SELECT COUNT(*) FROM selection_candidates c WHERE c.case_id = s.id AND c.status <> 'blocked') AS nominees, \
    (SELECT COUNT(*) FROM selection_candidates c WHERE c.case_id = s.id AND c.status = 'admitted' AND NOT EXISTS \
      (SELECT 1 FROM selection_inspectors x WHERE x.case_id = c.case_id AND x.cadre_id = c.cadre_id)) AS untamed, \
    (SELECT COUNT(*) FROM selection_inspectors x WHERE x.case_id = s.id AND x.letter_accepted_on IS NULL) AS unsigned, \
    (SELECT u.display_name FROM selection_inspectors x JOIN users u ON u.id = x.inspector_id \
      WHERE x.case_id = s.id AND x.letter_accepted_on IS NULL ORDER BY u.display_name LIMIT 1) AS unsigned_by, \
    (SELECT COUNT(DISTINCT x.cadre_id) FROM selection_inspectors x WHERE x.case_id = s.id AND NOT EXISTS \
      (SELECT 1 FROM selection_inspection_reports p WHERE p.case_id = x.case_id AND p.cadre_id = x.cadre_id)) AS reports_due, \
    (SELECT u.display_name FROM selection_inspectors x JOIN users u ON u.id = x.inspector_id \
      WHERE x.case_id = s.id AND NOT EXISTS (SELECT 1 FROM selection_inspection_reports p \
      WHERE p.case_id = x.case_id AND p.cadre_id = x.cadre_id) ORDER BY u.display_name LIMIT 1) AS reporting_by, \
    (SELECT COUNT(*) FROM selection_inspection_reports p WHERE p.case_id = s.id) AS reports, \
    i.status AS item_status, i.passed AS item_passed, ik.name AS item_name, \
    m.id AS meeting_id, m.title AS meeting_title, m.held_on AS meeting_on, m.status AS meeting_status, \
    n.name AS notice_name, n.period_end, \
    (SELECT COUNT(*) FROM selection_objections o WHERE o.notice_id = n.id AND o.finding IS NULL) AS objections_open, \
    (SELECT COUNT(*) FROM selection_objections o WHERE o.notice_id = n.id AND o.finding = 'verified') AS verified \
    FROM selection_cases s \
    LEFT JOIN selection_agenda_items i ON i.id = (SELECT i2.id FROM selection_agenda_items i2 \
      WHERE i2.case_id = s.id ORDER BY i2.registered_seq DESC LIMIT 1) \
    LEFT JOIN selection_meetings m ON m.id = i.meeting_id \
    LEFT JOIN cadres ik ON ik.id = i.cadre_id \
    LEFT JOIN selection_notices n ON n.case_id = s.id \
    WHERE s.id IN ";

fn from_row(r: &AnyRow) -> Result<CaseProgress> {
    let pair = |id: Option<String>, no: Option<i64>| id.zip(no);
    let meeting = match opt_text(r, "meeting_id")? {
        Some(id) => Some((id, text(r, "meeting_title")?, text(r, "meeting_on")?, text(r, "meeting_status")?)),
        None => None,
    };
    let open_on = opt_text(r, "open_on")?;
    Ok(CaseProgress {
        case_id: text(r, "id")?,
        state: coded(r, "state", State::parse)?,
        paused: flag(r, "paused")?,
        method: text(r, "method")?,
        round_preparing: pair(opt_text(r, "prep_id")?, opt_int(r, "prep_no")?),
        round_open: pair(opt_text(r, "open_id")?, opt_int(r, "open_no")?).map(|(id, no)| (id, no, open_on)),
        rounds_closed: int(r, "rounds_closed")?,
        exam_announced: int(r, "exams")? > 0,
        nominated: int(r, "nominated")?,
        admitted: int(r, "admitted")?,
        nominee: opt_text(r, "nominee")?,
        nominees: int(r, "nominees")?,
        subjects_without_team: int(r, "untamed")?,
        letters_unsigned: int(r, "unsigned")?,
        unsigned_inspector: opt_text(r, "unsigned_by")?,
        reports_due: int(r, "reports_due")?,
        reporting_inspector: opt_text(r, "reporting_by")?,
        reports: int(r, "reports")?,
        item_status: opt_text(r, "item_status")?,
        item_passed: opt_flag(r, "item_passed")?,
        item_name: opt_text(r, "item_name")?,
        meeting,
        notice_name: opt_text(r, "notice_name")?,
        period_end: opt_text(r, "period_end")?,
        objections_open: int(r, "objections_open")?,
        objections_verified: int(r, "verified")?,
    })
}

/// The progress of these cases (unknown IDs are simply missing), one statement per 500 cases.
pub async fn of_cases(conn: &mut Conn, case_ids: &[&str]) -> Result<Vec<CaseProgress>> {
    let mut out = Vec::with_capacity(case_ids.len());
    for chunk in case_ids.chunks(500) {
        let mut sql = Sql::new(SELECT);
        sql.bind_list(chunk.iter().map(|id| Value::Text((*id).to_owned())));
        for row in sql.query(conn)?.fetch_all(&mut *conn).await? {
            out.push(from_row(&row)?);
        }
    }
    Ok(out)
}
