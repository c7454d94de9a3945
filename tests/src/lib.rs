//! Workspace-level tests live in `tests/`. This library holds what several of them share.

/// Each example's migrations, embedded from its folder as the example's own
/// `src/migrations.rs` embeds them (paths are relative to this crate's `Cargo.toml`).
pub mod migrations {
    use restforge::db::Migrations;

    pub fn profiles() -> Migrations {
        restforge::migrations!("../examples/profiles/migrations")
    }

    pub fn bookshop() -> Migrations {
        restforge::migrations!("../examples/bookshop/migrations")
    }

    pub fn helpdesk() -> Migrations {
        restforge::migrations!("../examples/helpdesk/migrations")
    }

    pub fn handwritten() -> Migrations {
        restforge::migrations!("../examples/handwritten/migrations")
    }
}
