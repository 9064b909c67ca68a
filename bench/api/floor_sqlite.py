#!/usr/bin/env python3
"""Times each statement of FILE (one per line) against the SQLite database DB, one connection,
one statement at a time, rows fetched; prints milliseconds per statement. The SQLite library is
the one the sqlite3 shell uses (python3's sqlite3 module); the shell's `.timer` only resolves
whole milliseconds."""
import sqlite3
import sys
import time

db, path = sys.argv[1], sys.argv[2]
con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
for line in open(path, encoding="utf-8"):
    stmt = line.strip()
    if not stmt:
        continue
    t = time.perf_counter()
    con.execute(stmt).fetchall()
    print(f"{(time.perf_counter() - t) * 1000:.4f}")
