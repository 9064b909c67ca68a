//! CPU time of the server, of PostgreSQL's processes, of this process and of the whole
//! machine, from /proc (Linux), to say where the time of a load run went.

/// CPU time in clock ticks (1/100 s): the server, PostgreSQL's processes, this process, and the
/// whole machine (busy, all).
#[derive(Clone, Copy, Default)]
pub struct Cpu {
    pub server: u64,
    pub db: u64,
    pub client: u64,
    pub busy: u64,
    pub total: u64,
}

fn proc_ticks(pid: &str) -> Option<(String, u64)> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let open = s.find('(')?;
    let close = s.rfind(')')?;
    let comm = s[open + 1..close].to_string();
    let f: Vec<&str> = s[close + 2..].split(' ').collect();
    // Fields 14 and 15 of the line (utime, stime) are 11 and 12 after the command.
    Some((
        comm,
        f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?,
    ))
}

/// A reading now; `server_pid` is the server's process id.
pub fn cpu(server_pid: &str) -> Cpu {
    let mut c = Cpu {
        server: proc_ticks(server_pid).map_or(0, |p| p.1),
        client: proc_ticks("self").map_or(0, |p| p.1),
        ..Cpu::default()
    };
    if let Ok(dir) = std::fs::read_dir("/proc") {
        for e in dir.flatten() {
            let name = e.file_name().to_string_lossy().to_string();
            if name.bytes().all(|b| b.is_ascii_digit())
                && let Some((comm, t)) = proc_ticks(&name)
                && comm == "postgres"
            {
                c.db += t;
            }
        }
    }
    if let Ok(stat) = std::fs::read_to_string("/proc/stat")
        && let Some(line) = stat.lines().next()
    {
        let v: Vec<u64> = line
            .split_whitespace()
            .skip(1)
            .filter_map(|x| x.parse().ok())
            .collect();
        c.total = v.iter().take(8).sum();
        let idle = v.get(3).copied().unwrap_or(0) + v.get(4).copied().unwrap_or(0);
        c.busy = c.total - idle;
    }
    c
}
