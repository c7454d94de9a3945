"""The helpdesk example (examples/helpdesk), request by request: every hook of its hooks.rs
(querysets per user, the `latest` lookup, serializers per action and per user, permissions per
action and composed, throttles, perform_create/update/destroy, validate_<field>, validate, a
method field, extra actions with their own permissions and serializer, a custom authentication
class and pagination class) against the same hooks written in DRF."""

USERS = [
    {"username": "alice", "email": "alice@example.com", "password": "correct-horse-1"},
    {"username": "bob", "email": "bob@example.com", "password": "battery-staple-2"},
    {"username": "sam", "email": "sam@example.com", "password": "staff-member-3", "staff": True},
]


def run(api):
    alice, bob, sam = api.token("alice"), api.token("bob"), api.token("sam")

    api.get("/healthz", accept=None, name="health check beside the API")
    api.get("/api/", headers=alice, name="root")
    api.get("/api/tickets/", name="anonymous: 401 with the token challenge")
    api.get("/api/tickets/", headers={"X-Api-Key": "nope"}, name="a wrong API key")
    api.get("/api/tickets/", headers={"X-Api-Key": api.tokens["bob"]}, name="an API key")
    api.get("/api/tickets/", headers=alice, name="no tickets yet")

    # -- creating tickets: validate_title, validate, perform_create ------------------------------
    ids = []
    for title, priority, description in [("Printer jammed", "normal", ""),
                                         ("VPN drops", "high", "Every hour, since Monday."),
                                         ("Monitor flickers", "low", "")]:
        r = api.post("/api/tickets/", headers=alice,
                     json={"title": title, "priority": priority, "description": description,
                           "workstation_ip": "10.0.0.7"},
                     name=f"alice reports {title}")
        ids.append(r.json()["id"])
    printer, vpn, monitor = ids
    api.post("/api/tickets/", headers=alice, json={"title": "Fourth"},
             name="a fourth open ticket is refused")
    api.post("/api/tickets/", headers=bob, json={"title": "URGENT: mouse"}, name="shouting urgent")
    api.post("/api/tickets/", headers=bob, json={"title": "Disk full", "priority": "high"},
             name="high priority without a description")
    api.post("/api/tickets/", headers=bob,
             json={"title": "Disk full", "priority": "high", "description": "   "},
             name="high priority with a blank description")
    api.post("/api/tickets/", headers=bob, json={"title": "urgent", "priority": "high"},
             name="field error and object error")
    api.post("/api/tickets/", headers=bob, json={"title": "Kbd", "workstation_ip": "300.1.1.1"},
             name="an invalid IP address")
    api.post("/api/tickets/", headers=bob, json={"title": "Kbd", "workstation_ip": "::ffff:1.2.3.4"},
             name="an IPv4-mapped IPv6 address")
    api.post("/api/tickets/", headers=bob, json={"title": "Kbd", "priority": "asap"},
             name="an invalid choice")
    api.post("/api/tickets/", headers=bob, json={"title": "", "status": "pending"},
             name="blank title, invalid status")
    r = api.post("/api/tickets/", headers=bob,
                 json={"title": "Keyboard sticky", "reporter": "alice", "comment_count": 9},
                 name="read-only fields are ignored")
    keyboard = r.json()["id"]
    api.options("/api/tickets/", headers=alice, name="tickets, OPTIONS")

    # -- reading: per-user querysets, per-user list serializers, the latest lookup --------------
    api.get("/api/tickets/", headers=alice, name="alice lists her tickets (short form)")
    api.get("/api/tickets/", headers=bob, name="bob lists his")
    api.get("/api/tickets/", headers=sam, name="staff list every ticket (full form)")
    api.get("/api/tickets/?page_size=2", headers=sam, name="page size 2")
    api.get("/api/tickets/?page_size=2&page=2", headers=sam, name="page 2 of 2")
    api.get("/api/tickets/?page_size=500", headers=sam, name="page size over the maximum")
    api.get("/api/tickets/?page=9", headers=sam, name="a page past the end")
    api.get("/api/tickets/?search=vpn", headers=alice, name="search")
    api.get(f"/api/tickets/{printer}/", headers=alice, name="alice reads her ticket")
    api.get(f"/api/tickets/{printer}/", headers=bob, name="bob cannot see alice's")
    api.get(f"/api/tickets/{printer}/", headers=sam, name="staff see it")
    api.get("/api/tickets/latest/", headers=alice, name="alice's latest")
    api.get("/api/tickets/latest/", headers=sam, name="the latest of all")
    api.get("/api/tickets/abc/", headers=alice, name="a lookup that is not a pk")
    api.options(f"/api/tickets/{printer}/", headers=alice, name="a ticket, OPTIONS")

    # -- updating: perform_update --------------------------------------------------------------
    api.patch(f"/api/tickets/{monitor}/", headers=alice, json={"status": "closed"},
              name="only staff close a ticket")
    api.patch(f"/api/tickets/{monitor}/", headers=alice, json={"priority": "high"},
              name="validate sees the stored description")
    api.patch(f"/api/tickets/{monitor}/", headers=alice,
              json={"priority": "high", "description": "It flickers at 60 Hz."},
              name="raise the priority with a description")
    api.put(f"/api/tickets/{printer}/", headers=alice, json={"title": "Printer jammed again"},
            name="put")
    api.patch(f"/api/tickets/{printer}/", headers=bob, json={"title": "mine"},
              name="bob patches alice's ticket")
    api.patch(f"/api/tickets/{printer}/", headers=sam, json={"status": "closed"},
              name="staff close by patch")

    # -- extra actions -------------------------------------------------------------------------
    api.post(f"/api/tickets/{vpn}/close/", headers=alice, name="close is for staff")
    api.post(f"/api/tickets/{vpn}/close/", headers=sam, name="staff close")
    api.post(f"/api/tickets/{vpn}/close/", headers=sam, name="close it again")
    api.get(f"/api/tickets/{vpn}/close/", headers=sam, name="close with GET")
    api.options(f"/api/tickets/{vpn}/close/", headers=sam, name="close, OPTIONS")
    reprioritize = f"/api/tickets/{monitor}/reprioritize/"
    api.post(reprioritize, headers=alice, json={}, name="reprioritize without a priority")
    api.post(reprioritize, headers=alice, json={"priority": "urgent"},
             name="reprioritize, invalid choice")
    api.post(reprioritize, headers=alice, json={"priority": "low", "title": "x"},
             name="reprioritize")
    api.post(reprioritize, headers=bob, json={}, name="reprioritize another's: 404 first")
    api.options(reprioritize, headers=alice, name="reprioritize, OPTIONS")
    api.get("/api/tickets/summary/", headers=alice, name="alice's summary")
    api.get("/api/tickets/summary/", headers=sam, name="the summary for staff")
    api.post("/api/tickets/summary/", headers=alice, name="summary with POST")

    # -- comments: composed permissions, the ticket filter, perform_create ---------------------
    comments = "/api/comments/"
    r = api.post(comments, headers=alice, json={"ticket": monitor, "body": "Still flickering."},
                 name="the reporter comments")
    mine = r.json()["id"]
    api.post(comments, headers=bob, json={"ticket": monitor, "body": "Me too"},
             name="another user may not comment")
    r = api.post(comments, headers=sam, json={"ticket": monitor, "body": "On it."},
                 name="staff comment")
    staffs = r.json()["id"]
    api.post(comments, headers=alice, json={"ticket": vpn, "body": "Thanks"},
             name="no comments on a closed ticket")
    api.post(comments, headers=alice, json={"ticket": 999, "body": "x"}, name="an unknown ticket")
    api.post(comments, headers=alice, json={"ticket": "abc", "body": "x"},
             name="a ticket of the wrong type")
    api.post(comments, headers=alice, json={"body": ""}, name="a comment without a ticket")
    api.get(comments, headers=alice, name="comments")
    api.get(f"{comments}?ticket={monitor}", headers=alice, name="comments of a ticket")
    api.get(f"{comments}?ticket={printer}", headers=alice, name="comments of a ticket, none")
    api.get(f"/api/tickets/{monitor}/", headers=alice, name="the comment count")
    api.patch(f"{comments}{mine}/", headers=alice, json={"body": "Fixed itself."},
              name="the author edits")
    api.patch(f"{comments}{staffs}/", headers=alice, json={"body": "No"},
              name="not the author's comment")
    api.patch(f"{comments}{mine}/", headers=sam, json={"body": "Moderated."},
              name="staff moderate")
    api.get(f"{comments}{mine}/", headers=bob, name="bob is no participant")
    api.options(comments, headers=alice, name="comments, OPTIONS")
    api.delete(f"{comments}{staffs}/", headers=alice, name="alice deletes staff's comment")
    api.delete(f"{comments}{mine}/", headers=alice, name="alice deletes hers")

    # -- deleting: per-action permissions, perform_destroy archives -----------------------------
    api.delete(f"/api/tickets/{keyboard}/", headers=bob, name="only staff delete")
    api.delete(f"/api/tickets/{keyboard}/", headers=sam, name="staff delete (archive)")
    api.get(f"/api/tickets/{keyboard}/", headers=sam, name="archived tickets are gone")
    api.get("/api/tickets/", headers=bob, name="bob's list without it")
    api.post("/api/tickets/", headers=alice, json={"title": "Now there is room"},
             name="a closed ticket frees a place")

    # The summary throttle: five a minute per user, the sixth waits.
    for i in range(6):
        api.get("/api/tickets/summary/", headers=bob, name=f"bob's summary {i + 1}")
    api.get("/api/tickets/", headers=bob, name="other actions are not throttled")
