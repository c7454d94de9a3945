// A view declared with `hooks` whose `impl ViewHooks` was never written: the error says which
// impl is missing and where it goes, instead of a runtime failure.
use restforge::prelude::*;

#[derive(Debug, Clone, PartialEq, Model)]
#[restforge(app = "shop")]
pub struct Item {
    pub id: i64,
}

#[derive(Debug, Default, Serializer)]
#[restforge(model = Item, fields = "__all__")]
pub struct ItemSerializer;

#[derive(Debug, Default, ViewSet)]
#[restforge(serializer = ItemSerializer, hooks)]
pub struct ItemViewSet;

fn main() {}
