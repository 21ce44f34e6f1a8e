//! The bots under test run as child processes, so that their memory is their own: the shop is
//! `topup-bot run` (the real binary, configured by environment), the floor is this benchmark's
//! own executable started in the minimal-bot role. Memory is read from `/proc/<pid>/status`,
//! CPU time from `/proc/<pid>/stat` (the bots', and the PostgreSQL server's on this machine).

use std::path::Path;
use std::process::{Child, Command, Stdio};

/// The environment variable that makes this executable the minimal bot.
pub const ROLE: &str = "BENCH_CHAT_ROLE";

/// A running bot; killed when dropped.
pub struct BotProcess {
    pub name: &'static str,
    child: Child,
}

impl BotProcess {
    /// Starts `program` with exactly `env` (plus PATH), in `dir`, logging to `log`.
    pub fn spawn(
        name: &'static str,
        program: &Path,
        args: &[&str],
        env: &[(&str, String)],
        dir: &Path,
        log: &Path,
    ) -> anyhow::Result<BotProcess> {
        let log = std::fs::File::create(log)?;
        let mut command = Command::new(program);
        command
            .args(args)
            .env_clear()
            .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
            .current_dir(dir)
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log);
        if let Ok(path) = std::env::var("PATH") {
            command.env("PATH", path);
        }
        Ok(BotProcess {
            name,
            child: command.spawn()?,
        })
    }

    pub fn pid(&self) -> anyhow::Result<u32> {
        Ok(self.child.id())
    }

    /// Fails if the bot has exited.
    pub fn check_alive(&mut self) -> anyhow::Result<()> {
        if let Some(status) = self.child.try_wait()? {
            anyhow::bail!("{} exited: {status}", self.name);
        }
        Ok(())
    }

    /// Resident memory now and its peak so far, in MB.
    pub fn memory(&self) -> anyhow::Result<Memory> {
        Memory::of(&format!("/proc/{}/status", self.pid()?))
    }

    /// CPU seconds the bot has used so far.
    pub fn cpu(&self) -> anyhow::Result<f64> {
        Ok(Ticks::of(self.pid()?)?.own)
    }

    /// Kills the bot (this process started it) and reaps it.
    pub fn stop(mut self) -> anyhow::Result<()> {
        self.child.kill()?;
        self.child.wait()?;
        Ok(())
    }
}

impl Drop for BotProcess {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// VmRSS and VmHWM of a process, in MB.
#[derive(Clone, Copy, Debug)]
pub struct Memory {
    pub rss: f64,
    pub peak: f64,
}

impl Memory {
    pub fn of(status_file: &str) -> anyhow::Result<Memory> {
        let status = std::fs::read_to_string(status_file)?;
        let field = |name: &str| -> anyhow::Result<f64> {
            let line = status
                .lines()
                .find(|l| l.starts_with(name))
                .ok_or_else(|| anyhow::anyhow!("no {name} in {status_file}"))?;
            let kb: f64 = line[name.len()..]
                .trim()
                .trim_end_matches("kB")
                .trim()
                .parse()?;
            Ok(kb / 1024.0)
        };
        Ok(Memory {
            rss: field("VmRSS:")?,
            peak: field("VmHWM:")?,
        })
    }
}

/// Linux reports CPU time in `USER_HZ` ticks, 100 a second.
const TICKS_PER_SECOND: f64 = 100.0;

/// A process's CPU time from `/proc/<pid>/stat`, in seconds.
struct Ticks {
    parent: u32,
    /// User and system time of the process itself.
    own: f64,
    /// Of its children that ended and were reaped.
    reaped: f64,
}

impl Ticks {
    fn of(pid: u32) -> anyhow::Result<Ticks> {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))?;
        // The fields after the command name, which is in parentheses and may hold spaces.
        let (_, rest) = stat
            .rsplit_once(')')
            .ok_or_else(|| anyhow::anyhow!("odd /proc/{pid}/stat"))?;
        let fields: Vec<&str> = rest.split_whitespace().collect();
        let field = |n: usize| -> anyhow::Result<f64> { Ok(fields[n].parse::<f64>()?) };
        Ok(Ticks {
            parent: fields[1].parse()?,
            own: (field(11)? + field(12)?) / TICKS_PER_SECOND,
            reaped: (field(13)? + field(14)?) / TICKS_PER_SECOND,
        })
    }
}

/// The local PostgreSQL server whose backend has process id `backend`: its CPU time (the
/// postmaster, its live backends and workers, and the ones that ended) can be read.
#[derive(Clone, Copy)]
pub struct Server {
    postmaster: u32,
}

impl Server {
    /// `None` when the backend is not a process of this machine (a remote server).
    pub fn of_backend(backend: u32) -> Option<Server> {
        let comm = std::fs::read_to_string(format!("/proc/{backend}/comm")).ok()?;
        (comm.trim() == "postgres").then_some(())?;
        let postmaster = Ticks::of(backend).ok()?.parent;
        Some(Server { postmaster })
    }

    /// CPU seconds the whole server has used so far.
    pub fn cpu(&self) -> f64 {
        let mut total = Ticks::of(self.postmaster).map_or(0.0, |t| t.own + t.reaped);
        let Ok(entries) = std::fs::read_dir("/proc") else {
            return total;
        };
        for entry in entries.flatten() {
            let Some(pid) = entry
                .file_name()
                .to_str()
                .and_then(|n| n.parse::<u32>().ok())
            else {
                continue;
            };
            if let Ok(ticks) = Ticks::of(pid)
                && ticks.parent == self.postmaster
            {
                total += ticks.own;
            }
        }
        total
    }
}
