//! Demo accounts for the run command (`--demo-data`), one per role, in 安徽省蚌埠市蚌山区
//! (340303), which runs the 诚信承诺 simplified procedure (seed 001 篇二). Documented in the
//! README with their password and TOTP secret; created only when no account exists yet, and
//! never by a deployment (the flag is off by default).

use domain::staff::StaffAccountForm;

use super::StaffService;

/// Every demo account's password.
pub const DEMO_PASSWORD: &str = "demo-password-2026";
/// Every demo account's TOTP secret (base32), to add to an authenticator app by hand.
pub const DEMO_TOTP_SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

/// (username, name, role, jurisdiction)
pub const DEMO_ACCOUNTS: [(&str, &str, &str, &str); 6] = [
    ("admin.demo", "管理员", "admin", "340303"),
    ("intake.qingnian", "青年街道受理员", "intake", "340303002"),
    ("intake.weierlu", "纬二路街道受理员", "intake", "340303003"),
    ("reviewer.bengshan", "蚌山区审核员", "reviewer", "340303"),
    ("approver.bengshan", "蚌山区审批员", "approver", "340303"),
    (
        "registrar.bengshan",
        "蚌山区婚姻登记员",
        "registrar",
        "340303",
    ),
];

/// Creates the demo accounts that do not exist yet; returns how many it created. (A data
/// directory from before a role existed gets that role's demo account on the next start.)
pub async fn seed(service: &StaffService) -> anyhow::Result<usize> {
    let mut created = 0;
    let secret = super::auth::base32_decode(DEMO_TOTP_SECRET)
        .ok_or_else(|| anyhow::anyhow!("demo secret is not base32"))?;
    for (username, name, role, jurisdiction) in DEMO_ACCOUNTS {
        if service
            .storage
            .staff_user_by_username(username)
            .await?
            .is_some()
        {
            continue;
        }
        let account = StaffAccountForm {
            username: username.to_owned(),
            display_name: name.to_owned(),
            role: role.to_owned(),
            jurisdiction: jurisdiction.to_owned(),
            password: DEMO_PASSWORD.to_owned(),
        }
        .parse()
        .map_err(|e| anyhow::anyhow!("demo account {username}: {e:?}"))?;
        service
            .create_account(&account, Some(&secret), false, None)
            .await?;
        created += 1;
    }
    Ok(created)
}
