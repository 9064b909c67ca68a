## Admin area: staff users and API tokens; My account
nav-users = Users
nav-account = My account
adm-users-title = Staff users
adm-users-sub = Who may sign in, with which role. Deactivated users cannot sign in; their sessions end and their API tokens stop working.
adm-user-created = User added:
adm-generated-password = Initial password:
adm-shown-once = Copy it now: it is shown only once.
adm-field-email = E-mail
adm-field-name = Name
adm-field-role = Role
adm-field-password = Initial password
adm-field-current = Current password
adm-field-new = New password
adm-field-confirm = New password again
adm-field-body = Request
adm-status = Status
adm-last-login = Last sign-in
adm-created = Created
adm-active = Active
adm-inactive = Deactivated
adm-add-user = Add a user
adm-password-blank = Leave blank to generate one
adm-add = Add user
adm-change-role = Change role
adm-deactivate = Deactivate
adm-deactivate-help = Ends their sessions at once; their API tokens are refused until they are reactivated.
adm-reactivate = Reactivate
adm-this-is-you = This is you. Manage your own tokens and password on
adm-new-password = New password:
adm-reset-password = Reset password
adm-reset-help = Generates a new password, shown once here; their sessions end.
adm-tokens = API tokens
adm-token-name = Token name
adm-token-create = Create token
adm-token-created = New token:
adm-token-last-used = Last used
adm-token-never = never
adm-token-revoked = Revoked
adm-token-revoke = Revoke
adm-token-none = No API tokens yet.
adm-err-last-admin = Refused: this is the last active administrator. Make another user an active admin first.
adm-role-admin = Administrator
adm-role-manager = Manager
adm-role-agent = Agent
adm-role-compliance = Compliance officer
adm-role-viewer = Viewer
acct-tokens-help = Tokens let scripts use the API as you (Authorization: Bearer …). Only a hash is stored.
acct-password = Change password
acct-password-save = Change password
acct-password-changed = Your password was changed.
acct-err-mismatch = the two new passwords differ

## Audit: verify action
audit-verify-action = Verify chain
audit-verify-ok = { $n ->
    [one] Chain checked just now: 1 entry, every hash matches.
   *[other] Chain checked just now: { $n } entries, every hash matches.
}
audit-verify-broken = Chain checked just now: broken at entry { $seq } ({ $reason }). Entries before it verify.

## Offboarding: early erasure and retention holds
offb-erasure-title = Erasure
offb-erasure-help = Erase the customer's personal data now instead of on the deletion date. Records under a legal retention hold are kept unless you include them, and including them is refused while the hold runs.
offb-erasure-include-held = Also the records under a retention hold
offb-erasure-submit = Request erasure
offb-erasure-refused = Erasure refused: { $tables } must be kept until { $until } — legal basis: { $basis }. The rest of the personal data can be erased now.
offb-holds-title = Retention holds
offb-holds-none = No retention holds.
offb-hold-category = Category
offb-hold-tables = Records
offb-hold-basis = Legal basis
offb-hold-until = Held until
offb-hold-state = State
offb-hold-running = running
offb-hold-released = deleted { $at }
offb-erase-due = Run due erasures
offb-erase-due-done = { $n ->
    [one] 1 erasure ran.
   *[other] { $n } erasures ran.
}

# Preferred language (users.language)
adm-field-language = Language
acct-language-browser = Browser's choice
acct-language-help = Pages and staff e-mails (SLA warnings and breaches) use this language. Switching the language in the header while signed in saves it here too.
acct-language-save = Save language
acct-timezone = Time zone
acct-timezone-help = Dates and times on every page are shown in this zone. Without a choice, your browser's zone is used.
acct-timezone-now = Pages now use { $zone }.
acct-timezone-browser = My browser's time zone
acct-timezone-save = Save time zone
