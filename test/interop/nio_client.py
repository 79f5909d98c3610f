"""An independent Matrix client for the interop test: matrix-nio 0.20 with libolm (not matrix-js-sdk).

Run by test/node/interop/nio.test.ts with Debian's /usr/bin/python3 (python3-matrix-nio, python3-olm):

    nio_client.py first   HOMESERVER USER_ID PASSWORD STORE_DIR ROOM_ID TEXT
    nio_client.py restart HOMESERVER STORE_DIR

`first` logs in, uploads keys, syncs, queries and claims keys, and sends TEXT encrypted into
ROOM_ID. `restart` is a new process: it restores the login and the sync token nio saved in
STORE_DIR, syncs once with full_state, and reports the rooms it knows and the messages it decrypted.
Each step prints one JSON line on stdout; any failure ends the process with exit code 1 and a
plain-words line on stderr naming the step and what the server said.
"""

import asyncio
import json
import os
import sys

try:
    from nio import (
        AsyncClient,
        AsyncClientConfig,
        KeysClaimResponse,
        KeysQueryResponse,
        KeysUploadResponse,
        LoginResponse,
        MegolmEvent,
        RoomMessageText,
        RoomSendResponse,
        SyncResponse,
    )
    import olm  # noqa: F401  (nio without olm cannot encrypt; say so here, not halfway through)
except ImportError as error:  # pragma: no cover - reported to the Node test as a clear error
    sys.stderr.write(f"nio_client.py: cannot import matrix-nio with olm ({error}); install python3-matrix-nio and python3-olm\n")
    sys.exit(2)

CREDENTIALS = "credentials.json"


def report(step, **facts):
    print(json.dumps({"step": step, **facts}), flush=True)


def expect(step, response, kind):
    """The response if it is a success of the expected kind, else stop with what the server said."""
    if not isinstance(response, kind):
        message = getattr(response, "message", None) or repr(response)
        status = getattr(response, "status_code", None)
        sys.stderr.write(f"nio_client.py: {step} failed: {status or ''} {message}\n")
        sys.exit(1)
    return response


def new_client(homeserver, user_id, store_dir):
    config = AsyncClientConfig(encryption_enabled=True, store_sync_tokens=True, max_timeouts=1, max_limit_exceeded=1)
    return AsyncClient(homeserver, user_id, store_path=store_dir, config=config)


def rooms_known(client):
    return {
        room_id: {"encrypted": room.encrypted, "members": sorted(room.users.keys()), "name": room.name}
        for room_id, room in client.rooms.items()
    }


async def first(homeserver, user_id, password, store_dir, room_id, text):
    client = new_client(homeserver, user_id, store_dir)
    try:
        login = expect("login", await client.login(password, device_name="nio interop"), LoginResponse)
        with open(os.path.join(store_dir, CREDENTIALS), "w") as file:
            json.dump({"user_id": login.user_id, "device_id": login.device_id, "access_token": login.access_token}, file)
        report("login", user_id=login.user_id, device_id=login.device_id)

        upload = expect("keys upload", await client.keys_upload(), KeysUploadResponse)
        report("keys-upload", one_time_key_counts=upload.signed_curve25519_count)

        sync = expect("sync", await client.sync(timeout=0, full_state=True), SyncResponse)
        report("sync", next_batch=sync.next_batch, rooms=rooms_known(client))

        query = expect("keys query", await client.keys_query(), KeysQueryResponse)
        report("keys-query", devices={user: sorted(devices.keys()) for user, devices in query.device_keys.items()})

        missing = client.get_missing_sessions(room_id)
        claim = expect("keys claim", await client.keys_claim(missing), KeysClaimResponse)
        report("keys-claim", asked={user: sorted(devices) for user, devices in missing.items()}, claimed={user: sorted(keys.keys()) for user, keys in claim.one_time_keys.items()})

        content = {"msgtype": "m.text", "body": text}
        sent = expect("send", await client.room_send(room_id, "m.room.message", content, ignore_unverified_devices=True), RoomSendResponse)
        report("send", event_id=sent.event_id)

        # One more sync so the token nio saves comes after its own message.
        sync = expect("sync after sending", await client.sync(timeout=0), SyncResponse)
        report("saved", next_batch=client.next_batch)
    finally:
        await client.close()


async def restart(homeserver, store_dir):
    with open(os.path.join(store_dir, CREDENTIALS)) as file:
        credentials = json.load(file)
    client = new_client(homeserver, credentials["user_id"], store_dir)
    try:
        client.restore_login(credentials["user_id"], credentials["device_id"], credentials["access_token"])
        token = client.loaded_sync_token
        report("restored", device_id=client.device_id, since=token, rooms_before_sync=sorted(client.rooms.keys()))
        if not token:
            sys.stderr.write("nio_client.py: restart found no saved sync token in the store\n")
            sys.exit(1)

        sync = expect("sync with full_state", await client.sync(timeout=0, since=token, full_state=True), SyncResponse)
        decrypted, undecryptable = [], []
        for room_id, info in sync.rooms.join.items():
            for event in info.timeline.events:
                if isinstance(event, RoomMessageText):
                    decrypted.append({"room_id": room_id, "sender": event.sender, "body": event.body, "was_encrypted": event.decrypted})
                elif isinstance(event, MegolmEvent):
                    undecryptable.append({"room_id": room_id, "sender": event.sender, "session_id": event.session_id})
        report("full-state-sync", next_batch=sync.next_batch, rooms=rooms_known(client), messages=decrypted, undecryptable=undecryptable)
    finally:
        await client.close()


def main(argv):
    if len(argv) >= 2 and argv[1] == "first" and len(argv) == 8:
        asyncio.run(first(*argv[2:]))
    elif len(argv) >= 2 and argv[1] == "restart" and len(argv) == 4:
        asyncio.run(restart(*argv[2:]))
    else:
        sys.stderr.write(__doc__)
        sys.exit(2)


if __name__ == "__main__":
    main(sys.argv)
