// A serializer declared with `hooks` whose `impl SerializerHooks` was never written.
use restforge::prelude::*;

#[derive(Debug, Clone, PartialEq, Model)]
#[restforge(app = "shop")]
pub struct Item {
    pub id: i64,
}

#[derive(Debug, Default, Serializer)]
#[restforge(model = Item, fields = "__all__", hooks)]
pub struct ItemSerializer;

fn main() {}
