//! The 工作台 (`/workbench`), where every account starts: its role's to-do cards with counts,
//! due dates and links to where each is done, today's and this week's deadlines first. Each
//! card is one query ([`jianquan_app::workbench`]).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::State;
use jianquan_app::workbench::{self, Card, CardKind};
use jianquan_domain::integrity::obligation::OBLIGATION_KIND;
use jianquan_domain::integrity::talk::TALK_KIND;
use jianquan_domain::registry::dates::parse_date;
use jianquan_storage::workbench::TodoRow;
use time::Date;

use crate::AppState;
use crate::chrome::Chrome;
use crate::ctx::Ctx;
use crate::error::PageError;
use crate::i18n::Lang;

/// The menu item a card's count is shown beside.
pub fn menu_href(kind: CardKind) -> &'static str {
    use CardKind::*;
    match kind {
        RoundsToClose | CasesForAgenda | PublicityEnded => "/selection/cases",
        VotesToCount | MyVotes => "/selection/meetings",
        LettersToSign | ReportsToWrite => "/selection/inspections",
        ObjectionsToCheck => "/selection/objections",
        ObligationsOverdue | ObligationsThisWeek => "/integrity/obligations",
        MyExams | MyTalks | MyObligations => "/me/training",
    }
}

/// The card's title and the page listing all of it.
fn heading(kind: CardKind, lang: Lang) -> (&'static str, &'static str) {
    use CardKind::*;
    let (zh, en, all) = match kind {
        MyVotes => ("待我表决的议题", "Items for my vote", "/selection/meetings"),
        LettersToSign => ("待签署的考察责任书", "Inspection letters to sign", "/selection/inspections"),
        ReportsToWrite => ("待完成的考察报告", "Inspection reports to conclude", "/selection/inspections"),
        ObjectionsToCheck => ("待查核的公示反映", "Objections to check", "/selection/objections"),
        RoundsToClose => ("待结束计票的民主推荐", "Recommendation rounds to close", "/selection/cases"),
        VotesToCount => ("待统计表决结果的议题", "Votes to count", "/selection/meetings"),
        PublicityEnded => ("公示期满待办理任职", "Publicity ended: appoint", "/selection/cases"),
        CasesForAgenda => ("待提交讨论决定的纪实", "Cases to put before the committee", "/selection/meetings"),
        ObligationsOverdue => ("逾期未履行的义务", "Obligations overdue", "/integrity/obligations?show=overdue"),
        ObligationsThisWeek => ("本周到期的义务", "Obligations due this week", "/integrity/obligations?show=open"),
        MyExams => ("待参加的考试", "My exams", "/me/training#exams"),
        MyTalks => ("待确认的谈话", "Talks to acknowledge", "/me/training#talks"),
        MyObligations => ("我的待办义务", "My obligations", "/me/training#obligations"),
    };
    (lang.pick(zh, en), all)
}

/// One to-do as the card lists it.
pub struct TodoLine {
    pub text: String,
    pub detail: String,
    pub href: String,
    pub due: String,
    /// Past due, or due today.
    pub urgent: bool,
}

pub struct CardView {
    pub key: &'static str,
    pub title: &'static str,
    pub count: i64,
    pub count_text: String,
    pub all_href: &'static str,
    pub lines: Vec<TodoLine>,
    /// The earliest due date on the card (cards are ordered by it).
    first_due: Option<Date>,
}

fn case_number(row: &TodoRow) -> String {
    if row.case_year > 0 { format!("纪实〔{}〕{}号", row.case_year, row.case_seq) } else { String::new() }
}

/// "逾期 3 天", "今天", "明天", "5 天后", or the date.
fn due_words(due: Date, today: Date, lang: Lang) -> String {
    let days = (due - today).whole_days();
    match days {
        d if d < 0 => {
            if lang == Lang::En {
                format!("{} day(s) overdue", -d)
            } else {
                format!("逾期 {} 天", -d)
            }
        }
        0 => lang.pick("今天", "today").to_owned(),
        1 => lang.pick("明天", "tomorrow").to_owned(),
        d if d <= 7 => {
            if lang == Lang::En {
                format!("in {d} days")
            } else {
                format!("{d} 天后")
            }
        }
        _ => due.to_string(),
    }
}

fn line(kind: CardKind, row: &TodoRow, today: Date, lang: Lang) -> (TodoLine, Option<Date>) {
    use CardKind::*;
    let number = case_number(row);
    let joined = |parts: &[&str]| parts.iter().filter(|p| !p.is_empty()).copied().collect::<Vec<_>>().join(" · ");
    let (text, detail, href) = match kind {
        RoundsToClose => (joined(&[&number, &row.title]), row.detail.clone(), format!("/selection/rounds/{}", row.id)),
        CasesForAgenda => (joined(&[&number, &row.title]), row.detail.clone(), format!("/selection/cases/{}", row.id)),
        VotesToCount | MyVotes => (
            format!("{} → {}", row.title, row.detail),
            number,
            format!("/selection/meetings/{}#item-{}", row.parent, row.id),
        ),
        PublicityEnded => {
            (format!("{} → {}", row.title, row.detail), number, format!("/selection/cases/{}#appointment", row.id))
        }
        LettersToSign | ReportsToWrite => {
            (format!("{} → {}", row.title, row.detail), number, format!("/selection/cases/{}", row.parent))
        }
        ObjectionsToCheck => {
            (format!("{} → {}", row.title, row.detail), number, format!("/selection/objections#objection-{}", row.id))
        }
        ObligationsOverdue | ObligationsThisWeek => (
            row.title.clone(),
            OBLIGATION_KIND.label(&row.detail, lang.code()),
            format!("/cadres/{}/training#obligations", row.parent),
        ),
        MyExams => (row.title.clone(), row.detail.clone(), "/me/training#exams".to_owned()),
        MyTalks => (TALK_KIND.label(&row.title, lang.code()), row.detail.clone(), "/me/training#talks".to_owned()),
        MyObligations => {
            (OBLIGATION_KIND.label(&row.title, lang.code()), String::new(), "/me/training#obligations".to_owned())
        }
    };
    let due = row.due.as_deref().and_then(|d| parse_date("due", d).ok());
    // A talk's date and a meeting's day are when it happened, not a deadline.
    let deadline = due.filter(|_| !matches!(kind, MyTalks));
    let line = TodoLine {
        text,
        detail,
        href,
        due: due.map(|d| due_words(d, today, lang)).unwrap_or_default(),
        urgent: deadline.is_some_and(|d| d <= today),
    };
    (line, deadline)
}

fn card_view(card: &Card, today: Date, lang: Lang) -> CardView {
    let (title, all_href) = heading(card.kind, lang);
    let mut first_due = None;
    let lines = card
        .list
        .rows
        .iter()
        .map(|row| {
            let (line, due) = line(card.kind, row, today, lang);
            first_due = match (first_due, due) {
                (Some(a), Some(b)) => Some(std::cmp::min(a, b)),
                (a, b) => a.or(b),
            };
            line
        })
        .collect();
    let count_text = crate::chrome::count_text(card.list.total);
    CardView { key: card.kind.code(), title, count: card.list.total, count_text, all_href, lines, first_due }
}

#[derive(Template, WebTemplate)]
#[template(path = "workbench.html")]
pub struct WorkbenchPage {
    chrome: Chrome,
    greeting: String,
    cards: Vec<CardView>,
    due_today: i64,
    due_week: i64,
    /// The cadre's own dossier link (the cadre role).
    own_dossier: bool,
}

/// `GET /workbench`.
pub async fn workbench_page(State(state): State<AppState>, ctx: Ctx) -> Result<WorkbenchPage, PageError> {
    let (app, actor, lang) = (&state.app, &ctx.actor, ctx.lang);
    let cards = workbench::cards(app, actor).await.map_err(|e| ctx.fail(e))?;
    let today = app.today();
    let week = today + time::Duration::days(7);
    // Due today or overdue, and due later this week: every overdue or this week's obligation
    // counts (not only the listed ones); other cards count their listed deadlines.
    let (mut due_today, mut due_week) = (0_i64, 0_i64);
    for card in &cards {
        match card.kind {
            CardKind::ObligationsOverdue => due_today += card.list.total,
            CardKind::ObligationsThisWeek => due_week += card.list.total,
            CardKind::MyTalks => {}
            _ => {
                for due in card.list.rows.iter().filter_map(|r| r.due.as_deref()) {
                    match parse_date("due", due) {
                        Ok(d) if d <= today => due_today += 1,
                        Ok(d) if d <= week => due_week += 1,
                        _ => {}
                    }
                }
            }
        }
    }
    let mut views: Vec<CardView> = cards.iter().map(|c| card_view(c, today, lang)).collect();
    // Cards with work first, soonest deadline first; empty cards last.
    views.sort_by_key(|c| (c.count == 0, c.first_due.is_none(), c.first_due));
    let name = actor.shown_name();
    let greeting = if lang == Lang::En {
        format!("{name} ({})", actor.role.label("en"))
    } else {
        format!("{name}（{}）", actor.role.label("zh"))
    };
    Ok(WorkbenchPage {
        chrome: Chrome::new(&ctx, "/workbench"),
        greeting,
        cards: views,
        due_today,
        due_week,
        own_dossier: actor.cadre_id.is_some(),
    })
}
