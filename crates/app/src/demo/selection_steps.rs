//! The steps the selection demo takes, each through its use-case in the name of the demo account
//! whose work it is (市委组织部干部科 for staff steps, 考察组 for the inspection, the committee
//! members for their votes, 市纪委监委 for a finding), on the day it is dated: a past day's step
//! runs on a copy of the app whose clock reads that day, so the case pages show a believable
//! timeline and every date the rules check is a real one.

use std::collections::HashSet;

use jianquan_domain::calendar::Calendar;
use jianquan_storage::access as account_store;
use jianquan_storage::registry::cadres::{self as cadre_store, Cadre, CadreFilter};
use jianquan_storage::registry::orgs::{self, Org};
use time::{Date, Duration, OffsetDateTime, Time};

use crate::challenge::Proof;
use crate::demo::names;
use crate::demo::rng::Rng;
use crate::selection::decision::{self, AttendanceInput, ItemInput, ItemRef, MeetingInput, VoteInput};
use crate::selection::eligibility::{self, CheckInput, GateInput};
use crate::selection::inspection::{self, InterviewInput, ReportInput, SubjectInput, TeamInput};
use crate::selection::recommendation::{self, BallotInput, OpenInput, RoundInput};
use crate::selection::views::Case;
use crate::selection::{cases, publicity};
use crate::{Actor, App, AppError, AppResult, Clock};
use jianquan_domain::selection::decision::VoteMethod;

/// The n-th working day before `today` (0: today itself).
pub fn working_days_back(calendar: &Calendar, today: Date, n: u32) -> Date {
    let mut day = today;
    let mut counted = 0;
    while counted < n {
        day -= Duration::days(1);
        if calendar.is_working_day(day) {
            counted += 1;
        }
    }
    day
}

/// The demo's actors and what it has used so far.
pub struct Steps<'a> {
    pub app: &'a App,
    pub today: Date,
    pub staff: Actor,
    pub inspector: Actor,
    pub discipline: Actor,
    /// The committee's members, the demo's `committee` account first.
    pub members: Vec<Actor>,
    pub city: Org,
    pub rng: Rng,
    /// Cadres already put forward in a case.
    pub used: HashSet<String>,
}

impl Steps<'_> {
    /// The app as it runs on `day` (09:30 in China): today's steps run on the app itself.
    pub fn on(&self, day: Date) -> App {
        if day >= self.today {
            return self.app.clone();
        }
        let at = OffsetDateTime::new_utc(day, Time::from_hms(1, 30, 0).unwrap_or(Time::MIDNIGHT));
        App { clock: Clock::Fixed(at), ..self.app.clone() }
    }

    pub fn back(&self, n: u32) -> Date {
        working_days_back(&self.app.calendar, self.today, n)
    }

    /// Opens a case on `post_id` by motion of 市委组织部 on `day`.
    pub async fn motion(&self, post_id: &str, day: Date) -> AppResult<Case> {
        let input = cases::MotionInput {
            post_id: post_id.into(),
            method: "democratic_recommendation".into(),
            proposer: "市委组织部".into(),
            work_plan: "按照《党政领导干部选拔任用工作条例》，经市委书记专题会议酝酿，采取民主推荐、\
                考察、市委常委会讨论决定的方式选拔；推荐范围为全市正科级领导干部。"
                .into(),
            date: String::new(),
        };
        cases::open_case(&self.on(day), &self.staff, &input).await
    }

    /// Cadres who would pass the gate of `case` on `gate_day`: leadership cadres one rank below
    /// the post (乡科级正职 for a 县处级副职 post), from the post's county first, then the city.
    pub async fn candidates(&mut self, case: &Case, n: usize, gate_day: Date) -> AppResult<Vec<Cadre>> {
        let mut conn = self.app.db.read().await?;
        let org = orgs::get(&mut conn, &case.org_id).await?.ok_or(AppError::NotFound)?;
        let mut within = orgs::ancestors(&mut conn, &org).await?;
        within.push(org);
        within.retain(|o| o.level == "county");
        within.sort_by_key(|o| o.path.len());
        let mut scopes = Vec::new();
        if let Some(county) = within.first() {
            scopes.push(county.org_path()?);
        }
        scopes.push(self.city.org_path()?);
        let mut pool = Vec::new();
        for scope in scopes {
            let filter = CadreFilter {
                scope: Some(scope),
                rank: Some("township_principal".into()),
                leadership: Some(true),
                ..CadreFilter::default()
            };
            let (mut found, _, _) = cadre_store::list(&mut conn, &filter, 0, 5000).await?;
            // IDs differ from load to load; names and ID numbers come from the seed.
            found.sort_by(|a, b| (&a.name, &a.id_number).cmp(&(&b.name, &b.id_number)));
            let start = self.rng.below(found.len());
            found.rotate_left(start);
            pool.extend(found);
        }
        drop(conn);
        let mut chosen: Vec<Cadre> = Vec::new();
        for cadre in pool {
            if chosen.len() == n {
                break;
            }
            if self.used.contains(&cadre.id) || chosen.iter().any(|c| c.id == cadre.id) {
                continue;
            }
            if eligibility::dossier_blocks(self.app, &case.id, &cadre.id, gate_day).await?.is_empty() {
                chosen.push(cadre);
            }
        }
        if chosen.len() < n {
            return Err(AppError::internal(format!("only {} eligible candidates for {}", chosen.len(), case.number)));
        }
        self.used.extend(chosen.iter().map(|c| c.id.clone()));
        Ok(chosen)
    }

    /// Begins the recommendation and holds an online meeting round on `day` with `defined`
    /// participants of whom `present` attend; `votes[k]` ballots mark candidate k, the rest of
    /// the ballots cast are blank up to `cast`. Returns the round and its unspent voter codes.
    pub async fn round(
        &mut self,
        case: &Case,
        candidates: &[Cadre],
        day: Date,
        (defined, present, cast): (usize, usize, usize),
        votes: &[usize],
    ) -> AppResult<(String, Vec<String>)> {
        let app = self.on(day);
        recommendation::begin(&app, &self.staff, &case.id).await?;
        let mut electorate: Vec<String> = Vec::new();
        while electorate.len() < defined {
            let male = self.rng.chance(0.6);
            let name = names::full(&mut self.rng, male);
            if !electorate.contains(&name) {
                electorate.push(name);
            }
        }
        let input = RoundInput {
            kind: "meeting".into(),
            voting: "online".into(),
            targeted: "1".into(),
            max_choices: "1".into(),
            electorate: electorate.clone(),
            candidates: candidates.iter().map(|c| c.id.clone()).collect(),
        };
        let round = recommendation::create_round(&app, &self.staff, &case.id, &input).await?;
        let open = OpenInput { present: electorate.into_iter().take(present).collect(), date: String::new() };
        let mut codes = recommendation::open_round(&app, &self.staff, &round, &open).await?.codes;
        let unspent = codes.split_off(cast.min(codes.len()));
        let mut marks = votes.iter().enumerate().flat_map(|(k, n)| std::iter::repeat_n(k, *n));
        for code in codes {
            let choices = marks.next().map(|k| vec![candidates[k].id.clone()]).unwrap_or_default();
            recommendation::cast(&app, &BallotInput { code, choices }).await?;
        }
        Ok((round, unspent))
    }

    /// Closes the round and the nomination on `day`, records the four musts clear for the first
    /// candidate and runs the gate on `gate_day`, and moves the case to inspection.
    pub async fn nominate_and_gate(
        &self,
        case: &Case,
        round: &str,
        nominee: &Cadre,
        day: Date,
        gate_day: Date,
    ) -> AppResult<()> {
        let app = self.on(day);
        recommendation::close_round(&app, &self.staff, round).await?;
        recommendation::close_nomination(&app, &self.staff, &case.id).await?;
        let app = self.on(gate_day);
        let checks = app.policy.texts("SEL-FOUR-MUSTS", "checks", gate_day).map_err(crate::training::policy_error)?;
        let notes = [
            "干部人事档案经专项审核，“三龄二历”无问题",
            "个人有关事项报告经查核一致",
            "市纪委监委回复：无影响使用的问题",
            "未发现反映该同志的信访举报",
        ];
        for (check, note) in checks.iter().zip(notes.iter().cycle()) {
            let input = CheckInput {
                cadre_id: nominee.id.clone(),
                check: (*check).into(),
                date: String::new(),
                result: "clear".into(),
                note: (*note).into(),
            };
            eligibility::record_check(&app, &self.staff, &case.id, &input).await?;
        }
        let gate = GateInput { cadre_id: nominee.id.clone(), ..GateInput::default() };
        eligibility::run_gate(&app, &self.staff, &case.id, &gate).await?;
        eligibility::begin_inspection(&app, &self.staff, &case.id).await?;
        Ok(())
    }

    /// Forms the inspection team (the demo's inspector) on `team_day`; with `done` = (letter day,
    /// report day) the inspector accepts the letter, records interviews, concludes, and the case
    /// goes to the committee.
    pub async fn inspect(
        &self,
        case: &Case,
        subject: &Cadre,
        team_day: Date,
        done: Option<(Date, Date)>,
    ) -> AppResult<()> {
        let team = TeamInput { cadre_id: subject.id.clone(), inspectors: vec![self.inspector.id.clone()] };
        inspection::set_team(&self.on(team_day), &self.staff, &case.id, &team).await?;
        let Some((letter_day, report_day)) = done else { return Ok(()) };
        let subject_input = SubjectInput { cadre_id: subject.id.clone() };
        inspection::accept_letter(&self.on(letter_day), &self.inspector, &case.id, &subject_input).await?;
        let app = self.on(report_day);
        let talks = InterviewInput {
            cadre_id: subject.id.clone(),
            date: String::new(),
            count: (24 + self.used.len() % 9).to_string(),
            summary: "个别谈话和民主测评：群众普遍认为该同志政治坚定，工作思路清晰，敢于担当，\
                作风务实，廉洁自律；不足是工作方法有时偏急。"
                .into(),
        };
        inspection::record_interviews(&app, &self.inspector, &case.id, &talks).await?;
        let report = ReportInput { cadre_id: subject.id.clone(), conclusion: "同意作为拟任人选".into() };
        inspection::conclude(&app, &self.inspector, &case.id, &report).await?;
        inspection::submit_for_decision(&app, &self.staff, &case.id).await?;
        Ok(())
    }

    /// Plans a committee meeting held on `held_on` with the case's subject on the agenda
    /// (registered on `planned_on`) to be voted on by `method`, and opens it with every member
    /// but `absent` present. The last member is the secretary, who states last in an open vote.
    /// Returns the meeting and its item.
    pub async fn meeting(
        &self,
        title: &str,
        (planned_on, held_on): (Date, Date),
        (case, subject): (&Case, &Cadre),
        method: VoteMethod,
        absent: &[usize],
    ) -> AppResult<(String, String)> {
        let app = self.on(planned_on);
        let input = MeetingInput {
            org_id: self.city.id.clone(),
            title: title.into(),
            held_on: held_on.to_string(),
            body: String::new(),
            members: self.members.iter().map(|m| m.id.clone()).collect(),
            principal: self.members.last().map(|m| m.id.clone()).unwrap_or_default(),
        };
        let meeting = decision::create_meeting(&app, &self.staff, &input).await?;
        let item = ItemInput {
            case_id: case.id.clone(),
            cadre_id: subject.id.clone(),
            method: method.code().into(),
            ..ItemInput::default()
        };
        let item = decision::add_item(&app, &self.staff, &meeting, &item).await?;
        let present =
            self.members.iter().enumerate().filter(|(k, _)| !absent.contains(k)).map(|(_, m)| m.id.clone()).collect();
        decision::open_meeting(&self.on(held_on), &self.staff, &meeting, &AttendanceInput { present }).await?;
        Ok((meeting, item))
    }

    /// Member k votes `votes[k]` on `day` (`None`: has not voted).
    pub async fn votes(&self, meeting: &str, item: &str, day: Date, votes: &[Option<&str>]) -> AppResult<()> {
        let app = self.on(day);
        for (member, vote) in self.members.iter().zip(votes) {
            if let Some(vote) = vote {
                let input = VoteInput { item_id: item.into(), vote: (*vote).into() };
                decision::vote(&app, member, meeting, &input).await?;
            }
        }
        Ok(())
    }

    pub async fn decide(&self, meeting: &str, item: &str, day: Date) -> AppResult<()> {
        decision::decide(&self.on(day), &self.staff, meeting, &ItemRef { item_id: item.into() }).await?;
        Ok(())
    }

    /// Publishes the notice of the case's passed decision on `day`; returns the notice ID.
    pub async fn publicise(&self, case: &Case, day: Date) -> AppResult<String> {
        let input = publicity::PublicityInput {
            published_on: String::new(),
            where_to_object: "公示期间，个人或单位可通过本页在线反映，或拨打举报电话 0546-12380、\
                来信来访向中共东营市委组织部干部监督科反映（东营市东营区府前大街）。\
                反映问题应实事求是；匿名反映的，请保存回执码查询处理结果。"
                .into(),
        };
        Ok(publicity::start(&self.on(day), &self.staff, &case.id, &input).await?.id)
    }

    /// An anonymous objection raised on `day`, answered by 市纪委监委 on `answered_on` as not
    /// verified. Returns the receipt code.
    pub async fn answered_objection(&self, notice: &str, day: Date, answered_on: Date) -> AppResult<String> {
        let input = publicity::ObjectionInput {
            notice_id: notice.into(),
            anonymous: "1".into(),
            name: String::new(),
            contact: String::new(),
            text: "反映该同志在任乡镇党委书记期间，其亲属承揽了镇里的道路维修工程。".into(),
            ..Default::default()
        };
        let receipt = publicity::object(&self.on(day), &input, &Proof::waived_for_system_data()).await?;
        let mut conn = self.app.db.read().await?;
        let objection = jianquan_storage::selection::publicity::objections(&mut conn, notice)
            .await?
            .into_iter()
            .find(|o| o.number == i64::from(receipt.number))
            .ok_or(AppError::NotFound)?;
        drop(conn);
        let finding = publicity::FindingInput {
            objection_id: objection.id,
            finding: "not_verified".into(),
            note: "经市纪委监委核查，该工程由镇政府依法公开招标，中标单位与该同志亲属无关联，反映问题不属实。".into(),
        };
        publicity::record_finding(&self.on(answered_on), &self.discipline, &finding).await?;
        Ok(receipt.receipt)
    }
}

/// The actor of a demo account by its username.
pub async fn actor_of(app: &App, username: &str) -> AppResult<Actor> {
    let mut conn = app.db.read().await?;
    let user = account_store::user_by_name(&mut conn, username)
        .await?
        .ok_or_else(|| AppError::internal(format!("demo account {username} is missing")))?;
    crate::access::sessions::actor_for(&mut conn, &user).await
}
