//! Serializers (DRF's serializers.py).

use super::models::{Comment, Issue, Label, Project, Team};
use restforge::prelude::*;

#[derive(Debug, Clone, Copy, Default, Serializer)]
#[restforge(model = Team, fields = "__all__")]
pub struct TeamSerializer;

#[derive(Debug, Clone, Copy, Default, Serializer)]
#[restforge(model = Project, fields = "__all__", string_related(owner, team))]
pub struct ProjectSerializer;

#[derive(Debug, Clone, Copy, Default, Serializer)]
#[restforge(model = Label, fields = "__all__")]
pub struct LabelSerializer;

#[derive(Debug, Clone, Copy, Default, Serializer)]
#[restforge(
    model = Issue,
    fields = "__all__",
    read_only(reference),
    string_related(reporter),
    extra(title(min_length = 3))
)]
pub struct IssueSerializer;

#[derive(Debug, Clone, Copy, Default, Serializer)]
#[restforge(model = Comment, fields = "__all__", string_related(author))]
pub struct CommentSerializer;
