//! The 工作台: each role's to-do lists, one query per list, scoped like everything else — the
//! rounds to close, cases to put before the committee, votes to count and appointments due
//! for organisation staff; the items a committee member is to vote on; an inspector's letters
//! and reports; discipline inspection's objections to check; obligations overdue and due this
//! week in scope; and a cadre's own exams, talks to acknowledge and obligations.

use jianquan_domain::access::Capability;
use jianquan_storage::workbench::{self as store, TodoList, TodoRow};
use serde::Serialize;
use time::Duration;

use crate::integrity::exams;
use crate::{Actor, App, AppResult};

/// Rows each card lists; the total is given beside them.
const SHOWN: i64 = 8;

/// What a card lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CardKind {
    /// Recommendation rounds still open (to close and count).
    RoundsToClose,
    /// Cases awaiting their decision with no item on an agenda.
    CasesForAgenda,
    /// Pending items of open meetings (to count).
    VotesToCount,
    /// Publicity ended: appoint, or hold on an objection.
    PublicityEnded,
    /// Items the signed-in member is to vote on.
    MyVotes,
    /// Inspection responsibility letters to sign.
    LettersToSign,
    /// Inspections to conclude with a report.
    ReportsToWrite,
    /// Objections to publicity with no finding.
    ObjectionsToCheck,
    /// Open obligations past due in scope.
    ObligationsOverdue,
    /// Open obligations due within seven days in scope.
    ObligationsThisWeek,
    /// The cadre's exams still to pass.
    MyExams,
    /// Talks the cadre has not acknowledged.
    MyTalks,
    /// The cadre's open obligations.
    MyObligations,
}

impl CardKind {
    /// A stable name (the page's element IDs, the tests).
    pub fn code(self) -> &'static str {
        match self {
            Self::RoundsToClose => "rounds_to_close",
            Self::CasesForAgenda => "cases_for_agenda",
            Self::VotesToCount => "votes_to_count",
            Self::PublicityEnded => "publicity_ended",
            Self::MyVotes => "my_votes",
            Self::LettersToSign => "letters_to_sign",
            Self::ReportsToWrite => "reports_to_write",
            Self::ObjectionsToCheck => "objections_to_check",
            Self::ObligationsOverdue => "obligations_overdue",
            Self::ObligationsThisWeek => "obligations_this_week",
            Self::MyExams => "my_exams",
            Self::MyTalks => "my_talks",
            Self::MyObligations => "my_obligations",
        }
    }
}

/// One card of the 工作台.
#[derive(Debug, Clone)]
pub struct Card {
    pub kind: CardKind,
    pub list: TodoList,
}

/// The signed-in account's cards, in the order the role works them; each card one query.
pub async fn cards(app: &App, actor: &Actor) -> AppResult<Vec<Card>> {
    actor.require(Capability::SignedIn)?;
    let today = app.today();
    let (today_s, week_s) = (today.to_string(), (today + Duration::days(7)).to_string());
    let scope = actor.list_scope();
    // The cadre's exams first: their reading takes its own connection.
    let own = actor.cadre_id.as_deref().filter(|_| actor.can(Capability::OwnDossier));
    let exams = match own {
        Some(_) => Some(my_exams(app, actor, &today_s).await?),
        None => None,
    };
    let mut conn = app.db.read().await?;
    let mut cards = Vec::new();
    let mut add = |kind, list: TodoList| cards.push(Card { kind, list });
    if actor.can(Capability::CommitteeVote) {
        add(CardKind::MyVotes, store::my_votes(&mut conn, &actor.id, SHOWN).await?);
    }
    if actor.can(Capability::Inspect) {
        add(CardKind::LettersToSign, store::my_inspections(&mut conn, &actor.id, false, SHOWN).await?);
        add(CardKind::ReportsToWrite, store::my_inspections(&mut conn, &actor.id, true, SHOWN).await?);
    }
    if actor.can(Capability::ObjectionFinding) {
        add(CardKind::ObjectionsToCheck, store::open_objections(&mut conn, &scope, SHOWN).await?);
    }
    if actor.can(Capability::SelectionWrite) {
        add(CardKind::RoundsToClose, store::open_rounds(&mut conn, &scope, SHOWN).await?);
        add(CardKind::VotesToCount, store::items_to_count(&mut conn, &scope, SHOWN).await?);
        add(CardKind::PublicityEnded, store::publicity_ended(&mut conn, &scope, &today_s, SHOWN).await?);
        add(CardKind::CasesForAgenda, store::cases_for_agenda(&mut conn, &scope, SHOWN).await?);
    }
    if actor.can(Capability::TrainingRead)
        && (actor.can(Capability::TrainingWrite) || actor.can(Capability::IntegrityWrite))
    {
        let overdue = store::obligations_due(&mut conn, &scope, None, &today_s, SHOWN).await?;
        add(CardKind::ObligationsOverdue, overdue);
        let week = store::obligations_due(&mut conn, &scope, Some(&today_s), &week_s, SHOWN).await?;
        add(CardKind::ObligationsThisWeek, week);
    }
    if let (Some(cadre), Some(exams)) = (own, exams) {
        add(CardKind::MyExams, exams);
        add(CardKind::MyTalks, store::my_talks(&mut conn, cadre, SHOWN).await?);
        add(CardKind::MyObligations, store::my_obligations(&mut conn, cadre, SHOWN).await?);
    }
    Ok(cards)
}

/// The cadre's exams still to pass, open or opening, with an attempt left. Which exams are a
/// cadre's is the exams' own reading (enrolment by scope, rank or list: [`exams::my_exams`]),
/// so this card takes that reading's few queries rather than one of its own.
async fn my_exams(app: &App, actor: &Actor, today: &str) -> AppResult<TodoList> {
    let mut rows: Vec<TodoRow> = exams::my_exams(app, actor)
        .await?
        .into_iter()
        .filter(|m| !m.passed && m.exam.closes_on.as_str() >= today && m.attempts_used < m.exam.max_attempts)
        .map(|m| TodoRow {
            id: m.exam.id,
            parent: String::new(),
            title: m.exam.title,
            detail: m.exam.topic,
            case_year: 0,
            case_seq: 0,
            due: Some(m.exam.closes_on),
        })
        .collect();
    rows.sort_by(|a, b| a.due.cmp(&b.due));
    let total = i64::try_from(rows.len()).unwrap_or(i64::MAX);
    rows.truncate(usize::try_from(SHOWN).unwrap_or(8));
    Ok(TodoList { rows, total })
}
