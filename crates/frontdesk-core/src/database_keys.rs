//! Where database keys live: the operating system's keyring, one entry per
//! database (service `frontdesk`, account = the database id), or the
//! `FRONTDESK_DB_KEY` variable for automation.
//!
//! Only real platform stores are compiled in (Secret Service on Linux, the
//! Keychain on macOS, Credential Manager on Windows). keyring's in-memory mock,
//! which would lose the key — and so the database — at exit, is never reachable:
//! entries are built from the platform's credential builder directly, never
//! through keyring's default (which falls back to the mock).

use frontdesk_store::{DatabaseId, DatabaseKey};
use keyring::credential::CredentialBuilder;

use crate::CoreError;

/// The keyring service name for every Frontdesk database key.
pub const KEYRING_SERVICE: &str = "frontdesk";
/// The variable that overrides the keyring (64 hex characters).
pub const KEY_VARIABLE: &str = "FRONTDESK_DB_KEY";

#[cfg(target_os = "linux")]
fn platform_builder() -> Box<CredentialBuilder> {
    keyring::secret_service::default_credential_builder()
}

#[cfg(target_os = "macos")]
fn platform_builder() -> Box<CredentialBuilder> {
    keyring::macos::default_credential_builder()
}

#[cfg(target_os = "windows")]
fn platform_builder() -> Box<CredentialBuilder> {
    keyring::windows::default_credential_builder()
}

#[cfg(not(any(target_os = "linux", target_os = "macos", target_os = "windows")))]
compile_error!(
    "Frontdesk needs a platform keyring (Secret Service, Keychain or Credential Manager)"
);

/// An entry of the platform's keyring (never keyring's in-memory mock).
pub(crate) fn platform_entry(service: &str, account: &str) -> Result<keyring::Entry, CoreError> {
    let credential = platform_builder()
        .build(None, service, account)
        .map_err(keyring_error)?;
    Ok(keyring::Entry::new_with_credential(credential))
}

/// The keyring service of the clinic's database server passwords.
pub const SERVER_KEYRING_SERVICE: &str = "frontdesk-postgres";
/// The variable that gives the server's password to the CLI and tests.
pub const SERVER_PASSWORD_VARIABLE: &str = "PGPASSWORD";

/// The password for the clinic's server: `PGPASSWORD`, else the keyring's
/// entry for this user on this server, else none (a server that trusts
/// this machine's user, or asks and is refused).
pub fn server_password(
    address: &frontdesk_store::ServerAddress,
) -> Result<Option<String>, CoreError> {
    if let Ok(password) = std::env::var(SERVER_PASSWORD_VARIABLE) {
        return Ok(Some(password));
    }
    match server_entry(address)?.get_password() {
        Ok(password) => Ok(Some(password)),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(error) => Err(keyring_error(error)),
    }
}

/// Keeps the server's password in the keyring (never in a file).
pub fn remember_server_password(
    address: &frontdesk_store::ServerAddress,
    password: &str,
) -> Result<(), CoreError> {
    server_entry(address)?
        .set_password(password)
        .map_err(keyring_error)
}

fn server_entry(address: &frontdesk_store::ServerAddress) -> Result<keyring::Entry, CoreError> {
    let credential = platform_builder()
        .build(None, SERVER_KEYRING_SERVICE, &address.keyring_account())
        .map_err(keyring_error)?;
    Ok(keyring::Entry::new_with_credential(credential))
}

/// The keyring entry for one database.
pub fn keyring_entry(id: &DatabaseId) -> Result<keyring::Entry, CoreError> {
    let credential = platform_builder()
        .build(None, KEYRING_SERVICE, &id.to_hex())
        .map_err(keyring_error)?;
    Ok(keyring::Entry::new_with_credential(credential))
}

fn keyring_error(error: keyring::Error) -> CoreError {
    CoreError::KeyringUnavailable(error.to_string())
}

/// The key from `FRONTDESK_DB_KEY`, if it is set.
pub fn key_from_environment() -> Result<Option<DatabaseKey>, CoreError> {
    match std::env::var(KEY_VARIABLE) {
        Ok(text) if !text.is_empty() => DatabaseKey::from_hex(&text)
            .map(Some)
            .map_err(|_| CoreError::invalid(KEY_VARIABLE, "expected 64 hexadecimal characters")),
        _ => Ok(None),
    }
}

/// The key for an existing database: the variable, else its keyring entry.
pub fn key_for(id: &DatabaseId) -> Result<DatabaseKey, CoreError> {
    if let Some(key) = key_from_environment()? {
        return Ok(key);
    }
    match keyring_entry(id)?.get_password() {
        Ok(hex) => DatabaseKey::from_hex(&hex).map_err(|_| CoreError::WrongKey),
        // No entry for this id: the file is not one of ours, or its key is elsewhere.
        Err(keyring::Error::NoEntry) => Err(CoreError::WrongKey),
        Err(other) => Err(keyring_error(other)),
    }
}

/// A key for a database about to be created, stored in the keyring first
/// (unless the variable provides it), so the file never exists without its key.
pub fn new_key_for(id: &DatabaseId) -> Result<DatabaseKey, CoreError> {
    if let Some(key) = key_from_environment()? {
        return Ok(key);
    }
    let key = DatabaseKey::generate()?;
    keyring_entry(id)?
        .set_password(&key.to_hex())
        .map_err(keyring_error)?;
    Ok(key)
}

/// Removes the keyring entry [`new_key_for`] made for a database that was
/// never completed, so no orphan key is left behind (never call it for a
/// database that exists). A failure is logged, never fatal.
pub fn forget_key(id: &DatabaseId) {
    let removed = keyring_entry(id).and_then(|entry| match entry.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(other) => Err(keyring_error(other)),
    });
    match removed {
        Ok(()) => {
            tracing::info!(database = %id, "removed the key of a database that was not completed")
        }
        Err(error) => {
            tracing::warn!(database = %id, code = ?error.code(), "could not remove the key of a database that was not completed")
        }
    }
}

/// Whether keys can be had at all: the variable is set, or the keyring answers.
pub fn check_key_source() -> Result<(), CoreError> {
    if key_from_environment()?.is_some() {
        return Ok(());
    }
    let probe = DatabaseId::generate()?;
    match keyring_entry(&probe)?.get_password() {
        Ok(_) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(other) => Err(keyring_error(other)),
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    /// The entries we build are Secret Service credentials, never keyring's
    /// in-memory mock — whatever keyring's own default would be.
    #[test]
    fn entries_use_the_platform_store_not_the_in_memory_mock() {
        let entry = keyring_entry(&DatabaseId::generate().unwrap()).unwrap();
        let credential = entry.get_credential();
        assert!(credential
            .downcast_ref::<keyring::secret_service::SsCredential>()
            .is_some());
        assert!(credential
            .downcast_ref::<keyring::mock::MockCredential>()
            .is_none());
    }
}
