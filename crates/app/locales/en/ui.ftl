app-name = Carewell
nav-customers = Customers
nav-audit = Audit log
nav-logout = Sign out
nav-more = More
nav-language = Language
login-title = Sign in
login-email = E-mail
login-password = Password
login-submit = Sign in
login-failed = The e-mail or password is not correct.
login-locked = Too many failed attempts; try again in { $n ->
        [one] one minute
       *[other] { $n } minutes
    }.
error-title = Something went wrong
error-back = Back to the start page

## Customer list
customers-title = Customers
customers-new = New customer
customers-count = { $n ->
    [one] 1 customer
   *[other] { $n } customers
}
customers-count-capped = 1,000+ customers
customers-none = No customers yet. Add the first one, or import a CSV file.
customers-none-match = No customer matches these filters.
customers-none-page = There are no customers on this page; go back to an earlier page.
customer-deleted = The customer and their history were deleted.
filter-search = Search
filter-search-hint = Name, e-mail, phone, reference or tag
filter-any = Any
filter-apply = Apply
filter-clear = Clear
pager-label = Pages
pager-prev = Previous
pager-next = Next
pager-first = First page
pager-newer = Newer
pager-older = Older
pager-page = Page { $page } of { $pages }
pager-page-only = Page { $page }

## Fields
field-name = Name
field-kind = Kind
field-stage = Stage
field-segment = Segment
field-tag = Tag
field-tags = Tags
field-tags-hint = Separate with commas, e.g. vip, b2b
field-language = Language
field-language-hint = BCP 47, e.g. en, zh-CN, et
field-country = Country
field-country-hint = Two letters, e.g. EE
field-timezone = Time zone
field-timezone-hint = e.g. Europe/Tallinn
field-email = E-mail
field-phone = Phone
field-external-ref = External reference
field-external-ref-hint = The key in your other systems (optional, unique)
field-owner-id = Owner
field-owner-none = No owner
field-birthday = Birthday
field-anniversary = Anniversary
field-start-date = Start date
field-end-date = End date
field-attributes = Attributes
field-attributes-hint = One per line: name = value
field-created = Created
field-updated = Last changed
field-form = Record
field-contact-role = Role
field-interaction-kind = Kind of contact
field-occurred-at = When (UTC)
field-sentiment = Sentiment
field-summary = Summary
field-summary-hint = What was discussed, what was agreed, what comes next

## Enumerations
stage-onboarding = Onboarding
stage-active = Active
stage-at-risk = At risk
stage-leaving = Leaving
stage-departed = Departed
stage-won-back = Won back
kind-person = Person
kind-organisation = Organisation
channel-email = E-mail
channel-sms = SMS
channel-phone = Phone
channel-post = Post
channel-push = Push
consent-granted = Granted
consent-refused = Refused
consent-unknown = Not asked
interaction-call = Call
interaction-meeting = Meeting
interaction-email = E-mail
interaction-chat = Chat
interaction-visit = Visit
interaction-note = Note
sentiment-positive = Positive
sentiment-neutral = Neutral
sentiment-negative = Negative
renewal-auto = Renews automatically
renewal-manual = Renews by agreement
renewal-none = Does not renew
timeline-interaction = Interaction
timeline-transaction = Transaction
timeline-contract = Contract
timeline-usage = Usage

## Customer form
customer-new-title = New customer
customer-edit-title = Edit { $name }
form-has-errors = Please check the highlighted fields.
form-save = Save
form-cancel = Cancel
section-identity = Who they are
section-contact = How to reach them
section-relationship = Relationship
section-care = Care dates
section-consent = Consent
section-attributes = Attributes
consent-hint = Tick the channels the customer has agreed to be contacted on. Unticking a channel records a refusal.

## Customer page
customer-edit = Edit
customer-delete = Delete
section-profile = Profile
section-contacts = Contacts
section-timeline = Timeline
contacts-none = No contact persons yet.
contact-primary = Main contact
contact-remove = Remove
contact-add = Add contact
interaction-record = Record an interaction
interaction-save = Add to timeline
timeline-empty = Nothing on the timeline yet.

## Delete
delete-title = Delete customer
delete-question = Delete { $name } and their whole history?
delete-explain = Contacts, interactions, transactions, contracts and usage are removed as well. The audit log keeps a record of the deletion. This cannot be undone.
delete-confirm = Delete for good

## Audit log
audit-title = Audit log
complaints-count = { $n ->
    [one] 1 complaint
   *[other] { $n } complaints
}
complaints-count-capped = 1,000+ complaints
offb-count = { $n ->
    [one] 1 case
   *[other] { $n } cases
}
offb-count-capped = 1,000+ cases
audit-count-capped = 1,000+ entries
audit-count = { $n ->
    [one] 1 entry
   *[other] { $n } entries
}
audit-verified = Chain verified: all { $n } entries are intact.
audit-broken = Chain broken at entry { $seq }: { $reason }
audit-seq = #
audit-at = When
audit-actor = Who
audit-action = Action
audit-entity = Entity
audit-entity-id = Entity id
audit-change = Show change
audit-before = Before
audit-after = After

# Error pages: heading per HTTP status, and what to do
error-400 = The request could not be read
error-401 = Please sign in
error-403 = You may not do this
error-404 = Page not found
error-409 = This conflicts with the current state
error-422 = Some values need fixing
error-429 = Too many requests
error-500 = Something went wrong on our side
error-403-hint = Your role does not allow this page or action. Ask an administrator if you need it.
error-404-hint = The page or record does not exist, or it was removed. Please check the link.
error-429-hint = Please wait a minute and try again.
error-500-hint = The error has been logged. Please try again; if it keeps happening, tell your administrator.
error-technical = Technical detail
audit-none = No audit entries match these filters.

# Who did something, in history lines
actor-system = System
actor-customer = The customer
actor-customer-web-form = The customer (web form)

# Money: the amount (with this language's decimal mark) and the ISO currency code.
money-decimal-mark = .
money-group-mark = ,
money = { $amount } { $currency }
nav-skip = Skip to content
error-404-hint-customer = This link does not lead to a page, or the page has been removed. Please check the link in the message you received, or reply to that message.
error-429-hint-customer = Too many requests in a short time. Please wait a minute and try again.

# The customer list's queue columns and owner filter.
customers-unassigned = Unassigned
customers-last-contact = Last contact
customers-open-complaints = Open complaints
customers-value = Value
customers-created = Created
customers-owner-any = Anyone
customers-owner-me = Mine
customers-owner-none = Unassigned
cust-duplicate-email = A customer with this e-mail exists:
cust-duplicate-email-named = A customer with this e-mail exists: { $name }
cust-allow-duplicate = Save anyway: this is another customer with the same e-mail

# Labels of fields that errors name outside their own forms (API answers, shared messages).
field-attachments = Attachments
field-body = Text
field-comment = Comment
field-current = Current password
field-new = New password
field-password = Password
field-customer-id = Customer
field-customer-ref = Customer reference
field-event = Event
field-file = File
field-quantity = Quantity
field-role = Role
field-score = Score
field-to = To
field-url = URL
field-value = Value
field-received-at = Received
field-resolved-at = Resolved
field-created-at = Created
field-held-until = Held until
field-hourly-cost = Hourly cost
field-quiet-hours = Quiet hours
field-message-id = Message-ID
field-time = Time
field-at = When
field-confirm-large = Large amount
field-large-amounts = Large amounts
field-from = From
