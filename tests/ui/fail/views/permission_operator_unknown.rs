// Permissions compose with DRF's operators as `And`, `Or` and `Not`; anything else is refused
// at the call, with what to write instead.
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
#[restforge(serializer = ItemSerializer, permissions(IsAuthenticated, Xor(IsAdminUser, AllowAny)))]
pub struct ItemViewSet;

fn main() {}
