## Customer health (issue 15): the score on the customer page, the band filter, the settings.

health-title = Health
health-band-red = Red
health-band-yellow = Yellow
health-band-green = Green
health-signal = Signal
health-value = Value
health-weight = Weight
health-points = Points
health-points-of = Points / weight
health-moved = What moved it since last week
health-moved-none = Nothing moved it since last week.
health-computed = Computed
health-trend-up = ▲ up { $delta } since last week
health-trend-down = ▼ down { $delta } since last week
health-trend-steady = ▶ steady since last week
health-trend-unknown = no score from last week yet

health-signal-contact_recency = Contact vs cadence
health-signal-usage_trend = Usage trend
health-signal-purchase_rhythm = Purchases vs usual rhythm
health-signal-complaints = Open complaints and SLA breaches
health-signal-satisfaction = Latest NPS / CSAT
health-signal-payments = Payment issues

health-rule-contact_recency = Full points when contacted within the cadence; none at three times the cadence.
health-rule-usage_trend = Use per day in the last 30 days against the 90 days before: full points at the earlier rate or above.
health-rule-purchase_rhythm = Full points within 1.5 times the usual gap between purchases; none at 4 times.
health-rule-complaints = Each open complaint costs points by severity (critical most), each SLA breach more.
health-rule-satisfaction = The latest answer on its scale: the top earns full points, the bottom none.
health-rule-payments = Each refund in the last 90 days costs a quarter of the weight.

health-value-no-data = No data (left out of the score)
health-value-contact = Last contact { $days } days ago; cadence every { $cadence } days
health-value-usage = { $recent } a day in the last 30 days, { $prior } a day before
health-value-purchases = Last purchase { $days } days ago; usually every { $gap } days
health-value-complaints = { $open } open ({ $serious } high or critical), { $breached } past the SLA
health-value-satisfaction = { $survey }: { $score }
health-value-refunds = Refunds in the last 90 days: { $count }

health-survey-nps = NPS
health-survey-csat = CSAT
health-survey-ces = CES
health-survey-complaint = Complaint satisfaction

health-why-complaint-opened = a { $severity }-severity complaint opened
health-why-sla-breached = a complaint passed its SLA deadline
health-why-complaints-eased = complaints were resolved
health-why-answered = { $survey } { $score }
health-why-contact-overdue = no contact for { $days } days
health-why-contacted = the customer was contacted
health-why-usage-fell = usage fell
health-why-usage-rose = usage rose
health-why-purchase-late = no purchase for { $days } days
health-why-purchased = a new purchase
health-why-refund = a refund was booked
health-why-refunds-eased = earlier refunds no longer count
health-why-new-data = new data
health-why-no-data = no data any more
health-why-weights = the weights changed

health-settings = Health settings
health-settings-sub = How much each signal weighs in the health score, and where the bands start. Every score is recomputed after a change.
health-settings-saved = Saved. Every customer's health is being recomputed.
health-settings-weights = Weights
health-settings-weights-help = 0 to 100 each; 0 switches a signal off. A signal without data is left out of the score, not counted as zero.
health-settings-bands = Bands
health-settings-bands-help = Red up to the first number, yellow up to the second, green above.
health-settings-red-max = Highest red score
health-settings-yellow-max = Highest yellow score
health-settings-save = Save
health-settings-read-only = Managers and administrators change these settings.

field-contact-recency = Contact vs cadence
field-usage-trend = Usage trend
field-purchase-rhythm = Purchases vs usual rhythm
field-complaints = Open complaints and SLA breaches
field-satisfaction = Latest NPS / CSAT
field-payments = Payment issues
field-weights = Weights
field-red-max = Highest red score
field-yellow-max = Highest yellow score
field-health = Health
