// The profiles app exactly as the templates generate it compiles, and its metadata is what
// the runtime needs. trybuild runs `main`, so the assertions are checked.

use restforge::contrib::auth::User;
use restforge::prelude::*;

include!("../../../../macros/tests/expand/profiles.rs");

fn main() {
    let meta = Profile::meta();
    assert_eq!(meta.table, "profiles_profile");
    let names: Vec<&str> = meta.fields.iter().map(|f| f.name).collect();
    assert_eq!(names, ["id", "user", "bio", "city", "avatar"]);
    let user = meta.field("user").unwrap();
    assert_eq!(user.column, Some("user_id"));
    assert_eq!((user.relation.unwrap().to)().table, "auth_user");
    assert_eq!(meta.field("avatar").unwrap().max_length, Some(100));
    assert_eq!(meta.display, Some(&["user", "username"][..]));

    let status = ProfileStatus::meta();
    assert_eq!(status.verbose_name, "profile status");
    assert_eq!(status.verbose_name_plural, "statuses");
    assert!(!status.field("created_at").unwrap().editable());

    let row = vec![
        Value::Int(1),
        Value::Int(7),
        Value::Text("hi".into()),
        Value::Text(String::new()),
        Value::Null,
    ];
    let profile = Profile::from_row(row.clone()).unwrap();
    assert_eq!(profile.user, OneToOne::new(7));
    assert_eq!(profile.to_row(), row);
    assert_eq!(profile.get("bio"), Some(Value::Text("hi".into())));

    let fields = ProfileSerializer::meta().fields();
    let read_only: Vec<&str> = fields.iter().filter(|f| f.read_only).map(|f| f.name).collect();
    assert_eq!(read_only, ["id", "user", "avatar"]);

    let config = ProfileStatusViewSet::config();
    assert_eq!(config.view_name, "Profile Status");
    assert_eq!(config.actions.len(), 6);
    assert_eq!(config.model().name, "ProfileStatus");
    let permissions = config.permissions.unwrap();
    assert_eq!(format!("{:?}", permissions[1]), "IsOwnerOrReadOnly");
    // The owner rule reads the owner through relations, selected with the object.
    let mut paths = Vec::new();
    restforge::http::permissions::DynPermission::collect_object_paths(permissions[1], &mut paths);
    assert_eq!(paths, [&["user_profile", "user"][..]]);
    assert_eq!(AvatarUpdateView::config().object, Some(restforge::http::meta::RequestPath(&["profile"])));
    assert_eq!(ProfileViewSet::config().actions.len(), 4);
}
