//! gotopup adapter (to be written).
