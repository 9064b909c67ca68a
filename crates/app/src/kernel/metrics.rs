//! Prometheus metrics: request counts by status class and a few business gauges.

use super::state::AppState;
use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::atomic::{AtomicU64, Ordering};

/// Counters kept in memory (per process; Prometheus sums across servers).
#[derive(Debug, Default)]
pub struct Metrics {
    requests: [AtomicU64; 5],
}

/// Middleware: counts every response by status class.
pub async fn count(State(s): State<AppState>, req: Request, next: Next) -> Response {
    let res = next.run(req).await;
    let class = (res.status().as_u16() / 100).clamp(1, 5) as usize - 1;
    s.metrics.requests[class].fetch_add(1, Ordering::Relaxed);
    res
}

/// GET /metrics: Prometheus text format.
pub async fn render(State(s): State<AppState>) -> Response {
    let mut out = String::from(
        "# HELP carewell_http_requests_total HTTP responses by status class.\n# TYPE carewell_http_requests_total counter\n",
    );
    for (i, c) in s.metrics.requests.iter().enumerate() {
        out.push_str(&format!(
            "carewell_http_requests_total{{class=\"{}xx\"}} {}\n",
            i + 1,
            c.load(Ordering::Relaxed)
        ));
    }
    let up = s.store.ping().await.is_ok();
    out.push_str(&format!("# HELP carewell_database_up Whether the database answers.\n# TYPE carewell_database_up gauge\ncarewell_database_up {}\n", u8::from(up)));
    if let Ok(n) = s.store.count_customers().await {
        out.push_str(&format!("# HELP carewell_customers Customers on record.\n# TYPE carewell_customers gauge\ncarewell_customers {n}\n"));
    }
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        out,
    )
        .into_response()
}
