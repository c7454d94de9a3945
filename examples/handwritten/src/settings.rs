//! Project settings: DRF's `REST_FRAMEWORK`.

use restforge::prelude::*;

/// Token authentication first (so a missing credential is a 401 with `WWW-Authenticate:
/// Token`), then the session; everything needs a user; ten issues a page, `?page_size=` up to
/// fifty.
pub fn settings() -> Settings {
    Settings::new()
        .default_auto_field(AutoField::BigAuto)
        .authentication(&[&TokenAuthentication, &SessionAuthentication])
        .default_permissions(&[&IsAuthenticated])
        .pagination(
            PageNumberPagination::new(10)
                .page_size_query_param("page_size")
                .max_page_size(50),
        )
        .media_url("/media/")
}
