//! Every action the application records, with the kind of event it is and the sentence that
//! tells it, in Chinese and English. `{s}` is the subject's name (a cadre, a course, a case
//! number …) and `{c}` the cadre the entry's detail names (a nominee); the actor's name opens the
//! sentence. A new action without a line here fails `every_recorded_action_has_a_sentence`.

use super::EventKind::{self, Account, Integrity, OrgsPosts, Registry, Selection, System, Training, View};

/// One action: its code, kind and sentence.
#[derive(Debug, Clone, Copy)]
pub struct Action {
    pub code: &'static str,
    pub kind: EventKind,
    pub zh: &'static str,
    pub en: &'static str,
}

const fn a(code: &'static str, kind: EventKind, zh: &'static str, en: &'static str) -> Action {
    Action { code, kind, zh, en }
}

/// The recorded actions, grouped by mechanism.
pub const ACTIONS: &[Action] = &[
    // Access.
    a("access.account.create", Account, "创建了账号 {s}", "created the account {s}"),
    a("access.login", Account, "登录了系统", "signed in"),
    a("access.logout", Account, "退出了系统", "signed out"),
    a("access.login.attempt", Account, "以账号 {s} 尝试登录", "tried to sign in as {s}"),
    a("access.login.failed", Account, "以账号 {s} 登录失败", "failed to sign in as {s}"),
    // Registry: reads.
    a("registry.dossier.view", View, "查阅了 {s} 的干部档案", "opened the dossier of {s}"),
    a("registry.id_number.reveal", View, "查看了 {s} 的完整身份证号", "revealed the ID number of {s}"),
    a("registry.export.lrmx", View, "导出了 {s} 的任免审批表", "exported the appointment form of {s}"),
    a("registry.export.cadres", View, "导出了干部名册", "exported the cadre roster"),
    a("training.export.short", View, "导出了培训学时未达标名单", "exported the list of cadres short of training"),
    // Registry: changes.
    a("registry.cadre.create", Registry, "新增了干部 {s}", "added the cadre {s}"),
    a("registry.cadre.update", Registry, "修改了 {s} 的基本信息", "edited the record of {s}"),
    a("registry.cadre.import_lrmx", Registry, "导入了 {s} 的任免审批表", "imported the appointment form of {s}"),
    a("registry.cadre.promote", Registry, "记录了 {s} 的职级晋升", "recorded the promotion of {s}"),
    a("registry.cadre.appoint", Registry, "记录了 {s} 的任职", "recorded the appointment of {s}"),
    a("registry.dossier.photo.set", Registry, "更新了 {s} 的照片", "set the photo of {s}"),
    a("registry.dossier.education.add", Registry, "为 {s} 添加了学历学位", "added an education to {s}'s dossier"),
    a("registry.dossier.tenure.add", Registry, "为 {s} 添加了任职经历", "added a tenure to {s}'s dossier"),
    a("registry.dossier.grade.record", Registry, "记录了 {s} 的年度考核等次", "recorded an annual grade of {s}"),
    a(
        "registry.dossier.reward_sanction.add",
        Registry,
        "为 {s} 添加了奖惩记录",
        "added a reward or sanction to {s}'s dossier",
    ),
    a("registry.dossier.family.add", Registry, "为 {s} 添加了家庭成员", "added a family member to {s}'s dossier"),
    a("registry.import.cadres", Registry, "导入了干部名册", "imported a cadre roster"),
    // Orgs and posts.
    a("registry.org.create", OrgsPosts, "新建了单位 {s}", "created the org {s}"),
    a("registry.org.update", OrgsPosts, "修改了单位 {s}", "edited the org {s}"),
    a("registry.post.create", OrgsPosts, "新建了职位 {s}", "created the post {s}"),
    a("registry.post.update", OrgsPosts, "修改了职位 {s}", "edited the post {s}"),
    a("registry.import.orgs", OrgsPosts, "导入了单位名册", "imported a list of orgs"),
    a("registry.import.posts", OrgsPosts, "导入了职位名册", "imported a list of posts"),
    // Selection and appointment.
    a("selection.case.motion", Selection, "提出动议，建立 {s}", "moved to fill a post, opening {s}"),
    a("selection.case.pause", Selection, "暂停了 {s}", "paused {s}"),
    a("selection.case.resume", Selection, "恢复了 {s}", "resumed {s}"),
    a("selection.case.archive", Selection, "将 {s} 归档", "archived {s}"),
    a("selection.recommendation.begin", Selection, "在 {s} 中启动民主推荐", "began the recommendation of {s}"),
    a("selection.round.create", Selection, "为 {s} 确定了推荐方案", "planned a recommendation round of {s}"),
    a(
        "selection.round.lists",
        Selection,
        "调整了 {s} 的参加范围或候选人",
        "changed the electorate or candidates of {s}",
    ),
    a(
        "selection.round.open",
        Selection,
        "开始 {s} 的推荐并清点到会人数",
        "opened a round of {s} and counted attendance",
    ),
    a("selection.round.ballot", Selection, "在 {s} 中投了一张推荐票（匿名）", "cast a ballot in {s} (anonymous)"),
    a("selection.round.count", Selection, "录入了 {s} 的计票结果", "entered a teller's count in {s}"),
    a(
        "selection.round.recount",
        Selection,
        "因计票不一致要求 {s} 重新清点",
        "called a recount in {s}: the tellers differed",
    ),
    a("selection.round.close", Selection, "结束了 {s} 的推荐并统计得票", "closed and tallied a round of {s}"),
    a("selection.nomination.close", Selection, "确定了 {s} 的考察人选范围", "fixed the nominees of {s}"),
    a("selection.gate.check", Selection, "为 {s} 录入凡提四必核查 {c}", "recorded a four-musts check of {c} in {s}"),
    a("selection.gate.verdict", Selection, "作出 {s} 的资格审查结论", "gave the eligibility verdict of {s}"),
    a("selection.inspection.begin", Selection, "确定了 {s} 的考察对象", "fixed the inspection subjects of {s}"),
    a("selection.inspection.team", Selection, "组成了 {s} 的考察组", "formed the inspection team of {s}"),
    a("selection.inspection.letter", Selection, "签署了 {s} 的考察责任书", "signed the responsibility letter of {s}"),
    a("selection.inspection.interviews", Selection, "录入了 {s} 的个别谈话 {c}", "recorded interviews on {c} in {s}"),
    a(
        "selection.inspection.report",
        Selection,
        "形成了 {s} 的考察报告 {c}",
        "concluded the inspection report on {c} in {s}",
    ),
    a("selection.decision.submit", Selection, "将 {s} 提交讨论决定", "submitted {s} for decision"),
    a("selection.examination.announce", Selection, "发布了 {s} 的考试公告", "announced the examination of {s}"),
    a("selection.examination.apply", Selection, "为 {s} 登记报名 {c}", "registered the application of {c} in {s}"),
    a("selection.examination.review", Selection, "审核了 {s} 的报名资格 {c}", "reviewed the application of {c} in {s}"),
    a("selection.examination.score", Selection, "录入了 {s} 的考试成绩", "entered the scores of {s}"),
    a("selection.meeting.create", Selection, "安排了会议 {s}", "scheduled the meeting {s}"),
    a("selection.meeting.open", Selection, "宣布会议 {s} 开始", "opened the meeting {s}"),
    a("selection.agenda.add", Selection, "将 {s} 列入会议议题 {c}", "put {s} on a meeting's agenda {c}"),
    a("selection.meeting.recusal", Selection, "记录了 {s} 讨论中的回避", "recorded a recusal in the discussion of {s}"),
    a("selection.meeting.vote", Selection, "对 {s} 进行了表决", "voted on {s}"),
    a("selection.meeting.ballot", Selection, "对 {s} 投了无记名票", "cast a secret ballot on {s}"),
    a("selection.meeting.decide", Selection, "宣布了 {s} 的会议决定 {c}", "announced the decision on {s} {c}"),
    a("selection.meeting.reconsider", Selection, "同意对 {s} 复议", "agreed to reconsider {s}"),
    a("selection.publicity.start", Selection, "发布了 {s} 的任前公示", "published the pre-appointment notice of {s}"),
    a(
        "selection.publicity.objection",
        Selection,
        "对 {s} 的任前公示反映了问题",
        "raised an objection to the notice of {s}",
    ),
    a(
        "selection.publicity.finding",
        Selection,
        "作出了 {s} 公示反映的查核结论",
        "gave the finding on an objection in {s}",
    ),
    a("selection.case.appoint", Selection, "办理了 {s} 的任职 {c}", "completed the appointment of {s} {c}"),
    // Education and training.
    a("training.course.create", Training, "新建了培训班 {s}", "created the course {s}"),
    a("training.course.session.add", Training, "为培训班 {s} 添加了课次", "added a session to the course {s}"),
    a("training.course.enrol", Training, "为培训班 {s} 调训学员", "enrolled cadres on the course {s}"),
    a("training.course.sign_up", Training, "报名参加培训班 {s}", "signed up for the course {s}"),
    a("training.course.attendance", Training, "登记了培训班 {s} 的考勤", "recorded attendance on the course {s}"),
    a("training.course.leave", Training, "登记了培训班 {s} 的请假", "recorded leave on the course {s}"),
    a("training.course.withdraw", Training, "因缺课将 {s} 退出培训班", "withdrew {s} from a course for missed hours"),
    a("training.course.complete", Training, "为培训班 {s} 办理结业", "completed the course {s}"),
    a("training.record.add", Training, "为 {s} 登记了外单位培训", "recorded training elsewhere for {s}"),
    a("training.record.import", Training, "导入了 {s} 的培训记录", "imported training records of {s}"),
    a("training.standing.refresh", Training, "重新计算了学时达标情况", "recomputed the training standing"),
    a("training.study_group.create", Training, "新建了理论中心组 {s}", "created the study group {s}"),
    a(
        "training.study_group.member.add",
        Training,
        "为理论中心组 {s} 添加了成员",
        "added a member to the study group {s}",
    ),
    a(
        "training.study_group.session.add",
        Training,
        "为理论中心组 {s} 添加了学习活动",
        "added a session to the study group {s}",
    ),
    a(
        "training.study_group.attendance.record",
        Training,
        "登记了理论中心组 {s} 的出勤",
        "recorded attendance in the study group {s}",
    ),
    a("training.study.report.submit", Training, "提交了 {s} 的述学报告", "submitted the study report of {s}"),
    a("training.study.evaluation.add", Training, "为 {s} 作出评学意见", "added a study evaluation of {s}"),
    a("training.study.exam.record", Training, "登记了 {s} 的考学成绩", "recorded the study exam of {s}"),
    a("training.village.batch.create", Training, "新建了驻村帮扶 {s}", "created the village assistance {s}"),
    a(
        "training.village.assignment.add",
        Training,
        "为驻村帮扶 {s} 派驻干部",
        "assigned a cadre to the village assistance {s}",
    ),
    a(
        "training.village.log.add",
        Training,
        "为驻村帮扶 {s} 添加了工作日志",
        "added a work log to the village assistance {s}",
    ),
    a(
        "training.village.evaluation.record",
        Training,
        "登记了驻村帮扶 {s} 的考核",
        "recorded an evaluation in the village assistance {s}",
    ),
    // Integrity education.
    a("integrity.question.add", Integrity, "在题库中添加了试题 {s}", "added the question {s} to the bank"),
    a("integrity.exam.create", Integrity, "新建了考试 {s}", "created the exam {s}"),
    a("integrity.exam.enrol", Integrity, "为考试 {s} 安排考生", "enrolled cadres on the exam {s}"),
    a("integrity.exam.withdraw", Integrity, "取消了考试 {s} 的考生", "withdrew cadres from the exam {s}"),
    a("integrity.exam.start", Integrity, "为 {s} 开始了一次考试", "started an exam attempt for {s}"),
    a("integrity.exam.submit", Integrity, "交卷：{s} 的考试", "handed in the exam of {s}"),
    a("integrity.talk.record", Integrity, "登记了与 {s} 的谈话", "recorded a talk with {s}"),
    a("integrity.talk.acknowledge", Integrity, "确认了与 {s} 的谈话记录", "acknowledged the talk record with {s}"),
    a("integrity.event.record", Integrity, "登记了 {s} 的廉政教育触发事项", "recorded an integrity event of {s}"),
    a("integrity.obligation.create", Integrity, "为 {s} 生成了一项廉政教育义务", "created an integrity duty of {s}"),
    a("integrity.obligation.fulfil", Integrity, "办结了 {s} 的一项廉政教育义务", "fulfilled an integrity duty of {s}"),
    a("integrity.obligation.close", Integrity, "关闭了 {s} 的一项廉政教育义务", "closed an integrity duty of {s}"),
    // The system's own entries.
    a("demo.load", System, "载入了演示数据", "loaded the demo data"),
    a("demo.generate", System, "生成了演示数据", "generated demo data"),
    a("bench.training.stale", System, "生成了性能测试数据", "wrote benchmark data"),
    a("bench.selection.dossiers", System, "生成了性能测试数据", "wrote benchmark data"),
];

/// The line of an action, if it is one the application records.
pub fn find(code: &str) -> Option<&'static Action> {
    ACTIONS.iter().find(|a| a.code == code)
}
