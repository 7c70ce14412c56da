"""One way for a section to plug into another part of the seu.

The lower layers never import the sections (accounts does not know tràmits,
the search does not know the notice board): they keep a `Registry`, and each
section fills it, by name, from its AppConfig.ready()::

    # tramits/apps.py
    class TramitsConfig(AppConfig):
        def ready(self):
            from accounts import closure
            from tramits import services

            closure.steps.register("drafts", closure.ClosureStep(...))

Nothing registers itself when a module is imported, so what plugs into what
is read in the apps' ready() methods and nowhere else. A name is registered
once: a second registration under the same name is a mistake (two sections
fighting over one place, or a ready() that ran twice) and raises.
"""

from collections.abc import Iterable, Iterator
from typing import Generic, TypeVar

from django.core.exceptions import ImproperlyConfigured

T = TypeVar("T")


class Registry(Generic[T]):
    """Named items, in the order they were registered.

    `names`, when given, are the only names that may be registered (the places
    of a page, say); `reserved` are names that never may (keys the owner of the
    registry writes itself).
    """

    def __init__(self, name: str, *, names: Iterable[str] | None = None, reserved=()):
        self.name = name
        self.names = tuple(names) if names is not None else None
        self.reserved = frozenset(reserved)
        self._items: dict[str, T] = {}

    def register(self, name: str, item: T) -> T:
        if name in self.reserved:
            raise ImproperlyConfigured(f"'{name}' is reserved in the {self.name}.")
        if self.names is not None and name not in self.names:
            raise ImproperlyConfigured(
                f"'{name}' cannot be registered in the {self.name}: "
                f"the names are {', '.join(self.names)}."
            )
        if name in self._items:
            raise ImproperlyConfigured(f"'{name}' is already registered in the {self.name}.")
        self._items[name] = item
        return item

    def items(self) -> list[tuple[str, T]]:
        return list(self._items.items())

    def values(self) -> list[T]:
        return list(self._items.values())

    def __getitem__(self, name: str) -> T:
        return self._items[name]

    def __contains__(self, name: object) -> bool:
        return name in self._items

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._items))

    def __len__(self) -> int:
        return len(self._items)

    def copy(self) -> "Registry[T]":
        """An independent registry with the same items: tests swap one in to
        register probes without touching the real one."""
        twin = Registry(self.name, names=self.names, reserved=self.reserved)
        twin._items = dict(self._items)
        return twin

    def __repr__(self) -> str:
        return f"<Registry {self.name}: {', '.join(self._items) or 'empty'}>"
