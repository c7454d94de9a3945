//! Views (DRF's views.py).

use super::permissions::{IsAuthorOrReadOnly, IsProjectOwnerOrReadOnly, IsReporterOrReadOnly};
use super::serializers::{
    CommentSerializer, IssueSerializer, LabelSerializer, ProjectSerializer, TeamSerializer,
};
use restforge::prelude::*;

/// Projects: anyone signed in reads them, the owner changes them.
#[derive(Debug, Clone, Copy, Default, ViewSet)]
#[restforge(
    serializer = ProjectSerializer,
    permissions(IsAuthenticated, IsProjectOwnerOrReadOnly),
    search_fields("name", "slug"),
    on_create(owner = "request.user", team = "request.user.member.team")
)]
pub struct ProjectViewSet;

/// Labels to put on issues.
#[derive(Debug, Clone, Copy, Default, ViewSet)]
#[restforge(serializer = LabelSerializer, actions(list, create, retrieve))]
pub struct LabelViewSet;

/// Issues of every project.
///
/// Filter with `?project=`, `?status=` or `?reporter=<username>`; search titles and bodies
/// with `?search=`.
#[derive(Debug, Clone, Copy, Default, ViewSet)]
#[restforge(
    serializer = IssueSerializer,
    permissions(IsAuthenticated, IsReporterOrReadOnly),
    filters(
        project = "project",
        status = "status",
        reporter = "reporter__user__username"
    ),
    search_fields("title", "body"),
    ordering_fields("priority", "created_at"),
    on_create(reporter = "request.user.member")
)]
pub struct IssueViewSet;

/// Comments on issues, oldest first.
#[derive(Debug, Clone, Copy, Default, ViewSet)]
#[restforge(
    serializer = CommentSerializer,
    permissions(IsAuthenticated, IsAuthorOrReadOnly),
    filters(issue = "issue"),
    on_create(author = "request.user")
)]
pub struct CommentViewSet;

/// The team of the request's user.
#[derive(Debug, Clone, Copy, Default, GenericView)]
#[restforge(
    kind = "retrieve",
    serializer = TeamSerializer,
    object = "request.user.member.team",
    permissions(IsAuthenticated)
)]
pub struct MyTeamView;
