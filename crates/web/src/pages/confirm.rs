//! The confirmation of a step that cannot be undone (a vote, closing a round, submitting an
//! exam): the step's form posts here first and is answered with this page, which states the
//! consequence and posts the same fields again with `confirmed=1`. It works without script.

use askama::Template;
use askama_web::WebTemplate;

use crate::chrome::Chrome;

#[derive(Template, WebTemplate)]
#[template(path = "confirm.html")]
pub struct Confirm {
    pub chrome: Chrome,
    pub title: String,
    /// What happens, in one sentence, with the consequence ("提交后不可更改").
    pub sentence: String,
    /// Where the confirmed form posts.
    pub action: String,
    /// The step's fields, posted again.
    pub fields: Vec<(String, String)>,
    /// The confirming button's label.
    pub confirm: String,
    /// Where "back" goes, without doing anything.
    pub back: String,
}
