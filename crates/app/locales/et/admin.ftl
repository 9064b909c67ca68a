## Admin area: staff users and API tokens; My account
nav-users = Kasutajad
nav-account = Minu konto
adm-users-title = Töötajad
adm-users-sub = Kes võib sisse logida ja millise rolliga. Deaktiveeritud kasutaja ei saa sisse logida; tema seansid lõpevad ja API-võtmed lakkavad töötamast.
adm-user-created = Kasutaja lisatud:
adm-generated-password = Algne parool:
adm-shown-once = Kopeeri see kohe: seda näidatakse ainult üks kord.
adm-field-email = E-post
adm-field-name = Nimi
adm-field-role = Roll
adm-field-password = Algne parool
adm-field-current = Praegune parool
adm-field-new = Uus parool
adm-field-confirm = Uus parool uuesti
adm-field-body = Päring
adm-status = Olek
adm-last-login = Viimane sisselogimine
adm-created = Loodud
adm-active = Aktiivne
adm-inactive = Deaktiveeritud
adm-add-user = Lisa kasutaja
adm-password-blank = Jäta tühjaks, et see luua
adm-add = Lisa kasutaja
adm-change-role = Muuda rolli
adm-deactivate = Deaktiveeri
adm-deactivate-help = Lõpetab kohe tema seansid; API-võtmed lükatakse tagasi, kuni ta uuesti aktiveeritakse.
adm-reactivate = Aktiveeri uuesti
adm-this-is-you = See oled sina. Oma võtmeid ja parooli halda lehel
adm-new-password = Uus parool:
adm-reset-password = Lähtesta parool
adm-reset-help = Loob uue parooli, mida näidatakse siin üks kord; tema seansid lõpevad.
adm-tokens = API-võtmed
adm-token-name = Võtme nimi
adm-token-create = Loo võti
adm-token-created = Uus võti:
adm-token-last-used = Viimati kasutatud
adm-token-never = mitte kunagi
adm-token-revoked = Tühistatud
adm-token-revoke = Tühista
adm-token-none = API-võtmeid veel pole.
adm-err-last-admin = Keeldutud: see on viimane aktiivne administraator. Tee esmalt keegi teine aktiivseks administraatoriks.
adm-role-admin = Administraator
adm-role-manager = Juht
adm-role-agent = Klienditeenindaja
adm-role-compliance = Vastavusametnik
adm-role-viewer = Vaataja
acct-tokens-help = Võtmed lasevad skriptidel kasutada API-t sinu nimel (Authorization: Bearer …). Salvestatakse ainult räsi.
acct-password = Muuda parooli
acct-password-save = Muuda parooli
acct-password-changed = Sinu parool on muudetud.
acct-err-mismatch = kaks uut parooli erinevad

## Audit: verify action
audit-verify-action = Kontrolli ahelat
audit-verify-ok = { $n ->
    [one] Ahel just kontrollitud: 1 kirje, kõik räsid klapivad.
   *[other] Ahel just kontrollitud: { $n } kirjet, kõik räsid klapivad.
}
audit-verify-broken = Ahel just kontrollitud: katkeb kirjel { $seq } ({ $reason }). Sellele eelnevad kirjed on korras.

## Offboarding: early erasure and retention holds
offb-erasure-title = Kustutamine
offb-erasure-help = Kustuta kliendi isikuandmed kohe, mitte kustutamiskuupäeval. Seadusliku säilitamiskohustusega kirjed jäävad alles, kui sa neid ei lisa; nende lisamine lükatakse tagasi, kuni säilitamine kestab.
offb-erasure-include-held = Ka säilitamiskohustusega kirjed
offb-erasure-submit = Taotle kustutamist
offb-erasure-refused = Kustutamisest keelduti: { $tables } tuleb säilitada kuni { $until } — õiguslik alus: { $basis }. Ülejäänud isikuandmed saab kohe kustutada.
offb-holds-title = Säilitamiskohustused
offb-holds-none = Säilitamiskohustusi pole.
offb-hold-category = Kategooria
offb-hold-tables = Kirjed
offb-hold-basis = Õiguslik alus
offb-hold-until = Säilitatakse kuni
offb-hold-state = Olek
offb-hold-running = kehtib
offb-hold-released = kustutatud { $at }
offb-erase-due = Käivita tähtaegsed kustutamised
offb-erase-due-done = { $n ->
    [one] Tehti 1 kustutamine.
   *[other] Tehti { $n } kustutamist.
}

# Preferred language (users.language)
adm-field-language = Keel
acct-language-browser = Brauseri valik
acct-language-help = Lehed ja töötajate e-kirjad (SLA hoiatused ja ületamised) on selles keeles. Kui vahetad sisselogituna päises keelt, salvestatakse see ka siia.
acct-language-save = Salvesta keel
acct-timezone = Ajavöönd
acct-timezone-help = Kõigi lehtede kuupäevad ja kellaajad näidatakse selles vööndis. Kui valikut pole, kasutatakse brauseri ajavööndit.
acct-timezone-now = Lehed kasutavad praegu vööndit { $zone }.
acct-timezone-browser = Minu brauseri ajavöönd
acct-timezone-save = Salvesta ajavöönd
