// Regression: `null = false` on an `Option<…>` field was accepted, and the field was nullable.
use restforge::prelude::*;

#[derive(Debug, Clone, PartialEq, Model)]
#[restforge(app = "shop")]
pub struct Item {
    pub id: i64,
    #[restforge(null = false)]
    pub note: Option<String>,
}

fn main() {}
