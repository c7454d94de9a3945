// The profiles app as `restforge generate` writes it from examples/profiles/api.yaml
// (models.rs, serializers.rs, permissions.rs, views.rs), in one file.

/// A user's public profile, created with the user.
#[derive(Debug, Clone, PartialEq, Model)]
#[restforge(app = "profiles", display = "user.username")]
pub struct Profile {
    pub id: i64,
    #[restforge(on_delete = "cascade")]
    pub user: OneToOne<User>,
    #[restforge(max_length = 240, blank)]
    pub bio: String,
    #[restforge(max_length = 30, blank)]
    pub city: String,
    #[restforge(image, null, blank)]
    pub avatar: Option<FieldFile>,
}

/// A short status update posted by a profile.
#[derive(Debug, Clone, PartialEq, Model)]
#[restforge(app = "profiles", verbose_name_plural = "statuses", display = "user_profile")]
pub struct ProfileStatus {
    pub id: i64,
    #[restforge(on_delete = "cascade")]
    pub user_profile: ForeignKey<Profile>,
    #[restforge(max_length = 240)]
    pub status_content: String,
    #[restforge(db_index, auto_now_add)]
    pub created_at: DateTime,
    #[restforge(auto_now)]
    pub updated_at: DateTime,
}

#[derive(Debug, Clone, Copy, Default, Serializer)]
#[restforge(model = Profile, fields = "__all__", read_only(avatar), string_related(user))]
pub struct ProfileSerializer;

#[derive(Debug, Clone, Copy, Default, Serializer)]
#[restforge(model = Profile, fields(avatar))]
pub struct ProfileAvatarSerializer;

#[derive(Debug, Clone, Copy, Default, Serializer)]
#[restforge(model = ProfileStatus, fields = "__all__", string_related(user_profile))]
pub struct ProfileStatusSerializer;

/// Anyone may read a profile; only its user may change it.
#[derive(Debug, Clone, Copy, Default, Permission)]
#[restforge(owner = "user", allow_safe_methods)]
pub struct IsOwnProfileOrReadOnly;

/// Anyone may read a status; only the user who posted it may change it.
#[derive(Debug, Clone, Copy, Default, Permission)]
#[restforge(owner = "user_profile.user", allow_safe_methods)]
pub struct IsOwnerOrReadOnly;

#[derive(Debug, Clone, Copy, Default, ViewSet)]
#[restforge(
    serializer = ProfileSerializer,
    actions(list, retrieve, update, partial_update),
    permissions(IsAuthenticated, IsOwnProfileOrReadOnly),
    search_fields("city")
)]
pub struct ProfileViewSet;

#[derive(Debug, Clone, Copy, Default, ViewSet)]
#[restforge(
    serializer = ProfileStatusSerializer,
    permissions(IsAuthenticated, IsOwnerOrReadOnly),
    ordering("-created_at"),
    filters(username = "user_profile__user__username"),
    on_create(user_profile = "request.user.profile")
)]
pub struct ProfileStatusViewSet;

#[derive(Debug, Clone, Copy, Default, GenericView)]
#[restforge(
    kind = "update",
    serializer = ProfileAvatarSerializer,
    object = "request.user.profile",
    permissions(IsAuthenticated)
)]
pub struct AvatarUpdateView;
