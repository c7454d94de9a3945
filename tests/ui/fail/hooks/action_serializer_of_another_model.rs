// A viewset's serializer for one action reads and writes another model: DRF would fail at the
// first request; the derive fails the build at the serializer's name.
use restforge::prelude::*;

#[derive(Debug, Clone, PartialEq, Model)]
#[restforge(app = "shop")]
pub struct Item {
    pub id: i64,
}

#[derive(Debug, Clone, PartialEq, Model)]
#[restforge(app = "shop")]
pub struct Customer {
    pub id: i64,
}

#[derive(Debug, Default, Serializer)]
#[restforge(model = Item, fields = "__all__")]
pub struct ItemSerializer;

#[derive(Debug, Default, Serializer)]
#[restforge(model = Customer, fields = "__all__")]
pub struct CustomerSerializer;

#[derive(Debug, Default, ViewSet)]
#[restforge(serializer = ItemSerializer, action_serializers(list = CustomerSerializer))]
pub struct ItemViewSet;

fn main() {}
