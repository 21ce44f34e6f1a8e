//! Property tests: the parsers that read what customers type, what buttons carry and what
//! providers answer, fed generated and hostile input. This is the fuzzing that runs in CI
//! (`cargo fuzz` needs a nightly toolchain, which the project does not use).
//!
//! - [`domain`]: targets of every kind, money parsing and formatting.
//! - [`button_data`]: the inline-button codec.
//! - [`answers`]: every provider's order and status answers, through the adapters against a
//!   local server answering arbitrary bytes and mutated real bodies.
//! - [`callbacks`]: every provider's callback parser, on the same kind of input.

mod answers;
mod bodies;
mod button_data;
mod callbacks;
mod domain;
mod mutate;
