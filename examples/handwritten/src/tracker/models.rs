//! The tracker's tables (Django's models.py).

use restforge::contrib::auth::User;
use restforge::prelude::*;

/// A group of people working together.
#[derive(Debug, Clone, PartialEq, Model)]
#[restforge(app = "tracker", ordering("name"), display = "name")]
pub struct Team {
    pub id: i64,
    #[restforge(max_length = 60, unique)]
    pub name: String,
}

/// A user's membership: reporting issues needs one. `request.user.member` in the views.
#[derive(Debug, Clone, PartialEq, Model)]
#[restforge(app = "tracker", display = "user.username")]
pub struct Member {
    pub id: i64,
    #[restforge(on_delete = "cascade", related_name = "member")]
    pub user: OneToOne<User>,
    #[restforge(null, blank, on_delete = "set_null", related_name = "members")]
    pub team: Option<ForeignKey<Team>>,
}

/// A project: its owner may change it, everyone may read it.
#[derive(Debug, Clone, PartialEq, Model)]
#[restforge(app = "tracker", ordering("name"), display = "name")]
pub struct Project {
    pub id: i64,
    #[restforge(max_length = 80)]
    pub name: String,
    #[restforge(slug, max_length = 30, unique)]
    pub slug: String,
    #[restforge(blank)]
    pub description: String,
    #[restforge(on_delete = "cascade", related_name = "projects")]
    pub owner: ForeignKey<User>,
    /// Filled from the owner's team when the project is created.
    #[restforge(null, blank, on_delete = "set_null", related_name = "projects")]
    pub team: Option<ForeignKey<Team>>,
    #[restforge(auto_now_add)]
    pub created_at: DateTime,
}

/// A tag put on issues.
#[derive(Debug, Clone, PartialEq, Model)]
#[restforge(app = "tracker", ordering("name"), display = "name")]
pub struct Label {
    pub id: i64,
    #[restforge(slug, max_length = 30, unique)]
    pub name: String,
}

/// A problem or task in a project.
#[derive(Debug, Clone, PartialEq, Model)]
#[restforge(app = "tracker", ordering("-created_at"), display = "title")]
pub struct Issue {
    pub id: i64,
    /// A reference to quote in commit messages, made when the issue is.
    #[restforge(unique, default = uuid4)]
    pub reference: Uuid,
    #[restforge(on_delete = "cascade", related_name = "issues")]
    pub project: ForeignKey<Project>,
    #[restforge(max_length = 120)]
    pub title: String,
    #[restforge(blank)]
    pub body: String,
    #[restforge(
        max_length = 12,
        default = "open",
        choices(("open", "Open"), ("in_progress", "In progress"), ("closed", "Closed"))
    )]
    pub status: String,
    #[restforge(default = 3, min_value = 1, max_value = 5)]
    pub priority: i32,
    /// Who reported it: the request user's membership.
    #[restforge(on_delete = "cascade", related_name = "reported")]
    pub reporter: ForeignKey<Member>,
    #[restforge(null, blank, on_delete = "set_null", related_name = "assigned")]
    pub assignee: Option<ForeignKey<User>>,
    #[restforge(blank, related_name = "issues")]
    pub labels: ManyToMany<Label>,
    /// Hours of work expected.
    #[restforge(null, blank)]
    pub estimate: Option<i32>,
    #[restforge(null, blank)]
    pub due_on: Option<Date>,
    #[restforge(auto_now_add)]
    pub created_at: DateTime,
    #[restforge(auto_now)]
    pub updated_at: DateTime,
}

/// A remark on an issue.
#[derive(Debug, Clone, PartialEq, Model)]
#[restforge(app = "tracker", ordering("created_at"), display = "body")]
pub struct Comment {
    pub id: i64,
    #[restforge(on_delete = "cascade", related_name = "comments")]
    pub issue: ForeignKey<Issue>,
    #[restforge(on_delete = "cascade", related_name = "comments")]
    pub author: ForeignKey<User>,
    #[restforge(max_length = 2000)]
    pub body: String,
    #[restforge(auto_now_add)]
    pub created_at: DateTime,
}
