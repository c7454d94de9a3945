// An extra action the viewset declares but whose method was never written: a compile error
// at the action's name, not a 500 at the first request.
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
#[restforge(serializer = ItemSerializer, extra_actions(restock(detail, methods(post))))]
pub struct ItemViewSet;

fn main() {}
