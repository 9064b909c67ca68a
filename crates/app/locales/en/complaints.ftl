# Complaints: staff pages, the public form, and customer-facing messages (complaint-*).

cmp-title = Complaints
cmp-new = New complaint
cmp-reports = Complaint reports
cmp-search = Search
cmp-any = Any
cmp-apply = Apply
cmp-none = No complaints match.
cmp-filter-open = Open (not closed)
cmp-field-subject = Subject
cmp-field-customer = Customer
cmp-field-severity = Severity
cmp-field-category = Category
cmp-field-channel = Channel
cmp-field-status = Status
cmp-field-sla = SLA
cmp-field-received = Received
cmp-field-description = Description
cmp-field-owner = Owner
cmp-save = Record complaint
cmp-cancel = Cancel
cmp-escalated = Escalated
cmp-next = Next steps
cmp-sla-first-response = First response
cmp-sla-resolution = Resolution
cmp-sla-overall = Overall
cmp-sla-due = due
cmp-sla-paused = paused
cmp-sla-warning = 75% elapsed
cmp-sla-active = Active
cmp-sla-met = Met
cmp-sla-missed = Missed
cmp-compensation = Compensation
cmp-total = Total
cmp-ledger-kind = Kind
cmp-amount = Amount
cmp-currency = Currency
cmp-reason = Reason
cmp-approval = Approval
cmp-approve = Approve
cmp-reject = Reject
cmp-reverse = Reverse
cmp-reversed = reversed
cmp-book = Book
cmp-history = History
cmp-tasks = Tasks
cmp-links = Customer links
cmp-form-link = Complaint form
cmp-make-link = Make the customer's complaint-form link
cmp-satisfaction = Satisfaction
cmp-satisfaction-link = Satisfaction question
cmp-links-once = A link is shown once, to whoever issues it; issuing a new one retires the old.
cmp-form-link-issued = Complaint-form link issued
cmp-renew-link = Issue a new complaint-form link
cmp-make-satisfaction-link = Issue a satisfaction link to hand over
cmp-satisfaction-question = How satisfied are you with how we handled your complaint?
cmp-satisfaction-scale = 1 = not at all, 5 = very
cmp-satisfaction-comment = Anything else you want to tell us?
cmp-satisfaction-thanks = Thank you for your answer.
cmp-from = From
cmp-to = To
cmp-csv = Export CSV
cmp-median-first-response = Median time to first response
cmp-median-resolution = Median time to resolution
cmp-repeat = Repeat complainants
cmp-root-causes = Root causes
cmp-public-title = Tell us what went wrong
cmp-public-intro = We read every complaint. Describe what happened and what you would like us to do; we will answer quickly.
cmp-public-what = What happened?
cmp-public-urgent = This is urgent
cmp-public-send = Send
cmp-public-thanks = Thank you — we have your complaint
cmp-public-thanks-body = A member of our team will contact you soon.
cmp-public-reference = Reference
cmp-public-describe = Please describe what happened.
cmp-public-too-long = Please keep the description under 5000 characters.
cmp-public-choose-score = Please choose a number from 1 to 5.
cmp-severity-critical = Critical
cmp-severity-high = High
cmp-severity-medium = Medium
cmp-severity-low = Low
cmp-category-billing = Billing
cmp-category-service = Service
cmp-category-product = Product
cmp-category-staff = Staff
cmp-category-delivery = Delivery
cmp-category-other = Other
cmp-channel-web-form = Web form
cmp-channel-email = E-mail
cmp-channel-phone = Phone
cmp-channel-chat = Chat
cmp-channel-in-person = In person
cmp-channel-api = API
cmp-channel-post = Post
cmp-status-new = New
cmp-status-acknowledged = Acknowledged
cmp-status-listening = Listening
cmp-status-demand-confirmed = Demand confirmed
cmp-status-resolving = Resolving
cmp-status-resolved = Resolved
cmp-status-followed-up = Followed up
cmp-status-closed = Closed
cmp-status-waiting-on-customer = Waiting on customer
cmp-action-acknowledge = Acknowledge
cmp-action-listen = Start listening
cmp-action-confirm-demand = Confirm demand
cmp-action-start-resolving = Start resolving
cmp-action-resolve = Resolve
cmp-action-follow-up = Follow-up done
cmp-action-close = Close
cmp-action-wait-on-customer = Wait on customer
cmp-action-customer-responded = Customer responded
cmp-action-reopen = Reopen
cmp-action-escalate = Escalate
cmp-input-note = Note (optional)
cmp-input-demand = The customer's core demand, in your words
cmp-input-resolution = What was done
cmp-input-root_cause = Root cause
cmp-input-reason = Reason
cmp-event-created = Received
cmp-event-acknowledge = Acknowledged
cmp-event-listen = Listening
cmp-event-confirm-demand = Demand confirmed
cmp-event-start-resolving = Resolving
cmp-event-resolve = Resolved
cmp-event-follow-up = Followed up
cmp-event-close = Closed
cmp-event-wait-on-customer = Waiting on customer
cmp-event-customer-responded = Customer responded
cmp-event-reopen = Reopened
cmp-event-escalate = Escalated
cmp-event-assign = Assigned
cmp-event-message = Message to customer
cmp-event-satisfaction = Satisfaction answer
cmp-event-sla-warning = SLA warning
cmp-event-sla-breach = SLA missed
cmp-ledger-credit = Credit
cmp-ledger-refund = Refund
cmp-ledger-coupon = Coupon
cmp-ledger-waived-invoice = Waived invoice
cmp-ledger-reversal = Reversal
cmp-approval-not-required = Not required
cmp-approval-pending = Pending approval
cmp-approval-approved = Approved
cmp-approval-rejected = Rejected
cmp-task-follow-up-visit = Follow-up visit
cmp-task-sla-warning = SLA warning
cmp-task-sla-breach = SLA missed
cmp-task-escalation = Escalation
cmp-task-offboarding-follow-up = Offboarding follow-up
cmp-message-complaint-acknowledged = Acknowledgement
cmp-message-complaint-demand-confirmed = Our understanding of your demand
cmp-message-complaint-waiting = We need something from you
cmp-message-complaint-resolved = Resolution
cmp-message-complaint-reopened = Reopened
cmp-message-complaint-satisfaction = Satisfaction question
cmp-message-complaint-closed = Closed
complaint-acknowledged-subject = We have received your complaint: { $subject }
complaint-acknowledged-body = Dear { $name },
    thank you for telling us. We are sorry for the trouble. { $agent } is looking after your complaint and will be in touch soon.
    Reference: { $reference }
complaint-demand-confirmed-subject = What we understood you want
complaint-demand-confirmed-body = Dear { $name },
    to be sure we understood you: { $demand }
    We are now working on it.
complaint-waiting-subject = We need something from you
complaint-waiting-body = Dear { $name },
    to continue with your complaint we need: { $note }
    You can answer this e-mail, or write to us on your complaint's page: { $link }
complaint-resolved-subject = Your complaint is resolved
complaint-resolved-body = Dear { $name },
    this is what we did: { $resolution }
    We will check with you in a few days that all is well.
complaint-reopened-subject = We have reopened your complaint
complaint-reopened-body = Dear { $name },
    we have reopened your complaint and will be in touch soon.
complaint-satisfaction-subject = How did we do?
complaint-satisfaction-body = Dear { $name },
    one short question: how satisfied are you with how we handled your complaint? { $link }
complaint-closed-subject = Your complaint is closed
complaint-closed-body = Dear { $name },
    your complaint is closed. Thank you for your patience.
cmp-task-done = Done
cmp-assign = Assign
cmp-pending-approvals = Compensation waiting for approval
cmp-queue = Managers
# Internal e-mail to staff about SLA checkpoints (always in English: staff have no language setting).
complaint-staff-sla-warning-subject = SLA warning ({ $target }): { $subject }
complaint-staff-sla-warning-body = Hello { $name },
    { $percent }% of the { $target } target of the complaint "{ $subject }" from { $customer } (reference { $reference }) has elapsed.
    { $link }
complaint-staff-sla-breach-subject = SLA missed ({ $target }): { $subject }
complaint-staff-sla-breach-body = Hello { $name },
    the { $target } target of the complaint "{ $subject }" from { $customer } (reference { $reference }) was missed. The complaint has been escalated.
    { $link }
# Customer timeline entries from complaint handling.
timeline-complaint = Complaint
timeline-compensation = Compensation
cmp-set-severity = Change severity
cmp-event-severity = Severity changed

# SLA policy page (/complaints/sla).
sla-title = SLA policies
sla-intro = Response and resolution targets per severity, counted in business time.
sla-business-hours = Business hours
sla-business-note = The clock runs only in business hours (except around-the-clock policies) and stops while waiting on the customer. A change applies to the deadlines of open complaints of that severity.
sla-holidays = Closed dates
sla-saved = The SLA policy was saved.
sla-edit = Change
sla-save = Save policy
sla-first-response-minutes = First response target (minutes)
sla-resolution-minutes = Resolution target (minutes)
sla-utc-offset = UTC offset (minutes, e.g. 120 = UTC+2)
sla-always-open = Around the clock (24/7)
sla-open-days = Open days
sla-opens = Opens (HH:MM)
sla-closes = Closes (HH:MM, 24:00 = midnight)
sla-open-minute = { sla-opens }
sla-close-minute = { sla-closes }
sla-utc-offset-minutes = { sla-utc-offset }
sla-hours = { $n } h
sla-minutes = { $n } min
sla-day-0 = Mon
sla-day-1 = Tue
sla-day-2 = Wed
sla-day-3 = Thu
sla-day-4 = Fri
sla-day-5 = Sat
sla-day-6 = Sun
cmp-task-level = level { $n }

# The complaint queue: owner, deadline and customer-message columns, owner and breaching filters.
cmp-field-sla-due = SLA due
cmp-field-last-customer = Customer last wrote
cmp-unassigned = Unassigned
cmp-owner-any = Anyone
cmp-owner-me = Assigned to me
cmp-owner-none = Unassigned
cmp-filter-breaching = Breaching within 1 h
cmp-due-breached = breached
cmp-due-warning = due soon
cmp-large-title = This is a large amount — confirm
cmp-large-text = { $amount } is above { $threshold }. Check the amount and the currency before you go on.
cmp-large-book = Yes, book { $amount }
cmp-large-approve = Yes, approve { $amount }
cmp-large-cancel = No, change it
