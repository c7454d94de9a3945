//! The actions of DRF's mixins (`ListModelMixin.list`, `CreateModelMixin.create`,
//! `UpdateModelMixin.update`, `destroy`, `retrieve`) and `GenericAPIView.get_object` with
//! `filter_queryset` (DRF's filter backends: the spec's filters, `SearchFilter`,
//! `OrderingFilter`).

use super::*;

impl Site {
    pub(super) async fn action(
        &self,
        request: &Request<'_>,
        plan: &Plan,
        entry: &RouteEntry,
        action: Action,
        lookup: Option<&str>,
    ) -> Result<(StatusCode, Option<Json>), ApiError> {
        // Each action's future is boxed: awaited inline, the largest (create, update) would
        // size every request's future, which axum allocates and moves per request.
        match action {
            Action::List => Box::pin(self.list(request, plan, entry))
                .await
                .map(|b| (StatusCode::OK, Some(b))),
            Action::Create => Box::pin(self.create(request, plan, entry))
                .await
                .map(|b| (StatusCode::CREATED, Some(b))),
            Action::Retrieve => {
                let record = self.object(request, plan, entry, lookup).await?;
                let paths = plan.query.select_paths();
                let body = plan
                    .representation
                    .represent(request, record, paths)
                    .await?;
                Ok((StatusCode::OK, Some(body)))
            }
            Action::Update | Action::PartialUpdate => {
                let record = self.object(request, plan, entry, lookup).await?;
                let partial = action == Action::PartialUpdate;
                Box::pin(self.update(request, plan, entry, record, partial))
                    .await
                    .map(|b| (StatusCode::OK, Some(b)))
            }
            Action::Destroy => {
                let record = self.object(request, plan, entry, lookup).await?;
                let paths = plan.query.select_paths();
                let instance = Instance::new(Object::new(plan.model, &record, paths), &self.state);
                Box::pin(entry.view.destroy(request, instance)).await?;
                Ok((StatusCode::NO_CONTENT, None))
            }
        }
    }

    /// The view's queryset with `filters` and `?search=` applied (DRF's `filter_queryset`,
    /// which `get_object` uses too).
    fn filtered(
        &self,
        request: &Request<'_>,
        plan: &Plan,
        entry: &RouteEntry,
    ) -> Result<Query, ApiError> {
        let ctx = request.context();
        let mut query = entry.view.queryset(request, plan.query.clone())?;
        for filter in plan.config.filters {
            // The tutorial's `get_queryset`: `if username is not None`, so an empty value
            // filters on the empty string (django-filter's `filterset_fields` would ignore it).
            if let Some(value) = ctx.query_param(filter.param) {
                query = query.filter_eq(filter.path, Value::Text(value));
            }
        }
        if !plan.config.search_fields.is_empty()
            && let Some(terms) = ctx.query_param("search")
        {
            let count = crate::db::query::search_terms(&terms).len();
            if count > crate::db::query::MAX_SEARCH_TERMS {
                let mut tree = ErrorTree::new();
                tree.add(
                    "search",
                    format!(
                        "Ensure this value has at most {} search terms (it has {count}).",
                        crate::db::query::MAX_SEARCH_TERMS
                    ),
                );
                return Err(ApiError::ValidationError(tree));
            }
            query = query.search(plan.config.search_fields, &terms);
        }
        Ok(query)
    }

    async fn list(
        &self,
        request: &Request<'_>,
        plan: &Plan,
        entry: &RouteEntry,
    ) -> Result<Json, ApiError> {
        let ctx = request.context();
        let mut query = self
            .filtered(request, plan, entry)?
            .order_by(plan.config.ordering);
        if let Some(ordering) = ctx.query_param("ordering") {
            let valid = valid_ordering(&ordering, plan.config.ordering_fields);
            if !valid.is_empty() {
                let terms: Vec<&str> = valid.iter().map(String::as_str).collect();
                query = query.order_by(&terms);
            }
        }
        let (records, respond) = match &self.state.settings.pagination {
            None => {
                let records = query
                    .fetch_all(self.db())
                    .await
                    .map_err(ApiError::internal)?;
                (records, None)
            }
            Some(paginator) => {
                let (records, respond) = paginator.paginate(request, &query).await?;
                (records, Some(respond))
            }
        };
        let rows = if plan.representation.has_method_fields() {
            let mut rows = Vec::with_capacity(records.len());
            for record in records {
                rows.push(
                    plan.representation
                        .represent(request, record, query.select_paths())
                        .await?,
                );
            }
            rows
        } else {
            let origin = ctx.origin();
            records
                .into_iter()
                .map(|r| plan.representation.render(r, &origin))
                .collect()
        };
        Ok(match respond {
            Some(respond) => respond(rows),
            None => Json::Array(rows),
        })
    }

    /// DRF's `get_object`: the lookup from the URL (or the request, for a generic view with
    /// `object`), 404s, then every object permission.
    pub(super) async fn object(
        &self,
        request: &Request<'_>,
        plan: &Plan,
        entry: &RouteEntry,
        lookup: Option<&str>,
    ) -> Result<Record, ApiError> {
        self.object_checked(request, plan, entry, lookup, &plan.permissions)
            .await
    }

    /// [`Site::object`] checked against `declared` permissions (an extra action's own) unless
    /// the view's `get_permissions` chooses others.
    pub(super) async fn object_checked(
        &self,
        request: &Request<'_>,
        plan: &Plan,
        entry: &RouteEntry,
        lookup: Option<&str>,
        declared: &[&'static dyn DynPermission],
    ) -> Result<Record, ApiError> {
        let ctx = request.context();
        let permissions = Permissions {
            declared,
            view: Some(&*entry.view),
        }
        .for_request(request);
        // Permissions chosen per request may read paths the plan did not select; the query
        // the object comes from then selects them too, and tells where they are.
        let selected = plan.query.select_paths();
        let mut missing = Vec::new();
        if !std::ptr::eq(permissions, plan.permissions.as_slice()) {
            let mut wanted = Vec::new();
            for permission in permissions {
                permission.collect_object_paths(&mut wanted);
            }
            missing.extend(
                wanted
                    .into_iter()
                    .filter(|path| !selected.iter().any(|s| s.as_slice() == *path)),
            );
        }
        let mut extended: Option<Vec<Vec<&'static str>>> = None;
        let record = match (lookup, plan.config.object) {
            (Some(lookup), _) => {
                let mut query = self.filtered(request, plan, entry)?;
                for path in &missing {
                    query = query.select_path(path.to_vec());
                }
                if !missing.is_empty() || query.select_paths().len() != selected.len() {
                    extended = Some(query.select_paths().to_vec());
                }
                entry.view.object(request, query, lookup).await?
            }
            (None, Some(path)) => {
                let Some(user) = &ctx.user else {
                    return Err(ApiError::not_found());
                };
                self.object_of_user(plan, user.id, path).await?
            }
            (None, None) => None,
        };
        let record = record.ok_or_else(|| ApiError::no_match(plan.model.name))?;
        let paths = extended.as_deref().unwrap_or(selected);
        permissions::check_object_permissions(
            permissions,
            request,
            &Object::new(plan.model, &record, paths),
            !plan.authentication.is_empty(),
            || authentication::challenge(&plan.authentication),
        )
        .await?;
        Ok(record)
    }

    async fn create(
        &self,
        request: &Request<'_>,
        plan: &Plan,
        entry: &RouteEntry,
    ) -> Result<Json, ApiError> {
        let ctx = request.context();
        let body = ctx.data().await?;
        let skip: Vec<&str> = plan.config.on_create.iter().map(|a| a.field).collect();
        let context = serializer::Context {
            hooks: plan.serializer.hooks,
            request,
            instance: None,
        };
        let mut validated =
            serializer::validate(plan.serializer, &body, Mode::Create, &skip, &context).await?;
        // What the representation reads through relations, where the assignments tell it: the
        // object `request.user.profile` is read with the values shown through it.
        let paths = plan.query.select_paths();
        let mut related: Vec<Option<Value>> = vec![None; paths.len()];
        for assignment in plan.config.on_create {
            let through: Vec<usize> = (0..paths.len())
                .filter(|&i| paths[i].first() == Some(&assignment.field))
                .collect();
            let tails: Vec<&[&'static str]> = through.iter().map(|&i| &paths[i][1..]).collect();
            let (value, known) = self.request_value_with(ctx, assignment, &tails).await?;
            for (i, value) in through.into_iter().zip(known.into_iter().flatten()) {
                related[i] = Some(value);
            }
            validated.values.push((assignment.field, value));
        }
        let save = Save::new(plan.model, &self.state, validated, None);
        let saved: Saved = entry.view.create(request, save).await?;
        // A hook that set fields may have changed what the representation reads.
        match related.into_iter().collect::<Option<Vec<Value>>>() {
            Some(related) if !saved.changed && !plan.query.loads_many_to_many() => {
                let record = Record::saved(plan.model, saved.row, related, Vec::new());
                let paths = plan.query.select_paths();
                plan.representation.represent(request, record, paths).await
            }
            _ => {
                let pk = pk_of(plan.model, &saved.row);
                self.reread(request, plan, &pk).await
            }
        }
    }

    async fn update(
        &self,
        request: &Request<'_>,
        plan: &Plan,
        entry: &RouteEntry,
        record: Record,
        partial: bool,
    ) -> Result<Json, ApiError> {
        let ctx = request.context();
        let body: ParsedBody = ctx.data().await?;
        let pk = record.pk(plan.model).clone();
        let mode = if partial {
            Mode::PartialUpdate(&pk)
        } else {
            Mode::Update(&pk)
        };
        // Fields the server fills from the request — on create or on update — are never taken
        // from a body: otherwise a PATCH could reassign an object's owner.
        let skip: Vec<&str> = plan
            .config
            .on_create
            .iter()
            .chain(plan.config.on_update)
            .map(|a| a.field)
            .collect();
        let instance = Object::new(plan.model, &record, plan.query.select_paths());
        let context = serializer::Context {
            hooks: plan.serializer.hooks,
            request,
            instance: Some(instance),
        };
        let mut validated =
            serializer::validate(plan.serializer, &body, mode, &skip, &context).await?;
        for assignment in plan.config.on_update {
            let value = self.request_value(ctx, assignment).await?;
            validated.values.push((assignment.field, value));
        }
        // DRF renders the instance it saved, with the related objects it had loaded: when no
        // written field leads to a value the representation reads through relations (uploads
        // never do), the object lookup's values still hold and the row need not be read again.
        let keeps_related = validated.many_to_many.is_empty()
            && plan.query.select_paths().iter().all(|path| {
                !validated
                    .values
                    .iter()
                    .any(|(field, _)| path.first() == Some(field))
            });
        let save = Save::new(plan.model, &self.state, validated, Some(instance));
        let saved = entry.view.update(request, save).await?;
        if keeps_related && !saved.changed {
            let saved = Record::saved(plan.model, saved.row, record.related, record.many_to_many);
            let paths = plan.query.select_paths();
            return plan.representation.represent(request, saved, paths).await;
        }
        self.reread(request, plan, &pk).await
    }

    /// The saved row with its display values, rendered (DRF's `serializer.data`).
    async fn reread(
        &self,
        request: &Request<'_>,
        plan: &Plan,
        pk: &Value,
    ) -> Result<Json, ApiError> {
        let record = plan
            .query
            .get(self.db(), pk)
            .await
            .map_err(ApiError::internal)?
            .ok_or_else(|| ApiError::no_match(plan.model.name))?;
        let paths = plan.query.select_paths();
        plan.representation.represent(request, record, paths).await
    }
}

/// DRF's OrderingFilter: the comma-separated terms whose field (without `-`) is in
/// `ordering_fields`; an empty list when none is.
pub(super) fn valid_ordering(param: &str, allowed: &[&str]) -> Vec<String> {
    param
        .split(',')
        .map(str::trim)
        .filter(|term| {
            let name = term.strip_prefix('-').unwrap_or(term);
            !name.is_empty() && allowed.contains(&name)
        })
        .map(str::to_owned)
        .collect()
}

pub(super) fn pk_of(model: &ModelMeta, row: &[Value]) -> Value {
    model
        .columns()
        .position(|f| f.primary_key)
        .and_then(|i| row.get(i).cloned())
        .unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordering_keeps_only_allowed_fields() {
        assert_eq!(
            valid_ordering("-price,bogus, title", &["price", "title"]),
            ["-price", "title"]
        );
        assert!(valid_ordering("bogus", &["price"]).is_empty());
    }
}
