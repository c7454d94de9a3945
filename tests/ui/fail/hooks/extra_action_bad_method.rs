// DRF routes only these verbs for an `@action`; the standard action names are taken.
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
#[restforge(serializer = ItemSerializer, extra_actions(restock(methods(pots)), list))]
pub struct ItemViewSet;

fn main() {}
