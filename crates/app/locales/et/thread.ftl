# Kaebuse vestlus: töötaja leht, kliendi vestlusleht, vastuskiri.
thr-title = Vestlus
thr-internal = Sisemine märkus
thr-pruned = Selle sõnumi sisu on kustutatud (säilitustähtaja möödudes või kliendi andmete kustutamisel); alles on ainult saatmise kirje.
thr-html-as-text = Selles kirjas oli ka HTML-osa; see on salvestatud ja siin näidatud ainult tekstina.
thr-open-message = Ava sõnum saadetud kujul
thr-reply-label = Vasta kliendile
thr-internal-check = Sisemine märkus (kliendile ei saadeta)
thr-reply-hint = Vastus saadetakse kliendile e-postiga koos kaebuse viite ja lingiga tema vestluslehele.
thr-send = Saada
thr-link = Link kliendi vestluslehele
thr-make-link = Loo vestluslink üleandmiseks
thr-who-customer = Klient
thr-who-system = Saadetud automaatselt
thr-via-web-form = veebivorm
thr-via-email = e-post
thr-via-phone = telefon
thr-via-chat = vestlus
thr-via-in-person = kohapeal
thr-via-api = API
thr-via-post = post
thr-via-public = vestlusleht
thr-via-page = töötaja leht
thr-you = Teie
thr-who-team = Klienditugi
thr-public-title = Teie kaebus
thr-reference = Viide
thr-public-sent = Aitäh, teie sõnum jõudis meieni.
thr-public-follow = Kaebuse käiku saate jälgida ja meile kirjutada selle lehel (hoidke see link alles):
thr-public-reply = Kirjutage meile
cmp-message-complaint-reply = Vastus
actor-customer-public = Klient (vestlusleht)
actor-customer-email = Klient (e-post)
msg-message-title = Sõnum saadetud kujul
msg-col-subject = Teema
msg-open = Ava
msg-history = Saatmine
complaint-reply-subject = Vs: { $subject } { $tag }
complaint-reply-body = Lugupeetud { $name },

    { $body }

    { $agent }

    Võite sellele kirjale vastata või kirjutada meile oma kaebuse lehel: { $link }
    Viide: { $reference }
