//! Your code for the `notes` app: what DRF code writes by overriding methods.
//!
//! This file is yours: restforge wrote it once and never touches it again. Every item whose
//! attribute says `hooks` needs its impl here (the compiler says so when one is missing):
//! `ViewHooks` for a view (`get_queryset`, `get_object`, `get_serializer_class`,
//! `get_permissions`, `get_throttles`, `perform_create`, `perform_update`, `perform_destroy`),
//! `SerializerHooks` for a serializer (`validate_field`, `validate`), `Permission` for a
//! permission (`has_permission`, `has_object_permission`). Each method you leave out keeps
//! DRF's behaviour. restforge's `docs/customizing.md` shows each one beside the Python a DRF
//! project writes.
