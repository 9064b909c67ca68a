# Väljaminevad sõnumid (kliendile saadetavad e-kirjad) ja sõnumilehed.
# Kliendile suunatud mallid: <template>-subject ja <template>-body.

msg-generic-subject = { $subject }
msg-generic-body = { $body }

msg-test-subject = Carewelli testsõnum
msg-test-body =
    Tere!

    See on Carewelli testsõnum. Kui näete seda, töötab väljaminev e-post.

    Saatja: { $sender }.

msg-care-checkin-subject = Kuidas läheb, { $name }?
msg-care-checkin-body =
    Hea { $name }!

    Me pole mõnda aega suhelnud. Kas saame teie heaks midagi teha?
    Vastake lihtsalt sellele kirjale — selle loeb päris inimene.

    Parimate soovidega
    { $agent }

msg-offboarding-notice-subject = Teade teie konto kohta
msg-offboarding-notice-body =
    Hea { $name }!

    Anname teile ametlikult teada, et meie teenus teile lõpeb { $end_date }.
    Täieliku teate saate lugeda ja oma andmed alla laadida siin: { $link }

    Parimate soovidega
    { $agent }

# Saatelogi ja seadete lehed.
msg-log-title = Sõnumid
msg-log-sub = Kliendi { $name } saatelogi
msg-back-customer = Tagasi kliendi juurde
msg-col-created = Loodud
msg-col-channel = Kanal
msg-col-class = Liik
msg-col-event = Sündmus
msg-col-recipient = Saaja
msg-col-status = Olek
msg-col-reason = Põhjus
msg-col-attempts = Katseid
msg-col-sent = Saadetud
msg-retry = Proovi uuesti
msg-content-pruned = sisu kustutati { $date } (säilitusaeg möödas)
msg-none = Sõnumeid veel pole.
msg-status-queued = järjekorras
msg-status-sending = saatmisel
msg-status-sent = saadetud
msg-status-failed = ebaõnnestus, proovitakse uuesti
msg-status-deferred = edasi lükatud
msg-status-dropped = loobutud
msg-status-dead = surnud
msg-settings-title = Sõnumite seaded
msg-smtp = E-post (SMTP)
msg-smtp-host = Host
msg-smtp-port = Port
msg-smtp-tls = TLS
msg-smtp-user = Kasutaja
msg-smtp-password = Parool
msg-smtp-off = Seadistamata: e-kirjad ootavad väljundkastis.
msg-from = Saatja
msg-rules = Austus kliendi vastu
msg-cap = Sagedusepiirang
msg-cap-value = kuni { $n } sõnumit kanali kohta { $days } päeva jooksul
msg-quiet = Vaikne aeg (kliendi kohalik aeg)
msg-endpoints = Veebikonksu lõpp-punktid
msg-endpoints-none = Veel pole: sündmusi ei saadeta kuhugi.
msg-endpoint-url = URL
msg-endpoint-events = Sündmuste liigid (kui midagi pole märgitud: kõik)
msg-endpoint-description = Kirjeldus
msg-endpoint-add = Lisa lõpp-punkt
msg-endpoint-disable = Keela
msg-endpoint-enable = Luba
msg-endpoint-active = aktiivne
msg-endpoint-inactive = keelatud
msg-secret-once = Allkirjastamise saladus — kopeerige see kohe, seda ei näidata uuesti:
msg-test = Saada test-e-kiri
msg-test-to = Saaja
msg-test-send = Saada
msg-test-queued = Testsõnum on järjekorras.

## Integration event catalogue (webhook endpoint form)
msg-evt-all = Kõik sündmused, ka tulevased
msg-evt-customer-created = Klient loodud
msg-evt-customer-updated = Klient muudetud
msg-evt-customer-deleted = Klient kustutatud
msg-evt-complaint-created = Kaebus esitatud
msg-evt-complaint-status-changed = Kaebuse olek muutus
msg-evt-complaint-sla-breached = Kaebuse tähtaeg ületatud
msg-evt-compensation-created = Hüvitis kirjendatud
msg-evt-compensation-decided = Hüvitis kinnitatud või tagasi lükatud
msg-evt-offboarding-opened = Lahkumine alustatud
msg-evt-offboarding-notice-sent = Lahkumisteade saadetud
msg-evt-offboarding-closed = Lahkumine lõpetatud
msg-evt-offboarding-erased = Lahkumise andmed kustutatud
msg-evt-client-fit-decided = Kliendisobivuse otsus salvestatud
msg-test-queued-smtp-off = Testsõnum on järjekorras. E-post pole veel seadistatud (SMTP-serverit pole), seega ootab sõnum väljundjärjekorras ja lahkub kohe, kui SMTP on seadistatud.
msg-endpoint-deliveries = Edastused
msg-endpoint-never = Edastusi veel pole
msg-endpoint-last = Viimane: { $status }, { $at }
msg-endpoint-failures = { $n ->
    [one] 1 ebaõnnestunud katse 7 päevaga
   *[other] { $n } ebaõnnestunud katset 7 päevaga
}
msg-endpoint-failing = ebaõnnestub
