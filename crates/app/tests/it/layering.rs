//! The app's top-level modules form layers, with no import circle between them:
//!
//! ```text
//! kernel  <-  web, jobs  <-  capabilities  <-  demo  <-  app  <-  cli  <-  main.rs
//! ```
//!
//! Read from the source: every `.rs` file under `src/` belongs to one top-level module (its
//! first path component), and every `crate::<top>` path in its code (comments and string
//! literals left out; `use crate::{a, b}` groups and `super::` chains that climb to the crate
//! root count too) is an edge to that module. The capabilities import none of each other,
//! except offboarding → messaging (the farewell e-mail preview), complaints → messaging (a
//! complaint's conversation shows each e-mail as the customer received it), and complaints,
//! offboarding, customers → tasks (a task reads the same on every page).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Module → the modules it imports.
type Graph = BTreeMap<String, BTreeSet<String>>;

/// The layer of each top-level module; a module may import only from lower layers.
const LAYERS: &[(&str, u8)] = &[
    ("kernel", 0),
    ("web", 1),
    ("jobs", 1),
    ("admin", 2),
    ("cadence", 2),
    ("audit", 2),
    ("client_fit", 2),
    ("complaints", 2),
    ("customers", 2),
    ("health", 2),
    ("messaging", 2),
    ("offboarding", 2),
    ("retention", 2),
    ("tasks", 2),
    ("today", 2),
    ("search", 2),
    ("segments", 2),
    ("surveys", 2),
    ("transfer", 2),
    ("demo", 3),
    ("app", 4),
    ("cli", 5),
    ("main", 6),
];

/// The imports between capabilities (same layer) that are allowed: both render customer
/// e-mail with messaging's renderer; the pages that show tasks render them with tasks' view;
/// the customer page shows the health card with health's view and the churn-risk panel with
/// retention's.
const ALLOWED_SIDEWAYS: &[(&str, &str)] = &[
    ("offboarding", "messaging"),
    ("complaints", "messaging"),
    ("complaints", "tasks"),
    ("offboarding", "tasks"),
    ("customers", "tasks"),
    // A segment's members and filter fields are the customer list's.
    ("segments", "customers"),
    ("customers", "cadence"),
    ("customers", "health"),
    ("customers", "retention"),
    ("today", "tasks"),
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// The module path of a file relative to `src/` (`customers/api/mod.rs` → `[customers, api]`,
/// `web/view.rs` → `[web, view]`, `lib.rs` → `[]`, `main.rs` → `[main]`).
fn module_path(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .iter()
        .map(|c| c.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().unwrap_or_default();
    match last.as_str() {
        "mod.rs" | "lib.rs" => {}
        other => parts.push(other.trim_end_matches(".rs").to_string()),
    }
    parts
}

/// The top-level modules: the directories and files directly under `src/` (but `lib.rs`;
/// `main.rs` is the binary, named `main`).
fn top_modules(src: &Path) -> BTreeSet<String> {
    std::fs::read_dir(src)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter_map(|p| {
            let name = p.file_name()?.to_string_lossy().into_owned();
            if p.is_dir() {
                Some(name)
            } else {
                name.strip_suffix(".rs")
                    .filter(|n| *n != "lib")
                    .map(str::to_string)
            }
        })
        .collect()
}

/// The code of a Rust file with comments and the contents of string and character literals
/// blanked out (line structure kept).
fn code_only(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    if chars[i] == '\n' {
                        out.push('\n');
                    }
                    i += 1;
                }
            }
        } else if c == 'r' && (next == Some('"') || next == Some('#')) && raw_string_at(&chars, i) {
            // r"…", r#"…"#: skip to the closing quote with as many hashes.
            let mut j = i + 1;
            let mut hashes = 0;
            while chars.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            j += 1;
            while j < chars.len() {
                if chars[j] == '"' && (1..=hashes).all(|k| chars.get(j + k) == Some(&'#')) {
                    j += 1 + hashes;
                    break;
                }
                if chars[j] == '\n' {
                    out.push('\n');
                }
                j += 1;
            }
            out.push_str("\"\"");
            i = j;
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    i += 1;
                }
                if chars.get(i) == Some(&'\n') {
                    out.push('\n');
                }
                i += 1;
            }
            out.push_str("\"\"");
            i += 1;
        } else if c == '\'' && char_literal_len(&chars, i).is_some() {
            out.push_str("' '");
            i += char_literal_len(&chars, i).unwrap_or(1);
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// Whether a raw string literal starts at `i` (`r"` or `r#…"`, not inside an identifier).
fn raw_string_at(chars: &[char], i: usize) -> bool {
    if i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_') {
        return false;
    }
    let mut j = i + 1;
    while chars.get(j) == Some(&'#') {
        j += 1;
    }
    chars.get(j) == Some(&'"')
}

/// The length of a character literal at `i` (`'x'`, `'\n'`, `'\u{1F600}'`); `None` for a
/// lifetime or label.
fn char_literal_len(chars: &[char], i: usize) -> Option<usize> {
    match (chars.get(i + 1), chars.get(i + 2)) {
        (Some('\\'), _) => (i + 2..chars.len().min(i + 14))
            .find(|&j| chars[j] == '\'')
            .map(|j| j - i + 1),
        (Some(_), Some('\'')) => Some(3),
        _ => None,
    }
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The identifier starting at `i`, if any.
fn ident_at(chars: &[char], i: usize) -> Option<String> {
    let s: String = chars[i.min(chars.len())..]
        .iter()
        .take_while(|c| is_ident(**c))
        .collect();
    (!s.is_empty()).then_some(s)
}

/// The first path segment of every item of a `{a::b, c, d::{e, f}}` group starting at `i`
/// (the `{`).
fn group_heads(chars: &[char], i: usize) -> Vec<String> {
    let mut heads = Vec::new();
    let mut depth = 0;
    let mut expect_head = true;
    let mut j = i;
    while j < chars.len() {
        match chars[j] {
            '{' => {
                depth += 1;
                if depth == 1 {
                    expect_head = true;
                }
            }
            '}' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            ',' if depth == 1 => expect_head = true,
            c if depth == 1 && expect_head && is_ident(c) => {
                let id = ident_at(chars, j).unwrap_or_default();
                j += id.len();
                heads.push(id);
                expect_head = false;
                continue;
            }
            _ => {}
        }
        j += 1;
    }
    heads
}

/// The top-level modules a file's code names: `crate::x`, `crate::{x, y}`, and `super::`
/// chains that climb from `module` (the file's module path) to the crate root. In `main.rs`,
/// `carewell::x` (the library) counts as well.
fn references(code: &str, module: &[String], tops: &BTreeSet<String>) -> BTreeSet<String> {
    let chars: Vec<char> = code.chars().collect();
    let mut out = BTreeSet::new();
    let starts_path = |i: usize| i == 0 || !(is_ident(chars[i - 1]) || chars[i - 1] == ':');
    let mut add = |names: Vec<String>| {
        for n in names {
            if tops.contains(&n) {
                out.insert(n);
            }
        }
    };
    let at_root = |chars: &[char], j: usize| -> Vec<String> {
        if chars.get(j) == Some(&'{') {
            group_heads(chars, j)
        } else {
            ident_at(chars, j).into_iter().collect()
        }
    };
    let mut i = 0;
    while i < chars.len() {
        if !starts_path(i) {
            i += 1;
            continue;
        }
        let word = ident_at(&chars, i).unwrap_or_default();
        let after = i + word.len();
        let has_path = chars.get(after) == Some(&':') && chars.get(after + 1) == Some(&':');
        if has_path && (word == "crate" || (word == "carewell" && module == ["main"])) {
            add(at_root(&chars, after + 2));
        } else if has_path && word == "super" {
            // Climb one module per `super::`; at the crate root the next segment is a top.
            let mut depth = module.len();
            let mut j = i;
            while ident_at(&chars, j).as_deref() == Some("super")
                && chars.get(j + 5) == Some(&':')
                && chars.get(j + 6) == Some(&':')
            {
                depth = depth.saturating_sub(1);
                j += 7;
            }
            if depth == 0 {
                add(at_root(&chars, j));
            }
            i = j;
            continue;
        }
        i = after.max(i + 1);
    }
    out
}

/// Where each edge comes from: (from, to) → files.
type Sources = BTreeMap<(String, String), BTreeSet<String>>;

/// The import graph of the app's top-level modules, with the files behind each edge.
fn app_graph() -> (BTreeSet<String>, Graph, Sources) {
    let src = src();
    let tops = top_modules(&src);
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(
        files.len() > 50,
        "found only {} files under {src:?}",
        files.len()
    );
    let mut graph = Graph::new();
    let mut sources = Sources::new();
    for f in files {
        let rel = f.strip_prefix(&src).unwrap().to_path_buf();
        let module = module_path(&rel);
        let Some(top) = module.first().cloned() else {
            continue; // lib.rs declares the modules.
        };
        let text = std::fs::read_to_string(&f).unwrap();
        for to in references(&code_only(&text), &module, &tops) {
            if to != top {
                graph.entry(top.clone()).or_default().insert(to.clone());
                sources
                    .entry((top.clone(), to))
                    .or_default()
                    .insert(rel.display().to_string());
            }
        }
    }
    (tops, graph, sources)
}

/// A cycle of `graph` as `[a, b, …, a]`, if there is one.
fn find_cycle(graph: &Graph) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    fn visit(
        node: &str,
        graph: &Graph,
        marks: &mut BTreeMap<String, Mark>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        match marks.get(node) {
            Some(Mark::Done) => return None,
            Some(Mark::Open) => {
                let from = stack.iter().position(|n| n == node).unwrap_or(0);
                let mut cycle = stack[from..].to_vec();
                cycle.push(node.to_string());
                return Some(cycle);
            }
            None => {}
        }
        marks.insert(node.to_string(), Mark::Open);
        stack.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(c) = visit(next, graph, marks, stack) {
                return Some(c);
            }
        }
        stack.pop();
        marks.insert(node.to_string(), Mark::Done);
        None
    }
    let mut marks = BTreeMap::new();
    let mut stack = Vec::new();
    graph
        .keys()
        .find_map(|n| visit(n, graph, &mut marks, &mut stack))
}

fn explain(cycle: &[String], sources: &Sources) -> String {
    cycle
        .windows(2)
        .map(|w| {
            let files = sources
                .get(&(w[0].clone(), w[1].clone()))
                .map(|f| f.iter().cloned().collect::<Vec<_>>().join(", "))
                .unwrap_or_default();
            format!("  {} -> {}   ({files})", w[0], w[1])
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn graph(edges: &[(&str, &str)]) -> Graph {
    let mut g = Graph::new();
    for (a, b) in edges {
        g.entry(a.to_string()).or_default().insert(b.to_string());
    }
    g
}

#[test]
fn no_import_circle_between_top_level_modules() {
    let (_, graph, sources) = app_graph();
    if let Some(cycle) = find_cycle(&graph) {
        panic!(
            "import circle: {}\n{}",
            cycle.join(" -> "),
            explain(&cycle, &sources)
        );
    }
}

#[test]
fn only_the_command_line_imports_app_and_demo_and_only_main_imports_cli() {
    let (_, graph, sources) = app_graph();
    let mut wrong = Vec::new();
    for (from, tos) in &graph {
        for to in tos {
            let ok = match to.as_str() {
                "app" => from == "cli" || from == "main",
                "demo" => from == "cli",
                "cli" => from == "main",
                _ => true,
            };
            if !ok {
                wrong.push(explain(&[from.clone(), to.clone()], &sources));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(
        graph.get("main").is_some_and(|t| t.contains("cli")),
        "main.rs runs the command line: {graph:?}"
    );
}

#[test]
fn every_module_imports_only_from_lower_layers() {
    let (tops, graph, sources) = app_graph();
    let layer = |m: &str| LAYERS.iter().find(|(n, _)| *n == m).map(|(_, l)| *l);
    for m in &tops {
        assert!(
            layer(m).is_some(),
            "top-level module `{m}` has no layer in LAYERS"
        );
    }
    let mut wrong = Vec::new();
    for (from, tos) in &graph {
        for to in tos {
            let allowed = ALLOWED_SIDEWAYS.contains(&(from.as_str(), to.as_str()));
            if !allowed && layer(to) >= layer(from) {
                wrong.push(explain(&[from.clone(), to.clone()], &sources));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the layers:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn offboarding_ui_is_gone() {
    let src = src();
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    for f in files {
        let rel = f.strip_prefix(&src).unwrap();
        assert!(
            !rel.iter()
                .any(|c| c.to_string_lossy().starts_with("offboarding_ui")),
            "{rel:?}"
        );
        let code = code_only(&std::fs::read_to_string(&f).unwrap());
        assert!(
            !code.contains("offboarding_ui"),
            "{rel:?} names offboarding_ui"
        );
    }
}

#[test]
fn the_cycle_finder_finds_cycles() {
    assert_eq!(find_cycle(&graph(&[("a", "b"), ("b", "c")])), None);
    assert_eq!(
        find_cycle(&graph(&[("a", "b"), ("b", "c"), ("c", "a")])),
        Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
    );
    assert_eq!(
        find_cycle(&graph(&[("a", "b"), ("b", "c"), ("c", "b"), ("x", "a")])),
        Some(vec!["b".into(), "c".into(), "b".into()])
    );
    // A diamond is not a cycle.
    assert_eq!(
        find_cycle(&graph(&[("a", "b"), ("a", "c"), ("b", "d"), ("c", "d")])),
        None
    );
    assert_eq!(
        find_cycle(&graph(&[("a", "a")])),
        Some(vec!["a".into(), "a".into()])
    );
}

#[test]
fn references_are_read_from_code_not_comments_or_strings() {
    let tops: BTreeSet<String> = ["kernel", "web", "jobs", "customers", "app"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let module = vec![
        "customers".to_string(),
        "api".to_string(),
        "contacts".to_string(),
    ];
    let code = code_only(
        r#"
//! See [`crate::app::router`].
use crate::web::error::AppError;
use crate::{jobs::Registry, kernel::state::AppState};
/* crate::app */
fn f() -> String { let s = "crate::app"; let _c = '"'; crate::customers::x(); s.into() }
fn g<'a>(x: &'a str) -> &'a str { x }
use super::super::super::app::jobs;
use super::super::view;
"#,
    );
    let refs: Vec<String> = references(&code, &module, &tops).into_iter().collect();
    assert_eq!(refs, ["app", "customers", "jobs", "kernel", "web"]);
    // The same without the `super::` chain that climbs to the root: `app` only came from it.
    let refs = references(
        &code_only("use super::super::view;\n// crate::app\n"),
        &module,
        &tops,
    );
    assert!(refs.is_empty(), "{refs:?}");
}

#[test]
fn a_cycle_in_source_is_caught() {
    let tops: BTreeSet<String> = ["kernel", "web"].iter().map(|s| s.to_string()).collect();
    let mut g = Graph::new();
    for (module, text) in [
        (vec!["kernel", "state"], "use crate::web::error::AppError;"),
        (vec!["web", "holds"], "use crate::kernel::state::AppState;"),
    ] {
        let module: Vec<String> = module.iter().map(|s| s.to_string()).collect();
        for to in references(&code_only(text), &module, &tops) {
            if to != module[0] {
                g.entry(module[0].clone()).or_default().insert(to);
            }
        }
    }
    assert_eq!(
        find_cycle(&g),
        Some(vec!["kernel".into(), "web".into(), "kernel".into()])
    );
}
