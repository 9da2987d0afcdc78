"""The house's rules (docs/architecture.md), held by tests so they cannot drift."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from afterview.config import ENVIRONMENT, AppSettings

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src" / "afterview"


def test_imports_point_inward_and_nothing_imports_around_a_circle() -> None:
    """The import-linter contracts of pyproject.toml: layers, pure domain and services,
    faces without adapters or the planner, web pages independent, no cycles."""
    linter = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(linter), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_every_variable_the_readme_documents_is_a_setting() -> None:
    documented = set(re.findall(r"AFTERVIEW_[A-Z_]+", (ROOT / "README.md").read_text()))
    assert documented == set(ENVIRONMENT)
    assert set(ENVIRONMENT.values()) <= set(AppSettings.__dataclass_fields__)


def test_every_setting_is_read_from_its_variable(tmp_path: Path) -> None:
    values = {
        "AFTERVIEW_HOME": str(tmp_path),
        "AFTERVIEW_DATABASE_URL": f"sqlite:///{tmp_path / 'elsewhere.db'}",
        "AFTERVIEW_TODAY": "2026-11-25",
        "AFTERVIEW_SMTP_URL": "smtp://u:p@smtp.example.org:587",
        "AFTERVIEW_SMTP_CAFILE": str(tmp_path / "ca.pem"),
        "AFTERVIEW_FAX_GATEWAY": "{fax}@fax.example.net",
        "AFTERVIEW_IMAP_URL": "imaps://u:p@imap.example.org",
        "AFTERVIEW_IMAP_CAFILE": str(tmp_path / "imap-ca.pem"),
        "AFTERVIEW_ACCOUNTS": "1",
        "AFTERVIEW_ACCOUNT": "coach@example.org",
    }
    assert set(values) == set(ENVIRONMENT)
    settings = AppSettings.from_environment(values)
    for variable, name in ENVIRONMENT.items():
        read = getattr(settings, name)
        assert str(read) == values[variable] or (read is True and values[variable] == "1"), variable


def test_the_code_cites_only_documents_of_this_repository() -> None:
    cited = set()
    for path in SOURCE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "DESIGN" not in text, path
        cited |= set(re.findall(r"docs/[\w./-]+\.md", text))
    assert cited, "the code cites its documents"
    for document in cited:
        assert (ROOT / document).is_file(), document


def test_every_remedy_is_phrased_by_both_faces() -> None:
    from afterview.cli.remedies import hint
    from afterview.errors import Fix, Remedy
    from afterview.web.common import web_remedy

    for fix in Fix:
        remedy = Remedy(fix, "omar-said", "email")
        cli, web = hint(remedy), web_remedy(remedy, {"contact": "omar-said"})
        assert cli, fix
        assert "{" not in cli.replace("{fax}", ""), fix
        assert web is not None, fix
        assert web.text, fix
        assert "--" not in web.text, fix
        assert re.search(r"\bafterview [a-z-]+ ", web.text) is None, fix  # no command line
