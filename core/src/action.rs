//! DRF's viewset actions (`self.action`), the names generator, derives and runtime share.

/// The actions of a ModelViewSet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Action {
    List,
    Create,
    Retrieve,
    Update,
    PartialUpdate,
    Destroy,
}

impl Action {
    pub const ALL: [Action; 6] = [
        Action::List,
        Action::Create,
        Action::Retrieve,
        Action::Update,
        Action::PartialUpdate,
        Action::Destroy,
    ];

    /// DRF's action name (`partial_update`).
    pub fn name(self) -> &'static str {
        match self {
            Action::List => "list",
            Action::Create => "create",
            Action::Retrieve => "retrieve",
            Action::Update => "update",
            Action::PartialUpdate => "partial_update",
            Action::Destroy => "destroy",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Action::ALL.into_iter().find(|a| a.name() == text)
    }

    /// Whether the action acts on one object (the `-detail` route).
    pub fn is_detail(self) -> bool {
        !matches!(self, Action::List | Action::Create)
    }
}
