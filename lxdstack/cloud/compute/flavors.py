"""Nova's flavors and their extra specs, and who may see which flavor. No HTTP here.

Visibility follows Newton's DB layer: an admin sees every flavor; anyone else sees public flavors and the private
ones their project was given access to (Nova does not give the creating project access, bug 1209101).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from lxdstack.cloud.compute import errors
from lxdstack.cloud.scenario import Flavor as SeedFlavor


@dataclass
class Flavor:
    flavorid: str
    name: str
    ram: int
    vcpus: int
    disk: int
    ephemeral: int = 0
    swap: int = 0
    rxtx_factor: float = 1.0
    is_public: bool = True
    disabled: bool = False
    extra_specs: dict[str, str] = field(default_factory=dict)
    projects: set[str] = field(default_factory=set)  # os-flavor-access grants of a private flavor


class Flavors:
    """The flavors of one cloud, by flavor id."""

    def __init__(self) -> None:
        self.by_id: dict[str, Flavor] = {}

    @classmethod
    def seeded(cls, seeds: list[SeedFlavor]) -> Flavors:
        """The scenario's flavors with ids "1", "2", ... in its order, as Nova's classic m1.* defaults had."""
        flavors = cls()
        for number, seed in enumerate(seeds, start=1):
            flavor = Flavor(str(number), seed.name, seed.ram, seed.vcpus, seed.disk, ephemeral=seed.ephemeral,
                            is_public=seed.public, extra_specs=dict(seed.extra_specs))
            flavors.by_id[flavor.flavorid] = flavor
        return flavors

    @staticmethod
    def visible(flavor: Flavor, project_id: str, is_admin: bool) -> bool:
        return is_admin or flavor.is_public or project_id in flavor.projects

    def get(self, flavor_id: str, project_id: str, is_admin: bool) -> Flavor:
        """The flavor if the caller may see it; Nova's FlavorNotFound otherwise."""
        flavor = self.by_id.get(flavor_id)
        if flavor is None or not self.visible(flavor, project_id, is_admin):
            raise errors.flavor_not_found(flavor_id)
        return flavor

    def find(self, flavor_id: str, project_id: str, is_admin: bool) -> Flavor | None:
        flavor = self.by_id.get(flavor_id)
        return flavor if flavor is not None and self.visible(flavor, project_id, is_admin) else None

    def listing(self, is_public: bool | None, project_id: str, is_admin: bool, min_ram: int = 0,
                min_disk: int = 0) -> list[Flavor]:
        """Newton's FlavorList.get_all filters, sorted by flavor id as Nova's default sort_key.

        `is_public`: True = public ones plus those the project may use, False = private only, None = all; callers
        other than admins always get the True behaviour and never disabled flavors.
        """
        if not is_admin:
            is_public = True
        found = []
        for flavor in self.by_id.values():
            if is_public is True and not (flavor.is_public or project_id in flavor.projects):
                continue
            if is_public is False and flavor.is_public:
                continue
            if (not is_admin and flavor.disabled) or flavor.ram < min_ram or flavor.disk < min_disk:
                continue
            found.append(flavor)
        return sorted(found, key=lambda f: f.flavorid)

    def create(self, flavor: Flavor) -> Flavor:
        """Add a flavor; an empty id means Nova's `auto` (a new UUID)."""
        if not flavor.flavorid:
            flavor.flavorid = str(uuid.uuid4())
        if any(f.name == flavor.name for f in self.by_id.values()):
            raise errors.flavor_name_exists(flavor.name)
        if flavor.flavorid in self.by_id:
            raise errors.flavor_id_exists(flavor.flavorid)
        self.by_id[flavor.flavorid] = flavor
        return flavor

    def delete(self, flavor_id: str) -> None:
        """Servers keep their own copy of the flavor, as Nova embeds it in the instance."""
        if self.by_id.pop(flavor_id, None) is None:
            raise errors.flavor_not_found(flavor_id)

    # -- extra specs ----------------------------------------------------------------------------------------
    @staticmethod
    def spec(flavor: Flavor, key: str) -> str:
        if key not in flavor.extra_specs:
            raise errors.extra_spec_not_found(flavor.flavorid, key)
        return flavor.extra_specs[key]

    @staticmethod
    def unset_spec(flavor: Flavor, key: str) -> None:
        if flavor.extra_specs.pop(key, None) is None:
            raise errors.extra_spec_not_found(flavor.flavorid, key)
