//! The rule of issue 12: on a fresh machine, two commands from the README's
//! Quick start, one runs the demo and one passes the tests; CI (`.ci/run`)
//! runs that test command as it is, so nothing CI installs beforehand can
//! hide a test that does not install its own peers (tests/peers does).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // reason: test code

use std::fs;
use std::path::Path;

#[test]
fn ci_runs_the_readme_test_command() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let readme = fs::read_to_string(root.join("README.md")).unwrap();
    let quick_start = readme
        .split("\n## Quick start\n")
        .nth(1)
        .expect("the README has a Quick start");
    let block = quick_start
        .split("```sh\n")
        .nth(1)
        .and_then(|b| b.split("```").next())
        .expect("the Quick start has a sh block");
    let commands: Vec<&str> = block
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    assert_eq!(
        commands.len(),
        2,
        "two commands, the demo and the tests: {commands:?}"
    );
    let (demo, test): (Vec<&str>, Vec<&str>) = commands.iter().partition(|c| c.ends_with(" demo"));
    assert_eq!(demo.len(), 1, "one command runs the demo: {commands:?}");
    let test = test[0];
    assert!(test.starts_with("cargo test"), "{test}");
    let ci = fs::read_to_string(root.join(".ci/run")).unwrap();
    assert!(
        ci.lines().any(|l| l.trim() == test),
        ".ci/run must run the README's test command `{test}` as it is"
    );
}
