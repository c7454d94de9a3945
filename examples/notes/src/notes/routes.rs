//! URLs of the `notes` app (Django's urls.py).

use super::views::NoteViewSet;
use restforge::prelude::*;

/// The app's router, mounted at `/api/`.
pub fn router() -> DefaultRouter {
    let mut router = DefaultRouter::new("api/");
    router = router.register::<NoteViewSet>("notes");
    router
}
