//! Django's model signals, as data: `post_save` and `pre_delete` receivers that the
//! [`Writer`](crate::db::objects::Writer) runs inside the transaction of the write that sent them,
//! so a user and the profile a receiver creates for it are saved together or not at all.
//!
//! ```
//! use restforge::contrib::auth::User;
//! use restforge::prelude::*;
//!
//! #[derive(Debug, Clone, PartialEq, Model)]
//! #[restforge(app = "profiles")]
//! pub struct Profile {
//!     pub id: i64,
//!     #[restforge(on_delete = "cascade")]
//!     pub user: OneToOne<User>,
//! }
//!
//! let mut signals = Signals::new();
//! signals.connect(
//!     Signal::post_save::<User>()
//!         .created_only()
//!         .create_related::<Profile>("user"),
//! );
//! assert!(signals.check().is_ok());
//! ```

use std::fmt;
use std::sync::Arc;

use crate::core::model::{FieldKind, Model, ModelMeta};
use crate::core::value::Value;

/// Which moment of a write a receiver listens to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignalKind {
    /// After an INSERT or UPDATE, in its transaction.
    PostSave,
    /// Before a DELETE (and before the rows it cascades to are removed).
    PreDelete,
}

/// What a receiver is told: the model, the row as saved (or about to be deleted), and for
/// `post_save` whether it was created.
#[derive(Debug, Clone)]
pub struct SignalEvent {
    pub kind: SignalKind,
    pub model: &'static ModelMeta,
    /// The row in [`ModelMeta::columns`] order.
    pub row: Vec<Value>,
    /// `true` for a `post_save` of a new row.
    pub created: bool,
}

/// A signal from one sender model, not yet connected to an action: Django's
/// `@receiver(post_save, sender=User)` before the function body.
#[derive(Debug, Clone, Copy)]
pub struct Signal {
    kind: SignalKind,
    sender: fn() -> &'static ModelMeta,
    created_only: bool,
}

impl Signal {
    /// `post_save` from model `M`.
    pub fn post_save<M: Model>() -> Signal {
        Signal {
            kind: SignalKind::PostSave,
            sender: M::meta,
            created_only: false,
        }
    }

    /// `pre_delete` from model `M`.
    pub fn pre_delete<M: Model>() -> Signal {
        Signal {
            kind: SignalKind::PreDelete,
            sender: M::meta,
            created_only: false,
        }
    }

    /// Only when the row was created (`if created:` in the receiver).
    pub fn created_only(mut self) -> Signal {
        self.created_only = true;
        self
    }

    /// Creates a row of `T` whose relation `field` points at the sender's row, every other
    /// field taking its default (`Profile.objects.create(user=instance)`).
    pub fn create_related<T: Model>(self, field: &'static str) -> Receiver {
        Receiver {
            signal: self,
            action: ReceiverAction::CreateRelated {
                model: T::meta,
                field,
            },
        }
    }

    /// Calls `f` with the event. It runs inside the write's transaction and cannot touch the
    /// database; use it for logging, metrics or tests.
    pub fn call(self, f: impl Fn(&SignalEvent) + Send + Sync + 'static) -> Receiver {
        Receiver {
            signal: self,
            action: ReceiverAction::Call(Arc::new(f)),
        }
    }

    pub fn kind(&self) -> SignalKind {
        self.kind
    }

    /// The sender model.
    pub fn sender(&self) -> &'static ModelMeta {
        (self.sender)()
    }
}

/// What a connected receiver does.
#[derive(Clone)]
pub enum ReceiverAction {
    /// Insert a row of `model` with `field` set to the sender's primary key.
    CreateRelated {
        model: fn() -> &'static ModelMeta,
        field: &'static str,
    },
    /// Call a function with the event.
    Call(Arc<dyn Fn(&SignalEvent) + Send + Sync>),
}

impl fmt::Debug for ReceiverAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReceiverAction::CreateRelated { model, field } => f
                .debug_struct("CreateRelated")
                .field("model", &model().name)
                .field("field", field)
                .finish(),
            ReceiverAction::Call(_) => f.write_str("Call(..)"),
        }
    }
}

/// A signal connected to an action.
#[derive(Debug, Clone)]
pub struct Receiver {
    signal: Signal,
    action: ReceiverAction,
}

impl Receiver {
    pub fn signal(&self) -> &Signal {
        &self.signal
    }

    pub fn action(&self) -> &ReceiverAction {
        &self.action
    }

    /// Whether this receiver runs for `kind` on `model` (`created` for post_save).
    pub fn matches(&self, kind: SignalKind, model: &ModelMeta, created: bool) -> bool {
        self.signal.kind == kind
            && self.signal.sender().table == model.table
            && (!self.signal.created_only || created)
    }
}

/// The registry of an app's receivers and of the models the writer must know to carry out
/// `on_delete` rules (a delete of a user must find the profiles pointing at it, and nothing
/// in `User`'s metadata names them).
///
/// [`App`](crate::http::app::App) fills it; tests can build one by hand.
#[derive(Debug, Clone, Default)]
pub struct Signals {
    receivers: Vec<Receiver>,
    models: Vec<&'static ModelMeta>,
}

impl Signals {
    pub fn new() -> Self {
        Self::default()
    }

    /// Connects a receiver; receivers run in the order they were connected. The sender and,
    /// for `create_related`, the created model are registered too.
    pub fn connect(&mut self, receiver: Receiver) {
        self.register_model(receiver.signal.sender());
        if let ReceiverAction::CreateRelated { model, .. } = receiver.action {
            self.register_model(model());
        }
        self.receivers.push(receiver);
    }

    /// Makes a model known for `on_delete` rules, with every model its relations reach.
    pub fn register_model(&mut self, model: &'static ModelMeta) {
        if self.models.iter().any(|m| m.table == model.table) {
            return;
        }
        self.models.push(model);
        for field in model.fields {
            if let Some(relation) = field.relation {
                self.register_model((relation.to)());
            }
        }
    }

    /// Every registered model.
    pub fn models(&self) -> &[&'static ModelMeta] {
        &self.models
    }

    /// The receivers for `kind` on `model`, in connection order.
    pub fn receivers(
        &self,
        kind: SignalKind,
        model: &ModelMeta,
        created: bool,
    ) -> impl Iterator<Item = &Receiver> {
        self.receivers
            .iter()
            .filter(move |r| r.matches(kind, model, created))
    }

    /// Whether any receiver listens to `kind` on `model`.
    pub fn has_receivers(&self, kind: SignalKind, model: &ModelMeta) -> bool {
        self.receivers
            .iter()
            .any(|r| r.signal.kind == kind && r.signal.sender().table == model.table)
    }

    /// Checks every `create_related` receiver: its field exists on the created model and is
    /// a foreign key or one-to-one to the sender. Run at start-up, so a mistake is an
    /// error message before the first request rather than a failed write.
    pub fn check(&self) -> Result<(), Vec<String>> {
        let mut problems = Vec::new();
        for receiver in &self.receivers {
            let ReceiverAction::CreateRelated { model, field } = receiver.action else {
                continue;
            };
            let model = model();
            let sender = receiver.signal.sender();
            if receiver.signal.kind == SignalKind::PreDelete {
                // The row would point at one about to be deleted and fail the delete.
                problems.push(format!(
                    "signal receiver on {}: pre_delete cannot create a related {}",
                    sender.name, model.name
                ));
                continue;
            }
            match model.field(field) {
                None => problems.push(format!(
                    "signal receiver on {}: {} has no field `{field}`",
                    sender.name, model.name
                )),
                Some(meta) => {
                    let points_at_sender =
                        matches!(meta.field_type, FieldKind::ForeignKey | FieldKind::OneToOne)
                            && meta
                                .relation
                                .is_some_and(|r| (r.to)().table == sender.table);
                    if !points_at_sender {
                        problems.push(format!(
                            "signal receiver on {}: `{}.{field}` is not a foreign key or one-to-one to {}",
                            sender.name, model.name, sender.name
                        ));
                    }
                }
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::contrib::auth::User;
    use crate::db::query::fixtures::{Badge, Profile, ProfileStatus};

    #[test]
    fn receivers_match_kind_sender_and_creation() {
        let mut signals = Signals::new();
        signals.connect(
            Signal::post_save::<User>()
                .created_only()
                .create_related::<Profile>("user"),
        );
        let user = User::meta();
        assert_eq!(
            signals.receivers(SignalKind::PostSave, user, true).count(),
            1
        );
        assert_eq!(
            signals.receivers(SignalKind::PostSave, user, false).count(),
            0
        );
        assert_eq!(
            signals.receivers(SignalKind::PreDelete, user, true).count(),
            0
        );
        assert_eq!(
            signals
                .receivers(SignalKind::PostSave, Profile::meta(), true)
                .count(),
            0
        );
        // The sender, the created model and what it points at are known to deletes.
        let tables: Vec<&str> = signals.models().iter().map(|m| m.table).collect();
        assert_eq!(tables, ["auth_user", "profiles_profile"]);
        assert!(signals.check().is_ok());
    }

    #[test]
    fn check_names_receivers_that_cannot_work() {
        let mut signals = Signals::new();
        signals.connect(Signal::post_save::<User>().create_related::<Profile>("nope"));
        signals.connect(Signal::post_save::<User>().create_related::<Badge>("profile"));
        signals.connect(Signal::pre_delete::<User>().create_related::<Profile>("user"));
        signals.connect(Signal::pre_delete::<ProfileStatus>().call(|_| {}));
        assert_eq!(
            signals.check().unwrap_err(),
            [
                "signal receiver on User: Profile has no field `nope`",
                "signal receiver on User: `Badge.profile` is not a foreign key or one-to-one to User",
                "signal receiver on User: pre_delete cannot create a related Profile",
            ]
        );
    }
}
