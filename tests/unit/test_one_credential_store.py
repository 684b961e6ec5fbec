"""Issue 12 item 4: one credential store. Only `studio/secrets.py` talks to `keyring`, and the service name is
defined once; everything else is given a `CredentialStore`."""

from __future__ import annotations

import ast

from tests.conftest import REPO

STUDIO = REPO / "studio"


def _imports(path: str) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse((REPO / path).read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.append(node.module)
    return names


def _sources() -> list[str]:
    return [str(p.relative_to(REPO)) for p in sorted(STUDIO.rglob("*.py"))]


def test_only_secrets_imports_keyring() -> None:
    offenders = [
        path
        for path in _sources()
        if path != "studio/secrets.py"
        and any(
            name == "keyring" or name.startswith(("keyring.", "keyrings", "secretstorage"))
            for name in _imports(path)
        )
    ]
    assert offenders == []


def test_the_service_name_is_defined_once() -> None:
    definitions = []
    for path in _sources():
        for node in ast.walk(ast.parse((REPO / path).read_text(encoding="utf-8"))):
            if isinstance(node, ast.Assign | ast.AnnAssign) and isinstance(node.value, ast.Constant):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                names = [t.id for t in targets if isinstance(t, ast.Name)]
                if node.value.value == "studio" and any("SERVICE" in n for n in names):
                    definitions.append(f"{path}: {names}")
    assert definitions == ["studio/secrets.py: ['SERVICE']"]
