//! Errors as they cross IPC: `{code, message, field?}` from the core's
//! typed error. The UI switches on `code`.

use frontdesk_core::views::ErrorPayload;
use frontdesk_core::CoreError;

/// A command's error, serialised as an [`ErrorPayload`].
#[derive(Debug)]
pub struct CommandError(pub ErrorPayload);

impl From<CoreError> for CommandError {
    fn from(error: CoreError) -> Self {
        tracing::warn!(code = ?error.code(), "command failed");
        CommandError(ErrorPayload::from(&error))
    }
}

impl serde::Serialize for CommandError {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

/// What every command returns.
pub type CommandResult<T> = Result<T, CommandError>;
