# Kliendisuhte lõpetamine: lahkumiskiri (offb-letter-*), kuupäevad ja summad, töötajate lehed (offb-*)
# ning kliendi oma leht (offb-public-*).

## Kuupäevad ja summad kirjades ning kliendi lehel

offb-date = { $day }. { $month } { $year }
offb-month-1 = jaanuar
offb-month-2 = veebruar
offb-month-3 = märts
offb-month-4 = aprill
offb-month-5 = mai
offb-month-6 = juuni
offb-month-7 = juuli
offb-month-8 = august
offb-month-9 = september
offb-month-10 = oktoober
offb-month-11 = november
offb-month-12 = detsember

## Lahkumiskiri

offb-letter-subject = Teie konto ettevõttes { $company }: meie otsus ja edasised sammud
offb-letter-thanks = Täname, et valisite ettevõtte { $company } ja usaldasite meid. Oleme tänulikud aja eest, mil saime teiega koostööd teha, ning teie kannatlikkuse eest ka siis, kui kõik ei läinud plaanipäraselt. Nagu vestluses juba rääkisime, soovime nüüd ka kirjalikult kinnitada, milleni jõudsime ja mis edasi saab.

offb-letter-situations = Peame silmas eelkõige järgmisi olukordi:
offb-letter-framing-trivial-complaints = Viimastele kuudele tagasi vaadates näeme, et me pole korduvalt suutnud teie ootustele vastata.
offb-letter-framing-trivial-complaints-after = Püüdsime iga kord olukorda parandada, kuid on selge, et me ei suuda pakkuda sellist kogemust, mida te ootate.
offb-letter-framing-staff-abuse = Mitu hiljutist vestlust teie ja meie meeskonna vahel on kujunenud kõigile osapooltele keeruliseks.
offb-letter-framing-staff-abuse-after = Me ei usu, et suudame pakkuda teile sellist koostööd, mida väärite, ning leiame, et lahku minna on mõlemale poolele õiglasem.
offb-letter-framing-no-more-business = Aja jooksul on teie vajadused liikunud suunas, mida meie teenus ei kata.
offb-letter-framing-no-more-business-after = Usume, et me ei ole enam teie jaoks õige partner teel, mida mööda te edasi liigute.
offb-letter-framing-no-referrals = Oleme oma koostööd põhjalikult hinnanud ja jõudnud järeldusele, et meie teenus ei vasta enam teie vajadustele.
offb-letter-framing-no-referrals-after = Ütleme selle pigem ausalt välja, kui laseme teenusel märkamatult halveneda.
offb-letter-framing-unprofitable = Oleme teile osutatava teenuse üle vaadanud ega suuda seda enam pakkuda tingimustel, mis sobiksid mõlemale poolele.
offb-letter-framing-unprofitable-after = Selle asemel et teenuse kvaliteedis järeleandmisi teha, otsustasime teenuse korrektselt ja plaanipäraselt lõpetada.
offb-letter-framing-unethical-requests = Mõned teie palved jäävad väljapoole seda, mida meie põhimõtted ja seadus lubavad meil teha.
offb-letter-framing-unethical-requests-after = Mõistame, et see pole vastus, mida lootsite, kuid me ei saa seda muuta.
offb-letter-framing-mission-fit = Meie ettevõte muudab oma fookust ning teenus, mida te meilt kasutate, ei sobi enam meie edasise suunaga.
offb-letter-framing-mission-fit-after = See otsus puudutab meie enda suunda, mitte teid.
offb-letter-framing-policy-change = Meie põhimõtete muutumise tõttu ei saa me teie teenust senisel kujul enam jätkata.
offb-letter-framing-policy-change-after = Oleme allpool toodud sammud kavandanud nii, et muutus oleks teie jaoks võimalikult sujuv.
offb-letter-framing-compliance = Seadusest ja regulatsioonidest tulenevad kohustused nõuavad, et lõpetaksime selle teenussuhte.
offb-letter-framing-compliance-after = Oleme kohustatud nii toimima ning oleme allpool toodud sammud hoolikalt läbi mõelnud.
offb-letter-framing-product-sunset = Lõpetame toote, mida kasutate, ja see ei ole edaspidi enam saadaval.
offb-letter-framing-product-sunset-after = Oleme allpool toodud sammud kavandanud nii, et midagi ei läheks kaduma.
offb-letter-framing-customer-request = Andsite meile teada, et soovite oma konto sulgeda, ja me austame teie otsust.
offb-letter-framing-customer-request-after = Oleme kõik need juhtumid kirja pannud ja need aitavad meil paremaks saada.
offb-letter-framing-other = Pärast hoolikat kaalumist oleme otsustanud teile teenuse osutamise lõpetada.
offb-letter-framing-other-after = See ei olnud meile kerge otsus.

offb-letter-goodwill-refund = Hea tahte märgiks tagastame täies ulatuses teie viimase arve summas { $amount }. Te ei peaks maksma kogemuse eest, mis ei vastanud teie ootustele. Raha kantakse tagasi samale maksevahendile, millega tasusite; teil ei ole vaja midagi teha.
offb-letter-goodwill-none = Kui teenuse lõppedes on teie kontol veel midagi lahtist, lahendame selle õiglaselt ja võimaluse korral teie kasuks ning anname teile täpselt teada, kuidas.

offb-letter-apology = Tahaksime uskuda, et meie teenus sobib kõigile, kuid teie puhul see nii ei olnud, ja meil on sellest siiralt kahju. Vabandame ka ebamugavuste pärast, mida see muudatus teile põhjustab.

offb-letter-alternatives-intro = Et te ei jääks teenuseta, võiksite tutvuda järgmiste teenusepakkujatega – mõni neist võib teile hästi sobida:
offb-letter-alternatives-outro = Soovi korral teeme teie uue teenusepakkujaga hea meelega koostööd, et üleminek oleks lihtne. Soovime teile palju edu!
offb-letter-alternatives-none = Kui soovite soovitusi mõne teise teenusepakkuja kohta, vastake lihtsalt sellele kirjale – aitame teid üleminekul hea meelega. Soovime teile palju edu!

## Lahkumiskiri e-kirjana väljundpostkasti kaudu (argumendid andmehoidlast: viis osa koos kui $letter,
## kuupäevad kujul AAAA-KK-PP, kliendi leht kui $link)

offb-letter-body = Lugupeetud { $name }!

    { $letter }

    Mis edasi saab:
    – teie teenus jätkub kuni kuupäevani { $service_end };
    – meie klienditugi aitab teid kuni kuupäevani { $support_end };
    – oma andmete täieliku koopia saate alla laadida kuni kuupäevani { $export_until };
    – kuupäeval { $deletion_date } kustutame teie isikuandmed, välja arvatud need, mida seadus kohustab meid säilitama.

    Oma isiklikul lehel saate seda teadet uuesti lugeda, oma andmed alla laadida ja meile öelda, mida oleksime võinud paremini teha: { $link }

    Parimate soovidega
    { $company }

## Töötajate lehed

offb-title = Kliendisuhte lõpetamine
offb-case = Lõpetamise juhtum
offb-open = Alusta kliendisuhte lõpetamist
offb-reports = Lõpetamiste aruanded
offb-any = Kõik
offb-apply = Rakenda
offb-none = Tingimustele vastavaid juhtumeid ei ole.
offb-how-to-open = Juhtumi saab avada kliendi lehelt.
offb-filter-active = Käimasolevad (kustutamata, tühistamata)
offb-field-customer = Klient
offb-field-reason = Põhjus
offb-field-reason-note = Sisemine märkus põhjuse kohta
offb-field-initiator = Algataja
offb-field-status = Olek
offb-field-opened = Avatud
offb-field-contract-type = Lepingu liik
offb-field-service_end = Teenuse lõpp
offb-field-support_end = Toe lõpp
offb-field-export_until = Andmete allalaadimine kuni
offb-field-deletion_date = Kustutamise kuupäev
offb-field-notice_date = Teatamise kuupäev
offb-field-exception_basis = Erandi õiguslik alus
offb-field-summary = Kokkuvõte
offb-field-situations = Dokumenteeritud olukorrad
offb-field-amount = Summa
offb-field-currency = Valuuta
offb-field-action = Samm
offb-field-letter = Kiri
offb-cancel-form = Loobu
offb-initiator-company = Meie ettevõte
offb-initiator-customer = Klient
offb-reason-trivial-complaints = Pidevad kaebused tühiste asjade üle
offb-reason-staff-abuse = Töötajate suhtes solvav käitumine
offb-reason-no-more-business = Rohkem äri ei tule
offb-reason-no-referrals = Ei soovita meid teistele
offb-reason-unprofitable = Kahjumlik
offb-reason-unethical-requests = Ebaeetilised palved
offb-reason-mission-fit = Ei sobi enam meie missiooniga
offb-reason-policy-change = Põhimõtete muutus
offb-reason-compliance = Seadusest või regulatsioonist tulenev kohustus
offb-reason-product-sunset = Toote lõpetamine
offb-reason-customer-request = Klient soovis lahkuda
offb-status-open = Avatud — ootab kinnitamist
offb-status-approved = Kinnitatud — võtke kliendiga ühendust
offb-status-contacted = Kliendiga räägitud — kirja võib saata
offb-status-notified = Kirjalik teade saadetud
offb-status-closed = Konto suletud
offb-status-erased = Andmed kustutatud
offb-status-cancelled = Tühistatud
offb-situations = Dokumenteeritud olukorrad
offb-situations-help = Märkige kaebused ja suhtlused, mis selle otsuseni viisid; kiri viitab neile.
offb-situation-complaint = Kaebus
offb-situation-interaction = Suhtlus
offb-timeline = Ajakava
offb-date-notice_date = Teatamise kuupäev
offb-date-service_end = Teenus lõpeb
offb-date-support_end = Tugi lõpeb
offb-date-export_until = Andmete allalaadimine kuni
offb-date-deletion_date = Andmete kustutamine
offb-rule = Minimaalne etteteatamisaeg ({ $jurisdiction }): { $period } — { $basis }
offb-period-days = { $days } päeva
offb-period-months = { $months } kuud
offb-period-both = { $months } kuud ja { $days } päeva
offb-notice-ok = Etteteatamisaeg on täidetud
offb-exception = Erandi alusel lühendatud
offb-notice-days = Etteteatamise päevi
offb-earliest = varaseim lubatud teenuse lõpp
offb-exception-basis = Erand: õiguslik alus
offb-exception-help = Ainult minimaalse etteteatamisaja lühendamiseks, nt seadus ja paragrahv
offb-plan-save = Kontrolli ja salvesta ajakava
offb-err-notice-short = Selle kava järgi teatatakse kliendile ette lühema ajaga, kui tal on õigus: { $period } ({ $jurisdiction }; { $basis }). Teenus saab lõppeda kõige varem { $earliest }. Lükake teenuse lõpp (ja sellele järgnevad kuupäevad) edasi või märkige erand koos õigusliku alusega.
offb-err-contact-first = Kirja ei saa veel saata: kirjalik teade järgneb otsesele vestlusele. Märkige esmalt üles kõne või kohtumine kliendiga; teie mustand on salvestatud.
offb-steps = Sammud
offb-step-approved = Juht on kava kinnitanud
offb-step-contact = Otsene kontakt (kõne või kohtumine) üles märgitud
offb-step-letter-sent = Lahkumiskiri toimetatud ja saadetud
offb-step-goodwill = Hea tahte hüvitis kirjendatud
offb-step-closed = Konto suletud
offb-step-follow-ups = Järelkontaktid ajastatud (+30 ja +90 päeva)
offb-step-erased = Isikuandmed kustutatud
offb-approve = Kinnita kava
offb-contact-kind = Kuidas
offb-contact-summary = Millest räägiti
offb-contact-log = Märgi otsene kontakt üles
offb-close = Sulge konto
offb-close-help = Sulgemine ajastab järelkontaktid ja andmete kustutamise kustutamise kuupäeval.
offb-cancel = Tühista juhtum
offb-cancel-reason = Miks klient jääb
offb-impact = Mõju kontole
offb-impact-balances = Makstud kokku (neto)
offb-impact-revenue = Tulu viimase 12 kuu jooksul
offb-impact-refunds-due = Tagastamisele kuuluvad summad
offb-impact-refunds-pending = Ootab kinnitamist
offb-impact-last-invoice = Viimane arve
offb-impact-contracts = Kehtivad lepingud
offb-impact-complaints = Lahendamata kaebused
offb-goodwill = Hea tahte hüvitis
offb-goodwill-book = Kirjenda tagasimakse
offb-goodwill-default-reason = Viimase arve tagasimakse hea tahte märgiks
offb-letter = Lahkumiskiri
offb-letter-sent = Saadetud
offb-letter-language = Keel
offb-part-thanks = Tänu
offb-part-framing = Raamistus
offb-part-goodwill = Hea tahe
offb-part-apology = Vabandus
offb-part-alternatives = Alternatiivid
offb-part-thanks-help = tänu koos veedetud aja eest
offb-part-framing-help = otsus dokumenteeritud olukordade kaudu, mitte kunagi inimese hinnanguna
offb-part-goodwill-help = mida teeme, et lahku minna heas läbisaamises
offb-part-apology-help = kahetsus, et koostöö ei õnnestunud
offb-part-alternatives-help = kuhu klient saab edasi minna
offb-letter-save = Salvesta mustand
offb-letter-reset = Taasta vaiketekst
offb-letter-send = Saada kiri
offb-letter-preview = Eelvaade (nii, nagu klient selle saab)
offb-letter-default-note = See on soovitatud tekst kliendi keeles; toimetage seda, seejärel salvestage või saatke.
offb-link-placeholder = [link teie lehele]
offb-customer-page = Kliendi leht
offb-link-once = Kopeerige see link kohe; seda näidatakse ainult üks kord ja see asendab varasema lingi:
offb-copy = Kopeeri
offb-link-issued = Link väljastatud
offb-link-none = Linki pole veel väljastatud; kirja saatmisel väljastatakse see automaatselt.
offb-link-issue = Väljasta uus link
offb-survey = Lahkumisküsitlus
offb-survey-none = Vastust veel ei ole.
offb-history = Ajalugu
offb-event-opened = Avatud
offb-event-plan-changed = Ajakava muudetud
offb-event-approved = Kinnitatud
offb-event-contact = Otsene kontakt
offb-event-letter-saved = Kiri salvestatud
offb-event-letter-sent = Kiri saadetud
offb-event-goodwill = Hea tahte hüvitis kirjendatud
offb-event-closed = Konto suletud
offb-event-erased = Andmed kustutatud
offb-event-hold-released = Säilitatud kirjed kustutatud
offb-event-cancelled = Tühistatud
offb-event-survey = Lahkumisküsitlusele vastatud
offb-event-link-issued = Link väljastatud
offb-certificate = Kustutamise tõend
offb-certificate-none = Kustutamist pole veel tehtud; tõend ilmub pärast isikuandmete kustutamist.
offb-certificate-verified = räsi kontrollitud
offb-certificate-broken = räsi ei klapi
offb-certificate-actor = Käivitaja
offb-certificate-erased = Kustutatud
offb-certificate-kept = Seadusliku kohustuse alusel säilitatud
offb-holds = Säilitamiskohustused
offb-report-from = Alates
offb-report-to = Kuni
offb-report-csv = Laadi alla CSV
offb-report-reasons = Põhjused
offb-report-outcomes = Tulemused
offb-report-cases = Juhtumeid
offb-report-revenue = Kaotatav tulu (12 kuud enne iga juhtumit)

## Kliendi leht

offb-public-title = Teie konto: mis edasi saab
offb-public-intro = Lugupeetud { $name }! Sellel lehel on kokku võetud see, mida teile kirjutasime. Siin saate üle vaadata kuupäevad, laadida alla oma andmete täieliku koopia ja soovi korral öelda, mida oleks { $company } võinud paremini teha.
offb-public-letter = Meie kiri teile
offb-public-timeline = Ajakava
offb-public-notice_date = Teatatud
offb-public-service_end = Teie teenus lõpeb
offb-public-support_end = Klienditugi on saadaval kuni
offb-public-export_until = Andmeid saab alla laadida kuni
offb-public-deletion_date = Teie isikuandmed kustutatakse
offb-public-data = Teie andmed
offb-public-data-intro = Kõik, mida me teie kohta hoiame, on allalaadimiseks valmis. Saadaval kuni
offb-public-download-json = Laadi kõik alla (JSON)
offb-public-csv = Või tabelitena (CSV):
offb-public-csv-transactions = Maksed
offb-public-csv-contracts = Lepingud
offb-public-csv-ledger = Tagasimaksed ja krediit
offb-public-csv-interactions = Vestlused
offb-public-csv-complaints = Kaebused
offb-public-data-closed = Allalaadimise aeg on läbi. Kui vajate siiski koopiat, vastake palun meie kirjale.
offb-public-feedback = Teie tagasiside
offb-public-feedback-intro = Teie arvamus aitaks meid väga. Meie meeskond loeb läbi iga vastuse.
offb-public-why = Miks te lahkute? Kirjutage oma sõnadega.
offb-public-kept = Mis oleks pannud teid jääma?
offb-public-comment = Midagi muud, mida soovite meile öelda
offb-public-rating = Kuidas hindate meie koostööd (1–5)?
offb-public-send = Saada
offb-public-thanks = Täname tagasiside eest! Soovime teile kõike head.
offb-public-err-why = Palun kirjutage lühidalt, miks te lahkute.
offb-public-err-rating = Palun valige hinne 1 kuni 5 või jätke hindamata.
offb-public-err-long = Palun hoidke iga vastus alla 5000 tähemärgi.
offb-public-err-answered = Olete juba vastanud. Aitäh!

# Rules page (/offboarding/settings): minimum notice and retention.
offb-set-title = Etteteatamise ja säilitamise reeglid
offb-set-sub = Lühim etteteatamisaeg, millele kliendil on õigus, ja mida pärast konto sulgemist alles hoitakse.
offb-set-saved = Reeglid salvestatud.
offb-set-notice = Minimaalsed etteteatamisajad
offb-set-notice-help = Kehtib kõige täpsem reegel: kliendi riik, siis EU, siis default; lepinguliigi reegel on vaikereeglist tähtsam.
offb-set-notice-add = Lisa või muuda etteteatamise reeglit
offb-set-notice-read-only = Etteteatamise reegleid saavad muuta ainult administraatorid.
offb-set-jurisdiction-help = Kahetäheline riigikood, EU või default
offb-set-contract-help = nt payment-account, subscription; tühi tähendab default
offb-set-period = Minimaalne etteteatamisaeg
offb-set-change = Muuda
offb-set-save = Salvesta reegel
offb-set-remove = Eemalda reegel
offb-set-retention = Säilitamise reeglid
offb-set-retention-help = Neid kirjeid hoitakse pärast kliendisuhte lõppu nii mitu päeva sellel õiguslikul alusel ning seni näeb neid ainult vastavuskontroll.
offb-set-retention-add = Lisa või muuda säilitamise reeglit
offb-set-retention-read-only = Säilitamise reegleid saavad muuta ainult vastavuskontroll ja administraatorid.
offb-set-years = umbes { $years } aastat
offb-set-field-jurisdiction = Jurisdiktsioon
offb-set-field-contract_type = Lepingu liik
offb-set-field-min_months = Kuud
offb-set-field-min_days = Päevad
offb-set-field-basis = Alus
offb-set-field-category = Kategooria
offb-set-field-tables = Hoitavad kirjed
offb-set-field-keep_days = Hoitakse päevi
offb-set-field-legal_basis = Õiguslik alus
offb-set-table-transactions = Tehingud
offb-set-table-contracts = Lepingud
offb-set-table-ledger_entries = Tagasimaksed ja krediidid (pearaamat)
offb-set-err-number = { $field }: „{ $value }“ ei ole täisarv.
offb-set-err-gone = Seda reeglit enam ei ole.
offb-task-days = { $n } päeva pärast hüvastijättu
offb-report-revenue-restricted = { $n ->
    [one] 1 juhtumi tulu pole arvestatud: kliendi andmeid säilitatakse ja neid näeb ainult vastavusametnik.
   *[other] { $n } juhtumi tulu pole arvestatud: klientide andmeid säilitatakse ja neid näeb ainult vastavusametnik.
}
offb-public-download-zip = Laadi kõik minu andmed alla (ZIP)
offb-public-zip-holds = Üks fail, milles on kõik andmed JSON-vormingus ja tabelitena (CSV):

## The customer page's offboarding banner and the hard delete
offb-banner-open = Selle kliendiga lõpetatakse koostööd.
offb-banner-closed = Selle kliendi konto suleti koostöö lõpetamise käigus.
offb-banner-link = Ava lõpetamise juhtum
offb-banner-erasure = Isikuandmed eemaldatakse juhtumi seadusliku kustutamisega (säilitusnõudeid arvestades), mitte kliendi kustutamisega.
delete-has-case = Sellel kliendil on koostöö lõpetamise juhtum, seega ei saa teda otse kustutada.
delete-to-erasure = Mine juhtumi andmete kustutamise juurde
