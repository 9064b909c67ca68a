## IMAP-kogumise kaart sõnumiseadete lehel
imap-title = Sissetulev e-post (IMAP)
imap-off = Väljas: kliendi vastuste postkastist toomiseks määra [inbound] seadetes imap_host.
imap-server = Server
imap-mailbox = Postkast
imap-processed = Töödeldud kirjad
imap-processed-seen = märgitakse loetuks
imap-processed-move = teisaldatakse kausta { $folder }
imap-interval = Kontrollitakse
imap-every = { $n ->
    [one] iga sekund
   *[other] iga { $n } sekundi järel
}
imap-last = Viimane kontroll
imap-never = veel mitte
imap-taken = { $taken } võetud, { $skipped } kõrvale pandud (postkastis lipuga märgitud)
imap-last-ok = Viimane õnnestunud kontroll
imap-failing = ebaõnnestus
