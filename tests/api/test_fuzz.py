"""Schemathesis fuzzing of the JSON API against openapi.yaml."""

import os
import pathlib

import pytest
import schemathesis
from hypothesis import settings
from hypothesis import strategies as st
from schemathesis import checks as st_checks

REPO_ROOT = pathlib.Path(__file__).resolve().parents[2]
OPENAPI = REPO_ROOT / "openapi.yaml"

# About 25 generated cases per operation (plus schemathesis' coverage and example cases) keeps the
# whole run near half a minute; DUTYROOM_FUZZ_EXAMPLES asks for a deeper run by hand.
MAX_EXAMPLES = int(os.environ.get("DUTYROOM_FUZZ_EXAMPLES", "25"))

# The board's event stream never ends: a request to it would hang the run.
EXCLUDED_OPERATIONS = ["login", "logout", "changePassword", "streamBoardEvents"]

ACCOUNT_BY_TAG = {
    "units": "xuchang.admin",
    "people": "xuchang.admin",
    "directory": "xuchang.admin",
    "users": "xuchang.security",
    "audit": "xuchang.auditor",
    "auth": "xuchang.admin",
    "operations": "xuchang.admin",
    # The city's duty bureau leader may read, report and sign.
    "incidents": "xuchang.leader",
    "reports": "xuchang.leader",
    "board": "xuchang.leader",
    # The duty desk: the leader keeps the log, starts roll calls and reports absences.
    "dutydesk": "xuchang.leader",
    # Rosters: the section leader draws, files and swaps them.
    "rosters": "xuchang.section",
}

CONFIG = schemathesis.Config.from_dict(
    {
        "seed": 20261123,
        "generation": {"deterministic": True, "max-examples": MAX_EXAMPLES, "database": "none"},
    }
)

schema = schemathesis.openapi.from_path(OPENAPI, config=CONFIG).exclude(
    operation_id=EXCLUDED_OPERATIONS
)

CHECKS = [
    st_checks.not_a_server_error,
    st_checks.status_code_conformance,
    st_checks.response_schema_conformance,
    st_checks.content_type_conformance,
]


@pytest.fixture(scope="session")
def tokens(api_server):
    return {name: api_server.login(name) for name in set(ACCOUNT_BY_TAG.values())}


# Random UUIDs only ever reach the 404 branch of an operation. Half of the generated cases get a
# real ID instead (of the demo data this server loaded), in the path and in `unitId`/`parentId`,
# and a few known-good values for the fields that random text never satisfies, so the fuzzing
# also reaches the success paths and their response schemas.
POOLS: dict[str, list[str]] = {
    "units": [], "people": [], "users": [], "incidents": [], "reports": [],
    "duty-log": [], "handovers": [], "handover-items": [], "roll-calls": [], "absences": [],
}
GOOD_VALUES = {
    "mobile": ["13800138000"],
    "officePhone": ["0371-67180000"],
    "password": ["Kq7#mPx2!vLd"],
}
# The fuzzing accounts themselves stay out of the user pool: a fuzzed role change, deactivation
# or password reset of one of them would end its session and turn every later case into a 401.
FUZZING_ACCOUNTS = set(ACCOUNT_BY_TAG.values())


@pytest.fixture(scope="session")
def known_ids(api_server, tokens):
    admin, security = tokens["xuchang.admin"], tokens["xuchang.security"]
    status, units = api_server.request("GET", "/api/v1/units", token=admin)
    assert status == 200, units
    status, people = api_server.request("GET", "/api/v1/people?limit=500", token=admin)
    assert status == 200, people
    status, users = api_server.request("GET", "/api/v1/users", token=security)
    assert status == 200, users
    POOLS["units"] = [u["id"] for u in units]
    POOLS["people"] = [p["id"] for p in people["items"]][:20]
    POOLS["users"] = [u["id"] for u in users if u["username"] not in FUZZING_ACCOUNTS]
    # One incident of the city's own, with its drafted first report.
    leader = tokens["xuchang.leader"]
    city = next(u["id"] for u in units if u.get("code") == "411000")
    status, incident = api_server.request("POST", "/api/v1/incidents", token=leader, body={
        "kindId": "road_transport_accident", "placeUnitId": city, "placeDetail": "许由路",
        "occurredAt": "2026-11-23T05:50:00Z", "sourceChannel": "phone", "event": "一起交通事故", "dead": 1})
    assert status == 201, incident
    POOLS["incidents"] = [incident["id"]]
    POOLS["reports"] = [r["id"] for r in incident["reports"]]
    # One duty-desk record of each kind, the city's own.
    status, entry = api_server.request("POST", "/api/v1/duty-log", token=leader, body={
        "callerUnit": "建安区应急管理局", "callerName": "王强", "content": "报告一起火情"})
    assert status == 201, entry
    POOLS["duty-log"] = [entry["id"]]
    status, handover = api_server.request("POST", "/api/v1/handovers", token=leader, body={
        "matters": "无", "items": ["跟进火情"]})
    assert status == 201, handover
    POOLS["handovers"] = [handover["id"]]
    POOLS["handover-items"] = [i["id"] for i in handover["items"]]
    status, call = api_server.request("POST", "/api/v1/roll-calls", token=leader, body={})
    assert status == 201, call
    POOLS["roll-calls"] = [call["id"]]
    status, absence = api_server.request("POST", "/api/v1/absences", token=leader, body={
        "personName": "李局长", "reason": "开会", "destination": "郑州", "leaveAt": "2026-11-23T01:00:00Z",
        "returnAt": "2026-11-24T10:00:00Z", "deputyName": "王副局长", "deputyPost": "副局长"})
    assert status == 201, absence
    POOLS["absences"] = [absence["id"]]
    assert all(POOLS.values()), POOLS
    return POOLS


def _pool_for_path(path: str) -> str | None:
    for prefix, pool in (("/api/v1/units/", "units"), ("/api/v1/people/", "people"),
                         ("/api/v1/users/", "users"), ("/api/v1/incidents/", "incidents"),
                         ("/api/v1/reports/", "reports"), ("/api/v1/duty-log/", "duty-log"),
                         ("/api/v1/handovers/", "handovers"), ("/api/v1/handover-items/", "handover-items"),
                         ("/api/v1/roll-calls/", "roll-calls"), ("/api/v1/absences/", "absences")):
        if path.startswith(prefix):
            return pool
    return None


def _maybe(value, choices):
    return st.one_of(st.just(value), st.sampled_from(choices)) if choices else st.just(value)


@schema.hook
def flatmap_case(context, case):
    """Swaps generated values for known-good ones, each with probability about one half."""
    swaps = []  # (container name, key, choices)
    pool = _pool_for_path(case.operation.path)
    if pool and isinstance(case.path_parameters, dict) and "id" in case.path_parameters:
        swaps.append(("path_parameters", "id", POOLS[pool]))
    if isinstance(case.query, dict) and "unitId" in case.query:
        swaps.append(("query", "unitId", POOLS["units"]))
    if isinstance(case.body, dict):
        for key in ("unitId", "parentId"):
            if key in case.body:
                swaps.append(("body", key, POOLS["units"]))
        for key, values in GOOD_VALUES.items():
            if key in case.body:
                swaps.append(("body", key, values))
    if not swaps:
        return st.just(case)

    def apply(values):
        changed = {}
        for (container, key, _), value in zip(swaps, values):
            target = changed.setdefault(container, dict(getattr(case, container)))
            target[key] = value
        for container, value in changed.items():
            setattr(case, container, value)
        return case

    return st.tuples(*(_maybe(getattr(case, c)[k], choices) for c, k, choices in swaps)).map(apply)


def account_for(operation) -> str:
    (tag,) = operation.tags
    return ACCOUNT_BY_TAG[tag]


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None)
def test_api(case, api_server, tokens, known_ids):
    token = tokens[account_for(case.operation)]
    case.call_and_validate(
        base_url=api_server.base_url,
        headers={"Authorization": f"Bearer {token}"},
        checks=CHECKS,
        timeout=30,
    )
