use restforge::prelude::*;

#[derive(Debug, Clone, PartialEq)]
pub struct Warehouse {
    pub id: i64,
}

#[derive(Debug, Clone, PartialEq, Model)]
#[restforge(app = "shop")]
pub struct Item {
    pub id: i64,
    #[restforge(on_delete = "cascade")]
    pub warehouse: ForeignKey<Warehouse>,
}

fn main() {}
