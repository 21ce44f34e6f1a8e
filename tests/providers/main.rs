//! Provider adapters against fake provider servers that follow the published documents.

mod support;

mod autoflexi;
mod flashtopup;
mod flowix;
mod gotopup;
mod iak;
mod logs;
mod resend;
