//! Reusable widgets, one exported component per file.

mod icon;
mod nav_bar;
mod online_status;
mod page_header;
mod sign_in_again;
mod sync_badge;
mod update_banner;

pub use icon::AreaIcon;
pub use nav_bar::NavBar;
pub use online_status::OnlineStatus;
pub use page_header::PageHeader;
pub use sign_in_again::SignInAgain;
pub use sync_badge::SyncBadge;
pub use update_banner::UpdateBanner;
