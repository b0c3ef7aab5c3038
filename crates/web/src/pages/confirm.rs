//! The confirmation of a step that cannot be undone (a vote, closing a round, submitting an
//! exam): the step's form posts here first and is answered with this page, which states the
//! consequence and posts the same fields again with `confirmed=1`. It works without script.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::response::{IntoResponse, Response};

use crate::chrome::Chrome;
use crate::ctx::Ctx;

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

/// Whether the posted form carries the confirmation.
pub fn confirmed(values: &HashMap<String, String>) -> bool {
    values.get("confirmed").map(String::as_str) == Some("1")
}

/// A posted form's fields as pairs, for [`ask`].
pub fn pairs(values: &HashMap<String, String>) -> Vec<(String, String)> {
    values.iter().map(|(k, v)| (k.clone(), v.clone())).collect()
}

/// The confirmation page for a posted form not yet confirmed: `sentence` states what happens and
/// its consequence; the form's own fields are posted again to `action` with `confirmed=1`.
pub fn ask(
    ctx: &Ctx,
    menu: &str,
    (title, sentence): (&str, String),
    action: &str,
    values: Vec<(String, String)>,
    back: String,
) -> Response {
    let mut fields: Vec<(String, String)> =
        values.into_iter().filter(|(k, _)| k != "_csrf" && k != "confirmed").collect();
    fields.sort();
    Confirm {
        chrome: Chrome::new(ctx, menu),
        title: title.to_owned(),
        sentence,
        action: action.to_owned(),
        fields,
        confirm: ctx.lang.pick("确认提交", "Submit").to_owned(),
        back,
    }
    .into_response()
}
