use restforge::prelude::*;

#[derive(Debug, Model)]
#[restforge(verbose_name = "item")]
pub struct Item {
    pub id: i64,
}

fn main() {}
