//! A complaint's conversation through the HTTP surface, on SQLite and PostgreSQL: the thread
//! API (workflow messages as the customer received them, in their language), agent replies and
//! internal notes by role, the staff page's reply form, the customer's conversation page (no
//! notes, a reply box), inbound e-mail threading (idempotent, resuming the SLA clock, unknown
//! senders as new intakes), bad input as problem+json, pruned content said so, and the
//! message page.

use crate::support::{TestApp, between};
use axum::http::StatusCode;
use carewell_domain::role::Role;
use carewell_store::outbox;
use serde_json::{Value, json};

async fn created(app: &TestApp, path: &str, body: Value) -> Value {
    let (st, v) = app.api(Role::Agent, "POST", path, Some(body)).await;
    assert_eq!(st, StatusCode::CREATED, "{path}: {v}");
    v
}

async fn act(app: &TestApp, id: &str, action: &str) -> Value {
    let (st, v) = app
        .api(
            Role::Agent,
            "POST",
            &format!("/api/v1/complaints/{id}/transitions"),
            Some(json!({"action": action})),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{action}: {v}");
    v
}

async fn thread(app: &TestApp, role: Role, id: &str) -> Vec<Value> {
    let (st, v) = app
        .api(
            role,
            "GET",
            &format!("/api/v1/complaints/{id}/thread"),
            None,
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    v["items"].as_array().unwrap().clone()
}

async fn conversation(app: &TestApp) {
    let cu = created(
        app,
        "/api/v1/customers",
        json!({"name": "王芳", "email": "wang@example.com", "language": "zh-CN"}),
    )
    .await;
    let c = created(
        app,
        "/api/v1/complaints",
        json!({"customer_id": cu["id"], "category": "billing", "severity": "high",
               "subject": "Charged twice", "description": "I was charged twice.\nPlease fix."}),
    )
    .await;
    let id = c["id"].as_str().unwrap().to_string();
    let reference = c["id"].as_str().unwrap()[28..].to_string();
    act(app, &id, "acknowledge").await;
    act(app, &id, "wait-on-customer").await;

    // Viewers read but do not reply; bad input is a problem document naming the field.
    let replies = format!("/api/v1/complaints/{id}/replies");
    let (st, _) = app
        .api(Role::Viewer, "POST", &replies, Some(json!({"body": "hi"})))
        .await;
    assert_eq!(st, StatusCode::FORBIDDEN);
    let (st, v) = app
        .api(Role::Agent, "POST", &replies, Some(json!({"body": "  "})))
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    assert_eq!(v["errors"][0]["field"], "body", "{v}");
    let (st, v) = app
        .api(
            Role::Agent,
            "POST",
            &replies,
            Some(json!({"body": "x".repeat(10_001)})),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");

    let reply = created(
        app,
        &replies,
        json!({"body": "Please send the bank statement."}),
    )
    .await;
    assert_eq!(reply["kind"], "agent");
    let subject = reply["subject"].as_str().unwrap();
    assert!(subject.contains(&format!("[#{reference}]")), "{subject}");
    let note = created(
        app,
        &replies,
        json!({"body": "NOTE-FOR-STAFF-ONLY", "internal": true}),
    )
    .await;
    assert_eq!(note["kind"], "note");
    assert!(note.get("message_id").is_none());

    let items = thread(app, Role::Viewer, &id).await;
    let kinds: Vec<_> = items.iter().map(|i| i["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["customer", "system", "system", "agent", "note"]);
    assert_eq!(items[0]["body"], "I was charged twice.\nPlease fix.");
    // The acknowledgement as the customer received it: in Chinese, with the reference.
    let ack = &items[1];
    assert!(
        ack["subject"]
            .as_str()
            .unwrap()
            .contains("我们已收到您的投诉"),
        "{ack}"
    );
    assert!(ack["body"].as_str().unwrap().contains(&reference), "{ack}");
    assert_eq!(ack["content_pruned"], false);

    // The customer answers our e-mail: threaded, work resumes, stored once.
    let m = outbox::get(&app.store, reply["message_id"].as_str().unwrap())
        .await
        .unwrap();
    let in_reply_to = format!(
        "<{}.carewell@care.example>",
        outbox::mail_ref(&m.idempotency_key)
    );
    let mail = json!({
        "from": "Wang Fang <wang@example.com>", "to": "care@care.example",
        "subject": format!("Re: {subject}"), "text": "Statement attached.",
        "html": "<p>Statement <script>alert('x')</script></p>",
        "message_id": "<inbound-1@mail.example>", "in_reply_to": in_reply_to,
        "attachments": [{"filename": "statement.pdf", "type": "application/pdf", "size": 1234}],
    });
    let (st, _) = app
        .api(
            Role::Viewer,
            "POST",
            "/api/v1/inbound/email",
            Some(mail.clone()),
        )
        .await;
    assert_eq!(
        st,
        StatusCode::FORBIDDEN,
        "viewers' tokens do not deliver mail"
    );
    let (st, v) = app
        .api(
            Role::Agent,
            "POST",
            "/api/v1/inbound/email",
            Some(mail.clone()),
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    assert_eq!(
        (v["complaint_id"].as_str(), v["outcome"].as_str()),
        (Some(id.as_str()), Some("threaded"))
    );
    assert_eq!(v["status"], "acknowledged", "the SLA clock runs again");
    let (st, v) = app
        .api(Role::Agent, "POST", "/api/v1/inbound/email", Some(mail))
        .await;
    assert_eq!(
        (st, v["outcome"].as_str()),
        (StatusCode::OK, Some("duplicate"))
    );
    // The owner (here: nobody, so the managers' queue) has one task for the reply.
    let replied: Vec<_> = app
        .store
        .tasks_for_source("complaint", &id)
        .await
        .unwrap()
        .into_iter()
        .filter(|t| t.kind == "customer-replied")
        .collect();
    assert_eq!(replied.len(), 1, "one task per reply waiting: {replied:?}");
    assert_eq!(replied[0].done_at, None);
    let items = thread(app, Role::Agent, &id).await;
    let mails: Vec<_> = items
        .iter()
        .filter(|i| i["via"] == "email" && i["id"] != "original")
        .collect();
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0]["has_html"], true);
    assert_eq!(mails[0]["attachments"][0]["name"], "statement.pdf");

    // Bad and oversized mail.
    let (st, v) = app
        .api(
            Role::Agent,
            "POST",
            "/api/v1/inbound/email",
            Some(json!({"from": "nobody", "to": "", "subject": "", "text": "", "message_id": ""})),
        )
        .await;
    assert_eq!(st, StatusCode::UNPROCESSABLE_ENTITY, "{v}");
    let fields: Vec<_> = v["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["from", "message_id"]);
    let (st, _) = app
        .api(Role::Agent, "POST", "/api/v1/inbound/email",
            Some(json!({"from": "a@b.example", "to": "", "subject": "", "text": "x".repeat(3 << 20), "message_id": "big@x"})))
        .await;
    assert_eq!(st, StatusCode::PAYLOAD_TOO_LARGE);
    // An unknown sender becomes a new intake; a long text is kept cut.
    let (st, v) = app
        .api(Role::Agent, "POST", "/api/v1/inbound/email",
            Some(json!({"from": "new.person@example.org", "to": "care@care.example", "subject": "Broken",
                        "text": "y".repeat(150_000), "message_id": "<new-1@example.org>"})))
        .await;
    assert_eq!(
        (st, v["outcome"].as_str()),
        (StatusCode::OK, Some("new-intake")),
        "{v}"
    );
    assert_ne!(v["complaint_id"].as_str(), Some(id.as_str()));

    // The staff page: the thread with the note marked, the HTML never rendered.
    let page = app
        .page(Role::Agent, &format!("/complaints/{id}"), "en")
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("id=\"thread\""));
    assert!(page.body.contains("NOTE-FOR-STAFF-ONLY"));
    assert!(page.body.contains("Internal note"));
    assert!(!page.body.contains("<script>alert"));
    // A blank reply from the page: the reason beside the field, the page kept.
    let r = app
        .form(
            Role::Agent,
            &format!("/complaints/{id}/reply"),
            &[("body", " ")],
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("id=\"reply-error\""), "{}", r.body);
    let r = app
        .form(
            Role::Agent,
            &format!("/complaints/{id}/reply"),
            &[("body", "From the page"), ("internal", "1")],
        )
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let r = app
        .form(
            Role::Viewer,
            &format!("/complaints/{id}/reply"),
            &[("body", "x")],
        )
        .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);

    // The customer's conversation page: no notes; a reply joins the thread.
    let r = app
        .form(Role::Agent, &format!("/complaints/{id}/thread-link"), &[])
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let link = between(&r.body, "<code id=\"thread-link\">", "</code>");
    let path = &link[link.find("/public/").unwrap()..];
    let public = app.public_page(path).await;
    assert_eq!(public.status, StatusCode::OK);
    assert!(public.body.contains("Please send the bank statement."));
    assert!(!public.body.contains("NOTE-FOR-STAFF-ONLY"));
    assert!(!public.body.contains("From the page"));
    assert!(
        !public.body.contains("agent@example.com"),
        "no staff addresses"
    );
    let r = app.public_form(path, &[("body", "")]).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body.contains("public-reply-error"));
    let r = app
        .public_form(path, &[("body", "Thank you, <b>received</b>.")])
        .await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let public = app.public_page(&r.location).await;
    assert!(public.body.contains("id=\"sent\""));
    assert!(public.body.contains("received"));
    assert!(!public.body.contains("<b>received"), "escaped");
    assert!(
        app.public_page("/public/conversation/nonsense")
            .await
            .status
            == StatusCode::NOT_FOUND
    );
    let items = thread(app, Role::Agent, &id).await;
    assert!(items.iter().any(|i| i["via"] == "public"));

    // The message as sent opens from the thread; pruned content is said so.
    let msg = format!("/messages/{}", reply["message_id"].as_str().unwrap());
    let page = app.page(Role::Viewer, &msg, "en").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Please send the bank statement."));
    let log = app
        .page(
            Role::Viewer,
            &format!("/customers/{}/messages", cu["id"].as_str().unwrap()),
            "en",
        )
        .await;
    assert!(
        log.body.contains(&format!("[#{reference}]")),
        "subject in the delivery log"
    );
    sqlx::query("UPDATE outbox SET status = 'sent'")
        .execute(app.store.pool())
        .await
        .unwrap();
    outbox::prune_contents(&app.store, chrono::Utc::now() + chrono::Duration::days(1))
        .await
        .unwrap();
    let items = thread(app, Role::Agent, &id).await;
    assert_eq!(items[1]["content_pruned"], true);
    assert_eq!(items[1]["body"], "");
    assert_eq!(
        items[3]["body"], "Please send the bank statement.",
        "the reply's text stays"
    );
    let page = app
        .page(Role::Agent, &format!("/complaints/{id}"), "zh-CN")
        .await;
    assert!(
        page.body.contains("保留期"),
        "pruned, said in the reader's language"
    );

    // A complaint filed on the public form: the thanks page links to its conversation.
    let customer_id = cu["id"].as_str().unwrap();
    let (st, v) = app
        .api(
            Role::Agent,
            "POST",
            &format!("/api/v1/customers/{customer_id}/complaint-link"),
            None,
        )
        .await;
    assert_eq!(st, StatusCode::OK, "{v}");
    let url = v["url"].as_str().unwrap();
    let form = &url[url.find("/public/").unwrap()..];
    let fields = [
        ("category", "billing"),
        ("subject", "Late"),
        ("description", "The parcel is late."),
    ];
    let r = app.public_form(form, &fields).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let link = between(&r.body, "id=\"conversation-link\" href=\"", "\"");
    let page = app.public_page(&link).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("The parcel is late."));
}

engines!(&TestApp: conversation);
