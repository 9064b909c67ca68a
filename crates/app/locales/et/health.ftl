## Kliendi tervis (teema 15): skoor kliendi lehel, tsooni filter, seaded.

health-title = Tervis
health-band-red = Punane
health-band-yellow = Kollane
health-band-green = Roheline
health-signal = Signaal
health-value = Väärtus
health-weight = Kaal
health-points = Punktid
health-points-of = Punktid / kaal
health-moved = Mis seda eelmisest nädalast muutis
health-moved-none = Eelmisest nädalast pole midagi muutunud.
health-computed = Arvutatud
health-trend-up = ▲ eelmise nädalaga võrreldes { $delta } võrra üles
health-trend-down = ▼ eelmise nädalaga võrreldes { $delta } võrra alla
health-trend-steady = ▶ eelmise nädalaga võrreldes sama
health-trend-unknown = eelmise nädala skoori veel pole

health-signal-contact_recency = Kontakt võrreldes rütmiga
health-signal-usage_trend = Kasutuse suund
health-signal-purchase_rhythm = Ostud võrreldes tavapärase rütmiga
health-signal-complaints = Avatud kaebused ja SLA ületamised
health-signal-satisfaction = Viimane NPS / CSAT
health-signal-payments = Makseprobleemid

health-rule-contact_recency = Täispunktid, kui kontakt oli rütmi piires; kolmekordse rütmi juures punkte pole.
health-rule-usage_trend = Päevane kasutus viimase 30 päeva jooksul võrreldes eelneva 90 päevaga: täispunktid varasemal tasemel või üle selle.
health-rule-purchase_rhythm = Täispunktid kuni 1,5-kordse tavapärase ostuvahe jooksul; 4-kordse juures punkte pole.
health-rule-complaints = Iga avatud kaebus võtab punkte raskusastme järgi (kriitiline kõige rohkem), iga SLA ületamine veel rohkem.
health-rule-satisfaction = Viimane vastus oma skaalal: kõrgeim annab täispunktid, madalaim mitte midagi.
health-rule-payments = Iga tagasimakse viimase 90 päeva jooksul võtab veerandi kaalust.

health-value-no-data = Andmed puuduvad (skoori ei arvestata)
health-value-contact = Viimane kontakt { $days } päeva tagasi; rütm iga { $cadence } päeva järel
health-value-usage = Viimased 30 päeva { $recent } päevas, varem { $prior } päevas
health-value-purchases = Viimane ost { $days } päeva tagasi; tavaliselt iga { $gap } päeva järel
health-value-complaints = Avatud { $open } (kõrge või kriitiline { $serious }), SLA ületatud { $breached }
health-value-satisfaction = { $survey }: { $score }
health-value-refunds = Tagasimakseid viimase 90 päeva jooksul: { $count }

health-survey-nps = NPS
health-survey-csat = CSAT
health-survey-ces = CES
health-survey-complaint = Rahulolu kaebuse lahendusega

health-why-complaint-opened = avati kaebus raskusastmega { $severity }
health-why-sla-breached = kaebus ületas SLA tähtaja
health-why-complaints-eased = kaebused lahendati
health-why-answered = { $survey } { $score }
health-why-contact-overdue = kontakti pole olnud { $days } päeva
health-why-contacted = kliendiga võeti ühendust
health-why-usage-fell = kasutus vähenes
health-why-usage-rose = kasutus kasvas
health-why-purchase-late = oste pole olnud { $days } päeva
health-why-purchased = uus ost
health-why-refund = tehti tagasimakse
health-why-refunds-eased = varasemaid tagasimakseid enam ei arvestata
health-why-new-data = uued andmed
health-why-no-data = andmeid enam pole
health-why-weights = kaalud muutusid

health-settings = Tervise seaded
health-settings-sub = Kui palju iga signaal tervise skooris kaalub ja kust tsoonid algavad. Pärast muutmist arvutatakse kõik skoorid uuesti.
health-settings-saved = Salvestatud. Kõigi klientide tervist arvutatakse uuesti.
health-settings-weights = Kaalud
health-settings-weights-help = Igaüks 0 kuni 100; 0 lülitab signaali välja. Andmeteta signaali skoori ei arvestata, seda ei loeta nulliks.
health-settings-bands = Tsoonid
health-settings-bands-help = Punane kuni esimese arvuni, kollane kuni teiseni, roheline sellest kõrgemal.
health-settings-red-max = Kõrgeim punane skoor
health-settings-yellow-max = Kõrgeim kollane skoor
health-settings-save = Salvesta
health-settings-read-only = Neid seadeid muudavad juhid ja administraatorid.

field-contact-recency = Kontakt võrreldes rütmiga
field-usage-trend = Kasutuse suund
field-purchase-rhythm = Ostud võrreldes tavapärase rütmiga
field-complaints = Avatud kaebused ja SLA ületamised
field-satisfaction = Viimane NPS / CSAT
field-payments = Makseprobleemid
field-weights = Kaalud
field-red-max = Kõrgeim punane skoor
field-yellow-max = Kõrgeim kollane skoor
field-health = Tervis
