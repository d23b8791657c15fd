"""The README stays true: every setting documented, exactly two set-up commands, CI runs the test one."""

import re

from conftest import ROOT

from store.settings import describe


def test_every_setting_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, _default, _help in describe():
        assert f"`{name}`" in readme, f"{name} is not documented in README.md"


def test_readme_has_the_two_setup_commands_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"<!-- (run|test)-command -->\n```\n(.+?)\n```\n<!-- /\1-command -->", readme, re.S)
    assert [kind for kind, _ in blocks] == ["run", "test"]
    assert all("pip install -r requirements.txt" in cmd for _, cmd in blocks)
    assert "test-command" in (ROOT / ".ci" / "run").read_text()
