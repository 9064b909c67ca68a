# Outbound messages (customer-facing e-mail) and the messaging pages.
# Customer-facing templates: <template>-subject and <template>-body.

msg-generic-subject = { $subject }
msg-generic-body = { $body }

msg-test-subject = Carewell test message
msg-test-body =
    Hello,

    this is a test message from Carewell. If you can read it, outbound e-mail works.

    Sent by { $sender }.

msg-care-checkin-subject = How are things going, { $name }?
msg-care-checkin-body =
    Dear { $name },

    it has been a while since we last spoke. Is there anything we can do for you?
    Just reply to this e-mail; a real person will read it.

    With best regards,
    { $agent }

msg-offboarding-notice-subject = Notice about your account
msg-offboarding-notice-body =
    Dear { $name },

    we are writing to give you formal notice that our service to you will end on { $end_date }.
    You can read the full notice and download your data here: { $link }

    With best regards,
    { $agent }

# Delivery log and settings pages.
msg-log-title = Messages
msg-log-sub = Delivery log for { $name }
msg-back-customer = Back to the customer
msg-col-created = Created
msg-col-channel = Channel
msg-col-class = Class
msg-col-event = Event
msg-col-recipient = Recipient
msg-col-status = Status
msg-col-reason = Reason
msg-col-attempts = Attempts
msg-col-sent = Sent
msg-retry = Retry
msg-content-pruned = content removed on { $date } (retention period)
msg-none = No messages yet.
msg-status-queued = queued
msg-status-sending = sending
msg-status-sent = sent
msg-status-failed = failed, will retry
msg-status-deferred = deferred
msg-status-dropped = dropped
msg-status-dead = dead
msg-settings-title = Messaging settings
msg-smtp = E-mail (SMTP)
msg-smtp-host = Host
msg-smtp-port = Port
msg-smtp-tls = TLS
msg-smtp-user = User
msg-smtp-password = Password
msg-smtp-off = Not configured: e-mail waits in the outbox.
msg-from = From
msg-rules = Respect for the customer
msg-cap = Frequency cap
msg-cap-value = { $n } messages per channel in { $days } days
msg-quiet = Quiet hours (customer's local time)
msg-endpoints = Webhook endpoints
msg-endpoints-none = None yet: events are not sent anywhere.
msg-endpoint-url = URL
msg-endpoint-events = Event types (none ticked: all)
msg-endpoint-description = Description
msg-endpoint-add = Add endpoint
msg-endpoint-disable = Disable
msg-endpoint-enable = Enable
msg-endpoint-active = active
msg-endpoint-inactive = disabled
msg-secret-once = Signing secret — copy it now, it will not be shown again:
msg-test = Send a test e-mail
msg-test-to = To
msg-test-send = Send
msg-test-queued = The test message is queued.

## Integration event catalogue (webhook endpoint form)
msg-evt-all = All events, including future ones
msg-evt-customer-created = Customer created
msg-evt-customer-updated = Customer updated
msg-evt-customer-deleted = Customer deleted
msg-evt-complaint-created = Complaint filed
msg-evt-complaint-status-changed = Complaint status changed
msg-evt-complaint-sla-breached = Complaint SLA missed
msg-evt-compensation-created = Compensation booked
msg-evt-compensation-decided = Compensation approved or rejected
msg-evt-offboarding-opened = Offboarding opened
msg-evt-offboarding-notice-sent = Offboarding notice sent
msg-evt-offboarding-closed = Offboarding closed
msg-evt-offboarding-erased = Offboarding data erased
msg-evt-client-fit-decided = Client-fit decision recorded
msg-test-queued-smtp-off = The test message is queued. E-mail is not set up yet (no SMTP host), so it waits in the outbox and leaves as soon as SMTP is configured.
msg-endpoint-deliveries = Deliveries
msg-endpoint-never = No deliveries yet
msg-endpoint-last = Last: { $status }, { $at }
msg-endpoint-failures = { $n ->
    [one] 1 failed attempt in 7 days
   *[other] { $n } failed attempts in 7 days
}
msg-endpoint-failing = failing
