//! The forms of a case page: those of the step the case stands at, for staff, and each
//! inspector's own forms for the subjects they inspect.

use jianquan_app::selection::view::CaseView;
use jianquan_app::selection::views::Account;
use jianquan_domain::selection::case::State;
use jianquan_domain::selection::publicity::Finding;

use crate::forms::{Failed, Form};
use crate::i18n::Lang;
use crate::pages::selection::check_label;
use crate::records::RuleLabel;
use jianquan_domain::policy::Policy;

fn pairs(list: &[(&str, &str, &str)], lang: Lang) -> Vec<(String, String)> {
    list.iter().map(|(c, zh, en)| ((*c).to_owned(), lang.pick(zh, en).to_owned())).collect()
}

/// The staff's forms and buttons for the case's current step, plus pause/resume and archive.
pub fn staff_forms(
    view: &CaseView,
    inspectors: &[Account],
    orgs: &[(String, String)],
    failed: &Failed,
    lang: Lang,
) -> (Vec<Form>, Vec<(String, String)>) {
    let id = &view.case.id;
    let action = |a: &str| format!("/selection/cases/{id}/{a}");
    let mut forms = Vec::new();
    let mut buttons = Vec::new();
    let button = |a: &str, zh: &str, en: &str| (a.to_owned(), lang.pick(zh, en).to_owned());
    let nominees: Vec<(String, String)> =
        view.candidates.iter().map(|c| (c.cadre_id.clone(), c.name.clone())).collect();
    let admitted: Vec<(String, String)> = view
        .candidates
        .iter()
        .filter(|c| c.status.is_admitted())
        .map(|c| (c.cadre_id.clone(), c.name.clone()))
        .collect();
    let v = |f: &str, n: &str| failed.value(f, n);
    match view.case.state {
        State::Motion => {
            if matches!(view.case.method.as_str(), "democratic_recommendation" | "contract_appointment") {
                buttons.push(button("recommendation", "启动民主推荐", "Begin democratic recommendation"));
            }
            if view.case.method != "democratic_recommendation" {
                forms.push(
                    Form::new(
                        "examination",
                        action("examination"),
                        lang.pick("发布公告（竞争上岗、公开选拔）", "Announce the examination"),
                    )
                    .field(
                        "written_weight",
                        lang.pick("笔试权重（%）", "Written exam weight (%)"),
                        "number",
                        &v("examination", "written_weight"),
                        false,
                    )
                    .field(
                        "interview_weight",
                        lang.pick("面试权重（%）", "Interview weight (%)"),
                        "number",
                        &v("examination", "interview_weight"),
                        false,
                    )
                    .field("date", lang.pick("公告日期", "Announced on"), "date", &v("examination", "date"), false)
                    .field(
                        "qualifications",
                        lang.pick(
                            "资格条件（学历、年龄、党龄、任职年限等）",
                            "Qualification rules (education, age, party standing, years in rank, …)",
                        ),
                        "textarea",
                        &v("examination", "qualifications"),
                        true,
                    )
                    .with_errors(failed.errors("examination"), lang),
                );
            }
        }
        State::Examination => {
            let applicants: Vec<(String, String)> = view
                .exam
                .as_ref()
                .map(|e| e.applicants.iter().map(|a| (a.cadre_id.clone(), a.name.clone())).collect())
                .unwrap_or_default();
            let qualified: Vec<(String, String)> = view
                .exam
                .as_ref()
                .map(|e| {
                    e.applicants
                        .iter()
                        .filter(|a| a.qualified == Some(true))
                        .map(|a| (a.cadre_id.clone(), a.name.clone()))
                        .collect()
                })
                .unwrap_or_default();
            let parts = pairs(&[("written", "笔试", "written exam"), ("interview", "面试", "interview")], lang);
            forms.push(
                Form::new("applicants", action("applicants"), lang.pick("报名登记", "Register applicants"))
                    .field(
                        "names",
                        lang.pick("姓名或身份证号（每行一个）", "Names or ID numbers (one per line)"),
                        "textarea",
                        &v("applicants", "names"),
                        true,
                    )
                    .with_errors(failed.errors("applicants"), lang),
            );
            forms.push(
                Form::new("reviews", action("reviews"), lang.pick("资格审查", "Qualification review"))
                    .select("cadre_id", lang.pick("报名人员", "Applicant"), applicants, &v("reviews", "cadre_id"), true)
                    .field(
                        "qualified",
                        lang.pick("资格合格", "Qualified"),
                        "checkbox",
                        &v("reviews", "qualified"),
                        false,
                    )
                    .field(
                        "reason",
                        lang.pick("不合格理由（不符合的资格条件）", "Why not qualified"),
                        "text",
                        &v("reviews", "reason"),
                        false,
                    )
                    .with_errors(failed.errors("reviews"), lang),
            );
            forms.push(
                Form::new("scores", action("scores"), lang.pick("录入成绩", "Enter a score"))
                    .select("cadre_id", lang.pick("人员", "Applicant"), qualified, &v("scores", "cadre_id"), true)
                    .select("part", lang.pick("科目", "Part"), parts, &v("scores", "part"), true)
                    .field("score", lang.pick("成绩（百分制）", "Score (of 100)"), "text", &v("scores", "score"), true)
                    .with_errors(failed.errors("scores"), lang),
            );
            forms.push(
                Form::new("ranking", action("ranking"), lang.pick("按综合成绩确定考察人选", "Nominate by the ranking"))
                    .field(
                        "places",
                        lang.pick("进入考察的名次数", "Places that go on"),
                        "number",
                        &v("ranking", "places"),
                        false,
                    )
                    .with_errors(failed.errors("ranking"), lang),
            );
        }
        State::Recommendation => {
            let kinds =
                pairs(&[("meeting", "会议推荐", "meeting"), ("talk_survey", "谈话调研推荐", "talk-survey")], lang);
            let votings = pairs(
                &[
                    ("online", "网络投票（一次性投票码）", "online (one-time codes)"),
                    ("paper", "纸质投票（双人计票）", "paper (two tellers)"),
                ],
                lang,
            );
            forms.push(
                Form::new("rounds", action("rounds"), lang.pick("新建推荐轮次", "Plan a recommendation round"))
                    .select("kind", lang.pick("推荐方式", "Kind"), kinds, &v("rounds", "kind"), true)
                    .select("voting", lang.pick("投票方式", "Voting"), votings, &v("rounds", "voting"), true)
                    .field(
                        "max_choices",
                        lang.pick("应推荐人数", "Choices per ballot"),
                        "number",
                        &v("rounds", "max_choices"),
                        true,
                    )
                    .field(
                        "targeted",
                        lang.pick("定向推荐（仅对本职位有效）", "Targeted (valid for this post only)"),
                        "checkbox",
                        &v("rounds", "targeted"),
                        false,
                    )
                    .field(
                        "electorate",
                        lang.pick(
                            "参加推荐人员（每行一人，开始后不得变更）",
                            "Defined participants (one per line; sealed once open)",
                        ),
                        "textarea",
                        &v("rounds", "electorate"),
                        true,
                    )
                    .field(
                        "candidates",
                        lang.pick(
                            "推荐参考人选（姓名或身份证号，每行一个）",
                            "Reference candidates (names or ID numbers, one per line)",
                        ),
                        "textarea",
                        &v("rounds", "candidates"),
                        true,
                    )
                    .with_errors(failed.errors("rounds"), lang),
            );
            buttons.push(button(
                "nomination",
                "确定考察人选范围（得票率达标者）",
                "Fix the nominees (those reaching the threshold)",
            ));
        }
        State::Eligibility => {
            let checks = [
                "archives_reviewed",
                "personal_matters_checked",
                "discipline_opinion_heard",
                "specific_petitions_checked",
            ]
            .iter()
            .map(|c| ((*c).to_owned(), check_label(c, lang).to_owned()))
            .collect();
            let results = pairs(&[("clear", "无问题", "clear"), ("concern", "发现问题", "concern")], lang);
            forms.push(
                Form::new("checks", action("checks"), lang.pick("凡提四必核查", "Four musts check"))
                    .select(
                        "cadre_id",
                        lang.pick("人选", "Candidate"),
                        nominees.clone(),
                        &v("checks", "cadre_id"),
                        true,
                    )
                    .select("check", lang.pick("核查事项", "Check"), checks, &v("checks", "check"), true)
                    .select("result", lang.pick("结论", "Result"), results, &v("checks", "result"), true)
                    .field("date", lang.pick("核查日期", "Date"), "date", &v("checks", "date"), false)
                    .field("note", lang.pick("发现的问题", "Problem found"), "textarea", &v("checks", "note"), false)
                    .with_errors(failed.errors("checks"), lang),
            );
            forms.push(
                Form::new(
                    "gate",
                    action("gate"),
                    lang.pick("资格审查（含破格提拔）", "Eligibility gate (with exceptional promotion)"),
                )
                .select("cadre_id", lang.pick("人选", "Candidate"), nominees, &v("gate", "cadre_id"), true)
                .field(
                    "low_public_recognition",
                    lang.pick("群众公认度不高", "Low public recognition"),
                    "checkbox",
                    &v("gate", "low_public_recognition"),
                    false,
                )
                .field(
                    "canvassing_findings",
                    lang.pick("跑官拉票查实次数", "Canvassing findings"),
                    "number",
                    &v("gate", "canvassing_findings"),
                    false,
                )
                .field(
                    "personal_matters_concealment",
                    lang.pick("个人事项查核认定瞒报", "Personal-matters concealment"),
                    "checkbox",
                    &v("gate", "personal_matters_concealment"),
                    false,
                )
                .field(
                    "exception_reason",
                    lang.pick("破格提拔理由", "Exceptional promotion: reason"),
                    "textarea",
                    &v("gate", "exception_reason"),
                    false,
                )
                .field(
                    "exception_approved_by",
                    lang.pick("破格提拔审批人", "Approved by"),
                    "text",
                    &v("gate", "exception_approved_by"),
                    false,
                )
                .select(
                    "exception_org_id",
                    lang.pick("审批单位（须为上级）", "Approving org (a higher level)"),
                    orgs.to_vec(),
                    &v("gate", "exception_org_id"),
                    false,
                )
                .field(
                    "exception_approved_on",
                    lang.pick("审批日期", "Approved on"),
                    "date",
                    &v("gate", "exception_approved_on"),
                    false,
                )
                .with_errors(failed.errors("gate"), lang),
            );
            buttons.push(button("inspection", "确定考察对象", "Fix the inspection subjects"));
        }
        State::Inspection => {
            let people: Vec<(String, String)> =
                inspectors.iter().map(|a| (a.id.clone(), a.display_name.clone())).collect();
            let mut team = Form::new("teams", action("teams"), lang.pick("组成考察组", "Form the inspection team"))
                .select("cadre_id", lang.pick("考察对象", "Subject"), admitted, &v("teams", "cadre_id"), true);
            for (name, label) in
                [("inspector_1", "考察组成员一"), ("inspector_2", "考察组成员二"), ("inspector_3", "考察组成员三")]
            {
                team = team.select(
                    name,
                    lang.pick(label, "Inspector"),
                    people.clone(),
                    &v("teams", name),
                    name == "inspector_1",
                );
            }
            forms.push(team.with_errors(failed.errors("teams"), lang));
            buttons.push(button("decision", "提交讨论决定", "Submit for the committee decision"));
        }
        State::Decision => forms.push(
            Form::new(
                "publicity",
                action("publicity"),
                lang.pick("发布任前公示", "Publish the pre-appointment notice"),
            )
            .field(
                "published_on",
                lang.pick("公示开始日期", "Published on"),
                "date",
                &v("publicity", "published_on"),
                false,
            )
            .field(
                "where_to_object",
                lang.pick("反映渠道（电话、地址、信箱）", "Where to object (phone, address, mailbox)"),
                "textarea",
                &v("publicity", "where_to_object"),
                false,
            )
            .with_errors(failed.errors("publicity"), lang),
        ),
        State::Publicity => {
            let bases = pairs(
                &[
                    (
                        "party_committee_decision",
                        "党委讨论决定（任职时间为决定之日）",
                        "party committee decision (tenure from the decision)",
                    ),
                    ("government_appointment", "政府任命", "government appointment"),
                    ("standing_committee_appointment", "人大常委会任命", "NPC standing committee appointment"),
                    ("congress_election", "选举产生", "election"),
                ],
                lang,
            );
            forms.push(
                Form::new("appointment", action("appointment"), lang.pick("任职", "Appoint"))
                    .field(
                        "document_number",
                        lang.pick("任免文号", "Document number"),
                        "text",
                        &v("appointment", "document_number"),
                        true,
                    )
                    .select("basis", lang.pick("任职依据", "Basis"), bases, &v("appointment", "basis"), false)
                    .field(
                        "basis_date",
                        lang.pick("任命或选举日期", "Date of appointment or election"),
                        "date",
                        &v("appointment", "basis_date"),
                        false,
                    )
                    .field(
                        "contract_years",
                        lang.pick("聘期（年，聘任制）", "Contract years (contract appointment)"),
                        "number",
                        &v("appointment", "contract_years"),
                        false,
                    )
                    .field(
                        "trial_months",
                        lang.pick("试用期（月，聘任制）", "Trial months (contract appointment)"),
                        "number",
                        &v("appointment", "trial_months"),
                        false,
                    )
                    .with_errors(failed.errors("appointment"), lang),
            );
        }
        _ => {}
    }
    if view.case.state != State::Archived {
        let (zh, en) = if view.case.state == State::Appointed {
            ("归档", "Archive")
        } else {
            ("终止并归档", "End and archive")
        };
        forms.push(
            Form::new("archive", action("archive"), lang.pick(zh, en))
                .field(
                    "reason",
                    lang.pick("终止原因（已任职的可不填）", "Why it ended (not needed once appointed)"),
                    "text",
                    &v("archive", "reason"),
                    false,
                )
                .with_errors(failed.errors("archive"), lang),
        );
        forms.push(
            Form::new("pause", action("pause"), lang.pick("暂停", "Pause"))
                .field("reason", lang.pick("暂停原因", "Reason"), "text", &v("pause", "reason"), false)
                .with_errors(failed.errors("pause"), lang),
        );
    }
    (forms, buttons)
}

/// The signed-in inspector's forms for one subject whose letter is signed: interviews and report.
/// (The letter itself is shown as text with its 签署 button, see `selection_letter::letter`.)
pub fn inspector_forms(case_id: &str, cadre_id: &str, failed: &Failed, lang: Lang) -> Vec<Form> {
    let action = |a: &str| format!("/selection/cases/{case_id}/inspect/{a}");
    let v = |f: &str, n: &str| failed.value(f, n);
    vec![
        Form::new("interviews", action("interviews"), lang.pick("记录个别谈话", "Record interviews"))
            .hidden("cadre_id", cadre_id)
            .field("date", lang.pick("日期", "Date"), "date", &v("interviews", "date"), false)
            .field("count", lang.pick("谈话人数", "People interviewed"), "number", &v("interviews", "count"), true)
            .field("summary", lang.pick("谈话情况摘要", "Summary"), "textarea", &v("interviews", "summary"), true)
            .with_errors(failed.errors("interviews"), lang),
        Form::new("reports", action("reports"), lang.pick("形成考察报告", "Conclude with the report"))
            .hidden("cadre_id", cadre_id)
            .field("conclusion", lang.pick("考察结论", "Conclusion"), "textarea", &v("reports", "conclusion"), true)
            .with_errors(failed.errors("reports"), lang),
    ]
}

/// Why the case's next step cannot be taken yet, with the rule that says so — shown beside the
/// step's action, which is disabled (the procedure's stepper marks the step blocked).
pub fn next_blocked(view: &CaseView, today: &str, policy: &Policy, lang: Lang) -> Option<String> {
    let say = |rule: &str, zh: &str, en: &str| {
        let rule = RuleLabel::named(policy, rule, lang);
        Some(format!("《{}》{}{}", rule.title, lang.pick("：", ": "), lang.pick(zh, en)))
    };
    if view.case.paused {
        return say("SEL-RECORD", "纪实已暂停，恢复后才能继续", "the case is paused; resume it first");
    }
    match view.case.state {
        State::Recommendation if !view.rounds.iter().any(|r| r.status.is_closed()) => {
            say("SEL-RECOMMEND-THRESHOLD", "尚无已结束的推荐轮次", "no recommendation round has closed yet")
        }
        State::Examination if view.exam.as_ref().is_none_or(|e| e.ranking.is_empty()) => say(
            "SEL-COMPETITIVE",
            "尚无资格合格且笔试、面试成绩齐全的人员",
            "no qualified applicant has both scores yet",
        ),
        State::Eligibility if !view.candidates.iter().any(|c| c.status.is_admitted()) => {
            say("SEL-INELIGIBLE", "尚无通过资格审查的人选", "no candidate has passed the eligibility gate yet")
        }
        State::Inspection if view.reports.is_empty() => {
            say("SEL-INSPECTION", "尚无考察报告，不能提交讨论决定", "no concluded inspection report yet")
        }
        State::Decision => match view.items.iter().rfind(|i| i.status.is_decided()) {
            None => say("SEL-COLLECTIVE", "尚无常委会表决决定，不能公示", "no committee decision yet"),
            Some(i) if i.passed != Some(true) => {
                say("SEL-PASS", "会议表决未通过，不能公示", "the committee vote did not pass")
            }
            Some(_) => None,
        },
        State::Publicity => {
            let objections = &view.objections;
            if objections.iter().any(|o| o.finding.is_some_and(Finding::is_verified)) {
                say(
                    "SEL-REPORT-VERIFIED",
                    "公示期间反映的问题经查属实，不予任用",
                    "an objection was verified: no appointment",
                )
            } else if objections.iter().any(|o| o.finding.is_none()) {
                say(
                    "SEL-PUBLICITY-HOLD",
                    "尚有反映问题未查清，暂缓任职",
                    "an objection is still open: the appointment is held",
                )
            } else if view.notice.as_ref().is_some_and(|n| today <= n.period_end.as_str()) {
                say("SEL-PUBLICITY", "公示期满后方可任职", "appoint after the publicity period ends")
            } else {
                None
            }
        }
        _ => None,
    }
}
