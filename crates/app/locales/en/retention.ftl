## Departure care: the care list, the model page, the customer's churn-risk panel.

nav-retention = Retention
ret-title = Customers at risk
ret-intro = Who to call first: customers ordered by the value the business stands to lose, with the reason behind each risk.
ret-model-link = Model and validation
ret-csv = Download CSV
ret-run-active = A scoring run is in progress.
ret-run-current = Current predictions from the run of
ret-no-run = No scoring run yet. A manager can start one here; it also runs every day.
ret-run-start = Start a scoring run
ret-model = Model
ret-model-bgnbd = BG/NBD
ret-model-pnbd = Pareto/NBD
ret-model-mbgnbd = MBG/NBD
ret-unit = Time unit
ret-unit-week = weeks
ret-unit-day = days
ret-calibration-end = Calibration end
ret-holdout-days = Holdout days
ret-horizon-days = Horizon days
ret-run-button = Start run
ret-band = Risk band
ret-any = any
ret-owner = Owner
ret-filter = Filter
ret-empty = No customer matches, or no run has scored the customers yet.
ret-risk = Risk
ret-p-alive = P(active)
ret-clv = Lifetime value
ret-var = Value at risk
ret-top-reason = Main reason
ret-last-contact = Last contact
ret-task = Call task
ret-more = Next page
ret-summary = { $high } high, { $medium } medium, { $low } low risk; { $var } at risk
ret-status = Status
ret-status-queued = queued
ret-status-running = running
ret-status-done = done
ret-status-failed = failed
risk-band-low = low
risk-band-medium = medium
risk-band-high = high
ret-card-title = Churn risk
ret-spark = P(active) over past runs
ret-expected = Expected purchases (horizon)
ret-reasons = Why
ret-computed = Computed
ret-model-title = Churn model
ret-model-intro = The fitted model behind the predictions, and how well it predicted a period it had not seen.
ret-verdict-poor-title = This model fits poorly.
ret-verdict-poor = On the held-out period its prediction was off by more than 20 %. Treat the risk scores as rough hints, not as truth, until a better fit.
ret-verdict-ok = On the held-out period the model's total prediction was within 20 % of what customers did.
ret-params = Parameters
ret-ll = Log-likelihood
ret-customers-fit = Customers with purchases
ret-spend-params = Spend model (Gamma-Gamma)
ret-holdout = Holdout validation
ret-holdout-none = No holdout validation in this run.
ret-holdout-chart = Mean repeat purchases in the holdout per calibration frequency, predicted and actual
ret-predicted = Predicted
ret-actual = Actual
ret-bucket-axis = repeat purchases in calibration
ret-frequency = Repeat purchases
ret-customers = Customers
ret-runs = Runs
ret-started = Started
ret-by = By
ret-duration = Duration
ret-fit-converged = The fit converged in { $iterations } iterations.
ret-fit-not-converged = The fit did not converge ({ $iterations } iterations): parameters may be unreliable.
ret-holdout-total = Over the last { $days } days held out, { $customers } customers made { $actual } repeat purchases; the model predicted { $predicted } (error { $error } %).
risk-reason-no-purchase-ratio = No purchase for { $days ->
    [one] { $days } day
   *[other] { $days } days
  } — { $ratio }× this customer's usual gap
risk-reason-no-purchase = No repeat purchase; the only one was { $days ->
    [one] { $days } day
   *[other] { $days } days
  } ago
risk-reason-recent-purchase = Bought { $days ->
    [one] { $days } day
   *[other] { $days } days
  } ago, in the usual rhythm
risk-reason-no-history = No purchases yet: the model cannot judge, a starting risk applies
risk-reason-contract-ends = Contract ends in { $days ->
    [one] { $days } day
   *[other] { $days } days
  }
risk-reason-complaints = { $open ->
    [one] { $open } open complaint
   *[other] { $open } open complaints
  }{ $breaches ->
    [0] {""}
   *[other] , { $breaches } past the SLA
  }
risk-reason-usage-down = Usage down { $pct } % vs the previous 90 days
risk-reason-usage-up = Usage up { $pct } % vs the previous 90 days
ret-settings = Retention settings
ret-settings-sub = When the daily scoring run happens, which model it fits, how customer value is counted and where the risk bands begin.
ret-settings-saved = Saved. The next run uses these settings.
ret-settings-save = Save settings
ret-settings-read-only = Managers and administrators change these settings.
ret-set-daily = Score every customer every day
ret-set-daily-at = Daily run at (UTC)
ret-set-clv-months = Lifetime value over (months)
ret-set-margin = Profit margin (0–1)
ret-set-discount = Annual discount rate (0–1)
ret-set-medium-from = Medium risk from score
ret-set-high-from = High risk from score
ret-set-contract-days = Contract ending within (days) raises the risk
ret-set-at-risk-stage = Move high-risk customers to stage "at risk" (and back when they recover)
ret-set-help-daily = Runs once a day after the time below; a manager can also start a run at any time.
ret-set-help-daily_at = HH:MM, 24-hour clock, UTC.
ret-set-help-model = BG/NBD suits most shops; Pareto/NBD and MBG/NBD are alternatives from the literature.
ret-set-help-unit = The time unit the model counts in; weeks suit most retail data.
ret-set-help-holdout_days = The model is also fitted on data ending this many days earlier and checked against what happened since (0: no check).
ret-set-help-horizon_days = Expected purchases are counted over this many days.
ret-set-help-clv_months = Customer lifetime value adds up the expected profit of this many months.
ret-set-help-margin = The share of spend that is profit.
ret-set-help-discount_rate = Future money is worth less: 0.1 discounts a year ahead by 10 %.
ret-set-help-medium_from = Scores 0–100; from this score a customer is medium risk.
ret-set-help-high_from = From this score a customer is high risk and appears first to call.
ret-set-help-contract_days = A contract ending sooner doubles the odds of leaving (triples them within a third of it).
ret-set-help-at_risk_stage = The move is audited and sent as the event customer.risk_changed.
ret-trend = Is this month's churn normal?
ret-trend-help = Customers who departed each month against the number expected from the departure rate of the six months before, with a 95 % band. A month outside the band is flagged.
ret-trend-warning = Departures in a flagged month are outside what the usual rate explains: look for a cause.
ret-trend-month = Month
ret-trend-departed = Departed
ret-trend-expected = Expected
ret-trend-band = 95 % band
ret-trend-flag = warning
ret-called = A retention call is on the owner's task list.
ret-open-customer = Open the customer
ret-no-owner = managers' queue
task-kind-retention-call = Retention call
ret-task-detail = churn risk { $score } ({ $band })
