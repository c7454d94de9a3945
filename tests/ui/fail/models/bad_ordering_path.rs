use restforge::prelude::*;

#[derive(Debug, Model)]
#[restforge(app = "shop", ordering("-creatd_at"))]
pub struct Item {
    pub id: i64,
    #[restforge(auto_now_add)]
    pub created_at: DateTime,
}

fn main() {}
