# Why a value or an action was refused. Rendered from the domain's codes (err-*) and the
# store's refusals (refusal-*); the words in them (word-*, table-*) are translated first.

## Invalid values (shown next to the field's label)
err-required = is required
err-too-long = is longer than { $max } characters
err-too-short = is shorter than { $min } characters
err-too-many = has more than { $max } items
err-too-many-bytes = is larger than { $max } bytes
err-year-out-of-range = '{ $value }' is not between the years { $min } and { $max }
err-leap-second = '{ $value }' has a 60th second (a leap second); use :59
err-internal-address = '{ $value }' is on this server or its private network (loopback, private, link-local or cloud metadata); an administrator can allow a local receiver with the webhook_allow_hosts setting
err-control-characters = contains control characters
err-forbidden-characters = '{ $value }' contains characters that are not allowed ({ $chars })
err-one-of = '{ $value }' is not one of { $allowed }
err-malformed = '{ $value }' is not { $expected }
err-not-a-number = '{ $value }' is not a number
err-not-a-whole-number = '{ $value }' is not a whole number
err-too-many-decimals = '{ $value }' has more than { $max } decimals for { $currency }
err-too-large = '{ $value }' is too large
err-out-of-range = { $bounds ->
    [both] must be between { $min } and { $max }
    [min] must be at least { $min }
    [max] must be at most { $max }
   *[none] is out of range
}
err-in-future = cannot be in the future
err-earlier-than = cannot be earlier than { $other }
err-not-later-than = must be later than { $other }
err-later-than = cannot be later than { $other }
err-not-earlier-than = must be earlier than { $other }
err-no-open-day = needs at least one open weekday
err-notice-too-short = { $jurisdiction } × { $contract_type } requires { $months ->
    [0] { $days } days
   *[other] { $days ->
        [0] { $months } months
       *[other] { $months } months and { $days } days
    }
} notice ({ $basis }): the service cannot end before { $earliest }; give an exception with its legal basis to shorten it
err-exception-not-needed = the plan meets the minimum notice; no exception is needed
err-no-such = there is no { $what } '{ $id }'
err-other-customers = this { $what } belongs to another customer
err-duplicate = '{ $value }' is listed twice
err-duplicate-row = '{ $value }' already appears on line { $line }
err-invalid-attachment = each attachment needs a name (at most 255 bytes) and a size of zero or more
err-unknown-column = unknown column; expected some of { $expected }
err-missing-column = this required column is missing
err-field-count = has { $found } fields, the header has { $expected }
err-not-utf8 = is not valid UTF-8; save the file as UTF-8
err-malformed-csv = is not well-formed CSV ({ $detail })
err-unreadable-file = the file could not be read ({ $detail })
err-empty-file = the file is empty: a header row is required
err-wrong-password = the current password is not correct
err-passwords-differ = the two new passwords differ
err-unreadable-body = could not be read ({ $detail })
err-not-an-object = must be a JSON object ({ "{" }…{ "}" })

## What a malformed value should have been
word-email = an e-mail address
word-phone = a phone number
word-country = an ISO 3166-1 country code such as EE
word-time-zone = an IANA time zone such as Europe/Tallinn
word-language = a language tag such as en or zh-CN
word-currency = a three-letter currency code such as EUR
word-yes-no = yes or no
word-date = a date (YYYY-MM-DD)
word-date-time = a date (YYYY-MM-DD) or an RFC 3339 time
word-time = a time such as 09:00
word-time-range = a time range such as 21:00-08:00
word-url = a web address
word-http-url = an http(s) web address
word-jurisdiction = a two-letter country code, EU or default
word-slug = letters, digits and dashes (at most 40)
word-name-value-line = a line such as name = value
word-kind-colon-id = a reference such as complaint:ID

## Records
word-customer = customer
word-user = user
word-complaint = complaint
word-interaction = interaction
word-transaction = transaction
word-contract = contract
word-ledger-entry = compensation entry
word-offboarding-case = offboarding case
word-hold = retention hold
word-job = job
word-message = message
word-token = API token
word-contact = contact
word-letter = letter
word-link = link
word-notice-rule = notice rule
word-task = task
word-webhook-endpoint = webhook endpoint
word-prediction-run = prediction run
word-page = page
word-record = record

## Held tables
table-transactions = transactions
table-contracts = contracts
table-ledger_entries = compensation ledger

## Refused by the current state of things
refusal-wrong-state = cannot { $action }: the { $entity } is { $status }{ $count ->
    [0] {""}
   *[other] ; allowed now: { $allowed }
}
refusal-step-first = { $step }
refusal-already-done = { $what }
refusal-already-exists = a { $what } with the key '{ $key }' already exists
refusal-changed-meanwhile = someone else changed this meanwhile; reload and try again
refusal-held = { $prospective ->
    [yes] refused: the { $tables } must be kept until { $until } under a legal obligation ({ $basis }); the rest of the personal data can be erased now
   *[no] refused: the { $tables } are held until { $until } under a legal obligation ({ $basis }); they will be deleted then
}
refusal-restricted = this customer's { $tables } are held until { $until } under a legal obligation ({ $basis }) and readable by compliance only
refusal-before-deletion-date = the deletion date is { $date }; an earlier erasure must be requested explicitly
refusal-nothing-held = nothing is held for this case; the personal data was already erased
refusal-last-admin = refused: this is the last active administrator; make another user an active admin first
refusal-four-eyes = the person who booked an entry cannot approve or reject it
refusal-not-reversible = a reversal cannot be reversed
refusal-total-too-large = the total is too large to compute; an entry from before amounts were bounded needs correcting
refusal-escalation-max = already at the highest escalation level ({ $max })
refusal-default-rule-protected = the default × default rule can be changed but not removed
refusal-no-invoice = the customer has no invoice to refund
refusal-export-closed = the data-export window has closed
refusal-run-in-progress = a prediction run is already in progress ({ $id }); one runs at a time
refusal-content-pruned = the message’s content was removed after the retention period; it cannot be sent again
refusal-no-fit-reasons = parting ways needs at least one reason at concern or serious; record a judgement first
refusal-in-use = refused while { $by } refer to the customer; they are kept, and erased through offboarding
refusal-conflict = this conflicts with existing data
refusal-not-owner = this { $what } is someone else's: only its owner or a manager may do this

## What must come first
word-approve-plan = approve the plan before contacting the customer
word-contact-customer = written notice needs a direct contact first: log a call or meeting with the customer before sending the letter
word-write-letter = write the farewell letter first
word-send-letter = send the written notice before closing the account
word-close-account = close the account before erasing its data
word-reopen = the complaint is closed; reopen it first
word-judge-reason = record a judgement at concern or serious first

## Already done
word-plan-approved = the plan is already approved
word-letter-sent = the letter has already been sent
word-account-closed = the account is already closed
word-cancelled = the case was cancelled
word-erased = the personal data has already been erased
word-reversed = this entry is already reversed
word-survey-answered = the survey has already been answered, thank you
word-satisfaction-answered = you have already answered, thank you
word-flagged = the interaction is already flagged
word-hold-ended = the hold has already ended
word-task-done = the task is already done
word-revoked = this token was already revoked

## Requests refused before any rule
denied-role = the { $role } role may not do this
denied-csrf = the form has expired or did not come from this site; reload the page and try again
denied-body-too-large = the request is too large (at most { $max } bytes)
denied-unreadable-form = the form could not be read
denied-unreadable-upload = the upload could not be read ({ $detail })
denied-malformed-request = the request could not be read ({ $detail })
denied-method-not-allowed = this address does not answer to that method
denied-unsupported-media-type = the body's content type is not one this address reads (send application/json)
denied-uri-too-long = the address is too long (at most { $max } bytes)
denied-idempotency-key-invalid = the Idempotency-Key header must be 1 to 255 visible ASCII characters
denied-idempotency-key-reused = this Idempotency-Key was used for a different request; use a new key for a new request
denied-idempotency-in-flight = the first request with this Idempotency-Key is still being handled; try again shortly
not-found = { $what } not found
err-large-amount = { $amount } is above { $threshold }, the largest amount booked or approved without a second confirmation: confirm it
refusal-duplicate-email = a customer with this e-mail exists: { $name } ({ $id })
