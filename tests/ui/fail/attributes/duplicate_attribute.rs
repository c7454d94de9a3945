use restforge::prelude::*;

#[derive(Debug, Model)]
#[restforge(app = "shop")]
pub struct Item {
    pub id: i64,
    #[restforge(max_length = 20, blank, max_length = 30)]
    pub name: String,
}

fn main() {}
