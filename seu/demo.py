"""The demo content's data files: TOML under each app's `demo_data/` folder.

The texts of the demo (procedures, notices, calls, corporate information) are
council data, edited as data; the apps' demo modules keep the logic that loads
them (dates relative to today, relations, idempotence).
"""

import tomllib
from importlib.resources import files


def demo_data(package: str, name: str) -> dict:
    """The content of `<package>/demo_data/<name>.toml`, e.g. ("tramits", "catalogue")."""
    return tomllib.loads((files(package) / "demo_data" / f"{name}.toml").read_text("utf-8"))
