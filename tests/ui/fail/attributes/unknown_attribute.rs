use restforge::prelude::*;

#[derive(Debug, Model)]
#[restforge(app = "shop", verbose_nme = "item")]
pub struct Item {
    pub id: i64,
}

fn main() {}
