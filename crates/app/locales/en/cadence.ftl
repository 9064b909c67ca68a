# Contact cadence and care moments: the settings page, the customer page's line, the task
# kinds and the warm messages.

nav-cadence = Cadence
cad-title = Contact cadence and care moments
cad-sub = How often each customer should hear from us, and what we do on birthdays and anniversaries.
cad-stages = Contact cadence per stage
cad-stages-help = Days without a call, meeting, e-mail, chat or visit before a customer counts as forgotten and their owner gets a reminder (1–3650; blank for none). Internal notes do not count.
cad-col-stage = Stage
cad-col-days = Days
cad-none = No cadence
cad-never = Never: the customer is leaving or has left
cad-overrides = Cadence per segment
cad-overrides-help = A segment's customers may need another rhythm in a stage (VIPs every 30 days while active, say). It replaces the stage's cadence for them; a customer in several such segments gets the shortest. Clear the days to remove one.
cad-overrides-none = No segment has a cadence of its own.
cad-overrides-no-segments = No segments yet: save one on the Segments page first.
cad-col-segment = Segment
cad-moments = Care moments
cad-moments-help = Birthdays and relationship anniversaries, on the customer's own calendar day (their time zone). A task reaches the owner a few days ahead; a message is a marketing e-mail, sent only with explicit consent and within the caps and quiet hours.
cad-mode = What happens
cad-mode-off = Nothing
cad-mode-task = A task for the owner
cad-mode-message = A message to the customer
cad-days-ahead = Days ahead (tasks)
cad-moment-birthday = Birthday
cad-moment-anniversary = Anniversary
cad-save = Save
cad-saved = Saved.
cad-read-only = Managers and admins can change these settings.

cad-every = { $n ->
    [one] Contact every day
   *[other] Contact every { $n } days
}
cad-last = { $n ->
    [0] last contact today
    [one] last contact yesterday
   *[other] last contact { $n } days ago
}
cad-last-never = no contact yet
cad-next = next due { $date }
cad-overdue = due since { $date }

task-kind-contact-due = Get in touch
task-kind-care-moment = Care moment
cad-task-days = { $n ->
    [one] 1 day since contact
   *[other] { $n } days since contact
}
cad-task-birthday = birthday on { $date }
cad-task-anniversary = { $years }-year anniversary on { $date }

cad-msg-birthday-subject = Happy birthday, { $name }!
cad-msg-birthday-body =
    Dear { $name },

    happy birthday! We hope your day is full of good company and small joys.
    Thank you for being with us; it is a pleasure to look after you.

    Warm wishes,
    your care team
cad-msg-anniversary-subject = Happy anniversary, { $name }!
cad-msg-anniversary-body =
    Dear { $name },

    today marks another year of our work together. Thank you for your trust,
    your questions and your patience along the way. We are glad to have you with us.

    Warm wishes,
    your care team
