//! Sending reminder emails through the practice's SMTP server (`lettre`):
//! the settings (host, port, none/STARTTLS/TLS, user), the password (the
//! keyring, or `FRONTDESK_SMTP_PASSWORD`; never a file or a log), and each
//! failure sorted into transient (a 4xx reply, a server that does not
//! answer: try again later) or permanent (a 5xx reply: the patient goes on
//! the call list). [`Mailer`] is what the send cycle needs, so its rules
//! are tested with a real server and nothing else.

use std::future::Future;
use std::net::IpAddr;
use std::time::Duration;

use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::CoreError;

/// The environment variable that may hold the SMTP password.
pub const SMTP_PASSWORD_VARIABLE: &str = "FRONTDESK_SMTP_PASSWORD";
/// The keyring service of SMTP passwords (account: `user@host:port`).
pub const SMTP_KEYRING_SERVICE: &str = "org.frontdesk.smtp";

/// How the connection to the SMTP server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// Plain text: only to a server on this machine.
    None,
    /// Plain connection upgraded with STARTTLS (required).
    StartTls,
    /// TLS from the first byte.
    Tls,
}

impl Security {
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "none" => Some(Security::None),
            "starttls" => Some(Security::StartTls),
            "tls" => Some(Security::Tls),
            _ => None,
        }
    }
}

/// Where and how to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub user: Option<String>,
}

/// Whether `host` names this machine (a loopback name or address).
pub fn is_local_host(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

impl SmtpSettings {
    /// Checks the settings: a host, a port, and plain text only to this machine.
    pub fn check(&self) -> Result<(), CoreError> {
        if self.host.trim().is_empty() {
            return Err(CoreError::invalid("smtp_host", "must not be empty"));
        }
        if self.port == 0 {
            return Err(CoreError::invalid("smtp_port", "must be 1–65535"));
        }
        if self.security == Security::None && !is_local_host(&self.host) {
            return Err(CoreError::invalid(
                "smtp_security",
                "none (no encryption) is allowed only for a server on this machine; use starttls or tls",
            ));
        }
        Ok(())
    }

    fn keyring_account(&self) -> String {
        format!(
            "{}@{}:{}",
            self.user.as_deref().unwrap_or(""),
            self.host,
            self.port
        )
    }
}

/// The SMTP password: `FRONTDESK_SMTP_PASSWORD`, else the keyring's entry
/// for this user on this server, else none.
pub fn smtp_password(settings: &SmtpSettings) -> Result<Option<String>, CoreError> {
    if settings.user.is_none() {
        return Ok(None);
    }
    if let Ok(password) = std::env::var(SMTP_PASSWORD_VARIABLE) {
        return Ok(Some(password));
    }
    let entry =
        crate::database_keys::platform_entry(SMTP_KEYRING_SERVICE, &settings.keyring_account())?;
    match entry.get_password() {
        Ok(password) => Ok(Some(password)),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(error) => Err(CoreError::KeyringUnavailable(error.to_string())),
    }
}

/// Keeps the SMTP password in this workstation's keyring.
pub fn remember_smtp_password(settings: &SmtpSettings, password: &str) -> Result<(), CoreError> {
    if settings.user.is_none() {
        return Err(CoreError::invalid(
            "smtp_user",
            "a password needs a user name for the mail server",
        ));
    }
    if password.is_empty() {
        return Err(CoreError::invalid("smtp_password", "must not be empty"));
    }
    crate::database_keys::platform_entry(SMTP_KEYRING_SERVICE, &settings.keyring_account())?
        .set_password(password)
        .map_err(|e| CoreError::KeyringUnavailable(e.to_string()))
}

/// One email to send: text for the patient and the calendar invite.
#[derive(Clone, PartialEq, Eq)]
pub struct OutgoingEmail {
    pub from: String,
    pub to: String,
    pub subject: String,
    pub body: String,
    /// The `VCALENDAR` text.
    pub calendar: String,
    /// `REQUEST` or `CANCEL`.
    pub method: &'static str,
    /// The `Date` header, UTC seconds.
    pub date_utc: i64,
    /// One per reminder (`<reminder-ID-…@frontdesk>`): a message sent twice
    /// would show as the same id twice.
    pub message_id: String,
}

impl std::fmt::Debug for OutgoingEmail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("OutgoingEmail(<patient data>)")
    }
}

/// Why an email did not go out. The text is the server's reply code and
/// kind of failure only, never an address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendFailure {
    /// Try again later (a 4xx reply; the server did not answer).
    Transient(String),
    /// Do not try again (a 5xx reply; an address the server refuses).
    Permanent(String),
}

/// Sends one email.
pub trait Mailer {
    fn send(&self, email: &OutgoingEmail) -> impl Future<Output = Result<(), SendFailure>> + Send;
}

/// The practice's SMTP server.
pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
}

impl SmtpMailer {
    /// A mailer for checked `settings`.
    pub fn new(settings: &SmtpSettings, password: Option<String>) -> Result<Self, CoreError> {
        settings.check()?;
        let tls = match settings.security {
            Security::None => Tls::None,
            Security::StartTls | Security::Tls => {
                let parameters = TlsParameters::new(settings.host.clone())
                    .map_err(|e| CoreError::invalid("smtp_security", e.to_string()))?;
                if settings.security == Security::Tls {
                    Tls::Wrapper(parameters)
                } else {
                    Tls::Required(parameters)
                }
            }
        };
        let mut builder =
            AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(settings.host.clone())
                .port(settings.port)
                .tls(tls)
                .timeout(Some(Duration::from_secs(30)));
        if let Some(user) = &settings.user {
            builder =
                builder.credentials(Credentials::new(user.clone(), password.unwrap_or_default()));
        }
        Ok(SmtpMailer {
            transport: builder.build(),
        })
    }
}

/// The MIME message: the text, then the invite as `invite.ics`
/// (`text/calendar; method=…`).
pub fn mime_message(email: &OutgoingEmail) -> Result<Message, SendFailure> {
    let from: Mailbox = email
        .from
        .parse()
        .map_err(|_| SendFailure::Permanent("the sender is not an email address".into()))?;
    let to: Mailbox = email
        .to
        .parse()
        .map_err(|_| SendFailure::Permanent("the patient's email address is not valid".into()))?;
    let calendar_type = ContentType::parse(&format!(
        "text/calendar; method={}; charset=UTF-8",
        email.method
    ))
    .map_err(|_| SendFailure::Permanent("calendar content type".into()))?;
    let date = std::time::UNIX_EPOCH + Duration::from_secs(email.date_utc.max(0) as u64);
    Message::builder()
        .from(from)
        .to(to)
        .subject(email.subject.clone())
        .date(date)
        .message_id(Some(email.message_id.clone()))
        .multipart(
            MultiPart::mixed()
                .singlepart(SinglePart::plain(email.body.clone()))
                .singlepart(
                    Attachment::new("invite.ics".to_owned())
                        .body(email.calendar.clone(), calendar_type),
                ),
        )
        .map_err(|_| SendFailure::Permanent("the message could not be built".into()))
}

impl Mailer for SmtpMailer {
    async fn send(&self, email: &OutgoingEmail) -> Result<(), SendFailure> {
        let message = mime_message(email)?;
        match self.transport.send(message).await {
            Ok(_) => Ok(()),
            Err(error) => Err(classify(&error)),
        }
    }
}

/// A failure in words without the server's text (which may echo the address).
fn classify(error: &lettre::transport::smtp::Error) -> SendFailure {
    let code = error.status().map(|c| c.to_string());
    if error.is_permanent() {
        SendFailure::Permanent(format!(
            "the mail server refused it ({})",
            code.as_deref().unwrap_or("5xx")
        ))
    } else if error.is_transient() {
        SendFailure::Transient(format!(
            "the mail server asked to try later ({})",
            code.as_deref().unwrap_or("4xx")
        ))
    } else if error.is_timeout() {
        SendFailure::Transient("the mail server did not answer in time".into())
    } else if error.is_tls() {
        SendFailure::Transient("the secure connection to the mail server failed".into())
    } else {
        SendFailure::Transient("the mail server could not be reached".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_only_to_this_machine() {
        let mut settings = SmtpSettings {
            host: "127.0.0.1".into(),
            port: 2525,
            security: Security::None,
            user: None,
        };
        assert!(settings.check().is_ok());
        for local in ["localhost", "::1", "[::1]", "127.0.0.2"] {
            assert!(is_local_host(local), "{local}");
        }
        settings.host = "smtp.example.org".into();
        assert_eq!(settings.check().unwrap_err().field(), Some("smtp_security"));
        settings.security = Security::StartTls;
        assert!(settings.check().is_ok());
        settings.port = 0;
        assert_eq!(settings.check().unwrap_err().field(), Some("smtp_port"));
    }
}
