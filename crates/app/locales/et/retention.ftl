## Lahkumise ennetamine: ohus klientide nimekiri, mudeli leht, kliendi lahkumisriski paneel.

nav-retention = Hoidmine
ret-title = Ohus kliendid
ret-intro = Kellele esimesena helistada: kliendid järjestatuna väärtuse järgi, mille ettevõte võib kaotada, koos iga riski põhjusega.
ret-model-link = Mudel ja valideerimine
ret-csv = Laadi alla CSV
ret-run-active = Prognoosi arvutus käib.
ret-run-current = Kehtivad prognoosid arvutusest
ret-no-run = Prognoosi pole veel arvutatud. Juht saab selle siin käivitada; see käib ka iga päev.
ret-run-start = Käivita prognoosi arvutus
ret-model = Mudel
ret-model-bgnbd = BG/NBD
ret-model-pnbd = Pareto/NBD
ret-model-mbgnbd = MBG/NBD
ret-unit = Ajaühik
ret-unit-week = nädalad
ret-unit-day = päevad
ret-calibration-end = Kalibreerimise lõpp
ret-holdout-days = Kontrollperioodi päevad
ret-horizon-days = Prognoosi päevad
ret-run-button = Käivita
ret-band = Riskitase
ret-any = kõik
ret-owner = Vastutaja
ret-filter = Filtreeri
ret-empty = Ükski klient ei vasta või prognoosi pole veel arvutatud.
ret-risk = Risk
ret-p-alive = P(aktiivne)
ret-clv = Kliendi eluaegne väärtus
ret-var = Ohus väärtus
ret-top-reason = Peamine põhjus
ret-last-contact = Viimane kontakt
ret-task = Kõneülesanne
ret-more = Järgmine lehekülg
ret-summary = { $high } kõrge, { $medium } keskmine, { $low } madal risk; ohus { $var }
ret-status = Olek
ret-status-queued = ootel
ret-status-running = käib
ret-status-done = valmis
ret-status-failed = ebaõnnestus
risk-band-low = madal
risk-band-medium = keskmine
risk-band-high = kõrge
ret-card-title = Lahkumisrisk
ret-spark = P(aktiivne) varasemates arvutustes
ret-expected = Oodatavad ostud (periood)
ret-reasons = Miks
ret-computed = Arvutatud
ret-model-title = Lahkumise mudel
ret-model-intro = Prognooside aluseks olev sobitatud mudel ja kui hästi see ennustas perioodi, mida ta ei näinud.
ret-verdict-poor-title = See mudel sobib halvasti.
ret-verdict-poor = Kontrollperioodil eksis prognoos üle 20 %. Pea riskiskoore ligikaudseteks vihjeteks, mitte tõeks, kuni sobivus paraneb.
ret-verdict-ok = Kontrollperioodil jäi mudeli koguprognoos 20 % piiresse sellest, mida kliendid tegid.
ret-params = Parameetrid
ret-ll = Log-tõepära
ret-customers-fit = Ostudega kliente
ret-spend-params = Kulutuste mudel (Gamma-Gamma)
ret-holdout = Kontrollperioodi valideerimine
ret-holdout-none = Selles arvutuses kontrollperioodi valideerimist polnud.
ret-holdout-chart = Keskmised kordusostud kontrollperioodil kalibreerimise sageduse järgi, prognoositud ja tegelik
ret-predicted = Prognoos
ret-actual = Tegelik
ret-bucket-axis = kordusostud kalibreerimisperioodil
ret-frequency = Kordusostud
ret-customers = Kliendid
ret-runs = Arvutused
ret-started = Algus
ret-by = Käivitaja
ret-duration = Kestus
ret-fit-converged = Sobitamine koondus { $iterations } iteratsiooniga.
ret-fit-not-converged = Sobitamine ei koondunud ({ $iterations } iteratsiooni): parameetrid võivad olla ebausaldusväärsed.
ret-holdout-total = Viimasel { $days } kontrollpäeval tegid { $customers } klienti { $actual } kordusostu; mudel prognoosis { $predicted } (viga { $error } %).
risk-reason-no-purchase-ratio = Ostu pole olnud { $days ->
    [one] { $days } päev
   *[other] { $days } päeva
  } — { $ratio }× selle kliendi tavapärane vahe
risk-reason-no-purchase = Kordusostu pole; ainus ost oli { $days ->
    [one] { $days } päev
   *[other] { $days } päeva
  } tagasi
risk-reason-recent-purchase = Ostis { $days ->
    [one] { $days } päev
   *[other] { $days } päeva
  } tagasi, tavapärases rütmis
risk-reason-no-history = Oste veel pole: mudel ei saa hinnata, kehtib algrisk
risk-reason-contract-ends = Leping lõpeb { $days ->
    [one] { $days } päeva
   *[other] { $days } päeva
  } pärast
risk-reason-complaints = { $open ->
    [one] { $open } avatud kaebus
   *[other] { $open } avatud kaebust
  }{ $breaches ->
    [0] {""}
   *[other] , neist { $breaches } üle SLA tähtaja
  }
risk-reason-usage-down = Kasutus langes { $pct } % võrreldes eelmise 90 päevaga
risk-reason-usage-up = Kasutus kasvas { $pct } % võrreldes eelmise 90 päevaga
ret-settings = Hoidmise seaded
ret-settings-sub = Millal toimub igapäevane prognoos, millist mudelit see sobitab, kuidas kliendi väärtust arvestatakse ja kust algavad riskitasemed.
ret-settings-saved = Salvestatud. Järgmine arvutus kasutab neid seadeid.
ret-settings-save = Salvesta seaded
ret-settings-read-only = Neid seadeid muudavad juhid ja administraatorid.
ret-set-daily = Hinda kõiki kliente iga päev
ret-set-daily-at = Igapäevane arvutus kell (UTC)
ret-set-clv-months = Eluaegne väärtus (kuud)
ret-set-margin = Kasumimarginaal (0–1)
ret-set-discount = Aastane diskontomäär (0–1)
ret-set-medium-from = Keskmine risk alates skoorist
ret-set-high-from = Kõrge risk alates skoorist
ret-set-contract-days = Lõppev leping (päeva jooksul) tõstab riski
ret-set-at-risk-stage = Vii kõrge riskiga kliendid etappi „ohus“ (ja tagasi, kui risk langeb)
ret-set-help-daily = Käivitub kord päevas pärast allolevat kellaaega; juht võib arvutuse käivitada ka igal ajal.
ret-set-help-daily_at = TT:MM, 24-tunnine kell, UTC.
ret-set-help-model = BG/NBD sobib enamikule poodidele; Pareto/NBD ja MBG/NBD on kirjanduse alternatiivid.
ret-set-help-unit = Ajaühik, milles mudel arvestab; jaekaubanduse andmetele sobivad nädalad.
ret-set-help-holdout_days = Mudel sobitatakse ka nii palju päevi varem lõppevatele andmetele ja kontrollitakse hiljem toimunu vastu (0: kontrollita).
ret-set-help-horizon_days = Oodatavaid oste loetakse nii mitme päeva jooksul.
ret-set-help-clv_months = Kliendi eluaegne väärtus liidab nii mitme kuu oodatava kasumi.
ret-set-help-margin = Kulutuste osa, mis on kasum.
ret-set-help-discount_rate = Tulevane raha on vähem väärt: 0,1 diskonteerib aasta pärast 10 %.
ret-set-help-medium_from = Skoor 0–100; alates sellest on kliendi risk keskmine.
ret-set-help-high_from = Alates sellest skoorist on risk kõrge ja klient on helistamisnimekirjas eespool.
ret-set-help-contract_days = Varem lõppev leping kahekordistab lahkumise šansid (kolmandiku jooksul kolmekordistab).
ret-set-help-at_risk_stage = Üleviimine logitakse auditisse ja saadetakse sündmusena customer.risk_changed.
ret-trend = Kas selle kuu lahkumine on tavapärane?
ret-trend-help = Igal kuul lahkunud kliendid võrreldes arvuga, mida eelneva kuue kuu lahkumismäär ootaks, koos 95 % vahemikuga. Vahemikust väljas kuu märgitakse.
ret-trend-warning = Märgitud kuu lahkumisi ei seleta tavapärane määr: otsi põhjust.
ret-trend-month = Kuu
ret-trend-departed = Lahkunud
ret-trend-expected = Oodatud
ret-trend-band = 95 % vahemik
ret-trend-flag = hoiatus
ret-called = Hoidmiskõne on vastutaja ülesannete nimekirjas.
ret-open-customer = Ava klient
ret-no-owner = juhtide järjekord
task-kind-retention-call = Hoidmiskõne
ret-task-detail = lahkumisrisk { $score } ({ $band })
