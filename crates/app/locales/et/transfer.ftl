## CSV import ja eksport
nav-import = Import
transfer-title = Import ja eksport
transfer-intro = Laadi üles päisereaga CSV-fail. Kõigepealt kontrollitakse iga rida: kui mõni rida on vigane, ei impordita midagi ja kõik probleemid loetletakse. Tuntud external_ref-iga read uuendatakse, nii et sama faili uuesti üleslaadimine ei tekita duplikaate.
transfer-export = Laadi alla kõik kliendid (CSV)
transfer-kind = Mida fail sisaldab
transfer-kind-customers = Kliendid
transfer-kind-transactions = Tehingud
transfer-kind-contracts = Lepingud
transfer-kind-interactions = Suhtlused
transfer-file = CSV-fail (UTF-8)
transfer-file-hint = Kliendid: external_ref, name ning soovi korral kind, email, phone, language, country, timezone, segment, stage, tags (eraldajaks ;), birthday, anniversary, consent_<kanal>, attr_<nimi>.
transfer-submit = Kontrolli ja impordi
transfer-done = Imporditud
transfer-rows = Ridu failis
transfer-inserted = Uued
transfer-updated = Uuendatud
transfer-line = Rida
transfer-column = Veerg
transfer-reason = Probleem
transfer-no-file = Vali üleslaaditav CSV-fail.
transfer-refused = { $n ->
    [one] Leiti 1 probleem. Midagi ei imporditud.
   *[other] Leiti { $n } probleemi. Midagi ei imporditud.
}
transfer-more = { $n ->
    [one] … ja veel 1 probleem.
   *[other] … ja veel { $n } probleemi.
}
