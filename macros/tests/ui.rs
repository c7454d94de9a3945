//! Compile tests of the derives: `tests/ui/pass` must build and run, and every case in
//! `tests/ui/fail` must fail with exactly its `.stderr`.
//! `TRYBUILD=overwrite cargo test -p restforge-macros --test ui` rewrites the `.stderr` files.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.pass("../tests/ui/pass/*/*.rs");
    cases.compile_fail("../tests/ui/fail/*/*.rs");
}
