//! The binary's own usage errors. (Its behaviour on real databases is tested
//! in the workspace's `tests/` crate; having an integration test here also makes
//! `cargo test` build the `frontdesk-cli` binary those tests run.)

use std::process::Command;

#[test]
fn an_unknown_subcommand_exits_2_with_nothing_on_stdout() {
    let output = Command::new(env!("CARGO_BIN_EXE_frontdesk-cli"))
        .arg("frobnicate")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
}
