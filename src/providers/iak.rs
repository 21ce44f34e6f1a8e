//! iak adapter (to be written).
