// A SerializerMethodField whose `get_<name>` was never written: a compile error at its name.
use restforge::prelude::*;

#[derive(Debug, Clone, PartialEq, Model)]
#[restforge(app = "shop")]
pub struct Item {
    pub id: i64,
}

#[derive(Debug, Default, Serializer)]
#[restforge(model = Item, fields(id, price_label), method_fields(price_label))]
pub struct ItemSerializer;

fn main() {}
