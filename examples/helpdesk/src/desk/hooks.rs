//! Your code for the `desk` app: what DRF code writes by overriding methods.
//!
//! This file is yours: restforge wrote it once and never touches it again. Every item the spec
//! marks `hooks: true` needs its impl here (the compiler says so when one is missing):
//! `ViewHooks` for a view (`get_queryset`, `get_object`, `get_serializer_class`,
//! `get_permissions`, `get_throttles`, `perform_create`, `perform_update`, `perform_destroy`),
//! `SerializerHooks` for a serializer (`validate_field`, `validate`), `Permission` for a
//! permission (`has_permission`, `has_object_permission`). Each method you leave out keeps
//! DRF's behaviour. restforge's `docs/customizing.md` shows each one beside the Python a DRF
//! project writes.

use restforge::axum;
use restforge::axum::http::HeaderValue;
use restforge::axum::response::Response;
use restforge::axum::routing::get;
use restforge::contrib::users::AuthUser;
use restforge::http::generics;
use restforge::http::permissions::DynPermission;
use restforge::http::throttle::{self, Decision, DynThrottle, Throttle};
use restforge::prelude::*;
use restforge::serde_json::{Value as Json, json};

use super::models::{Comment, Ticket};
use super::permissions::IsTicketParticipant;
use super::serializers::{CommentSerializer, TicketSerializer};
use super::views::TicketViewSet;

/// `X-Api-Key: <token key>`, for scripts that cannot set `Authorization` (the settings name
/// it after DRF's own classes).
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiKeyAuthentication;

impl Authentication for ApiKeyAuthentication {
    async fn authenticate(&self, request: &Request<'_>) -> Result<Option<AuthUser>, ApiError> {
        let Some(key) = request.header("x-api-key") else {
            return Ok(None);
        };
        match restforge::contrib::users::user_by_token(request.db(), key)
            .await
            .map_err(ApiError::internal)?
        {
            Some(user) if user.is_active => Ok(Some(user)),
            _ => Err(ApiError::authentication_failed_with("Invalid API key.")),
        }
    }

    fn authenticate_header(&self) -> Option<String> {
        Some("Api-Key".into())
    }
}

/// DRF's page numbers (20 a page, `?page_size=` up to 100), with the links grouped as DRF's
/// documentation shows a custom pagination class.
#[derive(Debug, Clone, Default)]
pub struct TicketPagination;

impl Pagination for TicketPagination {
    type Page = PageLinks;

    async fn paginate_queryset(
        &self,
        request: &Request<'_>,
        queryset: &Query,
    ) -> Result<(Vec<Record>, PageLinks), ApiError> {
        PageNumberPagination::new(20)
            .page_size_query_param("page_size")
            .max_page_size(100)
            .paginate_queryset(request, queryset)
            .await
    }

    fn get_paginated_response(&self, page: PageLinks, data: Vec<Json>) -> Json {
        json!({
            "links": {"next": page.next, "previous": page.previous},
            "count": page.count,
            "results": data,
        })
    }
}

/// How many open tickets one user may have at a time.
pub const OPEN_TICKET_LIMIT: u64 = 3;

/// Deleting a ticket is for staff.
const STAFF_ONLY: &[&dyn DynPermission] = &[&And(IsAuthenticated, IsAdminUser)];

/// The summary counts every ticket a user sees: five a minute per user is plenty.
#[derive(Debug, Clone, Copy, Default)]
pub struct SummaryThrottle;

impl Throttle for SummaryThrottle {
    async fn allow_request(&self, request: &Request<'_>) -> Result<Decision, ApiError> {
        match request.user() {
            Some(user) if request.action() == Some("summary") => {
                let rate = "5/min".parse().map_err(ApiError::internal)?;
                throttle::hit(request, "ticket_summary", &user.id.to_string(), rate).await
            }
            _ => Ok(Decision::Allow),
        }
    }
}

impl ViewHooks for TicketViewSet {
    /// A user sees the tickets they reported, staff every ticket; nobody sees archived ones.
    fn get_queryset(&self, request: &Request<'_>, queryset: Query) -> Result<Query, ApiError> {
        let queryset = queryset.filter_eq("archived", Value::Bool(false));
        match request.user() {
            Some(user) if user.is_staff => Ok(queryset),
            Some(user) => Ok(queryset.filter_eq("reporter", Value::Int(user.id))),
            None => Err(ApiError::permission_denied()),
        }
    }

    /// `/api/tickets/latest/` is the newest ticket the user sees; any other lookup is a pk.
    async fn get_object(
        &self,
        request: &Request<'_>,
        queryset: Query,
        lookup: &str,
    ) -> Result<Option<Record>, ApiError> {
        if lookup != "latest" {
            return generics::lookup_pk(request, queryset, lookup).await;
        }
        let newest = queryset
            .order_by(&["-created_at", "-id"])
            .fetch_page(request.db(), 0, 1)
            .await
            .map_err(ApiError::internal)?;
        Ok(newest.into_iter().next())
    }

    /// Lists show the short `TicketListSerializer` (the spec's `action_serializers`), except to
    /// staff, who triage from the list and get every field.
    fn get_serializer_class(&self, request: &Request<'_>) -> Option<&'static SerializerMeta> {
        let staff = request.user().is_some_and(|u| u.is_staff);
        (staff && request.action() == Some("list")).then(TicketSerializer::meta)
    }

    fn get_permissions(
        &self,
        request: &Request<'_>,
    ) -> Option<&'static [&'static dyn DynPermission]> {
        (request.action() == Some("destroy")).then_some(STAFF_ONLY)
    }

    fn get_throttles(&self, _request: &Request<'_>) -> &'static [&'static dyn DynThrottle] {
        &[&SummaryThrottle]
    }

    /// The reporter is the user who posts, and nobody has more than three open tickets.
    async fn perform_create(
        &self,
        request: &Request<'_>,
        mut serializer: Save<'_>,
    ) -> Result<Saved, ApiError> {
        let user = request.user().ok_or_else(ApiError::permission_denied)?;
        let open = Query::new(Ticket::meta())
            .filter_eq("reporter", Value::Int(user.id))
            .filter_eq("status", Value::Text("open".into()))
            .filter_eq("archived", Value::Bool(false))
            .count(request.db())
            .await
            .map_err(ApiError::internal)?;
        if open >= OPEN_TICKET_LIMIT {
            return Err(ApiError::validation(format!(
                "You already have {open} open tickets; close one first."
            )));
        }
        serializer.set("reporter", user.id);
        serializer.save().await
    }

    /// Only staff close a ticket.
    async fn perform_update(
        &self,
        request: &Request<'_>,
        serializer: Save<'_>,
    ) -> Result<Saved, ApiError> {
        let closed = Value::Text("closed".into());
        let closing = serializer.get("status") == Some(&closed)
            && serializer.instance().and_then(|t| t.get("status")) != Some(&closed);
        if closing && !request.user().is_some_and(|u| u.is_staff) {
            return Err(ApiError::PermissionDenied(
                "Only staff may close a ticket.".into(),
            ));
        }
        serializer.save().await
    }

    /// A deleted ticket is archived, not removed: its history stays.
    async fn perform_destroy(
        &self,
        _request: &Request<'_>,
        instance: Instance<'_>,
    ) -> Result<(), ApiError> {
        instance.update(vec![("archived", Value::Bool(true))]).await
    }
}

/// The viewset's extra actions (DRF's `@action` methods), routed from the spec's
/// `extra_actions`.
impl TicketViewSet {
    /// `POST /api/tickets/{id}/close/`: staff close a ticket (the spec gives this action its own
    /// permissions).
    pub(crate) async fn close(
        &self,
        action: ActionContext<'_>,
    ) -> Result<ActionResponse, ApiError> {
        let request = action.request();
        let ticket = action.object().ok_or_else(ApiError::not_found)?;
        if ticket.get("status") == Some(&Value::Text("closed".into())) {
            return Err(ApiError::validation("This ticket is already closed."));
        }
        Instance::new(*ticket, request.state())
            .update(vec![("status", Value::Text("closed".into()))])
            .await?;
        Ok(ActionResponse::ok(action.object_data().await?))
    }

    /// `POST /api/tickets/{id}/reprioritize/`: the body is the action's own serializer's
    /// (`TicketPrioritySerializer`, `{"priority": …}`, required); the answer is the ticket.
    pub(crate) async fn reprioritize(
        &self,
        action: ActionContext<'_>,
    ) -> Result<ActionResponse, ApiError> {
        let validated = action.validate().await?;
        let priority = validated
            .get("priority")
            .cloned()
            .ok_or_else(|| ApiError::internal("a required field is missing from validated data"))?;
        let ticket = action.object().ok_or_else(ApiError::not_found)?;
        Instance::new(*ticket, action.request().state())
            .update(vec![("priority", priority)])
            .await?;
        Ok(ActionResponse::ok(action.object_data().await?))
    }

    /// `GET /api/tickets/summary/`: how many of the tickets the user sees are open and closed.
    pub(crate) async fn summary(
        &self,
        action: ActionContext<'_>,
    ) -> Result<ActionResponse, ApiError> {
        let request = action.request();
        let tickets = self.get_queryset(request, Query::new(Ticket::meta()))?;
        let mut counts = Vec::new();
        for status in ["open", "closed"] {
            let count = tickets
                .clone()
                .filter_eq("status", Value::Text(status.into()))
                .count(request.db())
                .await
                .map_err(ApiError::internal)?;
            counts.push(count);
        }
        Ok(ActionResponse::ok(
            json!({"open": counts[0], "closed": counts[1]}),
        ))
    }
}

impl TicketSerializer {
    /// DRF: `comment_count = SerializerMethodField()` and `def get_comment_count(self, obj)`.
    pub(crate) async fn get_comment_count(
        &self,
        request: &Request<'_>,
        ticket: &Object<'_>,
    ) -> Result<Json, ApiError> {
        let count = Query::new(Comment::meta())
            .filter_eq("ticket", ticket.pk().clone())
            .count(request.db())
            .await
            .map_err(ApiError::internal)?;
        Ok(count.into())
    }
}

impl SerializerHooks for TicketSerializer {
    /// DRF: `def validate_title(self, value)`.
    async fn validate_field(
        &self,
        _request: &Request<'_>,
        field: &str,
        value: Value,
    ) -> Result<Value, ApiError> {
        if let ("title", Value::Text(title)) = (field, &value)
            && title.to_lowercase().contains("urgent")
        {
            return Err(ApiError::validation(
                "Set the priority to high instead of writing \"urgent\" in the title.",
            ));
        }
        Ok(value)
    }

    /// DRF: `def validate(self, attrs)`: a high-priority ticket says what is wrong.
    async fn validate(
        &self,
        _request: &Request<'_>,
        attrs: &mut Attrs<'_>,
    ) -> Result<(), ApiError> {
        let current = |field: &str| {
            attrs
                .get(field)
                .or_else(|| attrs.instance().and_then(|ticket| ticket.get(field)))
                .cloned()
        };
        let high = current("priority") == Some(Value::Text("high".into()));
        let described =
            matches!(current("description"), Some(Value::Text(text)) if !text.trim().is_empty());
        if high && !described {
            return Err(ApiError::validation(
                "A high-priority ticket needs a description.",
            ));
        }
        Ok(())
    }
}

impl SerializerHooks for CommentSerializer {
    /// Nobody comments on a closed ticket (a query the fields cannot make).
    async fn validate(&self, request: &Request<'_>, attrs: &mut Attrs<'_>) -> Result<(), ApiError> {
        let Some(ticket) = attrs.get("ticket").cloned() else {
            return Ok(());
        };
        let ticket = Query::new(Ticket::meta())
            .get(request.db(), &ticket)
            .await
            .map_err(ApiError::internal)?;
        let status = ticket.and_then(|t| t.get(Ticket::meta(), "status").cloned());
        if status == Some(Value::Text("closed".into())) {
            return Err(ApiError::validation("This ticket is closed."));
        }
        Ok(())
    }
}

impl Permission for IsTicketParticipant {
    /// A comment is posted on a ticket the user reported (staff may post on any).
    async fn has_permission(&self, request: &Request<'_>) -> Result<bool, ApiError> {
        let Some(user) = request.user() else {
            return Ok(false);
        };
        if user.is_staff || request.action() != Some("create") {
            return Ok(true);
        }
        let body = request.context().data().await?;
        let ticket = body.data.get("ticket").and_then(|ticket| {
            ticket
                .as_i64()
                .or_else(|| ticket.as_str().and_then(|s| s.parse().ok()))
        });
        // A missing or malformed ticket is the serializer's to report.
        let Some(ticket) = ticket else {
            return Ok(true);
        };
        let ticket = Query::new(Ticket::meta())
            .get(request.db(), &Value::Int(ticket))
            .await
            .map_err(ApiError::internal)?;
        Ok(
            match ticket.and_then(|t| t.get(Ticket::meta(), "reporter").cloned()) {
                Some(Value::Int(reporter)) => reporter == user.id,
                _ => true,
            },
        )
    }

    /// On a comment: the ticket's reporter, or staff.
    async fn has_object_permission(
        &self,
        request: &Request<'_>,
        object: &Object<'_>,
    ) -> Result<bool, ApiError> {
        Ok(match request.user() {
            Some(user) if user.is_staff => true,
            Some(user) => object.path(&["ticket", "reporter"]) == Some(&Value::Int(user.id)),
            None => false,
        })
    }

    fn object_paths(&self, paths: &mut Vec<&'static [&'static str]>) {
        paths.push(&["ticket", "reporter"]);
    }

    fn message(&self) -> Option<&str> {
        Some("Only the ticket's reporter or staff may comment on it.")
    }
}

/// The app as the project serves it: the API, a health check beside it, and a header on
/// every response naming the app.
pub fn extend(app: App) -> App {
    app.merge(axum::Router::new().route("/healthz", get(|| async { "ok" })))
        .layer(axum::middleware::map_response(served_by))
}

async fn served_by(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert("x-served-by", HeaderValue::from_static("helpdesk"));
    response
}
