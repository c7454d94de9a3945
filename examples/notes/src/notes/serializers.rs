//! Serializers of the `notes` app (DRF's serializers.py).
//!
//! Each struct is a ModelSerializer: `#[derive(Serializer)]` validates request bodies against
//! the model's fields with DRF's messages and renders rows as DRF's JSON.

use super::models::Note;
use restforge::prelude::*;

#[derive(Debug, Clone, Copy, Default, Serializer)]
#[restforge(
    model = Note,
    fields(id, owner, title, body, created_at),
    string_related(owner)
)]
pub struct NoteSerializer;
