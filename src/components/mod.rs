//! Reusable widgets, one exported component per file.

mod icon;
mod lock_screen;
mod nav_bar;
mod online_status;
mod page_header;
mod photo_picker;
mod pin_prompt;
mod sign_in_again;
mod signature_pad;
mod sync_badge;
mod sync_chip;
mod update_banner;
mod user_menu;

pub use icon::AreaIcon;
pub use lock_screen::LockScreen;
pub use nav_bar::NavBar;
pub use online_status::OnlineStatus;
pub use page_header::PageHeader;
pub use photo_picker::{PhotoPicker, Thumb};
pub use pin_prompt::PinPrompt;
pub use sign_in_again::SignInAgain;
pub use signature_pad::{SignatureImage, SignaturePad};
pub use sync_badge::SyncBadge;
pub use sync_chip::SyncChip;
pub use update_banner::UpdateBanner;
pub use user_menu::{SignOutWarning, UserMenu};
