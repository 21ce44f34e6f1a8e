//! The bots under test run as child processes, so that their memory is their own: the shop is
//! `topup-bot run` (the real binary, configured by environment), the floor is this benchmark's
//! own executable started in the minimal-bot role. Memory is read from `/proc/<pid>/status`.

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
