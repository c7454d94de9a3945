//! Project settings (DRF's `REST_FRAMEWORK`).

use restforge::prelude::*;

/// The settings the project is served with. Values from the environment (`DATABASE_URL`,
/// `SECRET_KEY`, `MEDIA_ROOT`, …) are read at start-up by the runtime.
pub fn settings() -> Settings {
    Settings::new()
        .default_auto_field(AutoField::BigAuto)
        .authentication(&[&TokenAuthentication, &SessionAuthentication])
        .default_permissions(&[&IsAuthenticated])
        .pagination(PageNumberPagination::new(20))
        .media_url("/media/")
}
