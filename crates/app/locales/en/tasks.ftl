# Tasks: the list, the task kinds, the navigation's counts.
nav-tasks = Tasks
nav-messaging = Messaging
nav-approvals = Approvals
nav-count-complaints = { $n ->
    [one] one open complaint of yours
   *[other] { $n } open complaints of yours
}
nav-count-tasks = { $n ->
    [one] one task due today or overdue
   *[other] { $n } tasks due today or overdue
}
nav-count-approvals = { $n ->
    [one] one compensation waiting for approval
   *[other] { $n } compensations waiting for approval
}
task-title-page = Tasks
task-open-heading = Open tasks
task-filters = Task filters
task-filter-mine = Mine
task-filter-queue = Team queue
task-filter-all = All
task-filter-open = Open
task-filter-done = Done
task-col-task = Task
task-col-customer = Customer
task-col-due = Due
task-col-created = Created
task-col-owner = Owner
task-col-actions = Actions
task-done = Mark done
task-count = { $n ->
    [one] one task
   *[other] { $n } tasks
}
task-count-capped = 1,000+ tasks
task-none = No open tasks. Follow-ups and SLA warnings appear here when they are due.
task-none-done = No tasks done yet.
task-none-queue = The team queue is empty.
task-kind-follow-up-visit = Follow-up visit
task-kind-sla-warning = SLA warning
task-kind-sla-breach = SLA missed
task-kind-escalation = Escalation
task-kind-offboarding-follow-up = Offboarding follow-up
task-kind-customer-replied = The customer replied
task-kind-other = Task
task-title-detail = { $kind } ({ $detail })
task-title = { $head }: { $about }
task-due-overdue = Overdue
task-due-today = Due today
task-source-complaint = Complaint
task-source-offboarding = Offboarding case
task-source-customer = Customer
