"""Combine OUT_DIR/rust.json and OUT_DIR/python.json into a markdown table."""
import json
import sys

out = sys.argv[1]
rs = json.load(open(f"{out}/rust.json"))
py = json.load(open(f"{out}/python.json"))
pyrows = {r["customers"]: r for r in py["fits"]}
print(f"Rust: carewell-predict, release build, {rs['threads']} rayon threads. Python: lifetimes 0.11.3 defaults.\n")
print("| customers | unique rows | BG/NBD carewell s | BG/NBD lifetimes s | ratio | lifetimes weighted s | Pareto/NBD carewell s | Pareto/NBD lifetimes s | ratio |")
print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
last_pn = None
for r in rs["fits"]:
    n = r["customers"]
    p = pyrows.get(n, {})
    bg_py = p.get("bgnbd_fit_s")
    pn_py = p.get("pnbd_fit_s")
    pn_note = ""
    if pn_py is None and last_pn is not None:
        # Linear extrapolation from the largest measured size (cost per row is linear,
        # Nelder-Mead iteration counts are roughly size independent).
        pn_py = last_pn[1] * n / last_pn[0]
        pn_note = f" (extrapolated ×{n // last_pn[0]} from {last_pn[0]:,})"
    elif pn_py is not None:
        last_pn = (n, pn_py)
    fmt = lambda v: "—" if v is None else f"{v:.3f}"
    ratio = lambda a, b: "—" if a is None or b is None else f"{b / a:.0f}×"
    print(f"| {n:,} | {r['unique_rows']:,} | {r['bgnbd_fit_s']:.3f} | {fmt(bg_py)} | {ratio(r['bgnbd_fit_s'], bg_py)} | "
          f"{fmt(p.get('bgnbd_weighted_fit_s'))} | {r['pnbd_fit_s']:.3f} | {fmt(pn_py)}{pn_note} | {ratio(r['pnbd_fit_s'], pn_py)} |")
print()
print(f"- Score 10,000,000 customers (P(alive) + expected purchases in 39 weeks, BG/NBD, in memory): {rs['score_10m_s']:.3f} s")
print(f"- Transaction log → summary: {rs['log_bytes'] / 1e6:.1f} MB in {rs['log_s']:.3f} s = {rs['log_mb_per_s']:.0f} MB/s (file read included, best of 3, all rayon threads)")
