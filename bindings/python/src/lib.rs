//! The native half of the `smpp` Python package (`smpp._smpp`): the codec
//! and the sans-IO session of `smpp-proto`, wrapped with PyO3 as an abi3
//! extension (CPython 3.10 and later).
//!
//! The package's Python half (`python/smpp/`) re-exports what is here and
//! adds what is easier in Python. No protocol logic lives here: every rule
//! comes from `smpp-proto` (SMPP 3.4 / 5.0), this crate only converts
//! values. Nothing the peer sends can panic here (no `unwrap` on its
//! values); should a bug panic all the same, PyO3 raises it as
//! `pyo3_runtime.PanicException`, never an abort.

mod codec;
mod concat;
mod errors;
mod events;
mod from_dict;
mod keys;
mod keywords;
mod options;
mod receipt;
mod session;
mod text;
mod time;
mod to_dict;

use pyo3::prelude::*;

/// The native module `smpp._smpp`.
#[pymodule]
fn _smpp(m: &Bound<'_, PyModule>) -> PyResult<()> {
    errors::register(m)?;
    events::register(m)?;
    m.add_function(wrap_pyfunction!(codec::decode, m)?)?;
    m.add_function(wrap_pyfunction!(codec::encode, m)?)?;
    m.add_class::<codec::Framer>()?;
    m.add_class::<session::Session>()?;
    m.add_submodule(&text::module(m.py())?)?;
    m.add_submodule(&concat::module(m.py())?)?;
    m.add_submodule(&receipt::module(m.py())?)?;
    m.add_submodule(&keywords::module(m.py())?)?;
    Ok(())
}
