//! The clinic as the engine sees it: resources (people, rooms, machines) with
//! roles and working hours, and visit types made of needs.
//!
//! A [`Clinic`] is checked once when built (unique ids, needs inside their
//! visit, a sane grid) so the search never meets a broken one. Resources and
//! visit types are then named by their position: [`ResourceIndex`] and
//! [`VisitTypeIndex`].

use std::collections::HashMap;

use crate::calendar::WorkingCalendar;
use crate::grid::GRID_MINUTES_RANGE;
use crate::time::PracticeZone;

/// A resource's position in [`Clinic::resources`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ResourceIndex(pub usize);

/// A visit type's position in [`Clinic::visit_types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct VisitTypeIndex(pub usize);

/// Something a visit can hold: a clinician, a room, a machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resource {
    pub id: String,
    /// What the resource can serve as; a need asks for one role.
    pub roles: Vec<String>,
    pub calendar: WorkingCalendar,
}

impl Resource {
    pub fn has_role(&self, role: &str) -> bool {
        self.roles.iter().any(|r| r == role)
    }
}

/// One resource a visit holds: a role, for `[offset, offset + duration)`
/// minutes after the visit's start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Need {
    role: String,
    offset_min: u32,
    duration_min: u32,
}

impl Need {
    pub fn role(&self) -> &str {
        &self.role
    }

    pub fn offset_min(&self) -> u32 {
        self.offset_min
    }

    pub fn duration_min(&self) -> u32 {
        self.duration_min
    }

    /// The need's `[start, end)` in minutes after the visit's start.
    pub fn minutes(&self) -> (u32, u32) {
        (self.offset_min, self.offset_min + self.duration_min)
    }

    /// Whether two needs of one visit hold their resources at overlapping times.
    pub fn overlaps(&self, other: &Need) -> bool {
        let (a_start, a_end) = self.minutes();
        let (b_start, b_end) = other.minutes();
        a_start < b_end && b_start < a_end
    }
}

/// A kind of visit: its length and the resources it holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VisitType {
    pub id: String,
    duration_min: u32,
    needs: Vec<Need>,
}

/// Why a visit type was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VisitTypeError {
    #[error("a visit lasts at least one minute")]
    EmptyVisit,
    #[error("need [{need}] lasts no time")]
    EmptyNeed { need: usize },
    #[error("need [{need}] sticks out of the {visit_min}-minute visit")]
    NeedOutsideVisit { need: usize, visit_min: u32 },
}

impl VisitType {
    /// `needs` are `(role, offset_min, duration_min)`; a `None` duration runs
    /// to the end of the visit. Every need must lie inside the visit.
    pub fn new(
        id: impl Into<String>,
        duration_min: u32,
        needs: Vec<(String, u32, Option<u32>)>,
    ) -> Result<Self, VisitTypeError> {
        if duration_min == 0 {
            return Err(VisitTypeError::EmptyVisit);
        }
        let mut checked = Vec::with_capacity(needs.len());
        for (index, (role, offset_min, duration)) in needs.into_iter().enumerate() {
            let outside = VisitTypeError::NeedOutsideVisit {
                need: index,
                visit_min: duration_min,
            };
            let rest = duration_min
                .checked_sub(offset_min)
                .ok_or(outside.clone())?;
            let need_min = duration.unwrap_or(rest);
            if need_min > rest {
                return Err(outside);
            }
            if need_min == 0 {
                return Err(VisitTypeError::EmptyNeed { need: index });
            }
            checked.push(Need {
                role,
                offset_min,
                duration_min: need_min,
            });
        }
        Ok(VisitType {
            id: id.into(),
            duration_min,
            needs: checked,
        })
    }

    pub fn duration_min(&self) -> u32 {
        self.duration_min
    }

    pub fn needs(&self) -> &[Need] {
        &self.needs
    }
}

/// Why a clinic was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClinicError {
    #[error("the grid must be {min} to {max} minutes", min = GRID_MINUTES_RANGE.start(), max = GRID_MINUTES_RANGE.end())]
    GridOutOfRange,
    #[error("resources [{index}] repeats the id \"{id}\"")]
    DuplicateResource { index: usize, id: String },
    #[error("visit types [{index}] repeats the id \"{id}\"")]
    DuplicateVisitType { index: usize, id: String },
}

/// Everything the search needs to know that changes rarely: zone, grid,
/// resources and visit types.
#[derive(Debug, Clone)]
pub struct Clinic {
    zone: PracticeZone,
    grid_min: u32,
    resources: Vec<Resource>,
    visit_types: Vec<VisitType>,
    resource_by_id: HashMap<String, ResourceIndex>,
    visit_type_by_id: HashMap<String, VisitTypeIndex>,
    /// For each visit type, for each need: the resources with the need's role, in order.
    candidates: Vec<Vec<Vec<ResourceIndex>>>,
}

impl Clinic {
    pub fn new(
        zone: PracticeZone,
        grid_min: u32,
        resources: Vec<Resource>,
        visit_types: Vec<VisitType>,
    ) -> Result<Self, ClinicError> {
        if !GRID_MINUTES_RANGE.contains(&grid_min) {
            return Err(ClinicError::GridOutOfRange);
        }
        let mut resource_by_id = HashMap::with_capacity(resources.len());
        for (index, resource) in resources.iter().enumerate() {
            if resource_by_id
                .insert(resource.id.clone(), ResourceIndex(index))
                .is_some()
            {
                return Err(ClinicError::DuplicateResource {
                    index,
                    id: resource.id.clone(),
                });
            }
        }
        let mut visit_type_by_id = HashMap::with_capacity(visit_types.len());
        for (index, visit_type) in visit_types.iter().enumerate() {
            if visit_type_by_id
                .insert(visit_type.id.clone(), VisitTypeIndex(index))
                .is_some()
            {
                return Err(ClinicError::DuplicateVisitType {
                    index,
                    id: visit_type.id.clone(),
                });
            }
        }
        let mut members_of_role: HashMap<&str, Vec<ResourceIndex>> = HashMap::new();
        for (index, resource) in resources.iter().enumerate() {
            for role in &resource.roles {
                let members = members_of_role.entry(role.as_str()).or_default();
                if members.last() != Some(&ResourceIndex(index)) {
                    members.push(ResourceIndex(index));
                }
            }
        }
        let candidates = visit_types
            .iter()
            .map(|visit_type| {
                visit_type
                    .needs
                    .iter()
                    .map(|need| {
                        members_of_role
                            .get(need.role.as_str())
                            .cloned()
                            .unwrap_or_default()
                    })
                    .collect()
            })
            .collect();
        Ok(Clinic {
            zone,
            grid_min,
            resources,
            visit_types,
            resource_by_id,
            visit_type_by_id,
            candidates,
        })
    }

    pub fn zone(&self) -> PracticeZone {
        self.zone
    }

    pub fn grid_min(&self) -> u32 {
        self.grid_min
    }

    pub fn resources(&self) -> &[Resource] {
        &self.resources
    }

    pub fn visit_types(&self) -> &[VisitType] {
        &self.visit_types
    }

    pub fn resource(&self, index: ResourceIndex) -> Option<&Resource> {
        self.resources.get(index.0)
    }

    pub fn visit_type(&self, index: VisitTypeIndex) -> Option<&VisitType> {
        self.visit_types.get(index.0)
    }

    pub fn resource_index(&self, id: &str) -> Option<ResourceIndex> {
        self.resource_by_id.get(id).copied()
    }

    pub fn visit_type_index(&self, id: &str) -> Option<VisitTypeIndex> {
        self.visit_type_by_id.get(id).copied()
    }

    /// The ids of resources the engine named (a slot's, a placement's), in
    /// order. Indices come from this clinic, so every one names a resource.
    pub fn ids_of(&self, resources: &[ResourceIndex]) -> Vec<String> {
        resources
            .iter()
            .filter_map(|r| self.resource(*r).map(|r| r.id.clone()))
            .collect()
    }

    /// Whether some resource has this role.
    pub fn has_role(&self, role: &str) -> bool {
        self.resources
            .iter()
            .any(|resource| resource.has_role(role))
    }

    /// The resources that can serve a need of a visit type (its role's members), in order.
    pub fn candidates_for(&self, visit_type: VisitTypeIndex, need: usize) -> &[ResourceIndex] {
        self.candidates
            .get(visit_type.0)
            .and_then(|needs| needs.get(need))
            .map_or(&[], Vec::as_slice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn needs_default_to_the_rest_of_the_visit_and_must_fit_inside() {
        let visit = VisitType::new(
            "xray",
            35,
            vec![
                ("radiographer".into(), 0, Some(15)),
                ("physician".into(), 15, None),
            ],
        )
        .unwrap();
        assert_eq!(visit.needs()[1].minutes(), (15, 35));
        assert!(!visit.needs()[0].overlaps(&visit.needs()[1]));
        assert_eq!(
            VisitType::new("x", 30, vec![("a".into(), 20, Some(15))]),
            Err(VisitTypeError::NeedOutsideVisit {
                need: 0,
                visit_min: 30
            })
        );
        assert_eq!(
            VisitType::new("x", 30, vec![("a".into(), 31, None)]),
            Err(VisitTypeError::NeedOutsideVisit {
                need: 0,
                visit_min: 30
            })
        );
        assert_eq!(
            VisitType::new("x", 30, vec![("a".into(), 30, None)]),
            Err(VisitTypeError::EmptyNeed { need: 0 })
        );
    }

    #[test]
    fn ids_must_be_unique() {
        let zone = PracticeZone::parse("UTC").unwrap();
        let resource = Resource {
            id: "a".into(),
            roles: vec!["nurse".into()],
            calendar: WorkingCalendar::default(),
        };
        let error = Clinic::new(zone, 5, vec![resource.clone(), resource], vec![]).unwrap_err();
        assert_eq!(
            error,
            ClinicError::DuplicateResource {
                index: 1,
                id: "a".into()
            }
        );
        assert_eq!(
            Clinic::new(zone, 61, vec![], vec![]).unwrap_err(),
            ClinicError::GridOutOfRange
        );
    }
}
