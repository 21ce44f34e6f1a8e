//! flashtopup adapter (to be written).
