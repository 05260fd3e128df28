"""Loading the spec: YAML in, a plain dict out, with $ref resolution and located errors."""

import hashlib
from pathlib import Path

import yaml


class SpecError(Exception):
    """A problem in the spec, located by JSON pointer (`#/components/schemas/Workflow/...`)."""

    def __init__(self, location: str, message: str):
        super().__init__(f"{location}: {message}")
        self.location = location
        self.message = message


def pointer(*parts) -> str:
    def esc(p):
        return str(p).replace("~", "~0").replace("/", "~1")

    return "#/" + "/".join(esc(p) for p in parts)


class _UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate mapping keys instead of silently keeping the last."""


def _construct_mapping(loader, node, deep=False):
    seen = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise SpecError(f"line {key_node.start_mark.line + 1}", f"duplicate key {key!r}")
        seen.add(key)
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


class Spec:
    """The loaded document plus helpers to follow local $refs."""

    def __init__(self, doc: dict, text: bytes, relpath: str):
        self.doc = doc
        self.sha256 = hashlib.sha256(text).hexdigest()
        self.relpath = relpath

    def resolve(self, node, location: str):
        """Follows a chain of local `$ref`s; returns (node, location of the target)."""
        seen = set()
        while isinstance(node, dict) and "$ref" in node:
            ref = node["$ref"]
            if not isinstance(ref, str) or not ref.startswith("#/"):
                raise SpecError(location, f"only local $refs are supported, got {ref!r}")
            if ref in seen:
                raise SpecError(location, f"$ref cycle through {ref}")
            seen.add(ref)
            target = self.doc
            for part in ref[2:].split("/"):
                part = part.replace("~1", "/").replace("~0", "~")
                if not isinstance(target, dict) or part not in target:
                    raise SpecError(location, f"unresolved $ref {ref}")
                target = target[part]
            node, location = target, ref
        return node, location


def load(path: Path, relpath: str) -> Spec:
    text = path.read_bytes()
    try:
        doc = yaml.load(text, Loader=_UniqueKeyLoader)
    except SpecError as e:
        raise SpecError(e.location, e.message) from None
    except yaml.YAMLError as e:
        raise SpecError(relpath, f"not valid YAML: {e}") from None
    if not isinstance(doc, dict):
        raise SpecError("#", "the document must be a mapping")
    return Spec(doc, text, relpath)
