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
ret-task = Loo ülesanne
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
