use restforge::prelude::*;

#[derive(Debug, Model)]
#[restforge(app = "shop")]
pub struct Item {
    pub id: i64,
    #[restforge(null, blank)]
    pub released: Date,
}

fn main() {}
