# Auditilogi: kirjed, mille sisu on kustutatud (lahkumise järel kustutamine).
audit-redacted = Sisu kustutatud { $date } ({ $reason })
audit-redacted-note = Selle kirje isikuandmed on kustutatud; SHA-256 räsid hoiavad ahela kontrollitavana.
