//! Views of the `notes` app (DRF's views.py).
//!
//! Viewsets offer the list/create/retrieve/update/destroy actions of a model; generic views
//! act on one object chosen by the request.

use super::permissions::IsOwnerOrReadOnly;
use super::serializers::NoteSerializer;
use restforge::prelude::*;

#[derive(Debug, Clone, Copy, Default, ViewSet)]
#[restforge(
    serializer = NoteSerializer,
    permissions(IsAuthenticated, IsOwnerOrReadOnly),
    search_fields("title", "body"),
    on_create(owner = "request.user")
)]
pub struct NoteViewSet;
