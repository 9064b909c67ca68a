// Keeps the `tzb` cookie equal to this browser's time zone, so staff pages show times in it
// when the user saved no zone on /account (see crates/app/src/web/zone.rs). No page content
// depends on this script: without it, times show in the server's zone.
(function () {
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!zone || !/^[A-Za-z0-9_+\-\/]{1,64}$/.test(zone)) return;
    var have = document.cookie.split('; ').filter(function (c) { return c.indexOf('tzb=') === 0; })[0];
    if (have === 'tzb=' + zone) return;
    // From the next page on (the sign-in page sets it before any staff page is drawn).
    document.cookie = 'tzb=' + zone + '; path=/; max-age=31536000; samesite=lax';
  } catch (e) { /* no Intl: the server's zone stays */ }
})();
