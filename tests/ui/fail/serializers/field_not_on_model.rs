use restforge::prelude::*;

#[derive(Debug, Clone, PartialEq, Model)]
#[restforge(app = "shop")]
pub struct Item {
    pub id: i64,
    #[restforge(max_length = 30)]
    pub city: String,
}

#[derive(Debug, Default, Serializer)]
#[restforge(model = Item, fields(id, cty))]
pub struct ItemSerializer;

fn main() {}
