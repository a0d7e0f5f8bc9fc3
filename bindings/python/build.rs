//! Writes `keywords.rs` into OUT_DIR: one `#[pyfunction]` per PDU of
//! `smpp.pdu`, its keyword-only parameters the fields of the core's table
//! for that command (`Pdu::fields`, SMPP 3.4 §4, SMPP 5.0 §4), so that
//! PyO3 matches a call's keyword arguments without building a dict, and
//! no list of any PDU's fields is written in this crate. Also writes
//! `pdu.pyi`, their type stubs (the package's `python/smpp/pdu.pyi` is a
//! copy of it, which a test checks).

use std::fmt::Write as _;
use std::path::PathBuf;

use smpp_proto::codec::visit::{Field, Kind};
use smpp_proto::{CommandId, Pdu};

/// The stub's type of a field's value (the forms `from_dict.rs` takes).
fn python_type(kind: Kind) -> &'static str {
    match kind {
        Kind::U8 | Kind::Version | Kind::Status => "int",
        Kind::CStr { .. } | Kind::OptCStr { .. } | Kind::Time => "CStr",
        Kind::ShortMessage => "Octets",
        _ => "List[Dict[str, Any]]",
    }
}

const STUB_HEAD: &str = r#""""Type stubs of ``smpp.pdu``, one function per PDU (SMPP 3.4 §4, SMPP 5.0
§4). Written by bindings/python/build.rs from the core's field tables: do
not edit (tests/test_pdu.py checks it against the build)."""

from typing import Any, Dict, List, Optional, Union

CStr = Union[str, bytes, Dict[str, str]]
"""A C-Octet String: its text, its octets, or ``{"hex": ...}``."""
Octets = Union[bytes, bytearray, memoryview]
"""An octet string (short_message)."""

__all__: List[str]
"#;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut out = String::new();
    let mut stub = String::from(STUB_HEAD);
    let mut names = Vec::new();
    for id in CommandId::ALL {
        let (Some(name), Some(specs)) = (id.name(), Pdu::fields(*id)) else {
            continue;
        };
        names.push(name);
        let fields: Vec<Field> = specs.iter().map(|s| s.field).collect();
        let mut signature = String::from("*, sequence_number, command_status = None");
        let mut params = String::new();
        let mut given = String::new();
        writeln!(stub, "\ndef {name}(\n    *,\n    sequence_number: int,")?;
        stub.push_str("    command_status: Optional[int] = None,\n");
        for s in specs {
            writeln!(
                stub,
                "    {}: Optional[{}] = None,",
                s.field.key(),
                python_type(s.kind)
            )?;
        }
        stub.push_str(") -> bytes: ...\n");
        for f in &fields {
            let key = f.key();
            write!(signature, ", {key} = None")?;
            writeln!(params, "    {key}: Option<Bound<'py, PyAny>>,")?;
            write!(given, "(Field::{f:?}, {key}), ")?;
        }
        write!(
            out,
            "/// Builds a {name} from keyword arguments and encodes it, header
/// included (SMPP 3.4 §4): the octets `smpp.encode` gives for the dict of
/// the same fields. `sequence_number` is required, `command_status`
/// defaults to 0, a field left out (or None) takes its empty value.
#[pyfunction]
#[pyo3(signature = ({signature}))]
#[allow(clippy::too_many_arguments)]
fn {name}<'py>(
    py: Python<'py>,
    sequence_number: &Bound<'py, PyAny>,
    command_status: Option<&Bound<'py, PyAny>>,
{params}) -> PyResult<Bound<'py, PyBytes>> {{
    encode_given(py, CommandId(0x{id:08x}), sequence_number, command_status, &mut [{given}])
}}

",
            id = id.0
        )?;
    }
    out.push_str(
        "/// Adds the function of each PDU to `m`.\nfn add_functions(m: &Bound<'_, PyModule>) -> PyResult<()> {\n",
    );
    for name in &names {
        writeln!(out, "    m.add_function(wrap_pyfunction!({name}, m)?)?;")?;
    }
    out.push_str("    Ok(())\n}\n");
    let dir = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?);
    std::fs::write(dir.join("keywords.rs"), out)?;
    std::fs::write(dir.join("pdu.pyi"), stub)?;
    println!("cargo::rerun-if-changed=build.rs");
    Ok(())
}
