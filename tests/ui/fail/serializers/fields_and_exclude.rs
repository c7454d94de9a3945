// Regression: the derive accepted both `fields` and `exclude` (the last one won), which the
// YAML checks and DRF refuse.
use restforge::prelude::*;

#[derive(Debug, Clone, PartialEq, Model)]
#[restforge(app = "shop")]
pub struct Item {
    pub id: i64,
    #[restforge(max_length = 20)]
    pub name: String,
}

#[derive(Debug, Default, Serializer)]
#[restforge(model = Item, fields = "__all__", exclude(name))]
pub struct ItemSerializer;

fn main() {}
