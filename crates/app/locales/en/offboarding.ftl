# Offboarding: the farewell letter (offb-letter-*), dates and amounts, staff pages (offb-*),
# and the customer's own page (offb-public-*).

## Dates and amounts in letters and on the customer's page

offb-date = { $day } { $month } { $year }
offb-month-1 = January
offb-month-2 = February
offb-month-3 = March
offb-month-4 = April
offb-month-5 = May
offb-month-6 = June
offb-month-7 = July
offb-month-8 = August
offb-month-9 = September
offb-month-10 = October
offb-month-11 = November
offb-month-12 = December

## The farewell letter

offb-letter-subject = Your account with { $company }: our decision and what happens next
offb-letter-thanks = Thank you for choosing { $company } and for the trust you have placed in us. We are grateful for the time we have worked together, and for your patience whenever things did not go as planned. As we said when we spoke, we want to set out in writing what we decided and what happens next.

offb-letter-situations = These are the occasions we have in mind:
offb-letter-framing-trivial-complaints = Looking back over recent months, we see that we have repeatedly fallen short of what you expect from us.
offb-letter-framing-trivial-complaints-after = Each time we tried to put things right, but it is clear that we are not able to give you the experience you are looking for.
offb-letter-framing-staff-abuse = Several recent conversations between you and our team have become difficult for everyone involved.
offb-letter-framing-staff-abuse-after = We do not believe we can give you the working relationship you deserve, and we think it is fairer to both sides to part ways.
offb-letter-framing-no-more-business = Over time your needs have grown in directions our service does not cover.
offb-letter-framing-no-more-business-after = We no longer believe we are the right partner for where you are heading.
offb-letter-framing-no-referrals = Having reviewed how we work together, we have concluded that our service is no longer the right fit for your needs.
offb-letter-framing-no-referrals-after = We would rather tell you this openly than let the service drift.
offb-letter-framing-unprofitable = Having reviewed the service we provide to you, we are no longer able to offer it on terms that work well for both sides.
offb-letter-framing-unprofitable-after = Rather than lower the quality you receive, we have decided to end the service in an orderly way.
offb-letter-framing-unethical-requests = Some of the things you have asked of us fall outside what we are able to do under our policies and the law.
offb-letter-framing-unethical-requests-after = We understand this is not the answer you hoped for, and we are not able to change it.
offb-letter-framing-mission-fit = Our company is changing its focus, and the service you use from us no longer fits where we are going.
offb-letter-framing-mission-fit-after = This is a decision about our direction, not about you.
offb-letter-framing-policy-change = A change in our policies means we can no longer continue your service in its current form.
offb-letter-framing-policy-change-after = We have planned the steps below so that the change is as smooth for you as we can make it.
offb-letter-framing-compliance = Our legal and regulatory obligations require us to end this service relationship.
offb-letter-framing-compliance-after = We are required to act on this, and we have planned the steps below with care.
offb-letter-framing-product-sunset = We are retiring the product you use, and it will no longer be available.
offb-letter-framing-product-sunset-after = We have planned the steps below so that nothing is lost along the way.
offb-letter-framing-customer-request = You told us you would like to close your account, and we respect your decision.
offb-letter-framing-customer-request-after = We have taken note of all of this, and it helps us improve.
offb-letter-framing-other = After careful consideration, we have decided to end our service to you.
offb-letter-framing-other-after = We have not taken this decision lightly.

offb-letter-goodwill-refund = As a gesture of goodwill, we will refund your last invoice of { $amount } in full. You should not have to pay for an experience that did not live up to what you expected. The refund goes back to your original payment method; you do not need to do anything.
offb-letter-goodwill-none = If anything is still open on your account when the service ends, we will settle it fairly and in your favour wherever we can, and we will tell you exactly how.

offb-letter-apology = We would like to believe our service suits everyone, but in your case it did not, and we are truly sorry for that. We also apologise for any inconvenience this change causes you.

offb-letter-alternatives-intro = So that you are not left without a service, you may want to look at these providers; one of them may suit you well:
offb-letter-alternatives-outro = If it helps, we will gladly work with your new provider to make the move easy. We wish you every success.
offb-letter-alternatives-none = If you would like suggestions for another provider, just reply to this letter and we will gladly help you make the move. We wish you every success.

## The farewell e-mail as sent through the outbox (arguments from the store: the five parts
## joined as $letter, the dates as YYYY-MM-DD, the customer's page as $link)

offb-letter-body = Dear { $name },

    { $letter }

    What happens next:
    – your service continues until { $service_end };
    – our support team remains available to you until { $support_end };
    – you can download a complete copy of your data until { $export_until };
    – on { $deletion_date } we delete your personal data, except records the law requires us to keep.

    On your own page you can read this notice again, download your data and tell us how we could have done better: { $link }

    With warm regards,
    { $company }

## Staff pages

offb-title = Offboarding
offb-case = Offboarding
offb-open = Open offboarding case
offb-reports = Offboarding reports
offb-any = Any
offb-apply = Apply
offb-none = No offboarding cases match.
offb-how-to-open = Open a case from the customer's page.
offb-filter-active = Active (not erased or cancelled)
offb-field-customer = Customer
offb-field-reason = Reason
offb-field-reason-note = Internal note on the reason
offb-field-initiator = Initiated by
offb-field-status = Status
offb-field-opened = Opened
offb-field-contract-type = Contract type
offb-field-service_end = Service end
offb-field-support_end = Support end
offb-field-export_until = Data export until
offb-field-deletion_date = Deletion date
offb-field-notice_date = Notice date
offb-field-exception_basis = Legal basis of the exception
offb-field-summary = Summary
offb-field-situations = Documented situations
offb-field-amount = Amount
offb-field-currency = Currency
offb-field-action = Step
offb-field-letter = Letter
offb-cancel-form = Cancel
offb-initiator-company = Our company
offb-initiator-customer = The customer
offb-reason-trivial-complaints = Constant complaints about trivial things
offb-reason-staff-abuse = Abusive to staff
offb-reason-no-more-business = No more business to give
offb-reason-no-referrals = No referrals
offb-reason-unprofitable = Unprofitable
offb-reason-unethical-requests = Unethical requests
offb-reason-mission-fit = No longer fits our mission
offb-reason-policy-change = Policy change
offb-reason-compliance = Legal or regulatory obligation
offb-reason-product-sunset = Product discontinued
offb-reason-customer-request = The customer asked to leave
offb-status-open = Open — awaiting approval
offb-status-approved = Approved — contact the customer
offb-status-contacted = Contacted — letter may be sent
offb-status-notified = Notice sent
offb-status-closed = Account closed
offb-status-erased = Data erased
offb-status-cancelled = Cancelled
offb-situations = Documented situations
offb-situations-help = Tick the complaints and interactions that led to this decision; the letter refers to them.
offb-situation-complaint = Complaint
offb-situation-interaction = Interaction
offb-timeline = Timeline
offb-date-notice_date = Notice date
offb-date-service_end = Service ends
offb-date-support_end = Support ends
offb-date-export_until = Data export until
offb-date-deletion_date = Data deletion
offb-rule = Minimum notice ({ $jurisdiction }): { $period } — { $basis }
offb-period-days = { $days } days
offb-period-months = { $months } months
offb-period-both = { $months } months and { $days } days
offb-notice-ok = Notice period met
offb-exception = Shortened by exception
offb-notice-days = Days of notice
offb-earliest = earliest allowed service end
offb-exception-basis = Exception: legal basis
offb-exception-help = Only to shorten the minimum notice, e.g. the law and article
offb-plan-save = Check and save the timeline
offb-err-notice-short = This plan gives less notice than the customer is entitled to: { $period } ({ $jurisdiction }; { $basis }). The service can end on { $earliest } at the earliest. Move the service end (and the later dates), or record an exception with its legal basis.
offb-err-contact-first = The letter cannot be sent yet: written notice comes after a direct conversation. Log the call or meeting with the customer first; your draft has been saved.
offb-steps = Steps
offb-step-approved = Plan approved by a manager
offb-step-contact = Direct contact (call or meeting) logged
offb-step-letter-sent = Farewell letter edited and sent
offb-step-goodwill = Goodwill booked
offb-step-closed = Account closed
offb-step-follow-ups = Follow-ups scheduled (+30 and +90 days)
offb-step-erased = Personal data erased
offb-approve = Approve the plan
offb-contact-kind = How
offb-contact-summary = What was discussed
offb-contact-log = Log direct contact
offb-close = Close the account
offb-close-help = Closing schedules the follow-ups and the erasure on the deletion date.
offb-cancel = Cancel the case
offb-cancel-reason = Why the customer stays
offb-impact = Account impact
offb-impact-balances = Net paid
offb-impact-revenue = Revenue, last 12 months
offb-impact-refunds-due = Refunds and credits due
offb-impact-refunds-pending = Waiting for approval
offb-impact-last-invoice = Last invoice
offb-impact-contracts = Contracts still running
offb-impact-complaints = Open complaints
offb-goodwill = Goodwill
offb-goodwill-book = Book refund
offb-goodwill-default-reason = Refund of the last invoice as a goodwill gesture
offb-letter = Farewell letter
offb-letter-sent = Sent
offb-letter-language = Language
offb-part-thanks = Thanks
offb-part-framing = Framing
offb-part-goodwill = Goodwill
offb-part-apology = Apology
offb-part-alternatives = Alternatives
offb-part-thanks-help = gratitude for the time together
offb-part-framing-help = the decision, told through the documented situations, never as a judgement of the person
offb-part-goodwill-help = what we do to part on good terms
offb-part-apology-help = that it did not work out
offb-part-alternatives-help = where the customer can go next
offb-letter-save = Save draft
offb-letter-reset = Reset to the default text
offb-letter-send = Send the letter
offb-letter-preview = Preview (as the customer receives it)
offb-letter-default-note = This is the suggested text in the customer's language; edit it, then save or send.
offb-link-placeholder = [link to your page]
offb-customer-page = Customer's page
offb-link-once = Copy this link now; it is shown only once and replaces any earlier link:
offb-copy = Copy
offb-link-issued = Link issued
offb-link-none = No link issued yet; sending the letter issues one.
offb-link-issue = Issue a new link
offb-survey = Exit survey
offb-survey-none = No answer yet.
offb-history = History
offb-event-opened = Opened
offb-event-plan-changed = Timeline changed
offb-event-approved = Approved
offb-event-contact = Direct contact
offb-event-letter-saved = Letter saved
offb-event-letter-sent = Letter sent
offb-event-goodwill = Goodwill booked
offb-event-closed = Account closed
offb-event-erased = Data erased
offb-event-hold-released = Held records deleted
offb-event-cancelled = Cancelled
offb-event-survey = Exit survey answered
offb-event-link-issued = Link issued
offb-certificate = Deletion certificate
offb-certificate-none = No erasure has run yet; the certificate appears once personal data is erased.
offb-certificate-verified = hash verified
offb-certificate-broken = hash does not match
offb-certificate-actor = Run by
offb-certificate-erased = Erased
offb-certificate-kept = Kept under a legal obligation
offb-holds = Retention holds
offb-report-from = From
offb-report-to = To
offb-report-csv = Download CSV
offb-report-reasons = Reasons
offb-report-outcomes = Outcomes
offb-report-cases = Cases
offb-report-revenue = Revenue leaving (12 months before each case)

## The customer's page

offb-public-title = Your account: what happens next
offb-public-intro = Dear { $name }, this page sums up what we wrote to you. Here you can check the dates, download a full copy of your data, and, if you like, tell us how { $company } could have done better.
offb-public-letter = Our letter to you
offb-public-timeline = Timeline
offb-public-notice_date = Notice given
offb-public-service_end = Your service ends
offb-public-support_end = Our support is available until
offb-public-export_until = You can download your data until
offb-public-deletion_date = Your personal data is deleted on
offb-public-data = Your data
offb-public-data-intro = Everything we hold about you, ready to download. Available until
offb-public-download-json = Download everything (JSON)
offb-public-csv = Or as spreadsheets (CSV):
offb-public-csv-transactions = Payments
offb-public-csv-contracts = Contracts
offb-public-csv-ledger = Refunds and credits
offb-public-csv-interactions = Conversations
offb-public-csv-complaints = Complaints
offb-public-data-closed = The download period has ended. Please reply to our letter if you still need a copy.
offb-public-feedback = Your feedback
offb-public-feedback-intro = It would help us a great deal to hear from you. Every answer is read by our team.
offb-public-why = Why are you leaving, in your words?
offb-public-kept = What would have made you stay?
offb-public-comment = Anything else you want to tell us
offb-public-rating = How would you rate our time together (1–5)?
offb-public-send = Send
offb-public-thanks = Thank you for your feedback. We wish you all the best.
offb-public-err-why = Please tell us briefly why you are leaving.
offb-public-err-rating = Please choose a rating from 1 to 5, or none.
offb-public-err-long = Please keep each answer under 5000 characters.
offb-public-err-answered = You have already answered. Thank you!

# Rules page (/offboarding/settings): minimum notice and retention.
offb-set-title = Notice and retention rules
offb-set-sub = The minimum notice a customer is entitled to, and what is kept after an account closes.
offb-set-saved = Rules saved.
offb-set-notice = Minimum notice periods
offb-set-notice-help = The most specific rule applies: the customer's country, then EU, then default; a rule for the contract type beats the default one.
offb-set-notice-add = Add or change a notice rule
offb-set-notice-read-only = Only admins can change notice rules.
offb-set-jurisdiction-help = A two-letter country code, EU, or default
offb-set-contract-help = e.g. payment-account, subscription; empty means default
offb-set-period = Minimum notice
offb-set-change = Change
offb-set-save = Save rule
offb-set-remove = Remove rule
offb-set-retention = Retention rules
offb-set-retention-help = Records of these kinds are held for this many days after the relationship ends, on this legal basis, and only compliance can read them meanwhile.
offb-set-retention-add = Add or change a retention rule
offb-set-retention-read-only = Only compliance and admins can change retention rules.
offb-set-years = about { $years } years
offb-set-field-jurisdiction = Jurisdiction
offb-set-field-contract_type = Contract type
offb-set-field-min_months = Months
offb-set-field-min_days = Days
offb-set-field-basis = Basis
offb-set-field-category = Category
offb-set-field-tables = Records held
offb-set-field-keep_days = Days kept
offb-set-field-legal_basis = Legal basis
offb-set-table-transactions = Transactions
offb-set-table-contracts = Contracts
offb-set-table-ledger_entries = Refunds and credits (ledger)
offb-set-err-number = { $field }: “{ $value }” is not a whole number.
offb-set-err-gone = That rule no longer exists.
offb-task-days = { $n } days after the goodbye
offb-report-revenue-restricted = { $n ->
    [one] The revenue of 1 case is not counted: the customer's records are held and readable by compliance only.
   *[other] The revenue of { $n } cases is not counted: the customers' records are held and readable by compliance only.
}
offb-public-download-zip = Download all my data (ZIP)
offb-public-zip-holds = One file with everything as JSON and as spreadsheets (CSV):

## The customer page's offboarding banner and the hard delete
offb-banner-open = This customer is being offboarded.
offb-banner-closed = This customer's account was closed through offboarding.
offb-banner-link = Open the offboarding case
offb-banner-erasure = Personal data is removed through the lawful erasure on the offboarding case (respecting retention holds), not by deleting the customer.
delete-has-case = This customer has an offboarding case, so they cannot be deleted outright.
delete-to-erasure = Go to erasure on the case
