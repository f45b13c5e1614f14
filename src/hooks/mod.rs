//! The app's hooks and the components that go with them, in the leptos-use style: a
//! `use_x` function returning a `UseXReturn` of signals and callbacks.
//!
//! - [`use_loaded`] and [`Loaded`]: what a screen reads from the device, with one error
//!   policy — while the store opens the screen says it is loading, a failed read is an
//!   error with a retry (never an empty list a save could then write over), and the data
//!   reloads when records change.
//! - [`use_form`]: a form's draft (kept on every change), store readiness, saving, the
//!   error shown and where to go after saving. A form is then its layout plus a pure
//!   `Draft -> Result<Record, FieldError>` function in the domain crate.

mod form;
mod loaded;

pub use form::{UseFormReturn, use_form};
pub use loaded::{Loaded, UseLoadedReturn, use_async, use_loaded, use_loaded_by};
