# Üldotsing (päise otsingukast, /search, soovitused) ja kaebuse vormi kliendivalija.
search-title = Otsing
search-field = Otsi kliente ja kaebusi
search-placeholder = Otsi kliente, kaebusi…
search-suggestions = Soovitused
search-submit = Otsi
search-results-for = Tulemused päringule „{ $q }“
search-customers = Kliendid
search-complaints = Kaebused
search-see-all-customers = Näita kõiki sobivaid kliente
search-see-all-complaints = Näita kõiki sobivaid kaebusi
search-no-customers = Ükski klient ei sobi.
search-no-complaints = Ükski kaebus ei sobi.
search-hint = Leia kliente nime, e-posti, telefoni või viite järgi ning kaebusi viite (näiteks #1a2b3c4d) või pealkirja järgi.
search-nothing = Midagi ei leitud.
search-all-results = Kõik tulemused
search-suggest-count = { $n ->
    [0] Soovitusi pole
    [one] 1 soovitus
   *[other] { $n } soovitust
}
picker-find = Leia klient
picker-find-button = Leia
picker-hint = Kirjuta nimi, e-post, telefon või viide ja vali loendist.
picker-chosen = Valitud klient
picker-matches = Sobivad kliendid
picker-none = Päringule „{ $q }“ ei sobi ükski klient.
picker-more = Sobivaid kliente on rohkem: kirjuta nimest rohkem või sisesta e-post või telefon.
