# Miks väärtus või toiming tagasi lükati: valdkonna koodidest (err-*) ja andmekihi
# keeldumistest (refusal-*); neis olevad sõnad (word-*, table-*) tõlgitakse enne.

## Vigased väärtused (välja nime kõrval)
err-required = on kohustuslik
err-too-long = on pikem kui { $max } märki
err-too-short = on lühem kui { $min } märki
err-too-many = sisaldab rohkem kui { $max } kirjet
err-too-many-bytes = on suurem kui { $max } baiti
err-year-out-of-range = „{ $value }” ei jää aastate { $min } ja { $max } vahele
err-leap-second = „{ $value }” sisaldab 60. sekundit (liigsekund); kasutage :59
err-internal-address = „{ $value }” asub selles serveris või selle sisevõrgus (loopback, privaatne, link-local või pilve metaandmed); administraator saab kohaliku vastuvõtja lubada seadega webhook_allow_hosts
err-control-characters = sisaldab juhtmärke
err-forbidden-characters = „{ $value }” sisaldab lubamatuid märke ({ $chars })
err-one-of = „{ $value }” ei ole üks järgmistest: { $allowed }
err-malformed = „{ $value }” ei ole { $expected }
err-not-a-number = „{ $value }” ei ole arv
err-not-a-whole-number = „{ $value }” ei ole täisarv
err-too-many-decimals = „{ $value }” on rohkem kui { $max } komakohaga ({ $currency })
err-too-large = „{ $value }” on liiga suur
err-out-of-range = { $bounds ->
    [both] peab olema vahemikus { $min } kuni { $max }
    [min] peab olema vähemalt { $min }
    [max] võib olla kõige rohkem { $max }
   *[none] on lubatud vahemikust väljas
}
err-in-future = ei saa olla tulevikus
err-earlier-than = ei saa olla varasem kui { $other }
err-not-later-than = peab olema hilisem kui { $other }
err-later-than = ei saa olla hilisem kui { $other }
err-not-earlier-than = peab olema varasem kui { $other }
err-no-open-day = vaja on vähemalt üht lahtiolekupäeva
err-notice-too-short = { $jurisdiction } × { $contract_type } nõuab { $months ->
    [0] { $days } päeva
   *[other] { $days ->
        [0] { $months } kuu
       *[other] { $months } kuu ja { $days } päeva
    }
} etteteatamist ({ $basis }): teenus ei saa lõppeda enne { $earliest }; lühendamiseks lisage erand koos õigusliku alusega
err-exception-not-needed = plaan vastab minimaalsele etteteatamisajale; erandit pole vaja
err-no-such = { $what } „{ $id }” puudub
err-other-customers = see { $what } kuulub teisele kliendile
err-duplicate = „{ $value }” on loetletud kaks korda
err-duplicate-row = „{ $value }” on juba real { $line }
err-invalid-attachment = igal manusel peab olema nimi (kuni 255 baiti) ja suurus null või rohkem
err-unknown-column = tundmatu veerg; oodatakse mõnda järgmistest: { $expected }
err-missing-column = see kohustuslik veerg puudub
err-field-count = on { $found } välja, päises on { $expected }
err-not-utf8 = ei ole kehtiv UTF-8; salvestage fail UTF-8 kodeeringus
err-malformed-csv = ei ole korrektne CSV ({ $detail })
err-unreadable-file = faili ei õnnestunud lugeda ({ $detail })
err-empty-file = fail on tühi: päiserida on kohustuslik
err-wrong-password = praegune parool ei ole õige
err-passwords-differ = kaks uut parooli erinevad
err-unreadable-body = ei õnnestunud lugeda ({ $detail })
err-not-an-object = peab olema JSON-objekt ({ "{" }…{ "}" })

## Milline vigane väärtus oleks pidanud olema
word-email = e-posti aadress
word-phone = telefoninumber
word-country = ISO 3166-1 riigikood, näiteks EE
word-time-zone = IANA ajavöönd, näiteks Europe/Tallinn
word-language = keelekood, näiteks et või en
word-currency = kolmetäheline valuutakood, näiteks EUR
word-yes-no = jah või ei
word-date = kuupäev (AAAA-KK-PP)
word-date-time = kuupäev (AAAA-KK-PP) või RFC 3339 aeg
word-time = kellaaeg, näiteks 09:00
word-time-range = ajavahemik, näiteks 21:00-08:00
word-url = veebiaadress
word-http-url = http(s) veebiaadress
word-jurisdiction = kahetäheline riigikood, EU või default
word-slug = tähed, numbrid ja sidekriipsud (kuni 40)
word-name-value-line = rida kujul nimi = väärtus
word-kind-colon-id = viide kujul complaint:ID

## Kirjed
word-customer = klient
word-user = kasutaja
word-complaint = kaebus
word-interaction = suhtlus
word-transaction = tehing
word-contract = leping
word-ledger-entry = hüvitise kanne
word-offboarding-case = lahkumisjuhtum
word-hold = säilitamiskohustus
word-job = töö
word-message = sõnum
word-token = API-võti
word-contact = kontaktisik
word-letter = kiri
word-link = link
word-notice-rule = etteteatamise reegel
word-task = ülesanne
word-webhook-endpoint = veebikonks
word-prediction-run = prognoosi arvutus
word-page = leht
word-record = kirje

## Säilitatavad tabelid
table-transactions = tehingud
table-contracts = lepingud
table-ledger_entries = hüvitiste register

## Praegune olek keelab
refusal-wrong-state = toimingut „{ $action }” ei saa teha: { $entity } on olekus „{ $status }”{ $count ->
    [0] {""}
   *[other] ; praegu on lubatud: { $allowed }
}
refusal-step-first = { $step }
refusal-already-done = { $what }
refusal-already-exists = { $what } võtmega „{ $key }” on juba olemas
refusal-changed-meanwhile = keegi muutis seda vahepeal; laadige leht uuesti ja proovige veel kord
refusal-held = { $prospective ->
    [yes] keeldutud: { $tables } tuleb seadusliku kohustuse tõttu ({ $basis }) säilitada kuni { $until }; ülejäänud isikuandmed saab kustutada kohe
   *[no] keeldutud: { $tables } säilitatakse seadusliku kohustuse tõttu ({ $basis }) kuni { $until }; siis need kustutatakse
}
refusal-restricted = selle kliendi { $tables } säilitatakse seadusliku kohustuse tõttu ({ $basis }) kuni { $until } ja neid näeb ainult vastavusametnik
refusal-before-deletion-date = kustutamise kuupäev on { $date }; varasemat kustutamist tuleb eraldi taotleda
refusal-nothing-held = selle juhtumi juures pole midagi säilitatud; isikuandmed on juba kustutatud
refusal-last-admin = keeldutud: see on viimane aktiivne administraator; tehke enne keegi teine aktiivseks administraatoriks
refusal-four-eyes = kande koostaja ei saa seda kinnitada ega tagasi lükata
refusal-not-reversible = tühistuskannet ei saa tühistada
refusal-total-too-large = summa on arvutamiseks liiga suur; parandada tuleb kanne, mis tehti enne summade piiramist
refusal-escalation-max = juba kõrgeimal eskaleerimistasemel ({ $max })
refusal-default-rule-protected = reeglit default × default saab muuta, kuid mitte eemaldada
refusal-no-invoice = kliendil pole arvet, mida tagastada
refusal-export-closed = andmete allalaadimise aeg on läbi
refusal-run-in-progress = prognoosi arvutus juba käib ({ $id }); korraga käib üks
refusal-content-pruned = sõnumi sisu kustutati pärast säilitusaja lõppu; seda ei saa uuesti saata
refusal-no-fit-reasons = lahkuminekuks on vaja vähemalt üht põhjust tasemel „murettekitav” või „tõsine”; salvestage enne hinnang
refusal-in-use = keeldutud, sest kliendile viitavad veel { $by }; need säilitatakse ja kustutatakse lahkumisprotsessi kaudu
refusal-conflict = see on vastuolus olemasolevate andmetega
refusal-not-owner = see { $what } kuulub kellelegi teisele: seda võib teha ainult selle omanik või juht

## Mis peab enne tulema
word-approve-plan = kinnitage plaan enne kliendiga ühendust võtmist
word-contact-customer = kirjalikule teatele peab eelnema otsekontakt: salvestage enne kirja saatmist kõne või kohtumine kliendiga
word-write-letter = kirjutage enne lahkumiskiri
word-send-letter = saatke enne konto sulgemist kirjalik teade
word-close-account = sulgege konto enne selle andmete kustutamist
word-reopen = kaebus on suletud; avage see enne uuesti
word-judge-reason = salvestage enne hinnang tasemel „murettekitav” või „tõsine”

## Juba tehtud
word-plan-approved = plaan on juba kinnitatud
word-letter-sent = kiri on juba saadetud
word-account-closed = konto on juba suletud
word-cancelled = juhtum tühistati
word-erased = isikuandmed on juba kustutatud
word-reversed = see kanne on juba tühistatud
word-survey-answered = küsimustikule on juba vastatud, aitäh
word-satisfaction-answered = olete juba vastanud, aitäh
word-flagged = see suhtlus on juba märgitud
word-hold-ended = säilitamiskohustus on juba lõppenud
word-task-done = ülesanne on juba tehtud
word-revoked = see võti on juba tühistatud

## Enne reegleid keeldutud päringud
denied-role = roll { $role } ei saa seda teha
denied-csrf = vorm on aegunud või ei tulnud sellelt saidilt; laadige leht uuesti ja proovige veel kord
denied-body-too-large = päring on liiga suur (kuni { $max } baiti)
denied-unreadable-form = vormi ei õnnestunud lugeda
denied-unreadable-upload = üleslaadimist ei õnnestunud lugeda ({ $detail })
denied-malformed-request = päringut ei õnnestunud lugeda ({ $detail })
denied-method-not-allowed = see aadress ei vasta sellele meetodile
denied-unsupported-media-type = see aadress ei loe sellist sisutüüpi (saatke application/json)
denied-uri-too-long = aadress on liiga pikk (kuni { $max } baiti)
denied-idempotency-key-invalid = päis Idempotency-Key peab olema 1 kuni 255 nähtavat ASCII-märki
denied-idempotency-key-reused = seda Idempotency-Key väärtust on kasutatud teise päringu jaoks; uue päringu jaoks kasutage uut võtit
denied-idempotency-in-flight = esimest selle Idempotency-Key väärtusega päringut alles töödeldakse; proovige veidi hiljem uuesti
not-found = { $what } ei leitud
err-large-amount = { $amount } ületab { $threshold }, suurima summa, mida saab kirjendada või kinnitada ilma teise kinnituseta: kinnita see
refusal-duplicate-email = selle e-posti aadressiga klient on juba olemas: { $name } ({ $id })
