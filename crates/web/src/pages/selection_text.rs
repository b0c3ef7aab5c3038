//! Labels of the selection pages: states and ledger actions in the interface's language.

use jianquan_domain::selection::case::State;

use crate::i18n::Lang;

pub fn state_label(state: State, lang: Lang) -> &'static str {
    lang.pick(state.label_zh(), state.label_en())
}

/// What a ledger entry of a case did, in words.
pub fn action_label(action: &str, lang: Lang) -> &'static str {
    let (zh, en) = match action {
        "selection.case.motion" => ("动议，建立纪实", "motion: case opened"),
        "selection.case.pause" => ("暂停", "paused"),
        "selection.case.resume" => ("恢复", "resumed"),
        "selection.case.archive" => ("归档", "archived"),
        "selection.recommendation.begin" => ("启动民主推荐", "recommendation begun"),
        "selection.round.create" => ("确定推荐方案（参加范围、候选人）", "round planned (electorate, candidates)"),
        "selection.round.lists" => ("调整参加范围或候选人", "electorate or candidates changed"),
        "selection.round.open" => ("推荐开始，清点到会人数", "round opened, attendance counted"),
        "selection.round.ballot" => ("投票（匿名）", "ballot cast (anonymous)"),
        "selection.round.count" => ("计票人录入计票结果", "teller's count entered"),
        "selection.round.recount" => ("两名计票人结果不一致，重新清点", "tellers differed: recount"),
        "selection.round.close" => ("推荐结束，统计得票", "round closed and tallied"),
        "selection.nomination.close" => ("确定考察人选范围", "nominees fixed"),
        "selection.gate.check" => ("凡提四必核查", "four musts check"),
        "selection.gate.verdict" => ("资格审查结论", "eligibility verdict"),
        "selection.inspection.begin" => ("确定考察对象", "inspection subjects fixed"),
        "selection.inspection.team" => ("组成考察组", "inspection team formed"),
        "selection.inspection.letter" => ("签署考察责任书", "responsibility letter accepted"),
        "selection.inspection.interviews" => ("个别谈话", "interviews recorded"),
        "selection.inspection.report" => ("形成考察报告", "inspection report concluded"),
        "selection.decision.submit" => ("提交讨论决定", "submitted for decision"),
        "selection.agenda.add" => ("列入会议议题", "put on the agenda"),
        "selection.meeting.recusal" => ("回避", "recusal"),
        "selection.meeting.vote" => ("常委会成员表决", "committee member voted"),
        "selection.meeting.decide" => ("会议决定", "decided"),
        "selection.meeting.reconsider" => ("同意复议", "reconsideration agreed"),
        "selection.publicity.start" => ("任前公示", "publicity published"),
        "selection.publicity.objection" => ("收到公示反映", "objection received"),
        "selection.publicity.finding" => ("纪检监察机关查核结论", "discipline finding"),
        "selection.case.appoint" => ("任职", "appointed"),
        _ => ("", ""),
    };
    if zh.is_empty() { "—" } else { lang.pick(zh, en) }
}
