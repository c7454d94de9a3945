//! DRF's `rest_framework.authtoken.views.obtain_auth_token` (`/api-token-auth/`).

use super::*;

impl Site {
    /// DRF's `obtain_auth_token`: `{"token": key}` for a username and password.
    pub(super) async fn token_auth(&self, ctx: &mut RequestContext) -> Response {
        let schemes = self.state.settings.authentication.clone();
        let mut reply = Reply {
            name: "Obtain Auth Token".to_owned(),
            allow: router::allow_header(&[Method::POST]),
            // A single renderer: no `Accept` in Vary.
            varies_on_accept: false,
            negotiated: None,
            head: false,
        };
        let result = async {
            reply.negotiated = Some(select_renderer(
                &[Renderer::Json],
                ctx.header(header::ACCEPT),
                ctx.query_param("format").as_deref(),
            )?);
            // DRF's ObtainAuthToken has no permission and no throttle classes; a password
            // guesser is throttled here like any anonymous client (the anon and user rates).
            self.initial(ctx, &schemes, Permissions::declared(&[]), None, None)
                .await?;
            match ctx.method {
                Method::POST => {}
                Method::OPTIONS => {
                    return Ok((
                        StatusCode::OK,
                        Some(metadata::options_body("Obtain Auth Token", None)),
                    ));
                }
                ref other => return Err(ApiError::MethodNotAllowed(other.to_string())),
            }
            let body = ctx.data().await?;
            let (username, password) = token_credentials(&body)?;
            let user = crate::contrib::users::authenticate(self.db(), &username, &password)
                .await
                .map_err(ApiError::internal)?
                .filter(|u| u.is_active)
                .ok_or_else(|| {
                    ErrorTree::non_field("Unable to log in with provided credentials.")
                })?;
            let key = crate::contrib::users::token_for(self.db(), user.id)
                .await
                .map_err(ApiError::internal)?;
            let mut object = serde_json::Map::new();
            object.insert("token".into(), Json::String(key));
            Ok((StatusCode::OK, Some(Json::Object(object))))
        }
        .await;
        reply.finalize_response(result, Vec::new(), ctx).await
    }
}

/// AuthTokenSerializer: `username` and `password` (not trimmed), both required.
fn token_credentials(body: &ParsedBody) -> Result<(String, String), ApiError> {
    let Json::Object(data) = &body.data else {
        return Err(ErrorTree::non_field(format!(
            "Invalid data. Expected a dictionary, but got {}.",
            serializer::python_type(&body.data)
        ))
        .into());
    };
    let username_field = crate::http::fields::Field::new(crate::http::fields::FieldClass::Char);
    let password_field = crate::http::fields::Field::new(crate::http::fields::FieldClass::Char)
        .trim_whitespace(false);
    let mut errors = ErrorTree::new();
    let mut take = |name: &str, field: &crate::http::fields::Field| match field
        .run_validation(data.get(name))
    {
        Ok(Some(crate::http::fields::FieldValue::Str(s))) => Some(s),
        Ok(_) => None,
        Err(messages) => {
            for message in messages {
                errors.add(name, message);
            }
            None
        }
    };
    let username = take("username", &username_field);
    let password = take("password", &password_field);
    if !errors.is_empty() {
        return Err(errors.into());
    }
    match (username, password) {
        (Some(u), Some(p)) if !u.is_empty() && !p.is_empty() => Ok((u, p)),
        _ => Err(ErrorTree::non_field("Must include \"username\" and \"password\".").into()),
    }
}
