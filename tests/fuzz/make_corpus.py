#!/usr/bin/env python3
"""Writes the seed corpus of the fuzz targets, tests/fuzz/corpus/<target>/, from the frozen PSG1
vectors (protocol/vectors/psg1-v1.json) and one valid frame of every client frame type.

    tests/fuzz/make_corpus.py

Run it again only when a target's input format changes; the corpus is committed. Each file is
named after what it holds. The encrypted parsers' seeds are the plaintexts of the vectors'
ciphertexts, opened here with Debian's libsodium through ctypes, because the fuzz target encrypts
the input itself (see fuzz_psg1_parsers.cpp)."""

import base64
import ctypes
import json
import pathlib
import shutil

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent.parent
VECTORS = json.loads((ROOT / "protocol/vectors/psg1-v1.json").read_text(encoding="utf-8"))
CASES = {case["id"]: case for case in VECTORS["cases"]}
FIXTURES = VECTORS["fixtures"]
MEMBERS = {m["label"]: m for m in FIXTURES["members"]}
MEMBER_ORDER = [m["label"] for m in FIXTURES["members"]]
ROOM = bytes.fromhex(FIXTURES["room_id"])
INVITE = bytes.fromhex(FIXTURES["invite"]["invite_id"])
KEYS = CASES["kdf-invite"]["out"]

sodium = ctypes.CDLL("libsodium.so.23")
assert sodium.sodium_init() >= 0


def lp(x: bytes) -> bytes:
    return len(x).to_bytes(4, "big") + x


def pad(x: bytes, block: int) -> bytes:
    """sodium_pad: 0x80, then zeros up to the next multiple of block (1..block bytes)."""
    return x + b"\x80" + b"\x00" * (block - 1 - len(x) % block)


def buffer(size: int):
    return ctypes.create_string_buffer(size)


def aead_open(c: bytes, ad: bytes, n: bytes, k: bytes) -> bytes:
    out, out_len = buffer(len(c)), ctypes.c_ulonglong()
    assert sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
        out, ctypes.byref(out_len), None, c, ctypes.c_ulonglong(len(c)), ad,
        ctypes.c_ulonglong(len(ad)), n, k) == 0
    return out.raw[:out_len.value]


def box_open(c: bytes, n: bytes, pk: bytes, sk: bytes) -> bytes:
    out = buffer(len(c) - 16)
    assert sodium.crypto_box_open_easy(out, c, ctypes.c_ulonglong(len(c)), n, pk, sk) == 0
    return out.raw


def seal_open(c: bytes, pk: bytes, sk: bytes) -> bytes:
    out = buffer(len(c) - 48)
    assert sodium.crypto_box_seal_open(out, c, ctypes.c_ulonglong(len(c)), pk, sk) == 0
    return out.raw


def b64(n: int, fill: int) -> str:
    return base64.urlsafe_b64encode(bytes([fill]) * n).decode().rstrip("=")


def frame(**fields) -> bytes:
    return json.dumps(fields, separators=(",", ":"), ensure_ascii=False).encode()


def client_frames():
    member, sig, key = b64(16, 0xA0), b64(64, 0x55), b64(32, 0x33)
    v2 = CASES["chain-v1-v12"]["in"]["versions"][1]
    doc = {"n": b64(24, 1), "c": b64(16 + 256, 2), "keys": [{"to": member, "k": b64(80, 3)}]}
    jks = [{"to": member, "k": b64(160, 4)}]
    seeds = {
        "hello": frame(t="hello", v=1),
        "auth": frame(t="auth", member=member, sig=sig),
        "redeem": frame(t="redeem", invite=b64(16, 7), tok=key, member=member, sig_pk=key,
                        dh_pk=b64(32, 9), sig=sig),
        "join": frame(t="join"),
        "leave": frame(t="leave"),
        "msg": frame(t="msg", ses=b64(16, 5), ep=3, **{"from": member}, ctr=0, k=1,
                     n=b64(24, 6), ct=b64(16 + 256, 8), sig=sig),
        "roster_get_from": frame(t="roster_get", **{"from": 1}),
        "roster_get_rh": frame(t="roster_get", rh=key),
        "roster_propose": frame(t="roster_propose",
                                tbs=base64.urlsafe_b64encode(bytes.fromhex(v2["tbs"]))
                                .decode().rstrip("="), sig=sig),
        "roster_propose_doc": frame(t="roster_propose", tbs=b64(114 + 81, 1), sig=sig, doc=doc),
        "approve": frame(t="approve", rh=key, sig=sig),
        "object": frame(t="object", rh=key),
        "withdraw": frame(t="withdraw", rh=key),
        "invite_create": frame(t="invite_create", invite=b64(16, 7), th=key, rv=2, ttl_s=86400,
                               uses=1, info={"n": b64(24, 1), "c": b64(16 + 256, 2)}, jks=jks),
        "invite_revoke": frame(t="invite_revoke", invite=b64(16, 7)),
        "invite_keys": frame(t="invite_keys", invite=b64(16, 7), jks=jks),
        "knock": frame(t="knock", invite=b64(16, 7), tok=key),
        "join_request": frame(t="join_request", invite=b64(16, 7), tok=key, member=member,
                              sig_pk=key, dh_pk=b64(32, 9), ph=b64(32, 10), pledge=sig,
                              n=b64(24, 6), c=b64(321, 11), sig=sig),
        "join_withdraw": frame(t="join_withdraw"),
        "decline": frame(t="decline", member=member, sig=sig),
        "ekey": frame(t="ekey", ses=b64(16, 5), ep=3, **{"from": member}, rv=2, rh=key,
                      ek=b64(32, 12), sig=sig),
        "skd": frame(t="skd", ses=b64(16, 5), ep=3, **{"from": member},
                     boxes=[{"to": b64(16, 0xA1), "n": b64(24, 6), "c": b64(228, 13)}]),
        "floor_round": frame(t="floor_round", kind="opening", turn_s=60, after="open"),
        "floor_next": frame(t="floor_next", speaker=member),
        "floor_hands": frame(t="floor_hands", on=True),
        "floor_grant": frame(t="floor_grant", member=member),
        "floor_remove": frame(t="floor_remove", member=member),
        "floor_hand_over": frame(t="floor_hand_over", to=member),
        "away": frame(t="away", on=False),
        # Refusals whose checks come in PROTOCOL.md §2's order.
        "duplicate_key": b'{"t":"hello","v":1,"v":2}',
        "escaped_key": b'{"\\u0074":"hello","v":1}',
        "too_deep": b'{"t":"hello","v":[[[[[[[[[1]]]]]]]]]}',
        "not_json": b'{"t":"hello","v":1',
        "number_forms": b'{"t":"msg","ep":1e2,"ctr":-0,"k":1.0}',
    }
    for t in ("floor_open", "floor_break", "floor_take_chair", "meeting_end", "floor_raise",
              "floor_lower", "floor_done", "floor_pass", "floor_yield"):
        seeds[t] = frame(t=t)
    return seeds


def roster_chain():
    seeds = {}
    versions = CASES["chain-v1-v12"]["in"]["versions"]
    for k, version in enumerate(versions):
        tbs = bytes.fromhex(version["tbs"])
        approvals = b"".join(bytes.fromhex(a["m"]) + bytes.fromhex(a["sig"])
                             for a in version["approvals"])
        # byte 0: the previous version (k, none for v1); byte 1: final; byte 2: n approvals.
        seeds[f"v{k + 1}_approved"] = bytes([k, 1, len(version["approvals"])]) + approvals + tbs
        signers = 0
        for a in version["approvals"]:
            label = next(l for l in MEMBER_ORDER if MEMBERS[l]["member_id"] == a["m"])
            signers |= 1 << MEMBER_ORDER.index(label)
        # byte 1 bit 1: the harness signs for the members in byte 2.
        seeds[f"v{k + 1}_signed_by_harness"] = bytes([k, 3, signers]) + tbs
    return seeds


def psg1_parsers():
    # The first byte picks the parser, in the order of fuzz_psg1_parsers.cpp's enum parser.
    base64url, name64, utf8, invite_link, invite_info, sender_key, join_request, join_key, \
        ground_rules_doc, plaintext, message = range(11)
    seeds = {}
    for case in VECTORS["cases"]:
        if case["op"] == "b64" and "b64" in case["out"]:
            seeds[case["id"]] = bytes([base64url]) + case["out"]["b64"].encode()
        elif case["op"] == "name" and "name64" in case["out"]:
            seeds[case["id"]] = bytes([name64]) + bytes.fromhex(case["out"]["name64"])
        elif case["op"] == "invite_link":
            seeds[case["id"]] = bytes([invite_link]) + case["in"]["link"].encode()
        elif case["op"] == "plaintext" and len(case["in"]["pt"]) < 2000:
            pt = bytes.fromhex(case["in"]["pt"])
            seeds[case["id"]] = bytes([plaintext, case["in"]["kind"]]) + pt
    for name, text in FIXTURES["texts"].items():
        seeds[f"utf8_{name}"] = bytes([utf8]) + text.encode()
        seeds[f"doc_{name}"] = bytes([ground_rules_doc]) + pad(text.encode(), 256)

    info = CASES["info-open"]["in"]
    seeds["info_open"] = bytes([invite_info]) + aead_open(
        bytes.fromhex(info["c"]), lp(b"PSG1-invinfo") + ROOM + INVITE, bytes.fromhex(info["n"]),
        bytes.fromhex(KEYS["ik"]))

    skd = CASES["skd-a-to-b"]["in"]
    seeds["skd_a_to_b"] = bytes([sender_key]) + box_open(
        bytes.fromhex(skd["c"]), bytes.fromhex(skd["n"]),
        bytes.fromhex(MEMBERS["A"]["epoch"]["ek_pk"]), bytes.fromhex(MEMBERS["B"]["epoch"]["ek_sk"]))

    join = CASES["join-build-and-open"]["in"]
    seeds["join_request"] = bytes([join_request]) + aead_open(
        bytes.fromhex(join["clear"]["c"]), lp(b"PSG1-join") + ROOM + INVITE,
        bytes.fromhex(join["clear"]["n"]), bytes.fromhex(KEYS["jk"]))

    jk = CASES["jk-open-b"]["in"]
    seeds["jk_open_b"] = bytes([join_key]) + seal_open(
        bytes.fromhex(jk["sealed"]), bytes.fromhex(MEMBERS["B"]["dh_pk"]),
        bytes.fromhex(MEMBERS["B"]["dh_sk"]))

    for i, m in enumerate(CASES["send-a-kinds-1-3"]["in"]["messages"]):
        seeds[f"message_{i}_kind{m['kind']}"] = bytes([message, m["kind"]]) + pad(
            m["plaintext"].encode(), 256)
    return seeds


def write(target: str, seeds: dict):
    directory = HERE / "corpus" / target
    shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True)
    for name, data in sorted(seeds.items()):
        (directory / name).write_bytes(data)
    print(f"{target}: {len(seeds)} seeds, {sum(map(len, seeds.values()))} bytes")


write("client_frame", client_frames())
write("roster_chain", roster_chain())
write("psg1_parsers", psg1_parsers())
