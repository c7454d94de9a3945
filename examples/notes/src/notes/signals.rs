//! Signal receivers of the `notes` app (Django's signals.py).

use restforge::prelude::*;

/// Connects the app's receivers.
pub fn connect(signals: &mut Signals) {
    let _ = signals;
}
