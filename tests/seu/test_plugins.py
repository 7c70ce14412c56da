"""One convention for what a section plugs into another part of the seu:
a named registry, filled from the apps' ready() (seu/plugins.py)."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from accounts import carpeta, closure, exports
from seu import search
from seu.plugins import Registry
from tramits import hooks


def test_a_name_is_registered_once():
    registry = Registry("test plug-ins")
    registry.register("one", 1)
    with pytest.raises(ImproperlyConfigured, match="'one' is already registered"):
        registry.register("one", 2)
    assert registry.items() == [("one", 1)]


def test_items_keep_the_order_they_were_registered_in():
    registry = Registry("test plug-ins")
    for name in ("b", "a", "c"):
        registry.register(name, name.upper())
    assert registry.items() == [("b", "B"), ("a", "A"), ("c", "C")]
    assert registry.values() == ["B", "A", "C"]
    assert list(registry) == ["b", "a", "c"]
    assert "a" in registry and "d" not in registry
    assert registry["c"] == "C"
    assert len(registry) == 3


def test_a_registry_with_places_takes_no_other_name():
    registry = Registry("test places", names=("left", "right"))
    registry.register("left", 1)
    with pytest.raises(ImproperlyConfigured, match="'middle' cannot be registered"):
        registry.register("middle", 2)


def test_a_reserved_name_is_refused():
    registry = Registry("test plug-ins", reserved={"profile"})
    with pytest.raises(ImproperlyConfigured, match="'profile' is reserved"):
        registry.register("profile", 1)


def test_a_copy_is_independent_of_its_original():
    registry = Registry("test plug-ins", names=("a", "b"))
    registry.register("a", 1)
    twin = registry.copy()
    twin.register("b", 2)
    assert registry.items() == [("a", 1)]
    assert twin.items() == [("a", 1), ("b", 2)]
    with pytest.raises(ImproperlyConfigured):
        twin.register("c", 3)


@pytest.mark.parametrize(
    ("registry", "name"),
    [
        (carpeta.cards, "submissions"),
        (exports.exporters, "submissions"),
        (closure.steps, "drafts"),
        (search.providers, "notices"),
        (hooks.after_submission, "calls"),
        (hooks.describers, "calls"),
        (hooks.receipt_rows, "calls"),
    ],
)
def test_registering_a_section_s_plug_in_again_raises(registry, name):
    # Every registry is filled by the apps' ready(): a second registration of the
    # same name (two sections in one place, or ready() run twice) is refused.
    assert name in registry
    with pytest.raises(ImproperlyConfigured, match="already registered"):
        registry.register(name, registry[name])


def test_the_sections_fill_every_place_of_the_carpeta():
    assert list(carpeta.cards) == list(carpeta.PLACES)
