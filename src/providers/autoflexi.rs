//! autoflexi adapter (to be written).
