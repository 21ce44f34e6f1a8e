//! Admins' corrections of the matcher (`/group`, `/ungroup`, `/routes pin`): stored on the
//! products (`group_override`) and in `product_groups`, so a sync, which only recomputes the
//! matcher's key, never undoes them. Each runs in the caller's transaction, which audits it.

use sqlx::PgConnection;

use crate::domain::ProviderId;

/// A product named by an admin as `<provider>:<code>`.
pub type ProductRef = (ProviderId, String);

/// Why a group change was refused.
#[derive(Debug, thiserror::Error)]
pub enum GroupError {
    #[error("no such product: {0}")]
    Unknown(String),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

async fn name_of(
    conn: &mut PgConnection,
    (provider, code): &ProductRef,
) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar("SELECT name FROM products WHERE provider = $1 AND code = $2")
        .bind(provider.as_str())
        .bind(code)
        .fetch_optional(&mut *conn)
        .await
}

/// Makes `members` one shop product, shown under the first one's name; returns that name.
pub async fn group(conn: &mut PgConnection, members: &[ProductRef]) -> Result<String, GroupError> {
    let mut names = Vec::with_capacity(members.len());
    for member in members {
        let name = name_of(conn, member)
            .await?
            .ok_or_else(|| GroupError::Unknown(format!("{}:{}", member.0, member.1)))?;
        names.push(name);
    }
    let (Some((provider, code)), Some(name)) = (members.first(), names.first()) else {
        return Err(GroupError::Unknown(String::new()));
    };
    let key = format!("manual:{provider}:{code}");
    for (provider, code) in members {
        sqlx::query("UPDATE products SET group_override = $3 WHERE provider = $1 AND code = $2")
            .bind(provider.as_str())
            .bind(code)
            .bind(&key)
            .execute(&mut *conn)
            .await?;
    }
    sqlx::query(
        "INSERT INTO product_groups (key, name) VALUES ($1, $2)
         ON CONFLICT (key) DO UPDATE SET name = EXCLUDED.name, updated_at = now()",
    )
    .bind(&key)
    .bind(name)
    .execute(&mut *conn)
    .await?;
    Ok(name.clone())
}

/// Takes one product out of its group: it becomes a shop product of its own.
pub async fn ungroup(conn: &mut PgConnection, member: &ProductRef) -> Result<String, GroupError> {
    let name: Option<String> = sqlx::query_scalar(
        "UPDATE products SET group_override = 'solo:' || provider || ':' || code
          WHERE provider = $1 AND code = $2 RETURNING name",
    )
    .bind(member.0.as_str())
    .bind(&member.1)
    .fetch_optional(&mut *conn)
    .await?;
    name.ok_or_else(|| GroupError::Unknown(format!("{}:{}", member.0, member.1)))
}

/// Pins `provider` (or nobody) as the preferred route of the group of `member`; returns the
/// group's key.
pub async fn pin(
    conn: &mut PgConnection,
    member: &ProductRef,
    provider: Option<ProviderId>,
) -> Result<String, GroupError> {
    let key: Option<String> =
        sqlx::query_scalar("SELECT group_key FROM products WHERE provider = $1 AND code = $2")
            .bind(member.0.as_str())
            .bind(&member.1)
            .fetch_optional(&mut *conn)
            .await?;
    let key = key.ok_or_else(|| GroupError::Unknown(format!("{}:{}", member.0, member.1)))?;
    sqlx::query(
        "INSERT INTO product_groups (key, pinned_provider) VALUES ($1, $2)
         ON CONFLICT (key) DO UPDATE SET pinned_provider = EXCLUDED.pinned_provider,
             updated_at = now()",
    )
    .bind(&key)
    .bind(provider.map(ProviderId::as_str))
    .execute(&mut *conn)
    .await?;
    Ok(key)
}
