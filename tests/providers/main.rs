//! Provider adapters against fake provider servers that follow the published documents.

#[path = "../support/capture.rs"]
mod capture;
mod support;

mod autoflexi;
mod flashtopup;
mod flowix;
mod gotopup;
mod iak;
mod logs;
mod resend;
