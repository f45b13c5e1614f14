//! Reusable widgets, one exported component per file.

mod icon;
mod nav_bar;
mod online_status;
mod page_header;
mod photo_picker;
mod sign_in_again;
mod signature_pad;
mod sync_badge;
mod sync_chip;
mod update_banner;

pub use icon::AreaIcon;
pub use nav_bar::NavBar;
pub use online_status::OnlineStatus;
pub use page_header::PageHeader;
pub use photo_picker::{PhotoPicker, Thumb};
pub use sign_in_again::SignInAgain;
pub use signature_pad::{SignatureImage, SignaturePad};
pub use sync_badge::SyncBadge;
pub use sync_chip::SyncChip;
pub use update_banner::UpdateBanner;
