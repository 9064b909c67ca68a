use carewell_predict::{data::Compressed, pnbd, summary::read_summary};
use std::time::Instant;
fn main() {
    let rfm = read_summary(std::path::Path::new("/work/main/bench-out/predict/bgnbd_1000000.csv")).unwrap();
    let t = Instant::now();
    let d = Compressed::from_rfm(&rfm).unwrap();
    println!("compress {:?}", t.elapsed());
    let mut tx = std::collections::HashSet::new();
    let mut tt = std::collections::HashSet::new();
    for i in 0..d.len() {
        tx.insert((d.x[i], d.tx[i].to_bits()));
        tt.insert((d.x[i], d.t[i].to_bits()));
    }
    println!("rows {} pairs tx {} T {}", d.len(), tx.len(), tt.len());
    let p = pnbd::PnbdParams {
        r: 0.5,
        alpha: 10.0,
        s: 1.0,
        beta: 27.0,
    };
    let t = Instant::now();
    for _ in 0..20 {
        std::hint::black_box(pnbd::log_likelihood(&p, &d));
    }
    println!("ll eval (incl pairs build) {:?}", t.elapsed() / 20);
    let t = Instant::now();
    let f = pnbd::fit(&d).unwrap();
    println!("fit {:?} iters {}", t.elapsed(), f.iterations);
}
