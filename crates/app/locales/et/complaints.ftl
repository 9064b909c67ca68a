# Complaints: staff pages, the public form, and customer-facing messages (complaint-*).

cmp-title = Kaebused
cmp-new = Uus kaebus
cmp-reports = Kaebuste aruanded
cmp-search = Otsi
cmp-any = Kõik
cmp-apply = Rakenda
cmp-none = Sobivaid kaebusi pole.
cmp-filter-open = Avatud (sulgemata)
cmp-field-subject = Teema
cmp-field-customer = Klient
cmp-field-severity = Raskusaste
cmp-field-category = Kategooria
cmp-field-channel = Kanal
cmp-field-status = Olek
cmp-field-sla = Teenustase
cmp-field-received = Saabunud
cmp-field-description = Kirjeldus
cmp-field-owner = Vastutaja
cmp-save = Salvesta kaebus
cmp-cancel = Tühista
cmp-escalated = Eskaleeritud
cmp-next = Järgmised sammud
cmp-sla-first-response = Esmane vastus
cmp-sla-resolution = Lahendus
cmp-sla-overall = Kokku
cmp-sla-due = tähtaeg
cmp-sla-paused = peatatud
cmp-sla-warning = 75% möödas
cmp-sla-active = Käimas
cmp-sla-met = Täidetud
cmp-sla-missed = Ületatud
cmp-compensation = Hüvitis
cmp-total = Kokku
cmp-ledger-kind = Liik
cmp-amount = Summa
cmp-currency = Valuuta
cmp-reason = Põhjus
cmp-approval = Kinnitus
cmp-approve = Kinnita
cmp-reject = Lükka tagasi
cmp-reverse = Tühista kanne
cmp-reversed = tühistatud
cmp-book = Kirjenda
cmp-history = Ajalugu
cmp-tasks = Ülesanded
cmp-links = Kliendi lingid
cmp-form-link = Kaebuse vorm
cmp-make-link = Loo kliendi kaebusevormi link
cmp-satisfaction = Rahulolu
cmp-satisfaction-link = Rahuloluküsimus
cmp-links-once = Linki näidatakse üks kord selle loojale; uue loomisel vana lakkab töötamast.
cmp-form-link-issued = Kaebusevormi link loodud
cmp-renew-link = Loo uus kaebusevormi link
cmp-make-satisfaction-link = Loo rahulolulink kliendile edastamiseks
cmp-satisfaction-question = Kui rahul olete sellega, kuidas teie kaebust käsitlesime?
cmp-satisfaction-scale = 1 = üldse mitte, 5 = väga
cmp-satisfaction-comment = Kas soovite veel midagi öelda?
cmp-satisfaction-thanks = Täname vastuse eest.
cmp-from = Alates
cmp-to = Kuni
cmp-csv = Ekspordi CSV
cmp-median-first-response = Esmase vastuse mediaanaeg
cmp-median-resolution = Lahendamise mediaanaeg
cmp-repeat = Korduvad kaebajad
cmp-root-causes = Algpõhjused
cmp-public-title = Rääkige meile, mis läks valesti
cmp-public-intro = Loeme iga kaebust. Kirjeldage, mis juhtus ja mida soovite, et teeksime; vastame kiiresti.
cmp-public-what = Mis juhtus?
cmp-public-urgent = See on kiireloomuline
cmp-public-send = Saada
cmp-public-thanks = Aitäh — oleme teie kaebuse kätte saanud
cmp-public-thanks-body = Meie meeskonna liige võtab teiega peagi ühendust.
cmp-public-reference = Viide
cmp-public-describe = Palun kirjeldage, mis juhtus.
cmp-public-too-long = Palun hoidke kirjeldus alla 5000 märgi.
cmp-public-choose-score = Palun valige number 1 kuni 5.
cmp-severity-critical = Kriitiline
cmp-severity-high = Kõrge
cmp-severity-medium = Keskmine
cmp-severity-low = Madal
cmp-category-billing = Arveldus
cmp-category-service = Teenindus
cmp-category-product = Toode
cmp-category-staff = Töötajad
cmp-category-delivery = Tarne
cmp-category-other = Muu
cmp-channel-web-form = Veebivorm
cmp-channel-email = E-post
cmp-channel-phone = Telefon
cmp-channel-chat = Vestlus
cmp-channel-in-person = Isiklikult
cmp-channel-api = API
cmp-channel-post = Post
cmp-status-new = Uus
cmp-status-acknowledged = Kinnitatud
cmp-status-listening = Kuulamisel
cmp-status-demand-confirmed = Nõue kinnitatud
cmp-status-resolving = Lahendamisel
cmp-status-resolved = Lahendatud
cmp-status-followed-up = Järelkontroll tehtud
cmp-status-closed = Suletud
cmp-status-waiting-on-customer = Ootab klienti
cmp-action-acknowledge = Kinnita kättesaamist
cmp-action-listen = Alusta kuulamist
cmp-action-confirm-demand = Kinnita nõue
cmp-action-start-resolving = Alusta lahendamist
cmp-action-resolve = Lahenda
cmp-action-follow-up = Järelkontroll tehtud
cmp-action-close = Sulge
cmp-action-wait-on-customer = Oota klienti
cmp-action-customer-responded = Klient vastas
cmp-action-reopen = Ava uuesti
cmp-action-escalate = Eskaleeri
cmp-input-note = Märkus (valikuline)
cmp-input-demand = Kliendi põhinõue teie sõnadega
cmp-input-resolution = Mida tehti
cmp-input-root_cause = Algpõhjus
cmp-input-reason = Põhjus
cmp-event-created = Vastu võetud
cmp-event-acknowledge = Kinnitatud
cmp-event-listen = Kuulamisel
cmp-event-confirm-demand = Nõue kinnitatud
cmp-event-start-resolving = Lahendamisel
cmp-event-resolve = Lahendatud
cmp-event-follow-up = Järelkontroll
cmp-event-close = Suletud
cmp-event-wait-on-customer = Ootab klienti
cmp-event-customer-responded = Klient vastas
cmp-event-reopen = Avatud uuesti
cmp-event-escalate = Eskaleeritud
cmp-event-assign = Määratud
cmp-event-message = Sõnum kliendile
cmp-event-satisfaction = Rahulolu vastus
cmp-event-sla-warning = Teenustaseme hoiatus
cmp-event-sla-breach = Teenustase ületatud
cmp-ledger-credit = Krediit
cmp-ledger-refund = Tagasimakse
cmp-ledger-coupon = Kupong
cmp-ledger-waived-invoice = Arvest loobutud
cmp-ledger-reversal = Tühistus
cmp-approval-not-required = Pole vaja
cmp-approval-pending = Ootab kinnitust
cmp-approval-approved = Kinnitatud
cmp-approval-rejected = Tagasi lükatud
cmp-task-follow-up-visit = Järelkülastus
cmp-task-sla-warning = Teenustaseme hoiatus
cmp-task-sla-breach = Teenustase ületatud
cmp-task-escalation = Eskalatsioon
cmp-task-offboarding-follow-up = Lahkumise järelkontakt
cmp-message-complaint-acknowledged = Kättesaamise kinnitus
cmp-message-complaint-demand-confirmed = Meie arusaam teie nõudest
cmp-message-complaint-waiting = Vajame teilt midagi
cmp-message-complaint-resolved = Lahendus
cmp-message-complaint-reopened = Uuesti avatud
cmp-message-complaint-satisfaction = Rahuloluküsimus
cmp-message-complaint-closed = Suletud
complaint-acknowledged-subject = Oleme teie kaebuse kätte saanud: { $subject }
complaint-acknowledged-body = Lugupeetud { $name },
    täname, et meile teada andsite. Vabandame ebameeldivuste pärast. Teie kaebusega tegeleb { $agent }, kes võtab peagi ühendust.
    Viide: { $reference }
complaint-demand-confirmed-subject = Mida me mõistsime, et soovite
complaint-demand-confirmed-body = Lugupeetud { $name },
    et olla kindel, et saime teist õigesti aru: { $demand }
    Tegeleme sellega.
complaint-waiting-subject = Vajame teilt midagi
complaint-waiting-body = Lugupeetud { $name },
    teie kaebusega jätkamiseks vajame: { $note }
    Võite sellele kirjale vastata või kirjutada meile oma kaebuse lehel: { $link }
complaint-resolved-subject = Teie kaebus on lahendatud
complaint-resolved-body = Lugupeetud { $name },
    tegime järgmist: { $resolution }
    Mõne päeva pärast kontrollime, et kõik on korras.
complaint-reopened-subject = Avasime teie kaebuse uuesti
complaint-reopened-body = Lugupeetud { $name },
    avasime teie kaebuse uuesti ja võtame peagi ühendust.
complaint-satisfaction-subject = Kuidas meil läks?
complaint-satisfaction-body = Lugupeetud { $name },
    üks lühike küsimus: kui rahul olete sellega, kuidas teie kaebust käsitlesime? { $link }
complaint-closed-subject = Teie kaebus on suletud
complaint-closed-body = Lugupeetud { $name },
    teie kaebus on suletud. Täname kannatlikkuse eest.
cmp-task-done = Tehtud
cmp-assign = Määra
cmp-pending-approvals = Kinnitust ootavad hüvitised
cmp-queue = Juhid
# Sisemine e-kiri töötajatele SLA kontrollpunktide kohta.
complaint-staff-sla-warning-subject = SLA hoiatus ({ $target }): { $subject }
complaint-staff-sla-warning-body = Tere, { $name }!
    Kliendi { $customer } kaebuse „{ $subject }” (viide { $reference }) eesmärgi { $target } ajast on möödunud { $percent }%.
    { $link }
complaint-staff-sla-breach-subject = SLA ületatud ({ $target }): { $subject }
complaint-staff-sla-breach-body = Tere, { $name }!
    Kliendi { $customer } kaebuse „{ $subject }” (viide { $reference }) eesmärk { $target } jäi täitmata. Kaebus on eskaleeritud.
    { $link }
# Kliendi ajajoone kirjed kaebuste käsitlemisest.
timeline-complaint = Kaebus
timeline-compensation = Hüvitis
cmp-set-severity = Muuda tõsidust
cmp-event-severity = Tõsidus muudetud

# SLA reeglite leht (/complaints/sla).
sla-title = SLA reeglid
sla-intro = Esmase vastuse ja lahendamise tähtajad raskusastme kaupa, arvestatud tööajas.
sla-business-hours = Tööaeg
sla-business-note = Kell käib ainult tööajal (v.a ööpäevaringsed reeglid) ja seisab, kui oodatakse kliendi vastust. Muudatus kehtib selle raskusastme avatud kaebuste tähtaegadele.
sla-holidays = Suletud päevad
sla-saved = SLA reegel salvestati.
sla-edit = Muuda
sla-save = Salvesta reegel
sla-first-response-minutes = Esmase vastuse tähtaeg (minutites)
sla-resolution-minutes = Lahendamise tähtaeg (minutites)
sla-utc-offset = Nihe UTC suhtes (minutites, nt 120 = UTC+2)
sla-always-open = Ööpäevaringselt (24/7)
sla-open-days = Lahtiolekupäevad
sla-opens = Avatakse (HH:MM)
sla-closes = Suletakse (HH:MM, 24:00 = kesköö)
sla-open-minute = { sla-opens }
sla-close-minute = { sla-closes }
sla-utc-offset-minutes = { sla-utc-offset }
sla-hours = { $n } h
sla-minutes = { $n } min
sla-day-0 = E
sla-day-1 = T
sla-day-2 = K
sla-day-3 = N
sla-day-4 = R
sla-day-5 = L
sla-day-6 = P
cmp-task-level = tase { $n }

# Kaebuste järjekord: vastutaja, SLA tähtaja ja kliendi viimase sõnumi veerud, vastutaja ja peatse ületamise filtrid.
cmp-field-sla-due = SLA tähtaeg
cmp-field-last-customer = Klient kirjutas viimati
cmp-unassigned = Määramata
cmp-owner-any = Kõik
cmp-owner-me = Minu omad
cmp-owner-none = Määramata
cmp-filter-breaching = Tähtaeg ületub 1 h jooksul
cmp-due-breached = ületatud
cmp-due-warning = tähtaeg lähedal
cmp-large-title = See on suur summa — kinnita
cmp-large-text = { $amount } ületab { $threshold }. Kontrolli enne jätkamist summat ja valuutat.
cmp-large-book = Jah, kirjenda { $amount }
cmp-large-approve = Jah, kinnita { $amount }
cmp-large-cancel = Ei, muudan
