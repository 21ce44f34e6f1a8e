//! flowix adapter (to be written).
