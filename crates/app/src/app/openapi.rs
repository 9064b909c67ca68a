//! The OpenAPI 3.1 document, generated from the handlers' annotations.

use axum::Json;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

struct Bearer;

impl Modify for Bearer {
    fn modify(&self, api: &mut utoipa::openapi::OpenApi) {
        let components = api.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("cw_…")
                    .build(),
            ),
        );
    }
}

/// The API description.
#[derive(OpenApi)]
#[openapi(
    info(title = "Carewell API", description = "Customer care for the hard moments: records, complaints, crises, retention, offboarding. Authenticate with `Authorization: Bearer <token>` (create one with `carewell token create`). Errors are RFC 9457 problem+json."),
    security(("bearer" = [])),
    modifiers(&Bearer),
    paths(
        crate::customers::api::list,
        crate::customers::api::create,
        crate::customers::api::get,
        crate::customers::api::replace,
        crate::customers::api::patch,
        crate::customers::api::delete,
        crate::customers::activity_api::timeline,
        crate::customers::activity_api::contacts,
        crate::customers::activity_api::add_contact,
        crate::customers::activity_api::delete_contact,
        crate::customers::activity_api::interactions,
        crate::customers::activity_api::add_interaction,
        crate::customers::activity_api::transactions,
        crate::customers::activity_api::add_transaction,
        crate::customers::activity_api::contracts,
        crate::customers::activity_api::add_contract,
        crate::customers::activity_api::add_usage,
        crate::audit::api::list,
        crate::audit::api::verify,
        crate::complaints::api::list,
        crate::complaints::api::create,
        crate::complaints::api::get,
        crate::complaints::api::transition,
        crate::complaints::api::assign,
        crate::complaints::api::set_severity,
        crate::complaints::api::customer_link,
        crate::complaints::reports::api_report,
        crate::complaints::reports::api_csv,
        crate::complaints::sla::api_sweep,
        crate::complaints::sla::api_policies,
        crate::complaints::sla::api_set_policy,
        crate::complaints::compensation_api::create,
        crate::complaints::compensation_api::customer_ledger,
        crate::complaints::compensation_api::pending,
        crate::complaints::compensation_api::approve,
        crate::complaints::compensation_api::reject,
        crate::complaints::compensation_api::reverse,
        crate::messaging::api::customer_messages,
        crate::messaging::api::get,
        crate::messaging::api::retry,
        crate::messaging::api::endpoints,
        crate::messaging::api::create_endpoint,
        crate::messaging::api::set_active,
        crate::messaging::api::settings,
        crate::messaging::api::test_message,
        crate::client_fit::api::list,
        crate::client_fit::api::review,
        crate::client_fit::api::add_note,
        crate::client_fit::api::judge,
        crate::client_fit::api::set_likelihood,
        crate::client_fit::api::flag_abuse,
        crate::client_fit::api::decide,
        crate::client_fit::api::settings,
        crate::client_fit::api::set_settings,
        crate::transfer::api::import_csv,
        crate::transfer::api::export_customers,
        crate::offboarding::api::list,
        crate::offboarding::api::open,
        crate::offboarding::api::check,
        crate::offboarding::api::get,
        crate::offboarding::api::replan,
        crate::offboarding::api::approve,
        crate::offboarding::api::contact,
        crate::offboarding::api::letter,
        crate::offboarding::api::save_letter,
        crate::offboarding::api::send_letter,
        crate::offboarding::api::goodwill,
        crate::offboarding::api::close,
        crate::offboarding::api::cancel,
        crate::offboarding::api::issue_link,
        crate::offboarding::api::erasure,
        crate::offboarding::api::certificates,
        crate::offboarding::api::export,
        crate::offboarding::api::export_csv,
        crate::offboarding::api::report,
        crate::offboarding::api::report_csv,
        crate::offboarding::api::notice_rules,
        crate::offboarding::api::set_notice_rule,
        crate::offboarding::api::retention_rules,
        crate::offboarding::api::set_retention_rule,
        crate::offboarding::api::erase_due,
        crate::admin::api::list,
        crate::admin::api::create,
        crate::admin::api::get,
        crate::admin::api::update,
        crate::admin::api::user_tokens,
        crate::admin::api::create_user_token,
        crate::admin::api::reset_password,
        crate::admin::api::my_tokens,
        crate::admin::api::create_my_token,
        crate::admin::api::revoke,
        crate::admin::api::change_password,
        crate::admin::api::account,
        crate::admin::api::update_account,
    ),
    tags((name = "customers", description = "Customer records and their timeline"), (name = "audit", description = "The tamper-evident audit log"), (name = "complaints", description = "Complaints: intake, workflow, SLA, reports"), (name = "compensation", description = "The append-only compensation ledger"), (name = "messaging", description = "Outbound messages (outbox), delivery log, webhook endpoints"), (name = "client-fit", description = "Client-fit review: the seven reasons to part ways, evidence, judgements, decisions"), (name = "offboarding", description = "Offboarding: cases, notice periods, the farewell letter, goodwill, erasure with retention holds and certificates, data export, reports"), (name = "users", description = "Staff users (admins) and API tokens (everyone their own)"))
)]
pub struct ApiDoc;

/// GET /api/v1/openapi.json
pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
