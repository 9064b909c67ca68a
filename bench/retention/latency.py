"""Customer-page latency for the scoring-run benchmark (issue 16): signs in through the login
form, then GETs /customers/{id} (the HTML page, a different customer each time, from IDS) on one
keep-alive connection, one request at a time, until STOP_FILE exists or SECS have passed.
Prints one JSON line: requests, errors, p50/p99/max in ms, requests/s.

Usage: latency.py BASE_URL EMAIL PASSWORD IDS STOP_FILE SECS
"""
import http.client
import json
import os
import random
import sys
import time
import urllib.parse

base, email, password, ids_path, stop, secs = sys.argv[1:7]
secs = float(secs)
u = urllib.parse.urlparse(base)
ids = [line.strip() for line in open(ids_path) if line.strip()]
random.seed(16)


def conn():
    return http.client.HTTPConnection(u.hostname, u.port, timeout=60)


c = conn()
body = urllib.parse.urlencode({"email": email, "password": password})
c.request("POST", "/login", body, {"Content-Type": "application/x-www-form-urlencoded"})
r = c.getresponse()
r.read()
if r.status != 303:
    sys.exit(f"login refused: {r.status}")
cookie = next(v.split(";")[0] for k, v in r.getheaders() if k.lower() == "set-cookie" and v.startswith("cw_session="))

lat, errors = [], 0
t_start = time.perf_counter()
while not os.path.exists(stop) and time.perf_counter() - t_start < secs:
    cid = random.choice(ids)
    t = time.perf_counter()
    try:
        c.request("GET", f"/customers/{cid}", headers={"Cookie": cookie})
        r = c.getresponse()
        r.read()
        ok = r.status == 200
    except (OSError, http.client.HTTPException):
        ok = False
        c.close()
        c = conn()
    lat.append((time.perf_counter() - t) * 1000.0)
    errors += 0 if ok else 1
elapsed = time.perf_counter() - t_start
lat.sort()


def pct(p):
    return lat[min(len(lat) - 1, int(len(lat) * p))] if lat else None


print(json.dumps({"requests": len(lat), "errors": errors, "seconds": elapsed,
                  "p50_ms": pct(0.50), "p99_ms": pct(0.99), "max_ms": lat[-1] if lat else None,
                  "rps": len(lat) / elapsed if elapsed else 0}))
