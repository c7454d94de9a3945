//! Django's `auth.User`, stored in `auth_user` exactly as Django stores it, so an existing
//! Django database and its users are served as they are (DRF-CONTRACT §7).

use restforge_macros::Model;

use crate::core::types::DateTime;

/// A user of Django's `auth_user` table.
///
/// The primary key is an `AutoField` (`i32`) even in BigAutoField projects, as
/// `django.contrib.auth` pins it. Column order is Django's model order.
#[derive(Debug, Clone, PartialEq, Model)]
#[restforge(
    app = "auth",
    db_table = "auth_user",
    verbose_name = "user",
    verbose_name_plural = "users",
    display = "username"
)]
pub struct User {
    pub id: i32,
    /// `pbkdf2_sha256$<iterations>$<salt>$<hash>`, or `!…` when unusable.
    #[restforge(max_length = 128)]
    pub password: String,
    #[restforge(verbose_name = "last login", blank)]
    pub last_login: Option<DateTime>,
    #[restforge(
        default = false,
        verbose_name = "superuser status",
        help_text = "Designates that this user has all permissions without explicitly assigning them."
    )]
    pub is_superuser: bool,
    #[restforge(
        max_length = 150,
        unique,
        help_text = "Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only."
    )]
    pub username: String,
    #[restforge(max_length = 150, blank, verbose_name = "first name")]
    pub first_name: String,
    #[restforge(max_length = 150, blank, verbose_name = "last name")]
    pub last_name: String,
    #[restforge(email, blank, verbose_name = "email address")]
    pub email: String,
    #[restforge(
        default = false,
        verbose_name = "staff status",
        help_text = "Designates whether the user can log into this admin site."
    )]
    pub is_staff: bool,
    #[restforge(
        default = true,
        verbose_name = "active",
        help_text = "Designates whether this user should be treated as active. Unselect this instead of deleting accounts."
    )]
    pub is_active: bool,
    /// Django's default is `timezone.now`, which a literal cannot say; the runtime sets it on create.
    #[restforge(verbose_name = "date joined")]
    pub date_joined: DateTime,
}
