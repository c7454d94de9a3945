// Regression: the derive did not run the serializer rules the YAML checks run.
use restforge::prelude::*;

#[derive(Debug, Clone, PartialEq, Model)]
#[restforge(app = "shop")]
pub struct Item {
    pub id: i64,
    #[restforge(max_length = 20)]
    pub name: String,
}

#[derive(Debug, Default, Serializer)]
#[restforge(model = Item, fields = "__all__", read_only(name), write_only(name))]
pub struct ItemSerializer;

#[derive(Debug, Default, ViewSet)]
#[restforge(serializer = ItemSerializer)]
pub struct ItemViewSet;

fn main() {}
