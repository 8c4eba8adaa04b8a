//! Who is acting. Every use case takes an [`Actor`], so every read and change
//! of patient data is attributable to a staff member in the audit trail.
//! Until staff logins exist everyone acts as the default user "Front desk".

/// The staff member on whose behalf a use case runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// Stable id stored in the audit trail (e.g. the workstation login).
    pub staff_id: String,
    /// Display name.
    pub name: String,
}

impl Actor {
    pub fn new(staff_id: impl Into<String>, name: impl Into<String>) -> Self {
        Self {
            staff_id: staff_id.into(),
            name: name.into(),
        }
    }

    /// The single default user, until staff logins exist.
    pub fn front_desk() -> Self {
        Self::new("front-desk", "Front desk")
    }
}
