"""The demo content's data files: TOML inside each app, read through importlib.resources."""

from importlib.resources import files

import pytest

from seu.demo import demo_data

APPS = ["portal", "corporativa", "tramits", "tauler", "convocatories", "estadistiques"]
DATA_FILES = [
    (app, path.name.removesuffix(".toml"))
    for app in APPS
    for path in (files(app) / "demo_data").iterdir()
    if path.name.endswith(".toml")
]


def test_every_app_with_a_demo_has_its_data_files():
    assert {app for app, _name in DATA_FILES} == set(APPS)
    assert len(DATA_FILES) == 12


@pytest.mark.parametrize(("app", "name"), DATA_FILES)
def test_each_data_file_reads_as_a_table(app, name):
    data = demo_data(app, name)
    assert isinstance(data, dict) and data
