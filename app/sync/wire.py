"""From the local outbox payload to the cloud's ``ResultItem`` (see app/cloud/models.py).

The local store knows students by an integer row id; the cloud must only ever see a
pseudonymous id. The id sent is an HMAC of the local id under this installation's secret,
so it is stable for the student on this host and means nothing anywhere else. The class's
join code goes with each result (``class_code``): the cloud's class boards and analytics
group by it.
"""

from __future__ import annotations

import hashlib
import hmac
import re

# The fields the cloud keeps; everything else in the payload (telemetry ids, fuel) stays home.
WIRE_FIELDS = (
    "result_uid", "game", "world", "class_code", "nickname", "outcome", "score", "stars",
    "flight_time_s", "created_at",
)  # fmt: skip


def pseudonym(installation_secret: bytes, local_student_id: object) -> str:
    digest = hmac.new(installation_secret, str(local_student_id).encode(), hashlib.sha256)
    return "s" + digest.hexdigest()[:31]


# what the cloud takes as a class code; a code it would refuse is left out, not the result
CLASS_CODE = re.compile(r"^[A-Za-z0-9]{1,16}$")


def to_wire(payload: dict[str, object], installation_secret: bytes) -> dict[str, object]:
    item = {key: payload[key] for key in WIRE_FIELDS if key in payload}
    item["student_id"] = pseudonym(installation_secret, payload.get("student_id"))
    code = item.get("class_code")
    if not isinstance(code, str) or not CLASS_CODE.fullmatch(code):
        item.pop("class_code", None)
    return item
