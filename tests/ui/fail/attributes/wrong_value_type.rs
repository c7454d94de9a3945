use restforge::prelude::*;

#[derive(Debug, Model)]
#[restforge(app = "shop")]
pub struct Item {
    pub id: i64,
    #[restforge(max_length = "240")]
    pub name: String,
    #[restforge(blank = 1)]
    pub note: String,
}

fn main() {}
