"""The reference app (examples/profiles), request by request: every endpoint and method, the
validation messages of its fields, 401 vs 403, pagination, the username filter, search,
OPTIONS, HEAD, 404/405/406/415, avatar uploads and the account endpoints."""

import base64
import struct
import zlib

USERS = [
    {"username": "alice", "email": "alice@example.com", "password": "correct-horse-1"},
    {"username": "bob", "email": "bob@example.com", "password": "battery-staple-2"},
]


def png(width=1, height=1):
    """A valid RGBA PNG of the given size."""
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    raw = b"".join(b"\x00" + b"\xff\x00\x00\xff" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def run(api):
    alice, bob = api.token("alice"), api.token("bob")

    # -- the API root and negotiation ---------------------------------------------------------
    api.get("/api/", name="root, anonymous")
    api.get("/api/", headers=alice, name="root")
    api.get("/api/", headers=alice, accept="application/xml", name="root, unacceptable Accept")
    api.get("/api/", headers=alice, accept="application/json; indent=4", name="root, indented")
    api.get("/api/?format=json", headers=alice, accept=None, name="root, ?format=json")
    api.get("/api/?format=xml", headers=alice, accept=None, name="root, unknown ?format")
    api.head("/api/", headers=alice, name="root, HEAD")
    api.options("/api/", headers=alice, name="root, OPTIONS")
    api.post("/api/", headers=alice, json={}, name="root, POST is 405")
    api.get("/api/nowhere/", headers=alice, name="unknown path")
    api.get("/api/profiles", headers=alice, name="list without its slash")

    # -- authentication: 401 with WWW-Authenticate (Token is first) ---------------------------
    api.get("/api/profiles/", name="profiles, anonymous")
    api.get("/api/profiles/", headers={"Authorization": "Token nope"}, name="bad token")
    api.get("/api/profiles/", headers={"Authorization": "Token"}, name="token header, no key")
    api.get("/api/profiles/", headers={"Authorization": "Token a b"}, name="token with spaces")
    api.get("/api/profiles/", headers={"Authorization": "Bearer nope"}, name="bad JWT")
    api.get("/api/profiles/", headers={"Authorization": "Basic abc"}, name="unknown scheme")

    # -- profiles: list, retrieve, update, partial update --------------------------------------
    api.get("/api/profiles/", headers=alice, name="profiles")
    api.head("/api/profiles/", headers=alice, name="profiles, HEAD")
    api.options("/api/profiles/", headers=alice, name="profiles, OPTIONS")
    api.get("/api/profiles/1/", headers=alice, name="a profile")
    api.options("/api/profiles/1/", headers=alice, name="a profile, OPTIONS")
    api.get("/api/profiles/99/", headers=alice, name="a missing profile")
    api.get("/api/profiles/abc/", headers=alice, name="a non-numeric pk")
    api.post("/api/profiles/", headers=alice, json={"bio": "x"}, name="profiles, POST is 405")
    api.delete("/api/profiles/1/", headers=alice, name="profile DELETE is 405")
    api.put("/api/profiles/1/", headers=alice, json={"bio": "Rustacean", "city": "Lyon"},
            name="put own profile")
    api.patch("/api/profiles/1/", headers=alice, json={"city": "Paris"}, name="patch own profile")
    api.patch("/api/profiles/1/", headers=alice, json={"user": "mallory", "id": 9},
              name="read-only fields are ignored")
    api.patch("/api/profiles/1/", headers=alice, json={"city": "x" * 31}, name="city too long")
    api.patch("/api/profiles/1/", headers=alice, json={"city": None}, name="city null")
    api.patch("/api/profiles/1/", headers=alice, json={"city": ["a"]}, name="city not a string")
    api.patch("/api/profiles/1/", headers=alice, json={"city": 12}, name="city a number")
    api.patch("/api/profiles/1/", headers=alice, json={"city": True}, name="city a boolean")
    api.patch("/api/profiles/1/", headers=alice, json={"city": "a\u0000b"}, name="city with NUL")
    api.patch("/api/profiles/1/", headers=alice, json={"bio": "y" * 241, "city": "z" * 31},
              name="two fields too long")
    api.patch("/api/profiles/1/", headers=alice, json={"city": "a\ud800b"},
              name="a lone surrogate")
    api.patch("/api/profiles/1/", headers=alice, json={"city": "x" * 31 + "\udfff"},
              name="too long and a lone surrogate")
    api.patch("/api/profiles/1/", headers=alice, json={"bio": "\ud83d\ude00 ok"},
              name="a surrogate pair is a character")
    api.put("/api/profiles/1/", headers=alice, json={}, name="put with nothing")
    api.patch("/api/profiles/2/", headers=alice, json={"city": "Oslo"}, name="patch other's")
    api.put("/api/profiles/2/", headers=alice, json={"bio": ""}, name="put other's")
    api.patch("/api/profiles/1/", headers=alice, body=b"{not json", content_type="application/json",
              name="malformed JSON")
    api.patch("/api/profiles/1/", headers=alice, body=b"[1, 2]", content_type="application/json",
              name="a JSON list")
    api.patch("/api/profiles/1/", headers=alice, body=b"city=Rome", content_type="text/plain",
              name="unsupported media type")
    api.patch("/api/profiles/1/", headers=alice, data={"city": "Rome"}, name="a form")
    api.patch("/api/profiles/1/", headers=alice, data={"city": "Bern"},
              files={"avatar": ("a.png", png(), "image/png")},
              name="multipart: the read-only avatar is ignored")
    api.patch("/api/profiles/1/", headers=bob, json={"city": "Oslo"}, name="bob patches alice")
    api.patch("/api/profiles/2/", headers=bob, json={"city": "Oslo"}, name="bob patches his own")

    # -- search --------------------------------------------------------------------------------
    api.get("/api/profiles/?search=par", headers=alice, name="search")
    api.get("/api/profiles/?search=OSLO", headers=alice, name="search, case-insensitive")
    api.get("/api/profiles/?search=", headers=alice, name="empty search")
    api.get("/api/profiles/?search=nowhere", headers=alice, name="search, no match")
    api.get("/api/profiles/?search=par%20is", headers=alice, name="search, two terms")

    # -- statuses ------------------------------------------------------------------------------
    api.get("/api/status/", headers=alice, name="no statuses")
    created = []
    for i in range(23):
        who = alice if i % 3 else bob
        r = api.post("/api/status/", headers=who, json={"status_content": f"status {i}"},
                     name=f"post status {i}")
        created.append(r.json()["id"])
    api.post("/api/status/", headers=alice, json={}, name="status without content")
    api.post("/api/status/", headers=alice, json={"status_content": ""}, name="blank status")
    api.post("/api/status/", headers=alice, json={"status_content": "x" * 241},
             name="status too long")
    api.post("/api/status/", headers=alice, json={"status_content": "mine", "user_profile": 2},
             name="user_profile is read-only")
    api.post("/api/status/", headers=alice,
             json={"status_content": "dated", "created_at": "2001-01-01T00:00:00Z"},
             name="created_at is read-only")
    api.post("/api/status/", name="post status, anonymous", json={"status_content": "x"})
    api.options("/api/status/", headers=alice, name="statuses, OPTIONS")
    api.options("/api/status/", name="statuses, OPTIONS anonymous")

    # Pagination: pages, edges, invalid pages.
    api.get("/api/status/", headers=alice, name="first page")
    api.get("/api/status/?page=2", headers=alice, name="last page")
    api.get("/api/status/?page=3", headers=alice, name="a page past the end")
    api.get("/api/status/?page=0", headers=alice, name="page 0")
    api.get("/api/status/?page=abc", headers=alice, name="page abc")
    api.get("/api/status/?page=last", headers=alice, name="page last")
    api.get("/api/status/?page=2&username=alice", headers=alice, name="page 2, filtered")
    api.get("/api/status/?username=bob", headers=alice, name="filter by username")
    api.get("/api/status/?username=nobody", headers=alice, name="filter, no match")
    api.get("/api/status/?username=", headers=alice, name="filter, empty value")
    api.head("/api/status/", headers=alice, name="statuses, HEAD")

    first, bobs = created[1], created[0]
    api.get(f"/api/status/{first}/", headers=bob, name="read another's status")
    api.put(f"/api/status/{first}/", headers=alice, json={"status_content": "edited"},
            name="put own status")
    api.patch(f"/api/status/{first}/", headers=alice, json={"status_content": "patched"},
              name="patch own status")
    api.put(f"/api/status/{first}/", headers=alice, json={}, name="put without content")
    api.patch(f"/api/status/{bobs}/", headers=alice, json={"status_content": "mine"},
              name="patch another's status")
    api.delete(f"/api/status/{bobs}/", headers=alice, name="delete another's status")
    api.delete(f"/api/status/{first}/", headers=alice, name="delete own status")
    api.get(f"/api/status/{first}/", headers=alice, name="deleted status is gone")
    api.delete(f"/api/status/{first}/", headers=alice, name="delete it again")
    api.options(f"/api/status/{bobs}/", headers=alice, name="another's status, OPTIONS")

    # -- the avatar upload view ----------------------------------------------------------------
    api.get("/avatar/", headers=alice, name="avatar outside the prefix")
    api.get("/api/avatar/", headers=alice, name="avatar GET is 405")
    api.options("/api/avatar/", headers=alice, name="avatar, OPTIONS")
    api.put("/api/avatar/", name="avatar, anonymous", files={"avatar": ("a.png", png(), "image/png")})
    api.put("/api/avatar/", headers=alice, files={"avatar": ("me.png", png(), "image/png")},
            name="upload an avatar")
    api.get("/api/profiles/1/", headers=alice, name="the avatar's URL")
    api.get("/media/me.png", name="the uploaded file")
    api.patch("/api/avatar/", headers=alice, files={"avatar": ("notes.txt", b"hello", "text/plain")},
              name="not an image")
    api.patch("/api/avatar/", headers=alice, files={"avatar": ("empty.png", b"", "image/png")},
              name="an empty file")
    api.patch("/api/avatar/", headers=alice, data={"avatar": "text"},
              name="a string where a file goes")
    api.put("/api/avatar/", headers=alice, json={}, name="put without the avatar")
    api.put("/api/avatar/", headers=alice, json={"avatar": None}, name="clear the avatar")
    api.get("/api/profiles/1/", headers=alice, name="the cleared avatar")

    # -- JWT (simplejwt) ----------------------------------------------------------------------
    api.get("/api/token/", name="token obtain, GET is 405")
    api.post("/api/token/", json={}, name="token obtain, nothing")
    api.post("/api/token/", json={"username": "alice", "password": "wrong"}, name="wrong password")
    r = api.post("/api/token/", json={"username": "alice", "password": "correct-horse-1"},
                 name="token obtain")
    pair = r.json()
    api.get("/api/status/?page=2", headers=api.bearer(pair["access"]), name="list with a JWT")
    api.post("/api/token/refresh/", json={"refresh": pair["refresh"]}, name="refresh")
    api.post("/api/token/refresh/", json={"refresh": "nope"}, name="refresh, invalid")
    api.post("/api/token/refresh/", json={"refresh": pair["access"]}, name="refresh with access")
    api.post("/api/token/verify/", json={"token": pair["access"]}, name="verify")
    api.post("/api/token/verify/", json={"token": "nope"}, name="verify, invalid")
    api.post("/api/token/verify/", json={}, name="verify, nothing")
    api.get("/api/profiles/", headers=api.bearer(pair["refresh"]), name="a refresh as access")
    api.options("/api/token/", name="token obtain, OPTIONS")

    # -- dj-rest-auth --------------------------------------------------------------------------
    prefix = "/api/rest-auth/"
    api.post(prefix + "login/", json={}, name="login, nothing")
    api.post(prefix + "login/", json={"username": "alice"}, name="login, no password")
    api.post(prefix + "login/", json={"username": "alice", "password": "nope"}, name="login, wrong")
    api.post(prefix + "login/", json={"username": "alice", "password": "correct-horse-1"},
             name="login", browser="alice")
    api.post(prefix + "login", json={"username": "alice", "password": "correct-horse-1"},
             name="login without its slash")
    api.get(prefix + "user/", browser="alice", name="user, by session")
    api.get(prefix + "user/", headers=alice, name="user, by token")
    api.get(prefix + "user/", name="user, anonymous")
    api.patch(prefix + "user/", headers=alice, json={"first_name": "Alice", "email": "x@y.z"},
              name="patch user (email is read-only)")
    api.put(prefix + "user/", headers=alice, json={"first_name": "Al"}, name="put user, no username")
    api.patch(prefix + "user/", headers=alice, json={"username": "bob"}, name="username taken")
    api.patch(prefix + "user/", headers=alice, json={"username": "a b"}, name="invalid username")
    api.patch(prefix + "user/", browser="alice", json={"last_name": "Liddell"},
              name="patch user by session with CSRF")
    api.patch(prefix + "user/", headers={"Cookie": "sessionid=" + api.cookies["alice"].get(
        "sessionid", "")}, json={"last_name": "X"}, name="session without CSRF")
    api.options(prefix + "user/", headers=alice, name="user, OPTIONS")
    api.post(prefix + "password/change/", headers=alice, json={}, name="password change, nothing")
    api.post(prefix + "password/change/", headers=alice,
             json={"new_password1": "abc", "new_password2": "abd"}, name="passwords differ")
    api.post(prefix + "password/change/", headers=alice,
             json={"new_password1": "12345678", "new_password2": "12345678"},
             name="password too common and numeric")
    api.post(prefix + "password/reset/", json={"email": "nobody@example.com"},
             name="reset an unknown email")
    api.post(prefix + "password/reset/", json={"email": "not an email"}, name="reset, bad email")
    api.post(prefix + "password/reset/confirm/",
             json={"uid": "zz", "token": "x", "new_password1": "a", "new_password2": "a"},
             name="reset confirm, bad uid")
    api.get(prefix + "logout/", headers=alice, name="logout, GET is 405")

    # Registration.
    reg = prefix + "registration/"
    api.post(reg, json={}, name="register, nothing")
    api.post(reg, json={"username": "alice", "email": "a2@example.com", "password1": "pw",
                        "password2": "pw"}, name="register, username taken and weak password")
    api.post(reg, json={"username": "carol", "email": "carol@example.com",
                        "password1": "tulip-river-77", "password2": "tulip-river-78"},
             name="register, passwords differ")
    api.post(reg, json={"username": "carol", "email": "carol@example.com",
                        "password1": "carol123", "password2": "carol123"},
             name="register, too similar")
    r = api.post(reg, json={"username": "carol", "email": "carol@example.com",
                            "password1": "tulip-river-77", "password2": "tulip-river-77"},
                 name="register carol", browser="carol")
    carol = {"Authorization": f"Token {r.json()['key']}"}
    api.post(reg, json={"username": "CAROL", "email": "c2@example.com",
                        "password1": "tulip-river-77", "password2": "tulip-river-77"},
             name="register, username taken in another case")
    api.post(reg, json={"username": "dave", "email": "",
                        "password1": "tulip-river-77", "password2": "tulip-river-77"},
             name="register, blank email")
    api.post(reg, json={"username": "erin", "password1": "tulip-river-77",
                        "password2": "tulip-river-77"}, name="register without an email")
    api.patch(prefix + "user/", headers=carol, json={"username": "carol"},
              name="rename to one's own username")
    api.patch(prefix + "user/", headers=carol, json={"first_name": "Ca\ud800rol"},
              name="a lone surrogate in a first name")
    api.post("/api/token/", json={"username": "carol\udc00", "password": "x"},
             name="a lone surrogate in a JWT username")
    api.patch(prefix + "user/", headers=carol, json={"username": "Alice"},
              name="rename to another's username in another case")
    api.get("/api/profiles/3/", headers=carol, name="carol's profile, made by the signal")
    api.get(prefix + "user/", headers=carol, name="carol's user")
    api.post(prefix + "password/change/", headers=carol,
             json={"new_password1": "new-tulip-88", "new_password2": "new-tulip-88"},
             name="carol changes her password")
    api.post(prefix + "login/", json={"username": "carol", "password": "new-tulip-88"},
             name="login with the new password")
    api.post(prefix + "logout/", headers=carol, name="logout")
    api.get(prefix + "user/", headers=carol, name="the token is gone after logout")
    api.post(prefix + "logout/", name="logout, anonymous")

    for path in ("login/", "logout/", "user/", "password/change/", "password/reset/",
                 "password/reset/confirm/", "registration/"):
        api.options(prefix + path, name=f"{path} OPTIONS, anonymous")
        api.options(prefix + path, headers=alice, name=f"{path} OPTIONS")
    for path in ("/api/token/", "/api/token/refresh/", "/api/token/verify/"):
        api.options(path, name=f"{path} OPTIONS")

    # The browsable API's login page (HTML: status and content type).
    api.get("/api-auth/login/", accept="text/html", name="browsable login page")
    api.get("/api/profiles/", headers=alice, accept="text/html", name="browsable list")
    api.get("/api-auth/logout/", accept="text/html", name="browsable logout GET")

    # Base64 in a JSON body is not a file.
    api.put("/api/avatar/", headers=bob, json={"avatar": base64.b64encode(png()).decode()},
            name="base64 is not a file")
