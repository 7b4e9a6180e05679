"""Volume types: the scenario's default type, if it names one (`default_volume_type` in cinder.conf), is the only one.

The seed's charms create no type, so a Juju Newton cloud has none: volumes show `volume_type: null` and
`GET /types/default` is a 404. A volume created without a type gets the default type when there is one.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from lxdstack.cloud.volume import errors


@dataclass(frozen=True)
class VolumeType:
    id: str
    name: str
    description: str | None = None
    is_public: bool = True
    extra_specs: dict[str, str] = field(default_factory=dict)


class VolumeTypes:
    def __init__(self, default_name: str | None) -> None:
        self.default = VolumeType(str(uuid.uuid4()), default_name) if default_name else None
        self.types = {self.default.id: self.default} if self.default else {}

    def listing(self, public_only: bool) -> list[VolumeType]:
        return [t for t in self.types.values() if t.is_public or not public_only]

    def get(self, type_id: str) -> VolumeType:
        if type_id == "default":
            if self.default is None:
                raise errors.no_default_type()
            return self.default
        if type_id not in self.types:
            raise errors.type_not_found(type_id)
        return self.types[type_id]

    def requested(self, value: str) -> VolumeType:
        """The type a create names: by id when it looks like a UUID, else by name (volume_types lookups)."""
        try:
            uuid.UUID(value)
        except ValueError:
            found = next((t for t in self.types.values() if t.name == value), None)
            if found is None:
                raise errors.type_name_not_found(value) from None
            return found
        return self.get(value)
