// Regression: a float default too large for f64 became `inf` and panicked the derive.
use restforge::prelude::*;

#[derive(Debug, Clone, PartialEq, Model)]
#[restforge(app = "shop")]
pub struct Item {
    pub id: i64,
    #[restforge(default = 1e400)]
    pub ratio: f64,
}

fn main() {}
