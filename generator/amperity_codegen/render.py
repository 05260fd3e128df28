"""Rendering: what emit.py produced, through the Jinja2 templates, into header text."""

from pathlib import Path

import jinja2

from .emit import Headers, cpp_bool
from .naming import comment, cpp_string

TEMPLATES = Path(__file__).resolve().parent / "templates"

# Output file -> template. Order matters only for readability of --check output.
OUTPUTS = {
    "enums.hpp": "enums.hpp.j2",
    "types.hpp": "types.hpp.j2",
    "schemas.hpp": "schemas.hpp.j2",
    "rules.hpp": "rules.hpp.j2",
    "operations.hpp": "operations.hpp.j2",
    "client_ops.hpp": "client_ops.hpp.j2",
    "all.hpp": "all.hpp.j2",
}


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["comment"] = comment
    env.filters["cpp_string"] = cpp_string
    env.filters["cpp_bool"] = cpp_bool
    return env


def render(headers: Headers) -> dict:
    """Returns {file name: text}; deterministic for given headers."""
    env = environment()
    return {name: env.get_template(template).render(m=headers).replace("\r\n", "\n")
            for name, template in OUTPUTS.items()}
