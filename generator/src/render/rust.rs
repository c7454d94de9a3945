//! Rust output is parsed and pretty-printed, so generated code is always rustfmt-style and a
//! template mistake is caught here rather than by the user's compiler.

/// Parses `source` as a Rust file and prints it with prettyplease.
pub fn format(source: &str) -> Result<String, String> {
    let file = syn::parse_file(source).map_err(|error| {
        let start = error.span().start();
        format!("{error} at line {}, column {}", start.line, start.column + 1)
    })?;
    Ok(prettyplease::unparse(&file))
}

#[cfg(test)]
mod tests {
    #[test]
    fn formats_and_rejects() {
        assert_eq!(super::format("pub  fn a( ){}").unwrap(), "pub fn a() {}\n");
        assert!(super::format("pub fn (").is_err());
    }
}
