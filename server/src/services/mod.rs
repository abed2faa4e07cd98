//! The services behind the server functions: business steps that need storage, encryption or
//! logging. Each implements a port declared in `app::ports`.

pub mod applications;
pub mod contact;
pub mod policy;

use std::sync::Arc;

use app::ports::Services;

use crate::pii::PiiVault;
use crate::storage::Storage;

/// Wires every service to its dependencies.
pub fn build(
    storage: Arc<Storage>,
    vault: Arc<PiiVault>,
) -> anyhow::Result<(Services, Arc<crate::staff::StaffService>)> {
    let policy: Arc<dyn app::ports::PolicyBook> = Arc::new(policy::Policy::embedded()?);
    // A broken holiday file stops the server at start-up rather than miscounting deadlines.
    let calendar = domain::calendar::embedded()
        .map_err(|errors| anyhow::anyhow!("holiday calendar: {}", errors.join("; ")))?;
    let calendar = Arc::new(calendar);
    let staff = Arc::new(crate::staff::StaffService::new(
        storage.clone(),
        vault.clone(),
        policy.clone(),
        calendar.clone(),
    ));
    Ok((
        Services {
            contact: Arc::new(contact::ContactService::new(storage.clone(), vault.clone())),
            applications: Arc::new(applications::ApplicationService::new(
                storage,
                vault,
                policy.clone(),
                calendar,
                staff.clone(),
            )?),
            policy,
            staff: staff.clone(),
        },
        staff,
    ))
}

/// Logs an infrastructure failure with its context and returns the generic error the resident
/// sees, carrying the request id as support reference.
pub fn internal(
    ctx: &app::ports::RequestCtx,
    what: &str,
    error: &dyn std::fmt::Display,
) -> app::error::AppError {
    tracing::error!(request_id = %ctx.request_id, error = %error, "{what} failed");
    app::error::AppError::Internal {
        support_ref: ctx.request_id.clone(),
    }
}
