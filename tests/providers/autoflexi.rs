//! autoflexi adapter against its fake server (to be written).
