//! How the app was launched: the data folder and (test builds only) a fixed
//! clock, from the command line and the environment.
//!
//! `--data-dir PATH` or `FRONTDESK_DATA_DIR` override the platform's app-data
//! folder. `--fixed-clock 2026-03-09T15:30:00Z` exists only in builds with the
//! `test-clock` feature, which a release build refuses to compile.

use std::path::PathBuf;
use std::sync::Arc;

use frontdesk_core::{Clock, SystemClock};

#[cfg(all(feature = "test-clock", not(debug_assertions)))]
compile_error!("the test-clock feature is for test builds only, never release builds");

/// The variable that overrides the data folder.
pub const DATA_DIR_VARIABLE: &str = "FRONTDESK_DATA_DIR";

/// Options read at launch.
#[derive(Debug, Default)]
pub struct LaunchOptions {
    pub data_dir: Option<PathBuf>,
    pub fixed_clock: Option<String>,
}

impl LaunchOptions {
    /// Reads `args` (without the program name) and the environment.
    pub fn parse(args: impl IntoIterator<Item = String>) -> Self {
        let mut options = LaunchOptions::default();
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--data-dir" => options.data_dir = args.next().map(PathBuf::from),
                "--fixed-clock" => options.fixed_clock = args.next(),
                _ => {}
            }
        }
        if options.data_dir.is_none() {
            options.data_dir = std::env::var_os(DATA_DIR_VARIABLE)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from);
        }
        options
    }

    /// The clock the app runs on: the system's, or the fixed one in test builds.
    pub fn clock(&self) -> Result<Arc<dyn Clock>, String> {
        #[cfg(feature = "test-clock")]
        if let Some(text) = &self.fixed_clock {
            let clock = frontdesk_core::FixedClock::parse("--fixed-clock", text)
                .map_err(|e| e.to_string())?;
            return Ok(Arc::new(clock));
        }
        #[cfg(not(feature = "test-clock"))]
        if self.fixed_clock.is_some() {
            return Err("--fixed-clock is only accepted by test builds".into());
        }
        Ok(Arc::new(SystemClock))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_data_dir_argument_wins() {
        let options = LaunchOptions::parse(["--data-dir".to_owned(), "/tmp/x".to_owned()]);
        assert_eq!(options.data_dir, Some(PathBuf::from("/tmp/x")));
    }

    #[cfg(not(feature = "test-clock"))]
    #[test]
    fn a_normal_build_refuses_a_fixed_clock() {
        let options = LaunchOptions::parse([
            "--fixed-clock".to_owned(),
            "2026-01-01T00:00:00Z".to_owned(),
        ]);
        assert!(options.clock().is_err());
    }
}
