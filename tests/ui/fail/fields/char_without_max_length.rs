use restforge::prelude::*;

#[derive(Debug, Model)]
#[restforge(app = "shop")]
pub struct Item {
    pub id: i64,
    #[restforge(char, blank)]
    pub name: String,
}

fn main() {}
