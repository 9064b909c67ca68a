//! A complaint's conversation on SQLite and PostgreSQL: agent replies through the outbox with a
//! recorded Message-ID digest and a conversation link, internal notes kept from the customer,
//! customer replies (public page, inbound e-mail) resuming the SLA clock, inbound threading by
//! In-Reply-To / References / subject reference, new intakes for unknown senders, and the same
//! Message-ID stored once.

use crate::common::agent;
use carewell_domain::complaint::ComplaintInput;
use carewell_domain::complaint::thread::{InboundMail, RawInbound, Reply, ThreadKind};
use carewell_domain::complaint::workflow::{Action, Status};
use carewell_domain::customer::CustomerInput;
use carewell_store::complaints::{Audience, Complaint, InboundOutcome};
use carewell_store::outbox;
use carewell_store::{Store, StoreError};
use chrono::Utc;

async fn customer(s: &Store, name: &str, email: &str) -> String {
    let pairs = [("name", name), ("language", "et"), ("email", email)];
    let input = CustomerInput::from_fields(
        |k| pairs.iter().find(|(n, _)| *n == k).map(|(_, v)| *v),
        pairs.into_iter(),
    )
    .unwrap();
    s.create_customer(&agent(), &input, None).await.unwrap().id
}

async fn complaint(s: &Store, customer: &str) -> Complaint {
    let input = ComplaintInput::parse(
        customer,
        "email",
        "billing",
        "high",
        Some("Charged twice"),
        "Charged twice for March",
        vec![],
    )
    .unwrap();
    s.create_complaint(&agent(), &input, None).await.unwrap()
}

async fn act(s: &Store, id: &str, a: Action) -> Result<Complaint, StoreError> {
    s.transition_complaint(&agent(), id, &a, Utc::now()).await
}

fn mail(from: &str, id: &str, subject: &str, in_reply_to: Option<&str>) -> InboundMail {
    InboundMail::parse(RawInbound {
        from,
        subject,
        text: "Here is the bank statement you asked for.",
        html: Some("<p>Here is the <b>bank statement</b></p><script>alert(1)</script>"),
        message_id: id,
        in_reply_to,
        references: None,
        attachments: Vec::new(),
    })
    .unwrap()
}

async fn waiting(s: &Store, id: &str) {
    act(s, id, Action::Acknowledge { note: None })
        .await
        .unwrap();
    let c = act(
        s,
        id,
        Action::WaitOnCustomer {
            note: Some("bank statement".into()),
        },
    )
    .await
    .unwrap();
    assert_eq!(c.status, Status::WaitingOnCustomer);
}

async fn thread_replies_notes_and_the_public_page(s: &Store) {
    let cu = customer(s, "Mari Maasikas", "mari@example.com").await;
    let c = complaint(s, &cu).await;
    waiting(s, &c.id).await;
    // "We need something from you" carries a link to the conversation page (only its hash kept).
    let (links,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM complaint_thread_links WHERE complaint_id = $1")
            .bind(&c.id)
            .fetch_one(s.pool())
            .await
            .unwrap();
    assert_eq!(links, 1);
    let reply = Reply::parse("Could you send us the bank statement?", false).unwrap();
    let r = s.reply_to_complaint(&agent(), &c.id, &reply).await.unwrap();
    assert_eq!(r.kind, ThreadKind::Agent);
    let note = Reply::parse("Customer sounded upset on the phone", true).unwrap();
    let n = s.reply_to_complaint(&agent(), &c.id, &note).await.unwrap();
    assert_eq!((n.kind, n.outbox_id.as_deref()), (ThreadKind::Note, None));

    // The reply went to the outbox as a service e-mail with the reference and a link.
    let messages = s.complaint_thread_messages(&c.id).await.unwrap();
    let sent = messages
        .iter()
        .find(|m| Some(&m.id) == r.outbox_id.as_ref())
        .unwrap();
    assert_eq!(sent.template.as_deref(), Some("complaint-reply"));
    assert_eq!(
        (sent.class.as_str(), sent.recipient.as_str()),
        ("service", "mari@example.com")
    );
    assert_eq!(sent.args["tag"], format!("[#{}]", c.reference()));
    assert_eq!(sent.args["body"], "Could you send us the bank statement?");
    // The workflow's own messages are in the thread too (acknowledgement, waiting).
    let staff = s.complaint_thread(&c.id, Audience::Staff).await.unwrap();
    let kinds: Vec<_> = staff.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["customer", "system", "system", "agent", "note"]);
    assert_eq!(staff[0].body, "Charged twice for March");
    let customer_view = s.complaint_thread(&c.id, Audience::Customer).await.unwrap();
    assert!(customer_view.iter().all(|e| e.kind != ThreadKind::Note));
    assert_eq!(customer_view.len(), 4);

    // The customer answers on their conversation page: the SLA clock runs again.
    let path = s.complaint_thread_link(&agent(), &c.id).await.unwrap();
    let token = path.rsplit('/').next().unwrap();
    assert_eq!(s.complaint_by_thread_token(token).await.unwrap().id, c.id);
    assert!(matches!(
        s.complaint_by_thread_token("nope").await,
        Err(StoreError::NotFound(_))
    ));
    let answer = Reply::parse("Attached, see my bank's letter.", false).unwrap();
    let after = s.reply_by_thread_link(token, &answer).await.unwrap();
    assert_eq!(after.status, Status::Acknowledged);
    assert!(after.sla_pauses.last().unwrap().to.is_some(), "pause ended");
    let events = s.complaint_events(&c.id).await.unwrap();
    let last = events
        .iter()
        .rev()
        .find(|e| e.action == "customer-responded");
    assert_eq!(last.unwrap().actor, "customer (public)");
    // Another message while not waiting changes nothing but the thread.
    let again = s.reply_by_thread_link(token, &answer).await.unwrap();
    assert_eq!(again.status, Status::Acknowledged);
    let staff = s.complaint_thread(&c.id, Audience::Staff).await.unwrap();
    assert_eq!(
        staff
            .iter()
            .filter(|e| e.kind == ThreadKind::Customer && e.via == "public")
            .count(),
        2
    );
}

async fn inbound_email_threads_once(s: &Store) {
    let cu = customer(s, "Jaan Tamm", "jaan@example.com").await;
    let c = complaint(s, &cu).await;
    waiting(s, &c.id).await;
    let reply = Reply::parse("Please send the statement.", false).unwrap();
    let r = s.reply_to_complaint(&agent(), &c.id, &reply).await.unwrap();
    let m = outbox::get(s, r.outbox_id.as_deref().unwrap())
        .await
        .unwrap();
    let our_id = format!(
        "<{}.carewell@care.example>",
        outbox::mail_ref(&m.idempotency_key)
    );

    // An answer to our e-mail (In-Reply-To) joins the thread and resumes work, whoever sent it.
    let m1 = mail(
        "Jaan <jaan@other.example>",
        "<a1@mail.example>",
        "Re: whatever",
        Some(&our_id),
    );
    let got = s.receive_inbound_email(&agent(), &m1).await.unwrap();
    assert_eq!(
        (got.outcome, got.complaint.id.as_str()),
        (InboundOutcome::Threaded, c.id.as_str())
    );
    assert_eq!(got.complaint.status, Status::Acknowledged);
    // The same mail again: stored once.
    let dup = s.receive_inbound_email(&agent(), &m1).await.unwrap();
    assert_eq!(
        (dup.outcome, dup.complaint.id.as_str()),
        (InboundOutcome::Duplicate, c.id.as_str())
    );
    let thread = s.complaint_thread(&c.id, Audience::Staff).await.unwrap();
    let from_mail: Vec<_> = thread
        .iter()
        .filter(|e| e.via == "email" && e.id != "original")
        .collect();
    assert_eq!(from_mail.len(), 1);
    assert_eq!(from_mail[0].subject.as_deref(), Some("Re: whatever"));
    assert!(
        from_mail[0].html.as_deref().unwrap().contains("<script>"),
        "stored as received"
    );

    // A mail in the same conversation (References names the customer's earlier mail).
    let m2 = InboundMail::parse(RawInbound {
        from: "jaan@other.example",
        subject: "one more thing",
        text: "And the receipt.",
        message_id: "a2@mail.example",
        references: Some("<a1@mail.example>"),
        ..Default::default()
    })
    .unwrap();
    let got = s.receive_inbound_email(&agent(), &m2).await.unwrap();
    assert_eq!(
        (got.outcome, got.complaint.id.as_str()),
        (InboundOutcome::Threaded, c.id.as_str())
    );

    // The reference in the subject counts only from the complaint's customer.
    let tag = format!("About my complaint [#{}]", c.reference());
    let m3 = mail("JAAN@example.com", "<a3@mail.example>", &tag, None);
    let got = s.receive_inbound_email(&agent(), &m3).await.unwrap();
    assert_eq!(
        (got.outcome, got.complaint.id.as_str()),
        (InboundOutcome::Threaded, c.id.as_str())
    );
    let m4 = mail("stranger@else.example", "<a4@mail.example>", &tag, None);
    let got = s.receive_inbound_email(&agent(), &m4).await.unwrap();
    assert_eq!(got.outcome, InboundOutcome::NewIntake);
    assert_ne!(got.complaint.id, c.id);

    // An unknown sender opens a new complaint for a new customer; a known one for theirs.
    let new = &got.complaint;
    assert_eq!(new.status, Status::New);
    assert_eq!(new.channel.as_str(), "email");
    assert_eq!(new.description, "Here is the bank statement you asked for.");
    let stranger = s.customer(&new.customer_id).await.unwrap();
    assert_eq!(stranger.email.as_deref(), Some("stranger@else.example"));
    let again = s.receive_inbound_email(&agent(), &m4).await.unwrap();
    assert_eq!(
        (again.outcome, again.complaint.id.as_str()),
        (InboundOutcome::Duplicate, new.id.as_str())
    );
    let m5 = mail(
        "jaan@example.com",
        "<a5@mail.example>",
        "A new problem",
        None,
    );
    let got = s.receive_inbound_email(&agent(), &m5).await.unwrap();
    assert_eq!(got.outcome, InboundOutcome::NewIntake);
    assert_eq!(got.complaint.customer_id, cu);

    // Deleting the customer deletes their conversations and conversation links.
    s.complaint_thread_link(&agent(), &c.id).await.unwrap();
    s.delete_customer(&agent(), &cu).await.unwrap();
    for table in ["complaint_thread", "complaint_thread_links"] {
        let (n,): (i64,) = sqlx::query_as(&format!(
            "SELECT COUNT(*) FROM {table} WHERE complaint_id = $1"
        ))
        .bind(&c.id)
        .fetch_one(s.pool())
        .await
        .unwrap();
        assert_eq!(n, 0, "{table}");
    }
}

engines!(
    thread_replies_notes_and_the_public_page,
    inbound_email_threads_once
);
