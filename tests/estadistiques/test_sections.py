import pytest

from estadistiques.sections import section_for_path


@pytest.mark.parametrize("language", ["ca", "es", "en"])
@pytest.mark.parametrize(
    "rest, section",
    [
        ("", "home"),
        ("tramits/", "tramits"),
        ("tramits/certificat-empadronament/", "tramits"),
        ("tauler/", "tauler"),
        ("tauler/anuncis/2025/3/", "tauler"),
        ("convocatories/", "convocatories"),
        ("informacio/", "corporate"),
        ("calendari/2025/", "corporate"),
        ("privacitat/", "corporate"),
        ("compte/entrar/", "other"),
        ("no-such-page/", "other"),
    ],
)
def test_every_language_prefix_maps_to_the_same_section(language, rest, section):
    assert section_for_path(f"/{language}/{rest}") == section


@pytest.mark.parametrize("path", ["/", "/healthz", "/fr/tramits/", "/tramits/"])
def test_paths_without_a_language_are_other(path):
    assert section_for_path(path) == "other"
