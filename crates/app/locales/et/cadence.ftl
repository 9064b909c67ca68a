# Kontaktirütm ja hoolivad hetked: seadete leht, kliendi lehe rida, ülesannete liigid ja
# soojad sõnumid.

nav-cadence = Kontaktirütm
cad-title = Kontaktirütm ja hoolivad hetked
cad-sub = Kui tihti peaks iga klient meist kuulma ja mida teeme sünnipäevadel ja tähtpäevadel.
cad-stages = Kontaktirütm etapi kaupa
cad-stages-help = Mitu päeva ilma kõne, kohtumise, e-kirja, vestluse või külastuseta, enne kui klient loetakse unustatuks ja tema haldur saab meeldetuletuse (1–3650; tühi tähendab, et rütmi pole). Sisemised märkmed ei loe.
cad-col-stage = Etapp
cad-col-days = Päevi
cad-none = Rütmi pole
cad-never = Mitte kunagi: klient lahkub või on lahkunud
cad-overrides = Kontaktirütm segmendi kaupa
cad-overrides-help = Segmendi klientidel võib mõnes etapis vaja olla teistsugust rütmi (näiteks VIP-kliendid aktiivses etapis iga 30 päeva järel). See asendab nende jaoks etapi rütmi; kliendile, kes kuulub mitmesse sellisesse segmenti, kehtib lühim. Rütmi eemaldamiseks tühjendage päevade väli.
cad-overrides-none = Ühelgi segmendil pole oma kontaktirütmi.
cad-overrides-no-segments = Segmente veel pole: salvestage esmalt üks segmentide lehel.
cad-col-segment = Segment
cad-moments = Hoolivad hetked
cad-moments-help = Sünnipäevad ja koostöö aastapäevad kliendi enda kalendripäeval (tema ajavööndis). Ülesanne jõuab haldurini mõni päev varem; sõnum on turunduslik e-kiri, mis saadetakse ainult selgesõnalise nõusolekuga ning piirangute ja vaikse aja piires.
cad-mode = Mis juhtub
cad-mode-off = Mitte midagi
cad-mode-task = Ülesanne haldurile
cad-mode-message = Sõnum kliendile
cad-days-ahead = Päevi ette (ülesanded)
cad-moment-birthday = Sünnipäev
cad-moment-anniversary = Aastapäev
cad-save = Salvesta
cad-saved = Salvestatud.
cad-read-only = Neid seadeid saavad muuta juhid ja administraatorid.

cad-every = { $n ->
    [one] Kontakt iga päev
   *[other] Kontakt iga { $n } päeva järel
}
cad-last = { $n ->
    [0] viimane kontakt täna
    [one] viimane kontakt eile
   *[other] viimane kontakt { $n } päeva tagasi
}
cad-last-never = kontakti pole veel olnud
cad-next = järgmine kontakt { $date }
cad-overdue = kontakt hiljemalt { $date }, ootab
task-kind-contact-due = Võta ühendust
task-kind-care-moment = Hooliv hetk
cad-task-days = { $n ->
    [one] 1 päev viimasest kontaktist
   *[other] { $n } päeva viimasest kontaktist
}
cad-task-birthday = sünnipäev { $date }
cad-task-anniversary = { $years }. aastapäev { $date }

cad-msg-birthday-subject = Palju õnne sünnipäevaks, { $name }!
cad-msg-birthday-body =
    Hea { $name },

    palju õnne sünnipäevaks! Soovime, et Su päev oleks täis head seltskonda ja väikseid rõõme.
    Aitäh, et oled meiega – Sinu eest hoolitseda on rõõm.

    Soojade soovidega
    Sinu klienditeeninduse meeskond
cad-msg-anniversary-subject = Head aastapäeva, { $name }!
cad-msg-anniversary-body =
    Hea { $name },

    täna täitub taas üks aasta meie koostööst. Aitäh usalduse, küsimuste ja kannatlikkuse eest.
    Meil on hea meel, et oled meiega.

    Soojade soovidega
    Sinu klienditeeninduse meeskond
