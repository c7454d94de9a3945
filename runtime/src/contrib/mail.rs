//! Django's `django.core.mail`, reduced to what the account endpoints send: password reset
//! links. The project's sender is a setting
//! ([`Settings::mail_sender`](crate::http::settings::Settings::mail_sender)), Django's
//! `EMAIL_BACKEND`.

use std::fmt;
use std::sync::Arc;

/// Sends e-mail (password reset links). The default, [`LogMailSender`], only logs that a
/// message was sent, never its body, which carries the reset token. `send` may block (an SMTP
/// exchange): it is called on tokio's blocking pool, and the response does not wait for it,
/// so neither a slow mail server nor its failure tells a client whether an address exists.
pub trait MailSender: Send + Sync + fmt::Debug {
    fn send(&self, to: &str, subject: &str, body: &str);
}

/// Development mail: logs the recipient and subject at `info`, and nothing of the body.
#[derive(Debug, Clone, Copy, Default)]
pub struct LogMailSender;

impl MailSender for LogMailSender {
    fn send(&self, to: &str, subject: &str, _body: &str) {
        tracing::info!(
            to,
            subject,
            "e-mail sent (development mail sender; body not logged)"
        );
    }
}

/// How many mails may be on their way at once; more are dropped with a warning, so that a
/// flood of reset requests against a hanging mail server cannot fill tokio's blocking pool.
const MAILS_IN_FLIGHT: usize = 8;

static MAIL_SLOTS: std::sync::LazyLock<Arc<tokio::sync::Semaphore>> =
    std::sync::LazyLock::new(|| Arc::new(tokio::sync::Semaphore::new(MAILS_IN_FLIGHT)));

/// Sends a mail on the blocking pool without waiting for it. The body is never logged.
pub fn send_in_background(mail: &Arc<dyn MailSender>, to: String, subject: String, body: String) {
    let Ok(slot) = Arc::clone(&MAIL_SLOTS).try_acquire_owned() else {
        tracing::warn!(
            to,
            "mail not sent: {MAILS_IN_FLIGHT} mails are already being sent"
        );
        return;
    };
    let mail = Arc::clone(mail);
    tokio::task::spawn_blocking(move || {
        let _slot = slot;
        let sent = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            mail.send(&to, &subject, &body)
        }));
        if sent.is_err() {
            tracing::error!(to, "the mail sender panicked; mail not sent");
        }
    });
}
