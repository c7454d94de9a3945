use restforge::prelude::*;

#[derive(Debug, Clone, PartialEq, Model)]
#[restforge(app = "shop")]
pub struct Shelf {
    pub id: i64,
}

#[derive(Debug, Clone, PartialEq, Model)]
#[restforge(app = "shop")]
pub struct Item {
    pub id: i64,
    #[restforge(on_delete = "cascase")]
    pub shelf: ForeignKey<Shelf>,
}

fn main() {}
