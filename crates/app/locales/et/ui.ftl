app-name = Carewell
nav-customers = Kliendid
nav-audit = Auditilogi
nav-logout = Logi välja
nav-more = Veel
nav-language = Keel
login-title = Sisselogimine
login-email = E-post
login-password = Parool
login-submit = Logi sisse
login-failed = E-post või parool ei ole õige.
login-locked = Liiga palju ebaõnnestunud katseid; proovige uuesti { $n } minuti pärast.
error-title = Midagi läks valesti
error-back = Tagasi avalehele

## Customer list
customers-title = Kliendid
customers-new = Uus klient
customers-count = { $n ->
    [one] 1 klient
   *[other] { $n } klienti
}
customers-count-capped = 1000+ klienti
customers-none = Kliente veel pole. Lisa esimene või impordi CSV-fail.
customers-none-match = Ükski klient ei vasta nendele filtritele.
customers-none-page = Sellel lehel kliente pole; mine tagasi varasemale lehele.
customer-deleted = Klient ja tema ajalugu on kustutatud.
filter-search = Otsi
filter-search-hint = Nimi, e-post, telefon, viide või silt
filter-any = Kõik
filter-apply = Rakenda
filter-clear = Tühjenda
pager-label = Lehed
pager-prev = Eelmine
pager-next = Järgmine
pager-first = Esimene leht
pager-newer = Uuemad
pager-older = Vanemad
pager-page = Leht { $page } / { $pages }
pager-page-only = Leht { $page }

## Fields
field-name = Nimi
field-kind = Liik
field-stage = Etapp
field-segment = Segment
field-tag = Silt
field-tags = Sildid
field-tags-hint = Eralda komadega, nt vip, b2b
field-language = Keel
field-language-hint = BCP 47, nt en, zh-CN, et
field-country = Riik
field-country-hint = Kaks tähte, nt EE
field-timezone = Ajavöönd
field-timezone-hint = nt Europe/Tallinn
field-email = E-post
field-phone = Telefon
field-external-ref = Väline viide
field-external-ref-hint = Võti teistes süsteemides (valikuline, unikaalne)
field-owner-id = Vastutaja
field-owner-none = Vastutaja puudub
field-birthday = Sünnipäev
field-anniversary = Aastapäev
field-start-date = Alguskuupäev
field-end-date = Lõppkuupäev
field-attributes = Atribuudid
field-attributes-hint = Üks rea kohta: nimi = väärtus
field-created = Loodud
field-updated = Viimati muudetud
field-form = Kirje
field-contact-role = Roll
field-interaction-kind = Kontakti liik
field-occurred-at = Aeg (UTC)
field-sentiment = Meeleolu
field-summary = Kokkuvõte
field-summary-hint = Mida arutati, milles lepiti kokku, mis on järgmine samm

## Enumerations
stage-onboarding = Liitumisel
stage-active = Aktiivne
stage-at-risk = Lahkumisohus
stage-leaving = Lahkumas
stage-departed = Lahkunud
stage-won-back = Tagasi võidetud
kind-person = Eraisik
kind-organisation = Organisatsioon
channel-email = E-post
channel-sms = SMS
channel-phone = Telefon
channel-post = Post
channel-push = Tõuteade
consent-granted = Nõusolek antud
consent-refused = Keeldunud
consent-unknown = Küsimata
interaction-call = Kõne
interaction-meeting = Kohtumine
interaction-email = E-kiri
interaction-chat = Vestlus
interaction-visit = Külastus
interaction-note = Märkus
sentiment-positive = Positiivne
sentiment-neutral = Neutraalne
sentiment-negative = Negatiivne
renewal-auto = Pikeneb automaatselt
renewal-manual = Pikeneb kokkuleppel
renewal-none = Ei pikene
timeline-interaction = Suhtlus
timeline-transaction = Tehing
timeline-contract = Leping
timeline-usage = Kasutus

## Customer form
customer-new-title = Uus klient
customer-edit-title = Muuda: { $name }
form-has-errors = Palun kontrolli esiletõstetud välju.
form-save = Salvesta
form-cancel = Loobu
section-identity = Kes nad on
section-contact = Kuidas nendeni jõuda
section-relationship = Kliendisuhe
section-care = Tähtpäevad
section-consent = Nõusolekud
section-attributes = Atribuudid
consent-hint = Märgi kanalid, mille kaudu klient on nõustunud kontakti võtma. Märke eemaldamine salvestab keeldumise.

## Customer page
customer-edit = Muuda
customer-delete = Kustuta
section-profile = Profiil
section-contacts = Kontaktisikud
section-timeline = Ajajoon
contacts-none = Kontaktisikuid veel pole.
contact-primary = Peamine kontakt
contact-remove = Eemalda
contact-add = Lisa kontaktisik
interaction-record = Salvesta suhtlus
interaction-save = Lisa ajajoonele
timeline-empty = Ajajoonel pole veel midagi.

## Delete
delete-title = Kustuta klient
delete-question = Kas kustutada { $name } koos kogu ajalooga?
delete-explain = Ka kontaktisikud, suhtlused, tehingud, lepingud ja kasutusandmed eemaldatakse. Auditilogi säilitab kustutamise kirje. Seda ei saa tagasi võtta.
delete-confirm = Kustuta jäädavalt

## Audit log
audit-title = Auditilogi
complaints-count = { $n ->
    [one] 1 kaebus
   *[other] { $n } kaebust
}
complaints-count-capped = 1000+ kaebust
offb-count = { $n ->
    [one] 1 juhtum
   *[other] { $n } juhtumit
}
offb-count-capped = 1000+ juhtumit
audit-count-capped = 1000+ kirjet
audit-count = { $n ->
    [one] 1 kirje
   *[other] { $n } kirjet
}
audit-verified = Ahel kontrollitud: kõik { $n } kirjet on terved.
audit-broken = Ahel katkeb kirjel { $seq }: { $reason }
audit-seq = #
audit-at = Aeg
audit-actor = Kes
audit-action = Toiming
audit-entity = Objekt
audit-entity-id = Objekti id
audit-change = Näita muudatust
audit-before = Enne
audit-after = Pärast

# Error pages: heading per HTTP status, and what to do
error-400 = Päringut ei õnnestunud lugeda
error-401 = Palun logi sisse
error-403 = Sul pole selleks õigust
error-404 = Lehte ei leitud
error-409 = See on vastuolus praeguse olekuga
error-422 = Mõned väärtused vajavad parandamist
error-429 = Liiga palju päringuid
error-500 = Meie poolel läks midagi valesti
error-403-hint = Sinu roll ei luba seda lehte ega toimingut. Kui vajad seda, pöördu administraatori poole.
error-404-hint = Lehte või kirjet ei ole olemas või see on eemaldatud. Palun kontrolli linki.
error-429-hint = Palun oota minut ja proovi uuesti.
error-500-hint = Viga on logitud. Proovi uuesti; kui see kordub, teata administraatorile.
error-technical = Tehniline üksikasi
audit-none = Neile filtritele vastavaid auditikirjeid pole.

# Who did something, in history lines
actor-system = Süsteem
actor-customer = Klient
actor-customer-web-form = Klient (veebivorm)

# Money: the amount (with this language's decimal mark) and the ISO currency code.
money-decimal-mark = ,
money-group-mark = {"\u00A0"}
money = { $amount } { $currency }
nav-skip = Liigu sisu juurde
error-404-hint-customer = See link ei vii ühelegi lehele või leht on eemaldatud. Palun kontrolli saadud sõnumis olevat linki või vasta sellele sõnumile.
error-429-hint-customer = Liiga palju päringuid lühikese aja jooksul. Palun oota minut ja proovi uuesti.

# Kliendiloendi järjekorraveerud ja vastutaja filter.
customers-unassigned = Määramata
customers-last-contact = Viimane kontakt
customers-open-complaints = Avatud kaebused
customers-value = Väärtus
customers-created = Loodud
customers-owner-any = Kõik
customers-owner-me = Minu kliendid
customers-owner-none = Määramata
cust-duplicate-email = Selle e-posti aadressiga klient on juba olemas:
cust-duplicate-email-named = Selle e-posti aadressiga klient on juba olemas: { $name }
cust-allow-duplicate = Salvesta ikkagi: see on teine klient sama e-posti aadressiga

# Labels of fields that errors name outside their own forms (API answers, shared messages).
field-attachments = Manused
field-body = Tekst
field-comment = Kommentaar
field-current = Praegune parool
field-new = Uus parool
field-password = Parool
field-customer-id = Klient
field-customer-ref = Kliendi viide
field-event = Sündmus
field-file = Fail
field-quantity = Kogus
field-role = Roll
field-score = Hinne
field-to = Kuni
field-url = URL
field-value = Väärtus
field-received-at = Vastu võetud
field-resolved-at = Lahendatud
field-created-at = Loodud
field-held-until = Hoitakse kuni
field-hourly-cost = Tunnihind
field-quiet-hours = Vaikne aeg
field-message-id = Sõnumi ID
field-time = Aeg
field-at = Millal
field-confirm-large = Suur summa
field-large-amounts = Suured summad
field-from = Alates
