-- Staff time zone preference: an IANA zone name (Europe/Tallinn); NULL = the browser's zone
-- (then the server's). Staff pages show times in it, with UTC on hover.
ALTER TABLE users ADD COLUMN timezone TEXT;
