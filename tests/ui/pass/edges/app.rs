// What the generator writes for the edge cases of review finding 5 compiles: empty lists
// (no permissions), descending index fields written as strings, keyword field names, and an
// ordering by `pk` (finding 9: the Model derive emits a `pk` marker).

use restforge::contrib::auth::User;
use restforge::prelude::*;

#[derive(Debug, Clone, PartialEq, Model)]
#[restforge(
    app = "edges",
    unique_together(r#type, owner),
    index("-created", "type"),
    index(name = "post_owner_idx", fields("-owner"))
)]
pub struct Post {
    pub id: i64,
    #[restforge(max_length = 20)]
    pub r#type: String,
    #[restforge(on_delete = "cascade")]
    pub owner: ForeignKey<User>,
    #[restforge(auto_now_add)]
    pub created: DateTime,
}

#[derive(Debug, Clone, Copy, Default, Serializer)]
#[restforge(model = Post, fields(id, r#type))]
pub struct PostSerializer;

#[derive(Debug, Clone, Copy, Default, Serializer)]
#[restforge(model = Post, fields())]
pub struct EmptySerializer;

#[derive(Debug, Clone, Copy, Default, ViewSet)]
#[restforge(serializer = PostSerializer, permissions(), authentication(), ordering("-pk"))]
pub struct PostViewSet;

fn main() {
    let meta = Post::meta();
    assert_eq!(meta.indexes[0].fields, ["-created", "type"]);
    let config = PostViewSet::config();
    assert_eq!(config.permissions.map(<[_]>::len), Some(0));
    assert_eq!(config.ordering, ["-pk"]);
}
