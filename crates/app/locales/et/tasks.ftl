# Ülesanded: loend, ülesannete liigid, navigatsiooni loendurid.
nav-tasks = Ülesanded
nav-messaging = Sõnumid
nav-approvals = Kinnitamised
nav-count-complaints = { $n ->
    [one] üks sinu avatud kaebus
   *[other] { $n } sinu avatud kaebust
}
nav-count-tasks = { $n ->
    [one] üks täna tähtaegne või hilinenud ülesanne
   *[other] { $n } täna tähtaegset või hilinenud ülesannet
}
nav-count-approvals = { $n ->
    [one] üks hüvitis ootab kinnitamist
   *[other] { $n } hüvitist ootab kinnitamist
}
task-title-page = Ülesanded
task-open-heading = Avatud ülesanded
task-filters = Ülesannete filtrid
task-filter-mine = Minu
task-filter-queue = Meeskonna järjekord
task-filter-all = Kõik
task-filter-open = Avatud
task-filter-done = Tehtud
task-col-task = Ülesanne
task-col-customer = Klient
task-col-due = Tähtaeg
task-col-created = Loodud
task-col-owner = Vastutaja
task-col-actions = Toimingud
task-done = Märgi tehtuks
task-count = { $n ->
    [one] üks ülesanne
   *[other] { $n } ülesannet
}
task-count-capped = 1000+ ülesannet
task-none = Avatud ülesandeid pole. Järelkontaktid ja SLA hoiatused ilmuvad siia, kui nende tähtaeg saabub.
task-none-done = Tehtud ülesandeid veel pole.
task-none-queue = Meeskonna järjekord on tühi.
task-kind-follow-up-visit = Järelkülastus
task-kind-sla-warning = SLA hoiatus
task-kind-sla-breach = SLA ületatud
task-kind-escalation = Eskaleerimine
task-kind-offboarding-follow-up = Lahkumise järelkontakt
task-kind-customer-replied = Klient vastas
task-kind-other = Ülesanne
task-title-detail = { $kind } ({ $detail })
task-title = { $head }: { $about }
task-due-overdue = Hilinenud
task-due-today = Täna tähtaeg
task-source-complaint = Kaebus
task-source-offboarding = Lahkumisjuhtum
task-source-customer = Klient
