//! Values the spec takes from the request rather than the body: `request.user` and
//! `request.user.<related>…` (DRF's `serializer.save(field=request.user…)` in `perform_create`,
//! and a generic view's object found from the user instead of the URL).

use super::*;

/// Where `request.user.<path>` starts its query.
#[derive(Debug, Clone, Copy)]
enum UserPathStart {
    /// At the model one-to-one with the user, through this field of it.
    Reverse(&'static str),
    /// At `auth_user`.
    User,
}

/// The value of `request.user.<path>`.
#[derive(Debug, Clone, PartialEq)]
enum UserPathValue {
    /// The value at the end of the path (null when the last field is null).
    Value(Value),
    /// An object on the way does not exist.
    Missing,
}

impl Site {
    /// The object `request.user.<path>`: one statement for the user or the model one-to-one
    /// with the user (`request.user.profile`), two for a longer path (the key, then the row).
    pub(super) async fn object_of_user(
        &self,
        plan: &Plan,
        user_id: i64,
        path: RequestPath,
    ) -> Result<Option<Record>, ApiError> {
        let db = self.db();
        match path.0 {
            [] => plan
                .query
                .get(db, &Value::Int(user_id))
                .await
                .map_err(ApiError::internal),
            [reverse] => {
                let (model, field) = self.reverse_one_to_one(reverse)?;
                if !std::ptr::eq(model, plan.model) {
                    return Err(ApiError::internal(format!(
                        "request.user.{reverse} is a {}, not a {}",
                        model.name, plan.model.name
                    )));
                }
                let rows = plan
                    .query
                    .clone()
                    .filter_eq(field, Value::Int(user_id))
                    .fetch_all(db)
                    .await
                    .map_err(ApiError::internal)?;
                Ok(rows.into_iter().next())
            }
            longer => {
                let target = self.user_path_target(longer)?;
                if !target
                    .relation
                    .is_some_and(|r| std::ptr::eq((r.to)(), plan.model))
                {
                    return Err(ApiError::internal(format!(
                        "request.user.{} is not a {}",
                        longer.join("."),
                        plan.model.name
                    )));
                }
                match self.user_path_value(user_id, longer).await? {
                    UserPathValue::Value(Value::Null) | UserPathValue::Missing => Ok(None),
                    UserPathValue::Value(pk) => {
                        plan.query.get(db, &pk).await.map_err(ApiError::internal)
                    }
                }
            }
        }
    }

    /// The model one-to-one with `auth.User` under the reverse accessor `name`, and its field.
    fn reverse_one_to_one(
        &self,
        name: &str,
    ) -> Result<(&'static ModelMeta, &'static str), ApiError> {
        self.find_reverse_one_to_one(name).ok_or_else(|| {
            ApiError::internal(format!("no model is one-to-one with the user as `{name}`"))
        })
    }

    fn find_reverse_one_to_one(&self, name: &str) -> Option<(&'static ModelMeta, &'static str)> {
        for model in &self.models {
            for field in model.fields {
                let Some(relation) = field.relation else {
                    continue;
                };
                if field.field_type != FieldKind::OneToOne || (relation.to)().table != "auth_user" {
                    continue;
                }
                let accessor = relation.related_name.unwrap_or(model.model_name);
                if accessor == name {
                    return Some((model, field.name));
                }
            }
        }
        None
    }

    /// Where `request.user.<path>` starts: the model one-to-one with the user when the first
    /// step is its reverse accessor (`profile`), else `auth.User` itself (`username`).
    fn user_path_start<'p>(
        &self,
        path: &'p [&'static str],
    ) -> (Query, &'static ModelMeta, &'p [&'static str], UserPathStart) {
        match path.split_first() {
            Some((first, rest)) => match self.find_reverse_one_to_one(first) {
                Some((model, field)) => (
                    Query::new(model),
                    model,
                    rest,
                    UserPathStart::Reverse(field),
                ),
                None => {
                    let user = <crate::contrib::auth::User as crate::core::model::Model>::meta();
                    (Query::new(user), user, path, UserPathStart::User)
                }
            },
            None => {
                let user = <crate::contrib::auth::User as crate::core::model::Model>::meta();
                (Query::new(user), user, path, UserPathStart::User)
            }
        }
    }

    /// The model field `request.user.<path>` ends at (its primary key for
    /// `request.user.profile`).
    fn user_path_target(
        &self,
        path: &[&'static str],
    ) -> Result<&'static crate::core::model::FieldMeta, ApiError> {
        let (_, mut model, rest, _) = self.user_path_start(path);
        let mut field = model.pk_field();
        for (i, step) in rest.iter().enumerate() {
            if i > 0 {
                match field.relation {
                    Some(relation) if field.field_type != FieldKind::ManyToMany => {
                        model = (relation.to)();
                    }
                    _ => {
                        return Err(ApiError::internal(format!(
                            "request.user.{}: `{}` is not a relation",
                            path.join("."),
                            field.name
                        )));
                    }
                }
            }
            field = model.field(step).ok_or_else(|| {
                ApiError::internal(format!(
                    "request.user.{}: {} has no field `{step}`",
                    path.join("."),
                    model.name
                ))
            })?;
        }
        Ok(field)
    }

    /// `request.user.<path>` as a value, in one statement: the user's key for an empty path,
    /// else the row the first step reaches (the user, or the model one-to-one with the user)
    /// with the rest of the path selected through relations.
    async fn user_path_value(
        &self,
        user_id: i64,
        path: &[&'static str],
    ) -> Result<UserPathValue, ApiError> {
        Ok(self.user_path_value_with(user_id, path, &[]).await?.0)
    }

    /// [`Site::user_path_value`] that also reads `tails`, paths continuing from the object
    /// the value is the key of, in the same statement; `None` for them when reading the value
    /// needs no statement (the user's own key).
    async fn user_path_value_with(
        &self,
        user_id: i64,
        path: &[&'static str],
        tails: &[&[&'static str]],
    ) -> Result<(UserPathValue, Option<Vec<Value>>), ApiError> {
        if path.is_empty() {
            return Ok((UserPathValue::Value(Value::Int(user_id)), None));
        }
        self.user_path_target(path)?;
        let (query, model, rest, start) = self.user_path_start(path);
        let mut query = match start {
            UserPathStart::Reverse(field) => query.filter_eq(field, Value::Int(user_id)),
            UserPathStart::User => query.filter_eq("id", Value::Int(user_id)),
        };
        if !rest.is_empty() {
            query = query.select_path(rest.to_vec());
        }
        // The key of the object before the last step tells a missing object (a null
        // relation on the way) from a null value at the end.
        if rest.len() > 1 {
            query = query.select_path(rest[..rest.len() - 1].to_vec());
        }
        for tail in tails {
            query = query.select_path(rest.iter().chain(tail.iter()).copied().collect());
        }
        let rows = query
            .fetch_all(self.db())
            .await
            .map_err(ApiError::internal)?;
        let Some(record) = rows.into_iter().next() else {
            return Ok((UserPathValue::Missing, None));
        };
        let object_key = rest.is_empty().then(|| record.pk(model).clone());
        let mut related = record.related.into_iter();
        let value = match object_key {
            Some(key) => key,
            None => related.next().unwrap_or(Value::Null),
        };
        if rest.len() > 1 && related.next().is_some_and(|before| before.is_null()) {
            return Ok((UserPathValue::Missing, None));
        }
        Ok((UserPathValue::Value(value), Some(related.collect())))
    }

    /// The value of `request.user.<path>` for `on_create`/`on_update`.
    ///
    /// A user without the object the path names (no profile yet, or a null relation before
    /// the last step) cannot be the one a row is saved for. DRF raises
    /// `RelatedObjectDoesNotExist` (or `AttributeError`) there, a 500; restforge answers 403
    /// `You do not have permission to perform this action.`, since nothing in the body could
    /// make the request succeed and the refusal is about who asks.
    pub(super) async fn request_value(
        &self,
        ctx: &RequestContext,
        assignment: &RequestAssignment,
    ) -> Result<Value, ApiError> {
        Ok(self.request_value_with(ctx, assignment, &[]).await?.0)
    }

    /// [`Site::request_value`] that also reads `tails` through the object assigned (see
    /// [`Site::user_path_value_with`]).
    pub(super) async fn request_value_with(
        &self,
        ctx: &RequestContext,
        assignment: &RequestAssignment,
        tails: &[&[&'static str]],
    ) -> Result<(Value, Option<Vec<Value>>), ApiError> {
        let Some(user) = &ctx.user else {
            // DRF would save AnonymousUser and fail; a view filling the user needs one.
            return Err(ApiError::NotAuthenticated(AuthChallenge::none()));
        };
        match self
            .user_path_value_with(user.id, assignment.value.0, tails)
            .await?
        {
            (UserPathValue::Value(value), known) => Ok((value, known)),
            (UserPathValue::Missing, _) => Err(ApiError::permission_denied()),
        }
    }
}
