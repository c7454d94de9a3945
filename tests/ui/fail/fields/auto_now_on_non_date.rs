use restforge::prelude::*;

#[derive(Debug, Model)]
#[restforge(app = "shop")]
pub struct Item {
    pub id: i64,
    #[restforge(auto_now)]
    pub revision: i32,
}

fn main() {}
