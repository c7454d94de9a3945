//! URLs (Django's urls.py).

use super::views::{CommentViewSet, IssueViewSet, LabelViewSet, MyTeamView, ProjectViewSet};
use restforge::prelude::*;

/// The API under `/api/`.
pub fn router() -> DefaultRouter {
    DefaultRouter::new("api/")
        .register::<ProjectViewSet>("projects")
        .register::<LabelViewSet>("labels")
        .register::<IssueViewSet>("issues")
        .register::<CommentViewSet>("comments")
        .path::<MyTeamView>("me/team/", "my-team")
}
