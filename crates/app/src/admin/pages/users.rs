//! `/admin/users`: the staff list with an add form (admins only). A refused addition
//! re-renders the list with a readable reason (422/409); a generated password is shown once.

use crate::admin::api::users::create_user;
use crate::admin::view::{UserView, refusal, roles, user_view};
use crate::kernel::state::AppState;
use crate::web::auth::CurrentUser;
use crate::web::error::AppError;
use crate::web::i18n::Tr;
use crate::web::page::Chrome;
use crate::web::view::Opt;
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use carewell_domain::role::Role;
use serde::Deserialize;

/// The add-user form.
#[derive(Debug, Default, Deserialize)]
pub struct AddForm {
    /// E-mail.
    #[serde(default)]
    pub email: String,
    /// Name.
    #[serde(default)]
    pub name: String,
    /// Role.
    #[serde(default)]
    pub role: String,
    /// Initial password; blank = generate one.
    #[serde(default)]
    pub password: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "admin/users.html")]
/// The users list.
pub struct UsersPage {
    chrome: Chrome,
    users: Vec<UserView>,
    roles: Vec<Opt>,
    form: AddForm,
    errors: Vec<String>,
    created: Option<(String, String)>,
    generated: Option<String>,
}

async fn render_list(
    s: &AppState,
    tr: Tr,
    user: &CurrentUser,
    form: AddForm,
    errors: Vec<String>,
    created: Option<(String, String)>,
    generated: Option<String>,
) -> Result<UsersPage, AppError> {
    let users = s
        .store
        .user_listing()
        .await?
        .into_iter()
        .map(|l| user_view(&tr, l))
        .collect();
    let role = Role::parse(&form.role).unwrap_or(Role::Agent);
    Ok(UsersPage {
        roles: roles(&tr, role),
        chrome: Chrome::new(tr, user),
        users,
        form,
        errors,
        created,
        generated,
    })
}

/// GET /admin/users
pub async fn list(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
) -> Result<UsersPage, AppError> {
    render_list(&s, tr, &user, AddForm::default(), vec![], None, None).await
}

/// POST /admin/users: adds a user; shows a generated password once.
pub async fn create(
    State(s): State<AppState>,
    tr: Tr,
    user: CurrentUser,
    Form(f): Form<AddForm>,
) -> Result<Response, AppError> {
    let result = async {
        let role = Role::parse(&f.role)?;
        create_user(&s, &user, &f.email, &f.name, role, Some(&f.password)).await
    }
    .await;
    match result {
        Ok((u, generated)) => {
            let page = render_list(
                &s,
                tr,
                &user,
                AddForm::default(),
                vec![],
                Some((u.id, u.email)),
                generated,
            )
            .await?;
            Ok((StatusCode::CREATED, page).into_response())
        }
        Err(e) => {
            let errors = refusal(&tr, e)?;
            let f = AddForm {
                password: String::new(),
                ..f
            };
            let page = render_list(&s, tr, &user, f, errors, None, None).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
    }
}
