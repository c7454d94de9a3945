//! The helpdesk example's derives (`examples/helpdesk/src/desk/`): hooks, extra actions,
//! method fields, a permission of the user's and one of restforge's owner rules.

#[derive(Debug, Clone, PartialEq, Model)]
#[restforge(app = "desk", ordering("-created_at"), display = "title")]
pub struct Ticket {
    pub id: i64,
    #[restforge(max_length = 120)]
    pub title: String,
    #[restforge(blank)]
    pub description: String,
    #[restforge(
        max_length = 10,
        default = "normal",
        choices(("low", "Low"), ("normal", "Normal"), ("high", "High"))
    )]
    pub priority: String,
    #[restforge(
        max_length = 10,
        default = "open",
        choices(("open", "Open"), ("closed", "Closed"))
    )]
    pub status: String,
    #[restforge(on_delete = "cascade", related_name = "tickets")]
    pub reporter: ForeignKey<User>,
    #[restforge(ip_address, protocol = "IPv4", null, blank)]
    pub workstation_ip: Option<String>,
    #[restforge(default = false)]
    pub archived: bool,
    #[restforge(auto_now_add)]
    pub created_at: DateTime,
}

#[derive(Debug, Clone, PartialEq, Model)]
#[restforge(app = "desk", ordering("created_at"), display = "body")]
pub struct Comment {
    pub id: i64,
    #[restforge(on_delete = "cascade", related_name = "comments")]
    pub ticket: ForeignKey<Ticket>,
    #[restforge(on_delete = "cascade")]
    pub author: ForeignKey<User>,
    pub body: String,
    #[restforge(auto_now_add)]
    pub created_at: DateTime,
}

#[derive(Debug, Clone, Copy, Default, Serializer)]
#[restforge(
    model = Ticket,
    fields(
        id,
        title,
        description,
        priority,
        status,
        reporter,
        comment_count,
        created_at
    ),
    string_related(reporter),
    method_fields(comment_count),
    hooks
)]
pub struct TicketSerializer;

#[derive(Debug, Clone, Copy, Default, Serializer)]
#[restforge(model = Comment, fields = "__all__", string_related(author), hooks)]
pub struct CommentSerializer;

#[derive(Debug, Clone, Copy, Default, Permission)]
#[restforge(hooks)]
pub struct IsTicketParticipant;

#[derive(Debug, Clone, Copy, Default, Permission)]
#[restforge(owner = "author", allow_safe_methods)]
pub struct IsAuthorOrReadOnly;

#[derive(Debug, Clone, Copy, Default, ViewSet)]
#[restforge(
    serializer = TicketSerializer,
    search_fields("title"),
    hooks,
    extra_actions(
        close(detail, methods(post), permissions(IsAuthenticated, IsAdminUser)),
        summary
    )
)]
pub struct TicketViewSet;

#[derive(Debug, Clone, Copy, Default, ViewSet)]
#[restforge(
    serializer = CommentSerializer,
    permissions(IsAuthenticated, IsTicketParticipant, IsAuthorOrReadOnly),
    filters(ticket = "ticket"),
    on_create(author = "request.user")
)]
pub struct CommentViewSet;
