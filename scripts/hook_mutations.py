#!/usr/bin/env python3
"""Removes each hook of examples/helpdesk/src/desk/hooks.rs in turn and runs the end-to-end
test that guards it (tests/e2e/helpdesk.rs), which must then fail: proof that every hook has
a test that notices it is gone. The file is restored after each run, and at the end whatever
happens.

    scripts/hook_mutations.py            # every hook (each is a rebuild of one test binary)
    scripts/hook_mutations.py get_object # only the hooks whose name contains this

"Removed" means DRF's default comes back: a method with a default is deleted; a method a
class must have (a custom authentication, pagination or throttle class) gets the body that
does what DRF would do without the class; `extend` returns the app unchanged.

Prints one line per hook and exits 1 if any test still passes without its hook.
"""

import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HOOKS = os.path.join(ROOT, "examples/helpdesk/src/desk/hooks.rs")

# (impl header, fn name, replacement body or None to delete the method, guarding test)
MUTATIONS = [
    ("impl ViewHooks for TicketViewSet", "get_queryset", None, "get_queryset_limits_what_users_see"),
    ("impl ViewHooks for TicketViewSet", "get_object", None, "get_object_accepts_another_lookup"),
    ("impl ViewHooks for TicketViewSet", "get_serializer_class", None,
     "get_serializer_class_chooses_per_action_and_per_user"),
    ("impl ViewHooks for TicketViewSet", "get_permissions", None,
     "get_permissions_and_perform_destroy_archive_for_staff_only"),
    ("impl ViewHooks for TicketViewSet", "get_throttles", None, "a_view_throttle_refuses_with_drfs_429"),
    ("impl ViewHooks for TicketViewSet", "perform_create", None, "perform_create_refuses_over_the_quota"),
    ("impl ViewHooks for TicketViewSet", "perform_update", None, "perform_update_lets_only_staff_close"),
    ("impl ViewHooks for TicketViewSet", "perform_destroy", None,
     "get_permissions_and_perform_destroy_archive_for_staff_only"),
    ("impl SerializerHooks for TicketSerializer", "validate_field", None,
     "serializer_hooks_validate_fields_and_objects"),
    ("impl SerializerHooks for TicketSerializer", "validate", None,
     "serializer_hooks_validate_fields_and_objects"),
    ("impl SerializerHooks for CommentSerializer", "validate", None, "permission_hooks_query_the_database"),
    ("impl Permission for IsTicketParticipant", "has_permission", None, "permission_hooks_query_the_database"),
    ("impl Permission for IsTicketParticipant", "has_object_permission", None,
     "permission_hooks_query_the_database"),
    ("impl Authentication for ApiKeyAuthentication", "authenticate", "Ok(None)",
     "a_custom_authentication_class_authenticates"),
    ("impl Pagination for TicketPagination", "get_paginated_response", "page.body(data)",
     "a_custom_pagination_class_shapes_every_list"),
    ("impl Throttle for SummaryThrottle", "allow_request", "Ok(Decision::Allow)",
     "a_view_throttle_refuses_with_drfs_429"),
    ("impl TicketSerializer", "get_comment_count", "Ok(Json::Null)", "a_method_field_is_computed_for_every_body"),
    ("impl TicketViewSet", "close", "Ok(ActionResponse::no_content())", "extra_actions_are_routed_as_drf_routes_them"),
    ("impl TicketViewSet", "reprioritize", "Ok(ActionResponse::no_content())",
     "an_extra_action_validates_with_its_own_serializer"),
    (None, "extend", "app", "app_routes_and_layers_join_the_api"),
]


def method_span(lines, header, name):
    """Lines [start, end) of `fn name` (with its doc comments) inside the impl `header`
    (anywhere for None), and the line and column of its body's opening brace."""
    start = 0
    if header is not None:
        start = next(i for i, line in enumerate(lines) if line.startswith(header + " {"))
    pattern = re.compile(r"^\s*(pub(\(crate\))? )?(async )?fn " + re.escape(name) + r"\b")
    fn_line = next(i for i in range(start, len(lines)) if pattern.match(lines[i]))
    first = fn_line
    while first > 0 and lines[first - 1].strip().startswith(("///", "#[")):
        first -= 1
    depth = 0
    opened = None
    for i in range(fn_line, len(lines)):
        for column, char in enumerate(lines[i]):
            if char == "{":
                if opened is None:
                    opened = (i, column)
                depth += 1
            elif char == "}":
                depth -= 1
                if depth == 0:
                    return first, i + 1, opened
    raise ValueError(f"no end of fn {name}")


def mutate(source, header, name, body):
    lines = source.split("\n")
    first, end, (open_line, open_column) = method_span(lines, header, name)
    if body is None:
        return "\n".join(lines[:first] + lines[end:])
    head = lines[open_line][: open_column + 1]
    return "\n".join(lines[:open_line] + [head, "        " + body, "    }" if header else "}"] + lines[end:])


def main():
    only = sys.argv[1] if len(sys.argv) > 1 else ""
    original = open(HOOKS).read()
    survivors = []
    try:
        for header, name, body, test in MUTATIONS:
            if only not in name:
                continue
            open(HOOKS, "w").write(mutate(original, header, name, body))
            run = subprocess.run(
                ["cargo", "test", "-q", "-p", "restforge-tests", "--test", "helpdesk_e2e", "--", "--exact", test],
                cwd=ROOT,
                capture_output=True,
                text=True,
            )
            built = "error[" not in run.stderr
            failed = run.returncode != 0 and built
            where = f"{header or 'fn'} :: {name}"
            if not built:
                print(f"BUILD ERROR  {where} (the mutation does not compile)\n{run.stderr[-2000:]}")
                survivors.append(where)
            elif failed:
                print(f"caught       {where}: {test} fails without it")
            else:
                print(f"NOT CAUGHT   {where}: {test} still passes")
                survivors.append(where)
    finally:
        open(HOOKS, "w").write(original)
    sys.exit(1 if survivors else 0)


if __name__ == "__main__":
    main()
