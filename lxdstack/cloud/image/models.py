"""Glance's images: the records, their data, and the store one cloud keeps them in.

No HTTP here. Who may see or change an image is Glance's domain rule (`visible_to`, `mutable_by`), kept beside
the records; handlers apply it. The Nova emulation reads images through `ImageStore.get`, which ignores
visibility as Nova's own image API calls do (they carry the user's token, but Nova checks visibility itself).

Pre-provisioned images stand for the root tarball the deployment's post-deploy step uploaded. Their bytes are
synthetic: generated on demand from the image's name, never held in memory, so a scenario may declare a
realistic size; the checksum is computed from that stream the first time someone asks for it.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from lxdstack.cloud.core.clock import Clock
from lxdstack.cloud.image import errors

_CHUNK = 64 * 1024


def synthetic_chunks(name: str, size: int) -> Iterator[bytes]:
    """`size` deterministic bytes standing for image `name`'s root tarball, in chunks of at most 64 KiB."""
    seed = f"lxdstack synthetic root tarball of image {name}\n".encode()
    block = (seed * (_CHUNK // len(seed) + 1))[:_CHUNK]
    whole, rest = divmod(size, _CHUNK)
    for _ in range(whole):
        yield block
    if rest:
        yield block[:rest]


@dataclass
class Image:
    """One Glance image. `id, name, disk_format, container_format, status, visibility, owner, size` are what
    other services read; the rest is Glance's own."""

    id: str
    name: str | None
    owner: str | None
    created_at: datetime
    updated_at: datetime
    disk_format: str | None = None
    container_format: str | None = None
    visibility: str = "private"
    status: str = "queued"
    protected: bool = False
    min_disk: int = 0
    min_ram: int = 0
    tags: list[str] = field(default_factory=list)
    properties: dict[str, str] = field(default_factory=dict)
    size: int | None = None
    data: bytes | None = field(default=None, repr=False)
    synthetic: bool = False  # the data is `synthetic_chunks(name, size)`, made when read
    stored_checksum: str | None = field(default=None, repr=False)

    @property
    def checksum(self) -> str | None:
        """The md5 hex digest of the data (Newton has no `os_hash_value`), None while there is none."""
        if self.stored_checksum is None and self.synthetic and self.size is not None:
            digest = hashlib.md5(usedforsecurity=False)
            for chunk in self.chunks():
                digest.update(chunk)
            self.stored_checksum = digest.hexdigest()
        return self.stored_checksum

    @property
    def has_data(self) -> bool:
        return self.data is not None or self.synthetic

    def chunks(self) -> Iterator[bytes]:
        """The image's data, in chunks (nothing when it has none)."""
        if self.synthetic:
            yield from synthetic_chunks(self.name or self.id, self.size or 0)
        elif self.data is not None:
            for start in range(0, len(self.data), _CHUNK):
                yield self.data[start:start + _CHUNK]


def visible_to(image: Image, project_id: str | None, is_admin: bool) -> bool:
    """Glance Newton's rule: admins see every image, others public images and their project's own."""
    return is_admin or image.visibility == "public" or (project_id is not None and image.owner == project_id)


def mutable_by(image: Image, project_id: str | None, is_admin: bool) -> bool:
    """glance.api.authorization.is_image_mutable: admins, and the owning project."""
    return is_admin or (project_id is not None and image.owner == project_id)


class ImageStore:
    """Every image of one cloud, by id."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self._images: dict[str, Image] = {}

    @classmethod
    def seeded(cls, images: Iterable[Any], owner: str, clock: Clock) -> ImageStore:
        """The images the deployment's post-deploy steps left: public, active, owned by the admin project."""
        store = cls(clock)
        for spec in images:
            now = clock.now()
            image = Image(id=str(uuid.uuid4()), name=spec.name, owner=owner, created_at=now, updated_at=now,
                          disk_format=spec.disk_format, container_format=spec.container_format,
                          visibility="public", status="active", size=spec.size, synthetic=True)
            store._images[image.id] = image
        return store

    def get(self, image_id: str) -> Image | None:
        """The image with this id, whoever owns it; None when there is none (or it was deleted)."""
        return self._images.get(image_id)

    def all(self) -> list[Image]:
        return list(self._images.values())

    def create(self, attrs: dict[str, Any], properties: dict[str, str], tags: list[str], owner: str | None) -> Image:
        """A new `queued` image from validated attributes (`id` may be chosen by the client)."""
        image_id = attrs.pop("id", None) or str(uuid.uuid4())
        if image_id in self._images:
            raise errors.duplicate(image_id)
        now = self.clock.now()
        image = Image(id=image_id, name=attrs.pop("name", None), owner=owner, created_at=now, updated_at=now,
                      tags=list(dict.fromkeys(tags)), properties=dict(properties))
        for key, value in attrs.items():
            setattr(image, key, value)
        self._images[image.id] = image
        return image

    def touch(self, image: Image) -> None:
        image.updated_at = self.clock.now()

    def begin_upload(self, image: Image) -> None:
        """queued → saving, as Glance marks an image while its data streams in."""
        if image.status != "queued":
            raise errors.status_transition(image.status, "saving")
        missing = [key for key in ("disk_format", "container_format") if not getattr(image, key)]
        if missing:
            raise errors.formats_missing(missing)
        image.status = "saving"
        self.touch(image)

    def abort_upload(self, image: Image) -> None:
        """The data never arrived whole: back to queued (Glance's `_restore`)."""
        if image.status == "saving":
            image.status = "queued"
            self.touch(image)

    def finish_upload(self, image: Image, data: bytes) -> None:
        if self._images.get(image.id) is not image:
            raise errors.deleted_during_upload(image.id)
        image.data, image.size, image.status = data, len(data), "active"
        image.stored_checksum = hashlib.md5(data, usedforsecurity=False).hexdigest()
        self.touch(image)

    def delete(self, image: Image) -> None:
        image.status = "deleted"
        self._images.pop(image.id, None)
