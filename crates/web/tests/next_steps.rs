//! The next step (下一步), always visible, through the real router: the case page's panel names
//! the action, who takes it, by when and where, at each stage; the current stage reads as "in
//! progress", never as an error; the case list carries next step, owner, due date and nominee
//! per row (read in one batched statement, which gives what case-by-case reads give); the
//! inspectors' and discipline's work lists name the case and the person.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "a test fails loudly at the first broken step")]

mod common;
mod selection_support;

use axum::http::StatusCode;
use common::{Reply, Session, World, login, post, send, world};
use jianquan_app::selection::cases::{self, CaseQuery};
use jianquan_app::selection::next_step;
use serde_json::json;
use time::macros::datetime;

use selection_support::*;

async fn page(w: &World, s: &Session, path: &str) -> Reply {
    let reply = send(&w.router, s.get(path)).await;
    assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.body);
    reply
}

/// The case page's 下一步 panel.
fn panel(body: &str) -> &str {
    let from = body.find("id=\"next-step\"").unwrap_or_else(|| panic!("no next-step panel: {body}"));
    let rest = &body[from..];
    &rest[..rest.find("</section>").unwrap()]
}

#[tokio::test]
async fn a_new_case_says_to_begin_the_recommendation_and_its_stage_reads_in_progress() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let case = motion(&w, &staff).await;
    let body = page(&w, &staff, &format!("/selection/cases/{case}")).await.body;
    let next = panel(&body);
    assert!(next.contains("启动民主推荐") && next.contains("组织部门"), "{next}");
    assert!(next.contains(&format!("/selection/cases/{case}#actions")), "the panel links to where it is done");
    ok(&post(&w, &staff, &format!("/api/v1/selection/cases/{case}/recommendation"), json!({})).await);
    let body = page(&w, &staff, &format!("/selection/cases/{case}")).await.body;
    // Nothing has closed yet, so the step's button is held back — but the stage is in progress,
    // not an error: the current step carries no warning class or sign.
    assert!(panel(&body).contains("新建民主推荐轮次"), "{}", panel(&body));
    assert!(panel(&body).contains("下一步暂不能办理："), "why the later step waits is said in the panel");
    let stepper = &body[body.find("class=\"stepper\"").unwrap()..];
    let stepper = &stepper[..stepper.find("</ol>").unwrap()];
    assert!(stepper.contains("<li class=\"current\" aria-current=\"step\">民主推荐"), "{stepper}");
    assert!(!stepper.contains("blocked") && !stepper.contains('⚠'), "{stepper}");
}

#[tokio::test]
async fn an_unsigned_letter_is_the_inspectors_next_step_and_after_it_the_report() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let inspector = login(&w.router, "inspector").await;
    let case = motion(&w, &staff).await;
    through_to_inspection(&w, &staff, &case, &w.cadre_b).await;
    let path = format!("/selection/cases/{case}");
    assert!(panel(&page(&w, &staff, &path).await.body).contains("组成考察组"));
    let me = account_id(&w, "inspector").await;
    let team = json!({"cadre_id": w.cadre_b, "inspectors": [me]});
    ok(&post(&w, &staff, &format!("/api/v1/selection/cases/{case}/teams"), team).await);
    let body = page(&w, &staff, &path).await.body;
    let next = panel(&body);
    assert!(next.contains("签署考察责任书") && next.contains("考察组 inspector"), "{next}");
    assert!(next.contains(&format!("{path}#my-inspection")) && next.contains("李四"), "{next}");
    let letter = json!({"cadre_id": w.cadre_b});
    ok(&post(&w, &inspector, &format!("/api/v1/selection/cases/{case}/letters"), letter).await);
    let body = page(&w, &inspector, &path).await.body;
    assert!(panel(&body).contains("个别谈话并形成考察报告"), "{}", panel(&body));
}

#[tokio::test]
async fn a_decided_case_goes_on_the_agenda_then_waits_for_the_committee_on_its_meeting_day() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let inspector = login(&w.router, "inspector").await;
    let case = case_at_decision(&w, &staff, &inspector, &w.cadre_b).await;
    let path = format!("/selection/cases/{case}");
    let body = page(&w, &staff, &path).await.body;
    assert!(panel(&body).contains("列入常委会会议议题") && panel(&body).contains("/selection/meetings"));
    let members = committee(&w, 3).await;
    let ids: Vec<&str> = members.iter().map(|(id, _)| id.as_str()).collect();
    let meeting = meeting(&w, &staff, &ids).await;
    ok(&add_item(&w, &staff, &meeting, &case, &w.cadre_b).await);
    let body = page(&w, &staff, &path).await.body;
    let next = panel(&body);
    assert!(next.contains("常委会讨论决定") && next.contains("常委会（区委常委会第12次会议）"), "{next}");
    assert!(next.contains("会议日期 2026-11-26") && next.contains(&format!("/selection/meetings/{meeting}")), "{next}");
}

#[tokio::test]
async fn during_publicity_the_appointment_waits_for_the_end_date_and_is_due_after_it() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let inspector = login(&w.router, "inspector").await;
    let members = committee(&w, 3).await;
    let case = decided_case(&w, &staff, &inspector, &members).await;
    let path = format!("/selection/cases/{case}");
    assert!(panel(&page(&w, &staff, &path).await.body).contains("发布任前公示"));
    ok(&post(&w, &staff, &format!("/api/v1/selection/cases/{case}/publicity"), json!({})).await);
    let body = page(&w, &staff, &path).await.body;
    let next = panel(&body);
    assert!(next.contains("公示期满后办理任职") && next.contains("公示期至 2026-12-02"), "{next}");
    // The day after the period, the appointment is the step.
    let later = router_at(&w, datetime!(2026-12-03 02:00 UTC));
    let staff = login(&later, "orgstaff").await;
    let body = send(&later, staff.get(&path)).await.body;
    let next = panel(&body);
    assert!(next.contains("办理任职") && !next.contains("公示期满后") && !next.contains("暂不能办理"), "{next}");
}

#[tokio::test]
async fn the_case_list_shows_next_step_owner_due_date_and_nominee_read_in_one_batch() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let inspector = login(&w.router, "inspector").await;
    let fresh = motion(&w, &staff).await;
    let decided = case_at_decision(&w, &staff, &inspector, &w.cadre_b).await;
    let members = committee(&w, 1).await;
    let meeting = meeting(&w, &staff, &[members[0].0.as_str()]).await;
    ok(&add_item(&w, &staff, &meeting, &decided, &w.cadre_b).await);
    let list = page(&w, &staff, "/selection/cases").await.body;
    for header in ["人选", "下一步", "办理人", "期限"] {
        assert!(list.contains(&format!("<th>{header}</th>")), "{header} column");
    }
    let row = |id: &str| {
        let from = list.find(&format!("<a href=\"/selection/cases/{id}\">")).unwrap();
        let rest = &list[from..];
        rest[..rest.find("</tr>").unwrap()].to_owned()
    };
    let decided_row = row(&decided);
    for part in ["李四", "常委会讨论决定", "常委会（区委常委会第12次会议）", "会议日期 2026-11-26"]
    {
        assert!(decided_row.contains(part), "{part}: {decided_row}");
    }
    let fresh_row = row(&fresh);
    assert!(fresh_row.contains("启动民主推荐") && fresh_row.contains("组织部门"), "{fresh_row}");
    // The batch gives what each case read alone gives.
    let actor = common::org_staff(&w.app).await;
    let page = cases::list(&w.app, &actor, &CaseQuery::default()).await.unwrap();
    let together = next_step::of_cases(&w.app, &actor, &page.items).await.unwrap();
    assert_eq!(together.len(), 2);
    for case in &page.items {
        let alone = next_step::of_cases(&w.app, &actor, std::slice::from_ref(case)).await.unwrap();
        assert_eq!(alone.get(&case.id), together.get(&case.id));
    }
}

#[tokio::test]
async fn the_work_lists_name_the_case_and_the_person() {
    let w = world().await;
    let staff = login(&w.router, "orgstaff").await;
    let inspector = login(&w.router, "inspector").await;
    let case = motion(&w, &staff).await;
    through_to_inspection(&w, &staff, &case, &w.cadre_b).await;
    let me = account_id(&w, "inspector").await;
    ok(&post(
        &w,
        &staff,
        &format!("/api/v1/selection/cases/{case}/teams"),
        json!({"cadre_id": w.cadre_b, "inspectors": [me]}),
    )
    .await);
    let list = page(&w, &inspector, "/selection/inspections").await.body;
    for part in ["李四", "纪实〔2026〕1号", "河口区副区长", "签署考察李四的责任书"] {
        assert!(list.contains(part), "{part}: {list}");
    }
    assert!(!list.contains("查看并办理"));
    // Discipline's list: an objection to the notice of a decided case.
    let other = login(&w.router, "orgstaff").await;
    let members = committee(&w, 3).await;
    let decided = decided_case(&w, &other, &inspector, &members).await;
    let notice = post(&w, &other, &format!("/api/v1/selection/cases/{decided}/publicity"), json!({})).await.json();
    let (challenge, nonce) = common::proof(&w.router).await;
    let notice_id = notice["id"].as_str().unwrap();
    let fields = [
        ("notice_id", notice_id),
        ("anonymous", "1"),
        ("text", "反映其违规兼职"),
        ("challenge", &challenge),
        ("nonce", &nonce),
    ];
    assert_eq!(
        send(&w.router, Session::default().form("/public/objections", &fields)).await.status,
        StatusCode::CREATED
    );
    let discipline = login(&w.router, "discipline").await;
    let list = page(&w, &discipline, "/selection/objections").await.body;
    for part in ["李四", "纪实〔2026〕2号", "河口区副区长", &format!("/selection/cases/{decided}#publicity")]
    {
        assert!(list.contains(part), "{part}: {list}");
    }
}
