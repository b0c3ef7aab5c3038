//! The inspector's responsibility letter (考察责任书): its text, shown until it is signed, and the
//! sentence that confirms signing it (SEL-INSPECTION, SEL-ACCOUNTABILITY).

use jianquan_app::selection::view::CaseView;
use jianquan_domain::policy::Policy;

use crate::forms::Form;
use crate::i18n::Lang;
use crate::records::RuleLabel;

/// A subject the signed-in inspector is on the team of: the letter until it is signed, then the
/// interview and report forms.
pub struct MySubject {
    pub cadre_id: String,
    pub name: String,
    /// The letter to sign, until it is signed.
    pub letter: Option<Letter>,
    pub forms: Vec<Form>,
}

/// The responsibility letter's text: the heading sentence, the undertakings, and the rules it
/// rests on.
pub struct Letter {
    pub opening: String,
    pub undertakings: Vec<&'static str>,
    pub basis: Vec<RuleLabel>,
}

/// The letter an inspector signs for `subject` in the case.
pub fn letter(view: &CaseView, subject: &str, policy: &Policy, lang: Lang) -> Letter {
    let post = format!("{}{}", view.case.org_name, view.case.post_title);
    let number = &view.case.number;
    let opening = lang.choose(
        format!("本人作为{number}（{post}）考察组成员，受组织委派考察{subject}同志，郑重承诺："),
        format!("As a member of the inspection team of {number} ({post}), sent to inspect {subject}, I undertake:"),
    );
    let undertakings = if lang == Lang::En {
        vec![
            "to inspect by the standards for good cadres and the procedure of the Regulations on the Selection and \
             Appointment of Party and Government Leading Cadres;",
            "to inspect objectively and fairly, completely and accurately — integrity, ability, diligence, \
             achievements and honesty — hearing opinions widely, concealing, distorting and exaggerating nothing;",
            "to record the interviews and what I find truthfully and to conclude a truthful report, answering for \
             the accuracy of the materials and the conclusion;",
            "to keep the confidentiality of the interviews and the findings and to accept no request or favour;",
            "to answer, under the accountability for misjudged appointments, for a misjudgement caused by an \
             inspection that was not thorough, complete or accurate.",
        ]
    } else {
        vec![
            "坚持好干部标准，严格按照《党政领导干部选拔任用工作条例》规定的程序和要求进行考察；",
            "客观公正、全面准确地考察考察对象的德、能、勤、绩、廉，广泛听取意见，不隐瞒、不歪曲、不夸大；",
            "如实记录个别谈话和考察情况，如实形成考察报告，对考察材料和考察结论的真实性、准确性负责；",
            "严守组织人事纪律和保密纪律，不泄露谈话内容和考察情况，不接受请托，不徇私情；",
            "因考察不深入、不全面、不准确造成用人失察失误的，按照用人失察失误责任追究的规定承担责任。",
        ]
    };
    let basis = ["SEL-INSPECTION", "SEL-ACCOUNTABILITY"].iter().map(|id| RuleLabel::named(policy, id, lang)).collect();
    Letter { opening, undertakings, basis }
}

/// What signing the letter means, for its confirmation.
pub fn signing_sentence(view: &CaseView, subject: &str, lang: Lang) -> String {
    let number = &view.case.number;
    lang.choose(
        format!(
            "签署对{subject}同志的考察责任书（{number}）：签署即承诺客观公正、全面准确地考察，并对考察失实造成的\
             用人失察失误承担责任。签署后不可撤销。"
        ),
        format!(
            "Sign the responsibility letter for {subject} ({number}): you undertake an objective, complete and \
             accurate inspection and answer for a misjudgement it causes. This cannot be undone."
        ),
    )
}
