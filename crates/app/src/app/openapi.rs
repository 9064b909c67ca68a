//! The OpenAPI 3.1 document, generated from the handlers' annotations.

use axum::Json;
use utoipa::openapi::path::Operation;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{Content, Ref, RefOr, Response};
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

/// The answers every operation can give besides its own (the edge, the extractors and the
/// access check refuse before the handler runs), and a description for each answer that the
/// handler's annotation left without one (OpenAPI requires it).
struct CommonAnswers;

/// The description of an answer by its status, unless the annotation wrote one.
fn described(status: &str) -> &'static str {
    match status {
        "200" => "OK",
        "201" => "Created",
        "202" => "Accepted; the work goes on in the background",
        "204" => "Done; no content",
        "400" => "The request could not be read (malformed JSON, query or path)",
        "401" => "No valid `Authorization: Bearer` token",
        "403" => "The role may not do this, or the records are under a retention hold",
        "404" => "Not found",
        "409" => "Refused: the current state does not allow it, or it clashes with another record",
        "413" => "The body is too large",
        "415" => "The body is not `application/json`",
        "422" => "Invalid input: the fields at fault are listed in `errors`",
        _ => "See the problem document",
    }
}

/// A problem+json answer.
fn problem(status: &str) -> Response {
    Response::builder()
        .description(described(status))
        .content(
            "application/problem+json",
            Content::new(Some(Ref::from_schema_name("Problem"))),
        )
        .build()
}

impl CommonAnswers {
    fn operation(path: &str, writes: bool, op: &mut Operation) {
        let answers = &mut op.responses.responses;
        let mut common = vec!["400", "401", "403", "422"];
        if path.contains('{') {
            common.push("404");
        }
        // A change can be refused by the current state or by a record it would clash with (an
        // unmapped constraint violation is a conflict too).
        if writes {
            common.push("409");
        }
        if op.request_body.is_some() {
            common.extend(["413", "415"]);
        }
        for status in common {
            answers
                .entry(status.to_string())
                .or_insert_with(|| RefOr::T(problem(status)));
        }
        for (status, answer) in answers.iter_mut() {
            if let RefOr::T(r) = answer
                && r.description.trim().is_empty()
            {
                r.description = described(status).to_string();
            }
        }
    }
}

impl Modify for CommonAnswers {
    fn modify(&self, api: &mut utoipa::openapi::OpenApi) {
        for (path, item) in api.paths.paths.iter_mut() {
            if let Some(op) = &mut item.get {
                Self::operation(path, false, op);
            }
            for op in [
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ]
            .into_iter()
            .flatten()
            {
                Self::operation(path, true, op);
            }
        }
    }
}

/// The API description.
#[derive(OpenApi)]
#[openapi(
    info(title = "Carewell API", description = "Customer care for the hard moments: records, complaints, crises, retention, offboarding. Authenticate with `Authorization: Bearer <token>` (create one with `carewell token create`). Errors are RFC 9457 problem+json."),
    security(("bearer" = [])),
    modifiers(&Bearer, &CommonAnswers),
    paths(
        crate::customers::api::customers::list,
        crate::customers::api::customers::create,
        crate::customers::api::customers::get,
        crate::customers::api::customers::replace,
        crate::customers::api::customers::patch,
        crate::customers::api::customers::delete,
        crate::customers::api::timeline::timeline,
        crate::customers::api::contacts::contacts,
        crate::customers::api::contacts::add_contact,
        crate::customers::api::contacts::delete_contact,
        crate::customers::api::interactions::interactions,
        crate::customers::api::interactions::add_interaction,
        crate::customers::api::transactions::transactions,
        crate::customers::api::transactions::add_transaction,
        crate::customers::api::contracts::contracts,
        crate::customers::api::contracts::add_contract,
        crate::customers::api::usage::add_usage,
        crate::audit::api::list,
        crate::audit::api::verify,
        crate::complaints::api::complaints::list,
        crate::complaints::api::complaints::create,
        crate::complaints::api::complaints::get,
        crate::complaints::api::workflow::transition,
        crate::complaints::api::thread::get_thread,
        crate::complaints::api::thread::reply,
        crate::complaints::api::inbound::inbound_email,
        crate::complaints::api::workflow::assign,
        crate::complaints::api::workflow::set_severity,
        crate::complaints::api::link::customer_link,
        crate::complaints::api::reports::api_report,
        crate::complaints::api::reports::api_csv,
        crate::complaints::api::sla::api_sweep,
        crate::complaints::api::sla::api_policies,
        crate::complaints::api::sla::api_set_policy,
        crate::complaints::api::compensation::create,
        crate::complaints::api::compensation::customer_ledger,
        crate::complaints::api::compensation::pending,
        crate::complaints::api::compensation::approve,
        crate::complaints::api::compensation::reject,
        crate::complaints::api::compensation::reverse,
        crate::tasks::api::list,
        crate::tasks::api::done,
        crate::messaging::api::customer_messages,
        crate::messaging::api::get,
        crate::messaging::api::retry,
        crate::messaging::api::endpoints,
        crate::messaging::api::create_endpoint,
        crate::messaging::api::set_active,
        crate::messaging::api::settings,
        crate::messaging::api::test_message,
        crate::client_fit::api::list::list,
        crate::client_fit::api::review::review,
        crate::client_fit::api::notes::add_note,
        crate::client_fit::api::judgements::judge,
        crate::client_fit::api::judgements::set_likelihood,
        crate::client_fit::api::flags::flag_abuse,
        crate::client_fit::api::decisions::decide,
        crate::client_fit::api::settings::settings,
        crate::client_fit::api::settings::set_settings,
        crate::cadence::api::settings,
        crate::cadence::api::set_settings,
        crate::transfer::api::import_csv,
        crate::transfer::api::export_customers,
        crate::offboarding::api::cases::list,
        crate::offboarding::api::open::open,
        crate::offboarding::api::open::check,
        crate::offboarding::api::cases::get,
        crate::offboarding::api::plan::replan,
        crate::offboarding::api::plan::approve,
        crate::offboarding::api::contact::contact,
        crate::offboarding::api::letter::letter,
        crate::offboarding::api::letter::save_letter,
        crate::offboarding::api::letter::send_letter,
        crate::offboarding::api::goodwill::goodwill,
        crate::offboarding::api::close::close,
        crate::offboarding::api::close::cancel,
        crate::offboarding::api::link::issue_link,
        crate::offboarding::api::erasure::erasure,
        crate::offboarding::api::erasure::certificates,
        crate::offboarding::api::export::export,
        crate::offboarding::api::export::export_csv,
        crate::offboarding::api::report::report,
        crate::offboarding::api::report::report_csv,
        crate::offboarding::api::rules::notice_rules,
        crate::offboarding::api::rules::set_notice_rule,
        crate::offboarding::api::rules::retention_rules,
        crate::offboarding::api::rules::set_retention_rule,
        crate::offboarding::api::erasure::erase_due,
        crate::admin::api::users::list,
        crate::admin::api::users::create,
        crate::admin::api::users::get,
        crate::admin::api::users::update,
        crate::admin::api::tokens::user_tokens,
        crate::admin::api::tokens::create_user_token,
        crate::admin::api::passwords::reset_password,
        crate::admin::api::tokens::my_tokens,
        crate::admin::api::tokens::create_my_token,
        crate::admin::api::tokens::revoke,
        crate::admin::api::passwords::change_password,
        crate::admin::api::account::account,
        crate::admin::api::account::update_account,
        crate::search::api::search,
        crate::today::api::today,
        crate::segments::api::list,
        crate::segments::api::create,
        crate::segments::api::get,
        crate::segments::api::replace,
        crate::segments::api::patch,
        crate::segments::api::delete,
        crate::segments::api::customers,
        crate::surveys::api::create,
        crate::surveys::api::list,
        crate::surveys::api::get,
        crate::surveys::api::results,
        crate::surveys::api::responses_csv,
        crate::surveys::api::settings,
        crate::surveys::api::set_settings,
        crate::surveys::api::stage_triggers,
        crate::surveys::api::set_stage_triggers,
        crate::health::api::customer_health, crate::health::api::settings, crate::health::api::set_settings,
        crate::retention::api::start_run, crate::retention::api::runs, crate::retention::api::run, crate::retention::api::customer_prediction, crate::retention::api::at_risk, crate::retention::api::churn_trend, crate::retention::api::settings, crate::retention::api::set_settings,
    ),
    tags((name = "customers", description = "Customer records and their timeline"), (name = "audit", description = "The tamper-evident audit log"), (name = "complaints", description = "Complaints: intake, workflow, SLA, reports"), (name = "compensation", description = "The append-only compensation ledger"), (name = "tasks", description = "Staff tasks: follow-ups, SLA warnings and breaches, escalations; mine, the managers' queue, everyone's"), (name = "messaging", description = "Outbound messages (outbox), delivery log, webhook endpoints"), (name = "client-fit", description = "Client-fit review: the seven reasons to part ways, evidence, judgements, decisions"), (name = "offboarding", description = "Offboarding: cases, notice periods, the farewell letter, goodwill, erasure with retention holds and certificates, data export, reports"), (name = "users", description = "Staff users (admins) and API tokens (everyone their own)"), (name = "search", description = "Global search: customers and complaints at once"), (name = "segments", description = "Segments: saved customer filters with live counts and their members"), (name = "cadence", description = "Contact cadence per lifecycle stage and segment, and care moments (birthdays, anniversaries)"), (name = "surveys", description = "Satisfaction surveys (NPS, CSAT, CES): sending with the recontact throttle, send log, results, responses"), (name = "health", description = "Customer health: the explained 0–100 score per customer and its weights and bands"), (name = "retention", description = "Departure care: scoring runs (BG/NBD, Pareto/NBD, MBG/NBD with Gamma-Gamma CLV and holdout validation), each customer's churn risk with its reasons, the care list by value at risk, settings"), (name = "today", description = "What needs the signed-in user today: tasks due, complaints near their SLA, forgotten customers, detractors to call back, care moments, red-health customers"))
)]
pub struct ApiDoc;

/// GET /api/v1/openapi.json
pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
