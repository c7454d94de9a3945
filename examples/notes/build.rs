//! Rebuilds the project when a migration is added: `restforge::migrations!()` embeds the files
//! of `migrations/`, and Cargo watches only the files already embedded.

fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
